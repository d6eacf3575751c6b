/**
 * What happened since the previous release, for a release's own figures: when the previous
 * release was published, and the deployments to each required environment since then
 * (100 per GraphQL request, at most 10 pages per environment).
 */
import type { GitHub } from '../core/github/client.js';
import type { DeploymentRecord } from '../core/delivery.js';
import { toDeployment, type RawDeployment } from './delivery-facts.js';
import type { RepoRef } from './deployments.js';

const QUERY = /* GraphQL */ `
  query ReleaseHistory($owner: String!, $repo: String!, $tag: String!, $withTag: Boolean!, $environment: String!, $cursor: String) {
    repository(owner: $owner, name: $repo) {
      release(tagName: $tag) @include(if: $withTag) { publishedAt }
      deployments(environments: [$environment], first: 100, after: $cursor, orderBy: { field: CREATED_AT, direction: DESC }) {
        pageInfo { hasNextPage endCursor }
        nodes { databaseId commitOid createdAt payload statuses(first: 10) { nodes { state createdAt logUrl } } }
      }
    }
  }
`;

const MAX_PAGES = 10;

export interface ReleaseHistory {
  previousReleasedAt: Date | null;
  deployments: Array<{ environment: string; records: DeploymentRecord[]; complete: boolean }>;
}

interface Page {
  repository: {
    release?: { publishedAt: string | null } | null;
    deployments: { pageInfo: { hasNextPage: boolean; endCursor: string | null }; nodes: Array<RawDeployment | null> };
  } | null;
}

export async function readReleaseHistory(gh: GitHub, repo: RepoRef, previousTag: string | null, environments: string[]): Promise<ReleaseHistory> {
  let previousReleasedAt: Date | null = null;
  const deployments = await Promise.all(
    environments.map(async (environment) => {
      const records: DeploymentRecord[] = [];
      let cursor: string | null = null;
      for (let page = 0; page < MAX_PAGES; page++) {
        const result: Page = await gh.graphql<Page>(`Reading the deployments to ${environment} since ${previousTag ?? 'the start'}`, QUERY, {
          owner: repo.owner,
          repo: repo.repo,
          tag: previousTag ?? '',
          withTag: previousTag !== null,
          environment,
          cursor
        });
        const published = result.repository?.release?.publishedAt;
        if (published) previousReleasedAt = new Date(published);
        const connection = result.repository?.deployments;
        if (!connection) return { environment, records, complete: true };
        const nodes = connection.nodes.filter((n): n is RawDeployment => n !== null);
        records.push(...nodes.map(toDeployment));
        const oldest = nodes[nodes.length - 1];
        const since = previousReleasedAt as Date | null;
        if (!connection.pageInfo.hasNextPage || !connection.pageInfo.endCursor || !oldest || (since && new Date(oldest.createdAt) < since)) {
          return { environment, records, complete: true };
        }
        // Without a previous release there is no start to read back to: the newest page is enough.
        if (!since) return { environment, records, complete: false };
        cursor = connection.pageInfo.endCursor;
      }
      return { environment, records, complete: false };
    })
  );
  return { previousReleasedAt, deployments };
}
