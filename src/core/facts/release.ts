/** Every fact a release decision reads, as gathered from GitHub. */
import type { PersonFacts } from '../approvers.js';
import type { LiveDeployment } from '../live.js';
import type { CommitFacts } from './commits.js';
import type { PullRequestFacts } from './pull-requests.js';

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
