/**
 * What a delivery report is computed from (types only): the history GitHub holds for one
 * environment and the default branch, gathered by src/github/delivery-facts.ts.
 */

export type DeploymentOutcome = 'success' | 'failure' | 'error';

export interface DeploymentRecord {
  id: number;
  sha: string;
  createdAt: Date;
  /** The first final status it reached (null: still running, or replaced before it finished). */
  outcome: DeploymentOutcome | null;
  /** When it reached that status. */
  finishedAt: Date | null;
  /** True when the deploy gate let it through on an emergency (provenance payload `tollgate.gate.emergency`). */
  emergency: boolean;
  /** The status's log URL, when one was recorded. */
  logUrl: string | null;
}

export interface CommitRecord {
  sha: string;
  /** Committer date. */
  at: Date;
}

export interface PullRequestRecord {
  number: number;
  title: string;
  url: string;
  mergedAt: Date;
  mergeSha: string | null;
  /** Committer date of its first commit. */
  firstCommitAt: Date;
}

export interface ReleaseRecord {
  tag: string;
  url: string;
  sha: string | null;
  publishedAt: Date;
}

export interface IssueRecord {
  number: number;
  title: string;
  url: string;
  createdAt: Date;
  closedAt: Date | null;
  labels: string[];
}

export interface DeliveryFacts {
  environment: string;
  /** Deployments to the environment, any order. */
  deployments: DeploymentRecord[];
  /** Default-branch history, newest first (git log order): a commit's position stands for its ancestry. */
  commits: CommitRecord[];
  pullRequests: PullRequestRecord[];
  releases: ReleaseRecord[];
  issues: IssueRecord[];
  /** The earliest instant the facts cover: nothing before it was read. */
  since: Date;
}
