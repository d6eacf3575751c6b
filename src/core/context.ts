/**
 * What the workflow run tells an action about itself, read once from the runner's environment.
 */

/** What @actions/github's context gives (or any object of that shape). */
export interface ContextSource {
  payload: Record<string, unknown>;
  eventName: string;
  /** GITHUB_SHA. */
  sha: string;
  ref: string;
  workflow: string;
  actor: string;
  job: string;
  runId: number;
  runAttempt: number;
  runNumber: number;
  serverUrl: string;
  apiUrl: string;
  graphqlUrl: string;
}

export interface RunContext extends ContextSource {
  owner: string;
  repo: string;
  /** The commit to deploy by default: the pull request's head for pull_request events, else GITHUB_SHA. */
  sha: string;
  /** GITHUB_SHA as the runner gives it (for pull_request_target and schedule, the base branch's commit). */
  workflowSha: string;
  /** URL of this run's page (the attempt's page on re-runs). */
  runUrl: string;
}

const PULL_REQUEST_EVENTS = ['pull_request', 'pull_request_review', 'pull_request_review_comment'];

/** Builds the run context from @actions/github's context (or any object of that shape). */
export function runContextFrom(source: ContextSource, repository: string | undefined): RunContext {
  const [owner = '', repo = ''] = (repository ?? '').split('/');
  if (!owner || !repo) {
    throw new Error(`GITHUB_REPOSITORY is ${JSON.stringify(repository ?? '')}: expected owner/name. Tollgate runs inside a GitHub Actions job.`);
  }
  const pr = (source.payload ?? {})['pull_request'] as { head?: { sha?: string } } | undefined;
  const eventName = source.eventName ?? '';
  // pull_request_target runs on the base branch: only these events carry an unmerged head to deploy.
  const headSha = PULL_REQUEST_EVENTS.includes(eventName) ? pr?.head?.sha : undefined;
  const serverUrl = (source.serverUrl || 'https://github.com').replace(/\/+$/, '');
  const runAttempt = Number.isFinite(source.runAttempt) && source.runAttempt > 0 ? source.runAttempt : 1;
  const runId = Number.isFinite(source.runId) ? source.runId : 0;
  return {
    owner,
    repo,
    sha: headSha || source.sha || '',
    workflowSha: source.sha || '',
    ref: source.ref ?? '',
    eventName,
    actor: source.actor ?? '',
    workflow: source.workflow ?? '',
    job: source.job ?? '',
    runId,
    runAttempt,
    runNumber: Number.isFinite(source.runNumber) ? source.runNumber : 0,
    serverUrl,
    apiUrl: (source.apiUrl || 'https://api.github.com').replace(/\/+$/, ''),
    graphqlUrl: (source.graphqlUrl || 'https://api.github.com/graphql').replace(/\/+$/, ''),
    runUrl: `${serverUrl}/${owner}/${repo}/actions/runs/${runId}${runAttempt > 1 ? `/attempts/${runAttempt}` : ''}`,
    payload: source.payload ?? {}
  };
}
