/**
 * Who approved a pull request, read from its label timeline (pure).
 *
 * A label does not say who added it: the timeline does. A label counts as an
 * approval only when the timeline shows who applied it last, that person may
 * approve, and the label went on after the last push. Anything that cannot be
 * established fails closed: it never counts.
 */
import { minimatch } from 'minimatch';
import { describeApprovers, isApprover, personFor } from '../core/approvers.js';
import { currentApplications, isBotActor, sameName, type LabelApplication } from '../core/labels.js';
import type { ApprovalPolicy, Approval, PersonFacts, PullRequestFacts, Reason } from './model.js';

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

/** Block labels on a pull request now (its live labels: removing the label unblocks it). */
export function blockingLabels(pr: PullRequestFacts, policy: ApprovalPolicy): string[] {
  return policy.blockLabels.filter((label) => pr.labels.some((present) => sameName(present, label)));
}
