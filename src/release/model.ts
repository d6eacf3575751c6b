/**
 * The release decision's data: the policy a user configures, the facts gathered
 * from GitHub, and the decision (a pure function of policy, facts and time).
 */
import type { Approver } from '../core/approvers.js';
import type { Emergency } from '../core/emergency.js';
import type { DeploymentFacts } from '../core/facts/release.js';
import type { CalendarState, Schedule } from '../core/schedule/types.js';

// Shared with deploy-action: defined once in src/core.
export type { Approver, PersonFacts } from '../core/approvers.js';
export type { Emergency } from '../core/emergency.js';
export type { Actor, LabelEvent } from '../core/labels.js';
// Facts the GitHub adapters gather: defined in src/core, the only layer adapters import.
export type { ChangedFile, PullRequestCommit, Push, PullRequestFacts } from '../core/facts/pull-requests.js';
export type { CommitFacts, IgnoredAssociation } from '../core/facts/commits.js';
export type { DeploymentFacts, ReleaseFacts } from '../core/facts/release.js';

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
