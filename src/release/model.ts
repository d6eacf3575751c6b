/**
 * The release decision's data: the policy a user configures, the facts gathered
 * from GitHub, and the decision (a pure function of policy, facts and time).
 */
import type { Approver, PersonFacts } from '../core/approvers.js';
import type { Emergency } from '../core/emergency.js';
import type { Actor, LabelEvent } from '../core/labels.js';
import type { LiveDeployment } from '../core/live.js';
import type { CalendarState, Schedule } from '../core/schedule/types.js';

// Shared with deploy-action: defined once in src/core.
export type { Approver, PersonFacts } from '../core/approvers.js';
export type { Emergency } from '../core/emergency.js';
export type { Actor, LabelEvent } from '../core/labels.js';

export interface ApprovalPolicy {
  /** Labels that count as approval (`approval-labels`). */
  labels: string[];
  /** `all`: every pull request in the range; `latest`: the one that brought the target. */
  scope: 'all' | 'latest';
  /** Empty: anyone with write, maintain or admin permission on the repository. */
  approvers: Approver[];
  /** Distinct approvers needed per pull request. */
  minApprovals: number;
  allowSelfApproval: boolean;
  allowBots: boolean;
  /** A pull request carrying one of these blocks the release. */
  blockLabels: string[];
  emergencyLabels: string[];
  /** Empty: nobody can declare an emergency. */
  emergencyApprovers: Approver[];
  /** Logins (e.g. `dependabot[bot]`) whose pull requests are pre-approved standard changes. */
  standardChangeAuthors: string[];
  /** Globs: a pull request touching only matching files is a pre-approved standard change. */
  standardChangePaths: string[];
}

export interface ReleasePolicy {
  approval: ApprovalPolicy;
  schedule: Schedule;
  /** Environments where the target must be deployed with latest status `success`. */
  requireDeployment: string[];
  /**
   * `false` runs a release train: no approval labels, every change is pre-approved by the release
   * schedule; only block labels, the calendar and require-deployment block. Absent means `true`.
   */
  requireApproval?: boolean;
}

/** A file a pull request changes. */
export interface ChangedFile {
  path: string;
  /** The old path of a renamed or moved file (REST `previous_filename`); null otherwise. */
  previousPath: string | null;
  change: 'added' | 'modified' | 'removed' | 'renamed' | 'copied' | 'changed' | 'unchanged';
}

/** One commit of a pull request, as GitHub attributes it. */
export interface PullRequestCommit {
  sha: string;
  headline: string;
  /** The GitHub account the commit's author maps to; null when the author email maps to none. */
  author: Actor | null;
  /** The GitHub account of the committer; `web-flow` is GitHub itself (web edits, "Update branch"). Null when none. */
  committer: Actor | null;
  /**
   * True for a merge commit that only brings the pull request's base branch in (GitHub's
   * "Update branch", or merging the base locally): it adds no code of its own, so it does not
   * make its author a contributor.
   */
  mergesBase: boolean;
}

/** A push to a pull request's head branch, as GitHub recorded it. */
export interface Push {
  at: Date;
  /** Who pushed; null when the record does not say. */
  actor: Actor | null;
  kind: 'push' | 'force-push';
  /** The branch's head commit after the push, when recorded. */
  after: string | null;
}

export interface PullRequestFacts {
  /** `owner/name` of the repository the pull request belongs to (its base repository). */
  repository: string;
  number: number;
  title: string;
  url: string;
  author: Actor;
  /** The branch it was merged into. */
  baseRef: string;
  mergedAt: Date | null;
  /** The commit its merge created on the base branch (merge, squash or rebase), or null. */
  mergeCommit: string | null;
  /** True when the head branch lives in a fork (its pushes are not in this repository's activity). */
  fromFork: boolean;
  /**
   * When the head branch last changed, bounded by what GitHub records about pushes (not by
   * committer dates, which the committer sets): approvals before it are stale. Null when no
   * record bounds it: then no approval counts.
   */
  lastPushAt: Date | null;
  /** Where `lastPushAt` comes from, for the summary (e.g. `repository activity: push by @carol`). */
  pushSource: string;
  /** Every push GitHub recorded to the head branch, oldest first; null when no such record exists. */
  pushes: Push[] | null;
  /** The pull request's commits, oldest first; null when not gathered or not all could be read. */
  commits: PullRequestCommit[] | null;
  /** Labels on the pull request now. */
  labels: string[];
  /** Label events in chronological order (oldest first), complete. */
  labelEvents: LabelEvent[];
  /** Changed files, or null when not gathered or not all could be read. */
  files: ChangedFile[] | null;
}

/** A pull request an association named that does not vouch for the commit, and why. */
export interface IgnoredAssociation {
  /** `owner/name#number`. */
  pullRequest: string;
  why: string;
}

export interface CommitFacts {
  sha: string;
  headline: string;
  /** Merged pull requests of this repository that brought this commit into the range (numbers into `pullRequests`). */
  pullRequests: number[];
  /** Pull requests GitHub associates with the commit that do not vouch for it (other branches, forks, closed, ...). */
  ignored: IgnoredAssociation[];
  /** True when the association was empty and was read again (REST `commits/{sha}/pulls`) before deciding. */
  rechecked: boolean;
}

export interface DeploymentFacts {
  environment: string;
  /** The newest deployment of the target commit to this environment, or null when there is none. */
  latest: LiveDeployment | null;
  /** The environment's current deployment (newest whose latest status is `success`), or null. */
  live: LiveDeployment | null;
  /** Whether `live` is of the target or of a descendant of it. */
  liveContainsTarget: boolean;
}

export interface ReleaseFacts {
  /** Full SHA of the commit being released. */
  target: string;
  /** Tag the range starts from; null with approval-scope latest when there is no earlier release. */
  previousTag: string | null;
  /** Commits in the range (previousTag, target], newest first. */
  commits: CommitFacts[];
  /** Every pull request referenced by `commits` (scope all) or the one that brought the target (scope latest). */
  pullRequests: PullRequestFacts[];
  /** Facts about the people who applied approval or emergency labels, keyed by login. */
  people: Record<string, PersonFacts>;
  deployments: DeploymentFacts[];
}

export type ReasonCode =
  | 'missing-approval'
  | 'approval-by-non-approver'
  | 'self-approval'
  | 'bot-approval'
  | 'stale-approval'
  | 'blocked-label'
  | 'commit-without-pull-request'
  | 'outside-window'
  | 'freeze'
  | 'not-deployed'
  | 'deployment-not-successful'
  | 'tag-taken'
  | 'untrusted-policy';

/** Why a release is blocked: a sentence a user reads and a code a test asserts. */
export interface Reason {
  code: ReasonCode;
  message: string;
  pull_request?: number;
}

export interface Approval {
  login: string;
  label: string;
  at: Date;
}

export type ChangeType = 'standard' | 'normal' | 'emergency';

/** Whether a pull request is a pre-approved standard change, with the evidence either way. */
export interface StandardChangeFinding {
  /** The policy rule that makes it a standard change; null when none does. */
  rule: 'standard-change-authors' | 'standard-change-paths' | null;
  /** What makes it standard (e.g. `every commit authored and pushed by dependabot[bot]`); null when it is not. */
  basis: string | null;
  /**
   * For a rule that nearly applied (a standard author opened it, or some of its paths match),
   * what broke it: the commit, push or path, e.g. `@carol pushed 1a2b3c4 to its branch`.
   */
  broken: string[];
}

export interface PullRequestVerdict {
  number: number;
  title: string;
  url: string;
  /** approved | standard (pre-approved) | unapproved | blocked (block label) */
  state: 'approved' | 'standard' | 'unapproved' | 'blocked';
  /** Whether it is a standard change, and why or why not. */
  standardChange: StandardChangeFinding;
  /** Valid approvals that count toward the quorum. */
  approvals: Approval[];
  /** Why this pull request is not approved (empty when approved or standard). */
  reasons: Reason[];
}

export interface DeploymentVerdict {
  environment: string;
  ok: boolean;
  latest: DeploymentFacts['latest'];
}

export interface Decision {
  /** True when policy allows a release now. */
  allowed: boolean;
  changeType: ChangeType;
  /** Every reason the release is blocked; empty when allowed. */
  reasons: Reason[];
  pullRequests: PullRequestVerdict[];
  calendar: CalendarState;
  /** Set when a valid emergency label lets the release through the calendar. */
  emergency: Emergency | null;
  deployments: DeploymentVerdict[];
  /** When the calendar next allows a release (null when it allows now or never). */
  nextWindow: Date | null;
}
