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
      ...(input.autoInactive !== undefined ? { auto_inactive: input.autoInactive } : {})
    })
  );
  return { id: response.data.id, state: response.data.state };
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
 * The newest deployment to `environment` that the given workflow run created (per the
 * provenance record in its payload), looking through the newest 100 deployments.
 */
export async function findRunDeployment(
  gh: GitHub,
  repo: RepoRef,
  query: { environment?: string; task?: string; sha?: string; runId: number }
): Promise<Deployment | null> {
  const response = await gh.call(`Looking for the deployment this run created${query.environment ? ` in ${query.environment}` : ''}`, (rest) =>
    rest.rest.repos.listDeployments({
      ...repo,
      per_page: 100,
      ...(query.environment ? { environment: query.environment } : {}),
      ...(query.task ? { task: query.task } : {}),
      ...(query.sha ? { sha: query.sha } : {})
    })
  );
  const found = (response.data as RawDeployment[]).map(toDeployment).find((d) => provenanceOf(d)?.run_id === query.runId);
  return found ?? null;
}

/** The provenance record deploy-action writes into a deployment payload. */
export interface Provenance {
  run_id: number;
  run_attempt: number;
  run_url: string;
  workflow: string;
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

/** Every deployment of an environment with its current state, newest first, all pages (100 per request). */
export async function listEnvironmentDeployments(gh: GitHub, repo: RepoRef, environment: string): Promise<DeploymentState[]> {
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
    if (!page.pageInfo.hasNextPage || !page.pageInfo.endCursor) return all;
    cursor = page.pageInfo.endCursor;
  }
}
