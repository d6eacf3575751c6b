/**
 * What is live in an environment: its deployments newest first, each with its latest status,
 * read until the current one (newest whose latest status is `success`) is found, and whether
 * that deployment contains a given commit (GitHub's compare, status only).
 */
import type { GitHub } from '../core/github/client.js';
import type { LiveDeployment } from '../core/live.js';
import { containsCommit } from './compare.js';
import type { RepoRef } from './deployments.js';

const ENVIRONMENT_DEPLOYMENTS_QUERY = /* GraphQL */ `
  query EnvironmentDeployments($owner: String!, $repo: String!, $environments: [String!], $cursor: String) {
    repository(owner: $owner, name: $repo) {
      deployments(environments: $environments, first: 20, after: $cursor, orderBy: { field: CREATED_AT, direction: DESC }) {
        pageInfo { hasNextPage endCursor }
        nodes {
          databaseId
          commitOid
          createdAt
          creator { login }
          latestStatus { state environmentUrl logUrl }
        }
      }
    }
  }
`;

interface RawDeployment {
  databaseId: number | null;
  commitOid: string;
  createdAt: string;
  creator: { login: string } | null;
  latestStatus: { state: string; environmentUrl: string | null; logUrl: string | null } | null;
}

interface RawPage {
  repository: {
    deployments: { pageInfo: { hasNextPage: boolean; endCursor: string | null }; nodes: Array<RawDeployment | null> };
  } | null;
}

const toDeployment = (raw: RawDeployment): LiveDeployment => ({
  id: raw.databaseId ?? 0,
  sha: raw.commitOid,
  createdAt: new Date(raw.createdAt),
  state: raw.latestStatus ? raw.latestStatus.state.toLowerCase() : null,
  environmentUrl: raw.latestStatus?.environmentUrl || null,
  logUrl: raw.latestStatus?.logUrl || null,
  creator: raw.creator?.login ?? null
});

export interface EnvironmentFacts {
  environment: string;
  /** The target's own newest deployment, when it is newer than the live one (or is it). */
  latest: LiveDeployment | null;
  /** The environment's current deployment: newest whose latest status is `success`. */
  live: LiveDeployment | null;
  /** Whether `live` is of the target or of a descendant of it. */
  liveContainsTarget: boolean;
}

/** The deployment live in `environment` now, the target's newer deployment if any, and whether the live one contains the target. */
export async function gatherEnvironment(gh: GitHub, repo: RepoRef, target: string, environment: string): Promise<EnvironmentFacts> {
  let live: LiveDeployment | null = null;
  let own: LiveDeployment | null = null;
  let cursor: string | null = null;
  for (;;) {
    const page: RawPage = await gh.graphql<RawPage>(`Reading the deployments to ${environment}`, ENVIRONMENT_DEPLOYMENTS_QUERY, {
      owner: repo.owner,
      repo: repo.repo,
      environments: [environment],
      cursor
    });
    const connection = page.repository?.deployments;
    if (!connection) break;
    for (const node of connection.nodes) {
      if (!node) continue;
      const deployment = toDeployment(node);
      if (!own && deployment.sha.toLowerCase() === target.toLowerCase()) own = deployment;
      if (deployment.state === 'success') {
        live = deployment;
        break;
      }
    }
    if (live || !connection.pageInfo.hasNextPage || !connection.pageInfo.endCursor) break;
    cursor = connection.pageInfo.endCursor;
  }
  const liveContainsTarget = live ? await containsCommit(gh, repo, live.sha, target, 'the live') : false;
  return { environment, latest: own, live, liveContainsTarget };
}
