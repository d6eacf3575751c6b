/**
 * Deployments and their statuses in GitHub Environments: the IO deploy-action needs,
 * and the deployment facts release-action reads.
 */
import { ApiError } from '../core/errors.js';
import type { GitHub } from '../core/github/client.js';

export interface RepoRef {
  owner: string;
  repo: string;
}

export type StatusState = 'in_progress' | 'queued' | 'pending' | 'success' | 'failure' | 'error' | 'inactive';

export interface Deployment {
  id: number;
  sha: string;
  ref: string;
  environment: string;
  task: string;
  createdAt: string;
  payload: Record<string, unknown>;
  productionEnvironment: boolean;
  transientEnvironment: boolean;
}

export interface NewDeployment {
  ref: string;
  environment: string;
  task: string;
  description: string;
  payload: Record<string, unknown>;
  transientEnvironment?: boolean;
  productionEnvironment?: boolean;
  autoMerge: boolean;
  requiredContexts: string[];
}

export interface NewStatus {
  state: StatusState;
  environmentUrl?: string;
  logUrl?: string;
  description: string;
  environment?: string;
  /** Ask GitHub to mark earlier deployments inactive (it only does so for non-production, non-transient ones). */
  autoInactive?: boolean;
}

interface RawDeployment {
  id: number;
  sha: string;
  ref: string;
  environment: string;
  task: string;
  created_at: string;
  payload: unknown;
  production_environment?: boolean;
  transient_environment?: boolean;
}

function toDeployment(raw: RawDeployment): Deployment {
  const payload = typeof raw.payload === 'string' ? safeJson(raw.payload) : raw.payload;
  return {
    id: raw.id,
    sha: raw.sha,
    ref: raw.ref,
    environment: raw.environment,
    task: raw.task,
    createdAt: raw.created_at,
    payload: payload && typeof payload === 'object' && !Array.isArray(payload) ? (payload as Record<string, unknown>) : {},
    productionEnvironment: raw.production_environment ?? false,
    transientEnvironment: raw.transient_environment ?? false
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return {};
  }
}

export async function createDeployment(gh: GitHub, repo: RepoRef, input: NewDeployment): Promise<Deployment> {
  const operation = `Creating a deployment of ${input.ref} to ${input.environment}`;
  const response = await gh.call(operation, (rest) =>
    rest.rest.repos.createDeployment({
      ...repo,
      ref: input.ref,
      environment: input.environment,
      task: input.task,
      description: input.description,
      payload: input.payload as { [key: string]: unknown },
      auto_merge: input.autoMerge,
      required_contexts: input.requiredContexts,
      ...(input.transientEnvironment !== undefined ? { transient_environment: input.transientEnvironment } : {}),
      ...(input.productionEnvironment !== undefined ? { production_environment: input.productionEnvironment } : {})
    })
  );
  if (response.status === 202 || !('id' in response.data)) {
    const message = (response.data as { message?: string }).message ?? 'GitHub merged the default branch instead of creating a deployment';
    throw new ApiError(operation, response.status, `${message} (set auto-merge: false to deploy the ref as it is)`);
  }
  return toDeployment(response.data as RawDeployment);
}

export async function createStatus(gh: GitHub, repo: RepoRef, deploymentId: number, input: NewStatus): Promise<{ id: number; state: string }> {
  const response = await gh.call(`Setting deployment ${deploymentId} to ${input.state}`, (rest) =>
    rest.rest.repos.createDeploymentStatus({
      ...repo,
      deployment_id: deploymentId,
      state: input.state,
      description: input.description,
      ...(input.environmentUrl ? { environment_url: input.environmentUrl } : {}),
      ...(input.logUrl ? { log_url: input.logUrl } : {}),
      ...(input.environment ? { environment: input.environment } : {}),
      ...(input.autoInactive !== undefined ? { auto_inactive: input.autoInactive } : {}),
      // The same status twice changes nothing a user sees: safe to send again after a drop or 5xx.
      request: { idempotent: true }
    })
  );
  return { id: response.data.id, state: response.data.state };
}

/** The newest status of a deployment (null when it has none): to read back a status write whose answer was lost. */
export async function latestStatus(gh: GitHub, repo: RepoRef, deploymentId: number): Promise<StatusState | null> {
  const response = await gh.call(`Reading the statuses of deployment ${deploymentId}`, (rest) =>
    rest.rest.repos.listDeploymentStatuses({ ...repo, deployment_id: deploymentId, per_page: 1 })
  );
  return (response.data[0]?.state as StatusState | undefined) ?? null;
}

/** The deployment with this id, or null when GitHub has none. */
export async function getDeployment(gh: GitHub, repo: RepoRef, deploymentId: number): Promise<Deployment | null> {
  try {
    const response = await gh.call(`Reading deployment ${deploymentId}`, (rest) => rest.rest.repos.getDeployment({ ...repo, deployment_id: deploymentId }));
    return toDeployment(response.data as RawDeployment);
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return null;
    throw error;
  }
}

/**
 * The deployments to `environment` (and `task`) that the given workflow run created, per the
 * provenance record in their payload, newest first, among the newest 100 such deployments.
 */
export async function listRunDeployments(gh: GitHub, repo: RepoRef, query: { environment: string; task?: string; runId: number }): Promise<Deployment[]> {
  const response = await gh.call(`Looking for the deployments this run created in ${query.environment}`, (rest) =>
    rest.rest.repos.listDeployments({
      ...repo,
      per_page: 100,
      environment: query.environment,
      ...(query.task ? { task: query.task } : {})
    })
  );
  return (response.data as RawDeployment[]).map(toDeployment).filter((d) => provenanceOf(d)?.run_id === query.runId);
}

/** The provenance record deploy-action writes into a deployment payload. */
export interface Provenance {
  run_id: number;
  run_attempt: number;
  run_url: string;
  workflow: string;
  /** The job (GITHUB_JOB) and task that created it: `finish` completes only its own job's deployment. */
  job?: string;
  task?: string;
  /** Unique to the step that created it: finds it again when GitHub's answer to the create was lost. */
  write_id?: string;
  actor: string;
  event: string;
  version?: string;
  action: string;
  action_version: string;
}

export const PROVENANCE_KEY = 'tollgate';

export function provenanceOf(deployment: Deployment): Provenance | null {
  const record = deployment.payload[PROVENANCE_KEY];
  return record && typeof record === 'object' ? (record as Provenance) : null;
}

export interface DeploymentState {
  id: number;
  sha: string;
  /** GraphQL DeploymentState: ACTIVE, INACTIVE, IN_PROGRESS, FAILURE, ERROR, ... */
  state: string;
  createdAt: string;
}

const ENVIRONMENT_DEPLOYMENTS = /* GraphQL */ `
  query EnvironmentDeployments($owner: String!, $repo: String!, $environment: String!, $cursor: String) {
    repository(owner: $owner, name: $repo) {
      deployments(environments: [$environment], first: 100, after: $cursor, orderBy: { field: CREATED_AT, direction: DESC }) {
        pageInfo { hasNextPage endCursor }
        nodes { databaseId commitOid state createdAt }
      }
    }
  }
`;

interface EnvironmentDeploymentsResult {
  repository: {
    deployments: {
      pageInfo: { hasNextPage: boolean; endCursor: string | null };
      nodes: Array<{ databaseId: number; commitOid: string; state: string; createdAt: string }>;
    };
  } | null;
}

/**
 * The deployments of an environment with their current state, newest first, all pages (100 per
 * request), or until `enough` says the ones read so far suffice.
 */
export async function listEnvironmentDeployments(
  gh: GitHub,
  repo: RepoRef,
  environment: string,
  enough: (sofar: DeploymentState[]) => boolean = () => false
): Promise<DeploymentState[]> {
  const all: DeploymentState[] = [];
  let cursor: string | null = null;
  for (;;) {
    const result: EnvironmentDeploymentsResult = await gh.graphql<EnvironmentDeploymentsResult>(
      `Listing the deployments of ${environment}`,
      ENVIRONMENT_DEPLOYMENTS,
      { owner: repo.owner, repo: repo.repo, environment, cursor }
    );
    const page = result.repository?.deployments;
    if (!page) throw new ApiError(`Listing the deployments of ${environment}`, 404, `repository ${repo.owner}/${repo.repo} not found`);
    for (const node of page.nodes) all.push({ id: node.databaseId, sha: node.commitOid, state: node.state, createdAt: node.createdAt });
    if (!page.pageInfo.hasNextPage || !page.pageInfo.endCursor || enough(all)) return all;
    cursor = page.pageInfo.endCursor;
  }
}
