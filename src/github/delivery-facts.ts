/**
 * The history a delivery report is computed from, read from GitHub 100 items per GraphQL request
 * (no request per item): deployments of one environment with their statuses, the default
 * branch's commits, merged pull requests, releases, and issues with the defect or incident labels.
 */
import { FactError } from '../core/errors.js';
import type { GitHub } from '../core/github/client.js';
import type { CommitRecord, DeliveryFacts, DeploymentOutcome, DeploymentRecord, IssueRecord, PullRequestRecord, ReleaseRecord } from '../core/delivery.js';
import type { RepoRef } from './deployments.js';

interface PageInfo {
  hasNextPage: boolean;
  endCursor: string | null;
}

const COMMITS = /* GraphQL */ `
  query DeliveryCommits($owner: String!, $repo: String!, $since: GitTimestamp!, $cursor: String) {
    repository(owner: $owner, name: $repo) {
      defaultBranchRef {
        name
        target { ... on Commit { history(first: 100, after: $cursor, since: $since) { pageInfo { hasNextPage endCursor } nodes { oid committedDate } } } }
      }
    }
  }
`;

const DEPLOYMENTS = /* GraphQL */ `
  query DeliveryDeployments($owner: String!, $repo: String!, $environment: String!, $cursor: String) {
    repository(owner: $owner, name: $repo) {
      deployments(environments: [$environment], first: 100, after: $cursor, orderBy: { field: CREATED_AT, direction: DESC }) {
        pageInfo { hasNextPage endCursor }
        nodes { databaseId commitOid createdAt payload statuses(first: 10) { nodes { state createdAt logUrl } } }
      }
    }
  }
`;

const PULL_REQUESTS = /* GraphQL */ `
  query DeliveryPullRequests($owner: String!, $repo: String!, $base: String!, $cursor: String) {
    repository(owner: $owner, name: $repo) {
      pullRequests(states: [MERGED], baseRefName: $base, first: 100, after: $cursor, orderBy: { field: UPDATED_AT, direction: DESC }) {
        pageInfo { hasNextPage endCursor }
        nodes { number title url mergedAt updatedAt mergeCommit { oid } commits(first: 1) { nodes { commit { committedDate } } } }
      }
    }
  }
`;

const RELEASES = /* GraphQL */ `
  query DeliveryReleases($owner: String!, $repo: String!, $cursor: String) {
    repository(owner: $owner, name: $repo) {
      releases(first: 100, after: $cursor, orderBy: { field: CREATED_AT, direction: DESC }) {
        pageInfo { hasNextPage endCursor }
        nodes { tagName url isDraft createdAt publishedAt tagCommit { oid } }
      }
    }
  }
`;

const ISSUES = /* GraphQL */ `
  query DeliveryIssues($owner: String!, $repo: String!, $labels: [String!], $since: DateTime!, $cursor: String) {
    repository(owner: $owner, name: $repo) {
      issues(first: 100, after: $cursor, labels: $labels, filterBy: { since: $since }, orderBy: { field: UPDATED_AT, direction: DESC }) {
        pageInfo { hasNextPage endCursor }
        nodes { number title url createdAt closedAt labels(first: 20) { nodes { name } } }
      }
    }
  }
`;

/** Reads pages until `more` says the rest is older than needed (or there are no more pages). */
async function pages<Node>(read: (cursor: string | null) => Promise<{ pageInfo: PageInfo; nodes: Array<Node | null> } | null>, more: (page: Node[]) => boolean): Promise<Node[]> {
  const all: Node[] = [];
  let cursor: string | null = null;
  for (;;) {
    const page = await read(cursor);
    if (!page) return all;
    const nodes = page.nodes.filter((n): n is Node => n !== null);
    all.push(...nodes);
    if (!page.pageInfo.hasNextPage || !page.pageInfo.endCursor || !more(nodes)) return all;
    cursor = page.pageInfo.endCursor;
  }
}

const FINAL: Record<string, DeploymentOutcome> = { SUCCESS: 'success', FAILURE: 'failure', ERROR: 'error' };

function isEmergency(payload: string | null): boolean {
  if (!payload) return false;
  try {
    const value = JSON.parse(payload) as { tollgate?: { gate?: { emergency?: unknown } } };
    return Boolean(value?.tollgate?.gate?.emergency);
  } catch {
    return false;
  }
}

export interface RawDeployment {
  databaseId: number;
  commitOid: string;
  createdAt: string;
  payload: string | null;
  statuses: { nodes: Array<{ state: string; createdAt: string; logUrl: string | null } | null> };
}

export function toDeployment(raw: RawDeployment): DeploymentRecord {
  const final = raw.statuses.nodes
    .filter((s): s is NonNullable<typeof s> => s !== null && s.state in FINAL)
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt))[0];
  return {
    id: raw.databaseId,
    sha: raw.commitOid,
    createdAt: new Date(raw.createdAt),
    outcome: final ? (FINAL[final.state] as DeploymentOutcome) : null,
    finishedAt: final ? new Date(final.createdAt) : null,
    emergency: isEmergency(raw.payload),
    logUrl: final?.logUrl || null
  };
}

export interface DeliveryRequest {
  environment: string;
  /** Nothing older than this is needed (the start of the previous period). */
  since: Date;
  /** Commits are read this much further back, for the lead time of commits deployed late. */
  commitSlackDays: number;
  labels: string[];
}

export async function gatherDeliveryFacts(gh: GitHub, repo: RepoRef, request: DeliveryRequest): Promise<DeliveryFacts> {
  const vars = { owner: repo.owner, repo: repo.repo };
  const since = request.since;
  const commitSince = new Date(since.getTime() - request.commitSlackDays * 86_400_000);
  const older = (iso: string) => new Date(iso).getTime() < since.getTime();

  let branch: string | null = null;
  const commitsTask = pages<{ oid: string; committedDate: string }>(
    async (cursor) => {
      const result = await gh.graphql<{ repository: { defaultBranchRef: { name: string; target: { history?: { pageInfo: PageInfo; nodes: Array<{ oid: string; committedDate: string } | null> } } } | null } | null }>(
        'Reading the default branch history',
        COMMITS,
        { ...vars, since: commitSince.toISOString(), cursor }
      );
      if (!result.repository) throw new FactError(`Repository ${repo.owner}/${repo.repo} cannot be read with this token.`);
      branch = result.repository.defaultBranchRef?.name ?? null;
      return result.repository.defaultBranchRef?.target.history ?? null;
    },
    () => true
  );

  const deploymentsTask = pages<RawDeployment>(
    async (cursor) => {
      const result = await gh.graphql<{ repository: { deployments: { pageInfo: PageInfo; nodes: Array<RawDeployment | null> } } | null }>(
        `Reading the deployments to ${request.environment}`,
        DEPLOYMENTS,
        { ...vars, environment: request.environment, cursor }
      );
      return result.repository?.deployments ?? null;
    },
    (page) => page.length > 0 && !older(page[page.length - 1]!.createdAt)
  );

  type RawRelease = { tagName: string; url: string; isDraft: boolean; createdAt: string; publishedAt: string | null; tagCommit: { oid: string } | null };
  const releasesTask = pages<RawRelease>(
    async (cursor) => {
      const result = await gh.graphql<{ repository: { releases: { pageInfo: PageInfo; nodes: Array<RawRelease | null> } } | null }>('Reading the releases', RELEASES, { ...vars, cursor });
      return result.repository?.releases ?? null;
    },
    (page) => page.length > 0 && !older(page[page.length - 1]!.createdAt)
  );

  type RawIssue = { number: number; title: string; url: string; createdAt: string; closedAt: string | null; labels: { nodes: Array<{ name: string } | null> } };
  const issuesTask =
    request.labels.length === 0
      ? Promise.resolve([] as RawIssue[])
      : pages<RawIssue>(
          async (cursor) => {
            const result = await gh.graphql<{ repository: { issues: { pageInfo: PageInfo; nodes: Array<RawIssue | null> } } | null }>(
              `Reading the issues labelled ${request.labels.join(', ')}`,
              ISSUES,
              { ...vars, labels: request.labels, since: since.toISOString(), cursor }
            );
            return result.repository?.issues ?? null;
          },
          () => true
        );

  const [rawCommits, rawDeployments, rawReleases, rawIssues] = await Promise.all([commitsTask, deploymentsTask, releasesTask, issuesTask]);

  type RawPull = { number: number; title: string; url: string; mergedAt: string | null; updatedAt: string; mergeCommit: { oid: string } | null; commits: { nodes: Array<{ commit: { committedDate: string } } | null> } };
  const rawPulls = branch
    ? await pages<RawPull>(
        async (cursor) => {
          const result = await gh.graphql<{ repository: { pullRequests: { pageInfo: PageInfo; nodes: Array<RawPull | null> } } | null }>(
            'Reading the merged pull requests',
            PULL_REQUESTS,
            { ...vars, base: branch, cursor }
          );
          return result.repository?.pullRequests ?? null;
        },
        (page) => page.length > 0 && !older(page[page.length - 1]!.updatedAt)
      )
    : [];

  const commits: CommitRecord[] = rawCommits.map((c) => ({ sha: c.oid, at: new Date(c.committedDate) }));
  const pullRequests: PullRequestRecord[] = rawPulls.flatMap((pr) =>
    pr.mergedAt
      ? [
          {
            number: pr.number,
            title: pr.title,
            url: pr.url,
            mergedAt: new Date(pr.mergedAt),
            mergeSha: pr.mergeCommit?.oid ?? null,
            firstCommitAt: new Date(pr.commits.nodes[0]?.commit.committedDate ?? pr.mergedAt)
          }
        ]
      : []
  );
  const releases: ReleaseRecord[] = rawReleases.flatMap((r) =>
    !r.isDraft && r.publishedAt ? [{ tag: r.tagName, url: r.url, sha: r.tagCommit?.oid ?? null, publishedAt: new Date(r.publishedAt) }] : []
  );
  const issues: IssueRecord[] = rawIssues.map((i) => ({
    number: i.number,
    title: i.title,
    url: i.url,
    createdAt: new Date(i.createdAt),
    closedAt: i.closedAt ? new Date(i.closedAt) : null,
    labels: i.labels.nodes.flatMap((l) => (l ? [l.name] : []))
  }));
  return { environment: request.environment, deployments: rawDeployments.map(toDeployment), commits, pullRequests, releases, issues, since };
}
