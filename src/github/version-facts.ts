/**
 * The facts `tag: auto` needs: the published releases' tags, and the labels of the merged pull
 * requests between a tag and the target. Small pages keep the GraphQL cost low: 100 commits with
 * up to 5 pull requests each and 20 labels per pull request cost 6 points a page.
 */
import { FactError } from '../core/errors.js';
import type { GitHub } from '../core/github/client.js';
import type { PublishedRelease, VersionPullRequest } from '../core/facts/versions.js';
import type { RepoRef } from './deployments.js';

const RELEASES_QUERY = /* GraphQL */ `
  query VersionReleases($owner: String!, $repo: String!) {
    repository(owner: $owner, name: $repo) {
      releases(first: 100, orderBy: { field: CREATED_AT, direction: DESC }) {
        nodes { tagName isDraft isPrerelease }
      }
    }
  }
`;

const RANGE_QUERY = /* GraphQL */ `
  query VersionRange($owner: String!, $repo: String!, $base: String!, $head: String!, $cursor: String) {
    repository(owner: $owner, name: $repo) {
      ref(qualifiedName: $base) {
        compare(headRef: $head) {
          commits(first: 100, after: $cursor) {
            pageInfo { hasNextPage endCursor }
            nodes {
              associatedPullRequests(first: 5) {
                nodes { number title merged baseRepository { nameWithOwner } labels(first: 20) { nodes { name } } }
              }
            }
          }
        }
      }
    }
  }
`;

interface RawPullRequest {
  number: number;
  title: string;
  merged: boolean;
  baseRepository: { nameWithOwner: string } | null;
  labels: { nodes: Array<{ name: string }> };
}

/** Published releases (drafts left out), newest first, at most 100: the version counts from the highest among them. */
export async function readPublishedReleases(gh: GitHub, repo: RepoRef): Promise<PublishedRelease[]> {
  const result = await gh.graphql<{ repository: { releases: { nodes: Array<{ tagName: string; isDraft: boolean; isPrerelease: boolean }> } } | null }>(
    'Reading the published releases to count the next version from',
    RELEASES_QUERY,
    { owner: repo.owner, repo: repo.repo }
  );
  if (!result.repository) throw new FactError(`Repository ${repo.owner}/${repo.repo} cannot be read with this token.`);
  return result.repository.releases.nodes.filter((r) => !r.isDraft).map((r) => ({ tag: r.tagName, prerelease: r.isPrerelease }));
}

/** The merged pull requests of this repository that brought the commits after `baseTag` up to `target`. */
export async function readPullRequestsSince(gh: GitHub, repo: RepoRef, baseTag: string, target: string): Promise<VersionPullRequest[]> {
  const found = new Map<number, VersionPullRequest>();
  const self = `${repo.owner}/${repo.repo}`.toLowerCase();
  let cursor: string | null = null;
  do {
    type Page = { pageInfo: { hasNextPage: boolean; endCursor: string | null }; nodes: Array<{ associatedPullRequests: { nodes: Array<RawPullRequest | null> } }> };
    const result: { repository: { ref: { compare: { commits: Page } | null } | null } | null } = await gh.graphql(
      `Reading the pull requests since ${baseTag} to choose the next version`,
      RANGE_QUERY,
      { owner: repo.owner, repo: repo.repo, base: `refs/tags/${baseTag}`, head: target, cursor }
    );
    const commits = result.repository?.ref?.compare?.commits;
    if (!commits) throw new FactError(`Tag ${baseTag} cannot be compared with ${target} in ${self}: the next version cannot be chosen.`);
    for (const commit of commits.nodes) {
      for (const pr of commit.associatedPullRequests.nodes) {
        if (!pr || !pr.merged || pr.baseRepository?.nameWithOwner.toLowerCase() !== self) continue;
        found.set(pr.number, { number: pr.number, title: pr.title, labels: pr.labels.nodes.map((l) => l.name) });
      }
    }
    cursor = commits.pageInfo.hasNextPage ? commits.pageInfo.endCursor : null;
  } while (cursor);
  return [...found.values()].sort((a, b) => a.number - b.number);
}
