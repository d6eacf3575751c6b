/**
 * Who approved a pull request, read from its label timeline (pure).
 *
 * A label does not say who added it: the timeline does. A label counts as an
 * approval only when the timeline shows who applied it last, that person may
 * approve and wrote none of the code (four eyes), and the label went on after the
 * last push GitHub recorded. Anything that cannot be established fails closed: it
 * never counts.
 */
import { minimatch } from 'minimatch';
import { describeApprovers, isApprover, personFor } from '../core/approvers.js';
import { formatInZone } from '../core/schedule/index.js';
import { currentApplications, isBotActor, sameName, type LabelApplication } from '../core/labels.js';
import type {
  Actor,
  ApprovalPolicy,
  Approval,
  PersonFacts,
  PullRequestCommit,
  PullRequestFacts,
  Push,
  Reason,
  StandardChangeFinding
} from './model.js';

// Label and approver rules both actions use live in src/core; re-exported for release code and tests.
export { describeApprovers, isApprover, personFor } from '../core/approvers.js';
export { findEmergency } from '../core/emergency.js';
export { currentApplications, isBotActor, type LabelApplication } from '../core/labels.js';

/** An instant as UTC, to the minute unless seconds matter: `2026-03-02 14:05:09 UTC`. */
export function formatUtc(date: Date): string {
  const iso = date.toISOString();
  const seconds = iso.slice(17, 19);
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)}${seconds === '00' ? '' : `:${seconds}`} UTC`;
}

/**
 * An instant in the policy's time zone, as the rest of the summary tells times, to the minute
 * unless seconds matter (an approval and a push can be seconds apart), with UTC beside it for
 * logs and other tools: `Mon 2026-03-02 15:05:09 CET (2026-03-02 14:05:09 UTC)`. In UTC, just
 * `2026-03-02 14:05:09 UTC`.
 */
export function formatWhen(date: Date, zone: string = 'UTC'): string {
  const utc = formatUtc(date);
  if (zone === 'UTC' || zone === 'Etc/UTC') return utc;
  const seconds = date.toISOString().slice(17, 19);
  const local = formatInZone(date, zone);
  return `${seconds === '00' ? local : local.replace(/ (\d{2}:\d{2}) /, ` $1:${seconds} `)} (${utc})`;
}

/** How a pull request is named in messages: `#12 'Fix login'`. */
export function prName(pr: { number: number; title: string }): string {
  return `#${pr.number} '${pr.title}'`;
}

function labelList(labels: string[]): string {
  return labels.map((label) => `\`${label}\``).join(' or ');
}

// ---------------------------------------------------------------------------------------------
// Pushes and contributors: what GitHub recorded about who wrote and pushed a pull request's code

/** GitHub's own committer login: web edits, "Update branch", and commits apps sign through the API. */
export const GITHUB_COMMITTER = 'web-flow';

const short = (sha: string): string => sha.slice(0, 7);

/** How a commit is named in messages: `1a2b3c4 'Fix login'`. */
function commitName(commit: PullRequestCommit): string {
  return `${short(commit.sha)} '${commit.headline}'`;
}

/** `push by @carol at 2026-03-03 09:00 UTC`, `force push by an unrecorded pusher at ...`. */
function pushName(push: Push, zone: string): string {
  const kind = push.kind === 'force-push' ? 'force push' : 'push';
  return `${kind} by ${push.actor ? `@${push.actor.login}` : 'an unrecorded pusher'} at ${formatWhen(push.at, zone)}`;
}

/** The newest of some pushes (they come oldest first; equal times keep their order). */
function newestPush(pushes: Push[]): Push | undefined {
  let newest: Push | undefined;
  for (const push of pushes) if (!newest || push.at.getTime() >= newest.at.getTime()) newest = push;
  return newest;
}

/**
 * The recorded pushes that shaped what was merged: every push up to the merge. A push to the
 * head branch after the merge changes nothing that was merged, so it is left out. Null when
 * GitHub keeps no record of the branch's pushes.
 */
export function pushesUntilMerge(pr: PullRequestFacts): Push[] | null {
  if (!pr.pushes) return null;
  const merged = pr.mergedAt;
  return merged ? pr.pushes.filter((push) => push.at.getTime() <= merged.getTime()) : pr.pushes;
}

/** The last push an approval must come after, and the record it comes from. */
export interface LastPush {
  /** Null when no record bounds the push time: then no approval counts. */
  at: Date | null;
  /** The record, for messages and the summary (e.g. `repository activity: push by @carol`). */
  source: string;
}

/**
 * When the pull request's branch was last pushed before it was merged: `lastPushAt`, except
 * that a push after the merge (recorded in this repository's activity, which lists every
 * push) is irrelevant and gives way to the last push before the merge. A fork's record is
 * not complete (a plain push there leaves none), so its bound is never moved back.
 */
export function lastPush(pr: PullRequestFacts, zone: string = 'UTC'): LastPush {
  const as = { at: pr.lastPushAt, source: pr.pushSource };
  const merged = pr.mergedAt;
  if (!pr.lastPushAt || !merged || pr.fromFork || !pr.pushes) return as;
  if (pr.lastPushAt.getTime() <= merged.getTime()) return as;
  // Only when the bound is the newest recorded push is the record the source of it.
  if (newestPush(pr.pushes)?.at.getTime() !== pr.lastPushAt.getTime()) return as;
  const before = newestPush(pushesUntilMerge(pr) ?? []);
  if (!before) return as;
  return {
    at: before.at,
    source: `repository activity: ${pushName(before, zone)} (later pushes, after the merge at ${formatWhen(merged, zone)}, change nothing merged)`
  };
}

/** Something a person did to a pull request's code, as GitHub attributes it. */
export interface Contribution {
  login: string;
  /** What they did, for messages: `authored 1a2b3c4 'Fix login'`, `opened it`. */
  what: string;
  /** The commit concerned, when there is one. */
  commit: string | null;
}

/** Logins compared for four eyes: case-insensitively, a bot with or without its `[bot]` suffix. */
const contributorKey = (login: string): string => login.toLowerCase().replace(/\[bot\]$/, '');

/**
 * Everyone who wrote or pushed a pull request's code: its author; the author and committer of
 * each of its commits (GitHub's own `web-flow` committer excepted); and whoever pushed one of
 * its commits to the branch. A commit that only merges the base branch in (GitHub's "Update
 * branch") brings no code of its own, so neither it nor the push that brought it makes anyone a
 * contributor. A push whose head a later force push replaced is judged by the commits that
 * remain. `Co-authored-by` trailers are not read. Null when the commits could not be read:
 * then nobody can be shown to be independent of them.
 */
export function contributions(pr: PullRequestFacts, zone: string = 'UTC'): Contribution[] | null {
  if (!pr.commits) return null;
  const list: Contribution[] = [{ login: pr.author.login, what: 'opened it', commit: null }];
  const bySha = new Map(pr.commits.map((commit) => [commit.sha.toLowerCase(), commit]));
  for (const commit of pr.commits) {
    if (commit.mergesBase) continue;
    if (commit.author) list.push({ login: commit.author.login, what: `authored ${commitName(commit)}`, commit: commit.sha });
    if (commit.committer && !sameName(commit.committer.login, GITHUB_COMMITTER)) {
      list.push({ login: commit.committer.login, what: `committed ${commitName(commit)}`, commit: commit.sha });
    }
  }
  for (const push of pushesUntilMerge(pr) ?? []) {
    if (!push.actor) continue;
    const head = push.after ? bySha.get(push.after.toLowerCase()) : undefined;
    if (push.after && !head) continue;
    if (head?.mergesBase) continue;
    const verb = push.kind === 'force-push' ? 'force-pushed' : 'pushed';
    list.push({
      login: push.actor.login,
      what: `${verb} ${head ? commitName(head) : 'to the branch'} at ${formatWhen(push.at, zone)}`,
      commit: head?.sha ?? null
    });
  }
  return list;
}

/** What `login` contributed to the pull request's code, if anything (null: unknown, the commits could not be read). */
export function contributionOf(pr: PullRequestFacts, login: string, zone: string = 'UTC'): Contribution | undefined | null {
  const list = contributions(pr, zone);
  if (!list) return null;
  return list.find((contribution) => contributorKey(contribution.login) === contributorKey(login));
}

// ---------------------------------------------------------------------------------------------
// Standard changes

/** True when `actor` is one of `logins` (case-insensitive; a bot also by its name without `[bot]`). */
function isListed(actor: Actor, logins: string[]): boolean {
  return logins.some(
    (login) => sameName(login, actor.login) || (isBotActor(actor) && sameName(login, `${actor.login}[bot]`))
  );
}

type RuleResult = { basis: string } | { broken: string[] };

/**
 * `standard-change-authors`: the pull request's author, the author and committer (or GitHub's
 * `web-flow`) of every commit, and the pusher of every recorded push up to the merge are listed,
 * and the newest of those pushes ends at the head commit, so no push is missing from the record.
 * Unknown commits or pushes never make a standard change. The rule is "in play" (and says what
 * broke it) only when a listed author opened the pull request.
 */
function authorsRule(pr: PullRequestFacts, policy: ApprovalPolicy, zone: string): RuleResult {
  const listed = policy.standardChangeAuthors;
  if (listed.length === 0 || !isListed(pr.author, listed)) return { broken: [] };
  if (!pr.commits) return { broken: ['its commits could not be read, so who wrote them is unknown'] };
  if (pr.commits.length === 0) return { broken: ['GitHub lists no commits for it'] };
  const broken: string[] = [];
  const unmatched = 'someone GitHub cannot match to an account';
  for (const commit of pr.commits) {
    const name = commitName(commit);
    if (!commit.author) broken.push(`${name} was authored by ${unmatched}`);
    else if (!isListed(commit.author, listed)) broken.push(`${name} was authored by @${commit.author.login}`);
    if (!commit.committer) broken.push(`${name} was committed by ${unmatched}`);
    else if (!sameName(commit.committer.login, GITHUB_COMMITTER) && !isListed(commit.committer, listed)) {
      broken.push(`${name} was committed by @${commit.committer.login}`);
    }
  }
  const pushes = pushesUntilMerge(pr);
  if (!pushes) {
    broken.push(`GitHub keeps no record of who pushed to its branch (${pr.pushSource})`);
  } else if (pushes.length === 0) {
    broken.push('no push to its branch is recorded, so who pushed its commits is unknown');
  } else {
    for (const push of pushes) {
      if (!push.actor) broken.push(`the ${pushName(push, zone)} does not say who pushed`);
      else if (!isListed(push.actor, listed)) broken.push(`@${push.actor.login} pushed to its branch (${pushName(push, zone)})`);
    }
    const head = pr.commits[pr.commits.length - 1];
    const newest = newestPush(pushes);
    if (head && newest && newest.after?.toLowerCase() !== head.sha.toLowerCase()) {
      broken.push(
        `the newest recorded push (${pushName(newest, zone)}) does not end at its head commit ${short(head.sha)}, ` +
          'so who pushed that commit is unknown'
      );
    }
  }
  if (broken.length > 0) return { broken };
  const authors = [...new Set(pr.commits.map((commit) => commit.author?.login ?? ''))].join(', ');
  return { basis: `every commit authored and pushed by ${authors}` };
}

/**
 * `standard-change-paths`: every changed path matches a glob (dotfiles included), the old path
 * of a renamed or moved file and deleted files too. Unknown files never make a standard change.
 * The rule is "in play" (and says what broke it) when some paths match, or the files are unknown.
 */
function pathsRule(pr: PullRequestFacts, policy: ApprovalPolicy): RuleResult {
  const globs = policy.standardChangePaths;
  if (globs.length === 0) return { broken: [] };
  if (pr.files === null) return { broken: ['its changed files could not be read'] };
  const matches = (path: string): boolean => globs.some((glob) => minimatch(path, glob, { dot: true }));
  const outside: string[] = [];
  let inside = 0;
  for (const file of pr.files) {
    if (matches(file.path)) inside += 1;
    else outside.push(`${file.path}${file.change === 'removed' ? ' (deleted)' : ''}`);
    if (file.previousPath === null || file.previousPath === file.path) continue;
    if (matches(file.previousPath)) inside += 1;
    else outside.push(`${file.previousPath} (${file.change === 'copied' ? 'copied' : 'moved'} to ${file.path})`);
  }
  if (pr.files.length === 0 || inside === 0) return { broken: [] };
  if (outside.length > 0) return { broken: outside.map((path) => `${path} is outside the standard-change paths`) };
  return { basis: `every changed path, old paths of moved files included, matches ${globs.join(', ')}` };
}

/**
 * Whether a pull request is a pre-approved standard change, under which rule, and, when a rule
 * nearly applied, which commit, push or path broke it. Authors are tried first, then paths.
 */
export function assessStandardChange(pr: PullRequestFacts, policy: ApprovalPolicy, zone: string = 'UTC'): StandardChangeFinding {
  const authors = authorsRule(pr, policy, zone);
  if ('basis' in authors) return { rule: 'standard-change-authors', basis: authors.basis, broken: [] };
  const paths = pathsRule(pr, policy);
  if ('basis' in paths) return { rule: 'standard-change-paths', basis: paths.basis, broken: [] };
  return { rule: null, basis: null, broken: [...authors.broken, ...paths.broken] };
}

export interface ApprovalResolution {
  /** Valid approvals, one per distinct approver (their earliest valid application), oldest first. */
  approvals: Approval[];
  /** One reason per rejected application, then `missing-approval` when the quorum is not met. */
  reasons: Reason[];
}

/** What became of one approval-label application. */
export type ApplicationStatus =
  | 'counted' // counts toward the quorum
  | 'repeat' // valid, but its approver already counts through another label
  | 'unknown-applier' // on the pull request, but the timeline does not say who applied it
  | 'bot-approval'
  | 'approval-by-non-approver'
  | 'self-approval' // the applier wrote or pushed code in it (`contribution` says what)
  | 'contributors-unknown' // its commits could not be read: the applier cannot be shown independent
  | 'stale-approval'
  | 'push-time-unknown'; // no record bounds the last push: the approval cannot be shown to follow it

export interface ClassifiedApplication extends LabelApplication {
  status: ApplicationStatus;
  /** For `self-approval`: what the applier contributed. */
  contribution?: Contribution;
}

/**
 * Every approval-label application on the pull request now, with what became of it,
 * known appliers oldest first, then unknown ones. Checks run in this order and the first
 * that fails decides: applier known, not a bot (unless `allowBots`), an approver, independent
 * of the code (not its author, nor an author, committer or pusher of its commits; unless
 * `allowSelfApproval`), applied at or after the last push before the merge.
 */
export function classifyApplications(
  pr: PullRequestFacts,
  policy: ApprovalPolicy,
  people: Record<string, PersonFacts>,
  /** The policy's time zone, in which messages tell times. */
  zone: string = 'UTC'
): ClassifiedApplication[] {
  const ordered = [...currentApplications(pr, policy.labels)].sort((a, b) => {
    if (a.at && b.at) return a.at.getTime() - b.at.getTime();
    return a.at ? -1 : b.at ? 1 : 0;
  });
  const counted = new Set<string>();
  const pushed = lastPush(pr).at;
  return ordered.map((application): ClassifiedApplication => {
    const { actor, at } = application;
    const as = (status: ApplicationStatus): ClassifiedApplication => ({ ...application, status });
    if (!actor || !at) return as('unknown-applier');
    if (isBotActor(actor) && !policy.allowBots) return as('bot-approval');
    if (!isApprover(actor.login, policy.approvers, personFor(people, actor.login))) {
      return as('approval-by-non-approver');
    }
    if (!policy.allowSelfApproval) {
      const contribution = contributionOf(pr, actor.login, zone);
      if (contribution) return { ...as('self-approval'), contribution };
      if (sameName(actor.login, pr.author.login)) {
        return { ...as('self-approval'), contribution: { login: pr.author.login, what: 'opened it', commit: null } };
      }
      if (contribution === null) return as('contributors-unknown');
    }
    // No record bounds the last push: the approval cannot be shown to come after it.
    if (!pushed) return as('push-time-unknown');
    if (at.getTime() < pushed.getTime()) return as('stale-approval');
    const key = actor.login.toLowerCase();
    if (counted.has(key)) return as('repeat');
    counted.add(key);
    return as('counted');
  });
}

/**
 * The approvals that count toward a pull request's quorum, and why the others do not.
 *
 * An approval-label application counts when its applier is known, is not a bot (unless
 * `allowBots`), is an approver, is not the author (unless `allowSelfApproval`), and applied
 * the label at or after the last push. Each approver counts once however many approval
 * labels they applied.
 */
export function resolveApprovals(
  pr: PullRequestFacts,
  policy: ApprovalPolicy,
  people: Record<string, PersonFacts>,
  /** The policy's time zone, in which reason messages tell times (with UTC beside them). */
  zone: string = 'UTC'
): ApprovalResolution {
  const reasons: Reason[] = [];
  const approvals: Approval[] = [];
  const name = prName(pr);
  const last = lastPush(pr, zone);
  const pushed = last.at ? formatWhen(last.at, zone) : `an unknown time (${last.source})`;
  const approvers = describeApprovers(policy.approvers);

  const reject = (code: Reason['code'], message: string): void => {
    reasons.push({ code, message, pull_request: pr.number });
  };

  for (const { label, actor, at, status, contribution } of classifyApplications(pr, policy, people, zone)) {
    if (!actor || !at) {
      reject(
        'approval-by-non-approver',
        `${name} carries \`${label}\` but who applied it cannot be established from the timeline, so it does not ` +
          `count; an approver (${approvers}) must remove \`${label}\` and apply it again.`
      );
      continue;
    }
    const who = `@${actor.login}`;
    const when = formatWhen(at, zone);
    switch (status) {
      case 'counted':
        approvals.push({ login: actor.login, label, at });
        break;
      case 'repeat':
        break;
      case 'bot-approval':
        reject(
          status,
          `${name}: \`${label}\` was applied by ${who}, a bot or app, at ${when}; bots cannot approve ` +
            `(allow-bots is off). An approver (${approvers}) must apply \`${label}\`.`
        );
        break;
      case 'approval-by-non-approver':
        reject(
          status,
          `${name}: \`${label}\` was applied by ${who} at ${when}, who is not an approver ` +
            `(approvers: ${approvers}). One of them must apply \`${label}\`.`
        );
        break;
      case 'self-approval':
        reject(
          status,
          !contribution?.commit && sameName(actor.login, pr.author.login)
            ? `${name}: \`${label}\` was applied by its author ${who} at ${when}; authors cannot approve their own ` +
                `pull requests. Another approver (${approvers}) must apply \`${label}\`.`
            : `${name}: \`${label}\` was applied by ${who} at ${when}, but ${who} ${contribution?.what ?? 'contributed to it'}; ` +
                `nobody approves code they wrote or pushed. Another approver (${approvers}) must apply \`${label}\`.`
        );
        break;
      case 'contributors-unknown':
        reject(
          'self-approval',
          `${name}: \`${label}\` was applied by ${who} at ${when}, but the pull request's commits could not be read, ` +
            `so ${who} cannot be shown to have written and pushed none of them; it does not count. Re-run the release ` +
            `once its commits can be read.`
        );
        break;
      case 'stale-approval':
        reject(
          status,
          `${name}: \`${label}\` was applied by ${who} at ${when}, before the last push at ${pushed} (${last.source}), ` +
            `so it does not approve the current code. ${who} or another approver must remove and re-apply \`${label}\`.`
        );
        break;
      case 'push-time-unknown':
        reject(
          'stale-approval',
          `${name}: \`${label}\` was applied by ${who} at ${when}, but no record GitHub keeps bounds when its branch ` +
            `was last pushed (${last.source}), so the approval cannot be shown to come after the last push and does not count.`
        );
        break;
      case 'unknown-applier':
        break;
    }
  }

  if (approvals.length < policy.minApprovals) {
    const have = approvals.length;
    const need = policy.minApprovals;
    const more = need - have;
    const from = have > 0 ? ` (approved by ${approvals.map((a) => `@${a.login}`).join(', ')})` : '';
    const whoMust = more === 1 ? `an approver (${approvers})` : `${more} more distinct approvers (${approvers})`;
    const notAuthor = policy.allowSelfApproval ? '' : ` other than the author @${pr.author.login}`;
    reject(
      'missing-approval',
      `${name} has ${have} of ${need} required approvals${from}; label it ${labelList(policy.labels)}: ` +
        `${whoMust}${notAuthor} must apply it after the last push at ${pushed}.`
    );
  }
  return { approvals, reasons };
}

/** Whether a pull request is a pre-approved standard change (see `assessStandardChange`). */
export function isStandardChange(pr: PullRequestFacts, policy: ApprovalPolicy): boolean {
  return assessStandardChange(pr, policy).rule !== null;
}

/** Block labels on a pull request now (its live labels: removing the label unblocks it). */
export function blockingLabels(pr: PullRequestFacts, policy: ApprovalPolicy): string[] {
  return policy.blockLabels.filter((label) => pr.labels.some((present) => sameName(present, label)));
}
