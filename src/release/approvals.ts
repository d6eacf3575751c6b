/**
 * Who approved a pull request, read from its label timeline (pure).
 *
 * A label does not say who added it: the timeline does. A label counts as an
 * approval only when the timeline shows who applied it last, that person may
 * approve, and the label went on after the last push. Anything that cannot be
 * established fails closed: it never counts.
 */
import { minimatch } from 'minimatch';
import type {
  Actor,
  ApprovalPolicy,
  Approval,
  Approver,
  Emergency,
  PersonFacts,
  PullRequestFacts,
  Reason
} from './model.js';

/** A label applied to a pull request now, with who applied it and when (null when the timeline does not say). */
export interface LabelApplication {
  /** The label as the policy names it. */
  label: string;
  /** Who applied it last; null when no timeline event accounts for it (applier unknown). */
  actor: Actor | null;
  /** When it was applied last; null when the applier is unknown. */
  at: Date | null;
}

const sameName = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();

/** Timeline events oldest first; events at the same instant keep the order the timeline gave them. */
function chronological(pr: PullRequestFacts): PullRequestFacts['labelEvents'] {
  return pr.labelEvents
    .map((event, index) => ({ event, index }))
    .sort((a, b) => a.event.at.getTime() - b.event.at.getTime() || a.index - b.index)
    .map(({ event }) => event);
}

/**
 * For each of `labels` that is on the pull request now, who applied it last and when.
 *
 * The last `labeled` event counts only when no `unlabeled` event for that label follows it.
 * A label on the pull request now that the timeline does not account for (no event, or the
 * last event removed it) comes back with `actor: null`: its applier is unknown. A label the
 * timeline shows as applied but that is not on the pull request now (the label was deleted
 * or renamed in the repository) is not applied. Label names compare case-insensitively,
 * as GitHub treats them. Each label appears at most once, in the order of `labels`.
 */
export function currentApplications(pr: PullRequestFacts, labels: string[]): LabelApplication[] {
  const events = chronological(pr);
  const seen = new Set<string>();
  const result: LabelApplication[] = [];
  for (const label of labels) {
    const key = label.toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    if (!pr.labels.some((present) => sameName(present, label))) continue;
    let last: { actor: Actor; at: Date } | null = null;
    for (const event of events) {
      if (!sameName(event.label, label)) continue;
      last = event.action === 'labeled' ? { actor: event.actor, at: event.at } : null;
    }
    result.push(last ? { label, actor: last.actor, at: last.at } : { label, actor: null, at: null });
  }
  return result;
}

/** True for bot accounts and app-applied labels; a `[bot]` login is a bot whatever the flag says. */
export function isBotActor(actor: Actor): boolean {
  return actor.isBot || /\[bot\]$/i.test(actor.login);
}

/** Facts about a person, looked up by login (exact first, then case-insensitively). */
export function personFor(people: Record<string, PersonFacts>, login: string): PersonFacts | undefined {
  const exact = people[login];
  if (exact) return exact;
  const wanted = login.toLowerCase();
  for (const [key, person] of Object.entries(people)) {
    if (key.toLowerCase() === wanted) return person;
  }
  return undefined;
}

const PERMISSIONS_THAT_APPROVE = new Set(['admin', 'maintain', 'write']);

/**
 * Whether `login` may approve: a listed user (case-insensitive), a member of a listed
 * `org/team`, or, when `approvers` is empty, anyone with admin, maintain or write permission
 * on the repository. Triage and read never approve; an unknown person never does.
 */
export function isApprover(login: string, approvers: Approver[], person: PersonFacts | undefined): boolean {
  if (approvers.length === 0) {
    return person?.permission !== undefined && PERMISSIONS_THAT_APPROVE.has(person.permission);
  }
  const teams = new Set((person?.teams ?? []).map((team) => team.toLowerCase()));
  return approvers.some((approver) =>
    approver.kind === 'user'
      ? sameName(approver.login, login)
      : teams.has(`${approver.org}/${approver.slug}`.toLowerCase())
  );
}

/** `@alice, @acme/release-managers`, or the permission rule when the list is empty. */
export function describeApprovers(approvers: Approver[]): string {
  if (approvers.length === 0) return 'someone with write, maintain or admin permission on the repository';
  return approvers
    .map((approver) => (approver.kind === 'user' ? `@${approver.login}` : `@${approver.org}/${approver.slug}`))
    .join(', ');
}

/** An instant as UTC, to the minute unless seconds matter: `2026-03-02 14:05:09 UTC`. */
export function formatUtc(date: Date): string {
  const iso = date.toISOString();
  const seconds = iso.slice(17, 19);
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)}${seconds === '00' ? '' : `:${seconds}`} UTC`;
}

/** How a pull request is named in messages: `#12 'Fix login'`. */
export function prName(pr: { number: number; title: string }): string {
  return `#${pr.number} '${pr.title}'`;
}

function labelList(labels: string[]): string {
  return labels.map((label) => `\`${label}\``).join(' or ');
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
  | 'self-approval'
  | 'stale-approval';

export interface ClassifiedApplication extends LabelApplication {
  status: ApplicationStatus;
}

/**
 * Every approval-label application on the pull request now, with what became of it,
 * known appliers oldest first, then unknown ones. Checks run in this order and the first
 * that fails decides: applier known, not a bot (unless `allowBots`), an approver, not the
 * author (unless `allowSelfApproval`), applied at or after the last push.
 */
export function classifyApplications(
  pr: PullRequestFacts,
  policy: ApprovalPolicy,
  people: Record<string, PersonFacts>
): ClassifiedApplication[] {
  const ordered = [...currentApplications(pr, policy.labels)].sort((a, b) => {
    if (a.at && b.at) return a.at.getTime() - b.at.getTime();
    return a.at ? -1 : b.at ? 1 : 0;
  });
  const counted = new Set<string>();
  return ordered.map((application): ClassifiedApplication => {
    const { actor, at } = application;
    const as = (status: ApplicationStatus): ClassifiedApplication => ({ ...application, status });
    if (!actor || !at) return as('unknown-applier');
    if (isBotActor(actor) && !policy.allowBots) return as('bot-approval');
    if (!isApprover(actor.login, policy.approvers, personFor(people, actor.login))) {
      return as('approval-by-non-approver');
    }
    if (sameName(actor.login, pr.author.login) && !policy.allowSelfApproval) return as('self-approval');
    // No record bounds the last push: the approval cannot be shown to come after it.
    if (!pr.lastPushAt || at.getTime() < pr.lastPushAt.getTime()) return as('stale-approval');
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
  people: Record<string, PersonFacts>
): ApprovalResolution {
  const reasons: Reason[] = [];
  const approvals: Approval[] = [];
  const name = prName(pr);
  const pushed = pr.lastPushAt ? formatUtc(pr.lastPushAt) : `an unknown time (${pr.pushSource})`;
  const approvers = describeApprovers(policy.approvers);

  const reject = (code: Reason['code'], message: string): void => {
    reasons.push({ code, message, pull_request: pr.number });
  };

  for (const { label, actor, at, status } of classifyApplications(pr, policy, people)) {
    if (!actor || !at) {
      reject(
        'approval-by-non-approver',
        `${name} carries \`${label}\` but who applied it cannot be established from the timeline, so it does not ` +
          `count; an approver (${approvers}) must remove \`${label}\` and apply it again.`
      );
      continue;
    }
    const who = `@${actor.login}`;
    const when = formatUtc(at);
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
          `${name}: \`${label}\` was applied by its author ${who} at ${when}; authors cannot approve their own ` +
            `pull requests. Another approver (${approvers}) must apply \`${label}\`.`
        );
        break;
      case 'stale-approval':
        reject(
          status,
          `${name}: \`${label}\` was applied by ${who} at ${when}, before the last push at ${pushed}, so it does ` +
            `not approve the current code. ${who} or another approver must remove and re-apply \`${label}\`.`
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

/**
 * Whether a pull request is a pre-approved standard change: its author is listed in
 * `standardChangeAuthors` (case-insensitive), or its changed files are known, not empty,
 * and every one matches a `standardChangePaths` glob (dotfiles included). Unknown files
 * never make a standard change.
 */
export function isStandardChange(pr: PullRequestFacts, policy: ApprovalPolicy): boolean {
  if (policy.standardChangeAuthors.some((login) => sameName(login, pr.author.login))) return true;
  if (pr.files === null || pr.files.length === 0 || policy.standardChangePaths.length === 0) return false;
  const globs = policy.standardChangePaths;
  // A rename or move is judged by both its paths: moving src/auth.js to docs/ is not a docs change.
  const paths = pr.files.flatMap((file) => (file.previousPath ? [file.path, file.previousPath] : [file.path]));
  return paths.every((path) => globs.some((glob) => minimatch(path, glob, { dot: true })));
}

/** Why a pull request is a standard change, for messages and the audit trail. */
export function standardChangeBasis(pr: PullRequestFacts, policy: ApprovalPolicy): string {
  if (policy.standardChangeAuthors.some((login) => sameName(login, pr.author.login))) {
    return `author ${pr.author.login}`;
  }
  return `only files matching ${policy.standardChangePaths.map((glob) => `\`${glob}\``).join(', ')}`;
}

/**
 * The emergency declared on these pull requests, if any: an emergency label applied now by a
 * known, non-bot person who is one of `emergencyApprovers` (listed user or team member; an
 * empty list means nobody). The latest valid declaration wins; ties go to the higher number.
 */
export function findEmergency(
  prs: PullRequestFacts[],
  policy: ApprovalPolicy,
  people: Record<string, PersonFacts>
): Emergency | null {
  if (policy.emergencyApprovers.length === 0 || policy.emergencyLabels.length === 0) return null;
  let found: Emergency | null = null;
  for (const pr of prs) {
    for (const { label, actor, at } of currentApplications(pr, policy.emergencyLabels)) {
      if (!actor || !at || isBotActor(actor)) continue;
      if (!isApprover(actor.login, policy.emergencyApprovers, personFor(people, actor.login))) continue;
      const later =
        !found ||
        at.getTime() > found.at.getTime() ||
        (at.getTime() === found.at.getTime() && pr.number > found.pull_request);
      if (later) found = { label, by: actor.login, at, pull_request: pr.number };
    }
  }
  return found;
}

/** Block labels on a pull request now (its live labels: removing the label unblocks it). */
export function blockingLabels(pr: PullRequestFacts, policy: ApprovalPolicy): string[] {
  return policy.blockLabels.filter((label) => pr.labels.some((present) => sameName(present, label)));
}
