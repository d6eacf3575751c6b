/**
 * The commits a release contains, and which pull requests vouch for each of them.
 *
 * GitHub's commit ↔ pull request association returns more than "the pull request that brought
 * this commit to the release branch": pull requests merged into other branches, closed and open
 * ones, a fork's own pull requests (numbered in the fork) and null nodes, and right after a merge
 * sometimes nothing. A pull request vouches for a commit only if it is a merged pull request of
 * this repository whose merge commit is itself in the range (merge, squash and rebase merges all
 * satisfy this). Everything else is kept as `ignored`, with why.
 *
 * A page asks only for what it needs: 100 commits, each with at most 5 associations and 6 scalar
 * fields of theirs, so GitHub charges 1 point per 100 commits (1 + 100 × 1 requests / 100).
 */
import { FactError } from '../core/errors.js';
import type { GitHub } from '../core/github/client.js';
import type { CommitFacts, IgnoredAssociation } from '../core/facts/commits.js';
import type { RepoRef } from './deployments.js';

/** Associations per commit on a range page; a commit with more is read in full over REST. */
export const ASSOCIATIONS_PER_COMMIT = 5;

/** A commit this recent with no association is read once more: GitHub may still be computing it. */
export const RECHECK_WITHIN_MS = 10 * 60_000;

/** A commit with what GitHub associates with it: the fields every range query asks for. */
export const ASSOCIATION_FIELDS = /* GraphQL */ `
  oid
  messageHeadline
  committedDate
  associatedPullRequests(first: ${ASSOCIATIONS_PER_COMMIT}) {
    pageInfo { hasNextPage }
    nodes { id number merged baseRefName mergeCommit { oid } baseRepository { nameWithOwner } }
  }
`;

export const RANGE_QUERY = /* GraphQL */ `
  query ReleaseRange($owner: String!, $repo: String!, $base: String!, $head: String!, $cursor: String) {
    repository(owner: $owner, name: $repo) {
      ref(qualifiedName: $base) {
        compare(headRef: $head) {
          commits(first: 100, after: $cursor) {
            pageInfo { hasNextPage endCursor }
            nodes { ${ASSOCIATION_FIELDS} }
          }
        }
      }
    }
  }
`;

export const TARGET_QUERY = /* GraphQL */ `
  query ReleaseTarget($owner: String!, $repo: String!, $head: GitObjectID!) {
    repository(owner: $owner, name: $repo) {
      object(oid: $head) { ... on Commit { ${ASSOCIATION_FIELDS} } }
    }
  }
`;

/** What an association says about one pull request, from GraphQL or REST. */
export interface Association {
  /** GraphQL node id (for the details query). */
  id: string;
  repository: string;
  number: number;
  merged: boolean;
  baseRef: string;
  mergeCommit: string | null;
}

interface RawAssociation {
  id: string;
  number: number;
  merged: boolean;
  baseRefName: string;
  mergeCommit: { oid: string } | null;
  baseRepository: { nameWithOwner: string } | null;
}

export interface RawCommit {
  oid: string;
  messageHeadline: string;
  committedDate: string;
  associatedPullRequests: { pageInfo: { hasNextPage: boolean }; nodes: Array<RawAssociation | null> };
}

/** A commit of the range with everything GitHub associates with it (null: a node GitHub did not show). */
export interface RangeCommit {
  sha: string;
  headline: string;
  committedAt: Date;
  associations: Array<Association | null>;
  /** True when the association was empty and was read again over REST. */
  rechecked: boolean;
}

export interface Range {
  /** Oldest first for a tag range; just the target for `approval-scope: latest`. */
  commits: RangeCommit[];
  /** Every commit sha in the range, lower case. */
  shas: Set<string>;
}

function toAssociation(raw: RawAssociation | null): Association | null {
  if (!raw) return null;
  return {
    id: raw.id,
    repository: raw.baseRepository?.nameWithOwner ?? '(a repository GitHub does not show)',
    number: raw.number,
    merged: raw.merged,
    baseRef: raw.baseRefName,
    mergeCommit: raw.mergeCommit?.oid ?? null
  };
}

function toRangeCommit(raw: RawCommit): RangeCommit & { more: boolean } {
  return {
    sha: raw.oid,
    headline: raw.messageHeadline,
    committedAt: new Date(raw.committedDate),
    associations: raw.associatedPullRequests.nodes.map(toAssociation),
    rechecked: false,
    more: raw.associatedPullRequests.pageInfo.hasNextPage
  };
}

/** A page of the range's commits. */
export interface RawCommitPage {
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  nodes: RawCommit[];
}

/**
 * What an earlier query already read at no extra cost (see release-facts.ts): the target commit
 * with its associations, and the first page of commits from a tag to the target.
 */
export interface Prefetched {
  target: RawCommit | null;
  firstPage: { previousTag: string; page: RawCommitPage } | null;
}

/** The commits from `previousTag` (exclusive) to `target`, or just the target, with their associations. */
export async function readRange(
  gh: GitHub,
  repo: RepoRef,
  request: { target: string; previousTag: string | null; scope: 'all' | 'latest'; now: Date; prefetched?: Prefetched | null }
): Promise<Range> {
  const { target, previousTag } = request;
  const raw: Array<RangeCommit & { more: boolean }> = [];
  if (request.scope === 'latest') {
    let commit = request.prefetched?.target?.oid === target ? request.prefetched.target : null;
    if (!commit) {
      const result = await gh.graphql<{ repository: { object: RawCommit | null } | null }>(
        'Reading the pull request that brought the target',
        TARGET_QUERY,
        { owner: repo.owner, repo: repo.repo, head: target }
      );
      commit = result.repository?.object ?? null;
    }
    if (!commit?.oid) throw new FactError(`Commit ${target} cannot be read.`);
    raw.push(toRangeCommit(commit));
  } else if (previousTag) {
    let cursor: string | null = null;
    const first = request.prefetched?.firstPage?.previousTag === previousTag ? request.prefetched.firstPage.page : null;
    if (first) {
      raw.push(...first.nodes.map(toRangeCommit));
      cursor = first.pageInfo.hasNextPage ? first.pageInfo.endCursor : null;
    }
    for (;;) {
      if (first && cursor === null) break;
      const result: { repository: { ref: { compare: { commits: RawCommitPage } | null } | null } | null } =
        await gh.graphql(`Reading the commits from ${previousTag} to ${target.slice(0, 7)}`, RANGE_QUERY, {
          owner: repo.owner,
          repo: repo.repo,
          base: `refs/tags/${previousTag}`,
          head: target,
          cursor
        });
      const ref = result.repository?.ref;
      if (!ref) throw new FactError(`The previous tag ${previousTag} does not exist, so the range of changes to release cannot be established.`);
      if (!ref.compare) throw new FactError(`GitHub cannot compare ${previousTag} with ${target}.`);
      raw.push(...ref.compare.commits.nodes.map(toRangeCommit));
      const info = ref.compare.commits.pageInfo;
      if (!info.hasNextPage || !info.endCursor) break;
      cursor = info.endCursor;
    }
  } else {
    // Every repository's history starts with commits nobody approved through a pull request.
    throw new FactError(
      `There is no published release to start from, so the pull requests to approve cannot be established. ` +
        `Set 'previous-tag' to the tag after which every change needs approval, or use 'approval-scope: latest'.`
    );
  }

  // More associations than a page holds, or none yet for a commit made minutes ago: ask REST.
  for (const commit of raw) {
    const recent = request.now.getTime() - commit.committedAt.getTime() <= RECHECK_WITHIN_MS;
    if (commit.more || (commit.associations.length === 0 && recent)) {
      const again = await readAssociationsRest(gh, repo, commit.sha);
      if (commit.associations.length === 0) commit.rechecked = true;
      commit.associations = again;
    }
  }
  const commits = raw.map(({ more: _more, ...commit }) => commit);
  return { commits, shas: new Set(commits.map((c) => c.sha.toLowerCase())) };
}

interface RestPull {
  node_id: string;
  number: number;
  merged_at: string | null;
  merge_commit_sha: string | null;
  base: { ref: string; repo: { full_name: string } | null };
}

/** Every pull request REST associates with a commit (`commits/{sha}/pulls`, all pages). */
async function readAssociationsRest(gh: GitHub, repo: RepoRef, sha: string): Promise<Association[]> {
  const out: Association[] = [];
  for (let page = 1; ; page++) {
    const response = await gh.call(`Reading the pull requests of commit ${sha.slice(0, 7)}`, (rest) =>
      rest.rest.repos.listPullRequestsAssociatedWithCommit({ ...repo, commit_sha: sha, per_page: 100, page })
    );
    const pulls = response.data as unknown as RestPull[];
    for (const pr of pulls) {
      out.push({
        id: pr.node_id,
        repository: pr.base.repo?.full_name ?? '(a repository GitHub does not show)',
        number: pr.number,
        merged: pr.merged_at !== null,
        baseRef: pr.base.ref,
        // REST fills merge_commit_sha for open pull requests too (a test merge): only a merged one's counts.
        mergeCommit: pr.merged_at !== null ? pr.merge_commit_sha : null
      });
    }
    if (pulls.length < 100) return out;
  }
}

/** The commits a pull request's merge commit must be among to vouch, and how a reason names them. */
export interface VouchedCommits {
  /** Lower-case shas. */
  shas: Set<string>;
  /** Default: "the commits being released". */
  described?: string;
}

/**
 * Which associated pull requests vouch for a commit, and why the others do not. Pull requests
 * are keyed by repository and number: a fork's #12 is not this repository's #12. A pull
 * request vouches when it could (`whyNotMerged`) and its merge commit is among `included`.
 */
export function vouching(commit: RangeCommit, included: VouchedCommits, repository: string): { vouchers: Association[]; ignored: IgnoredAssociation[] } {
  const vouchers: Association[] = [];
  const ignored: IgnoredAssociation[] = [];
  const seen = new Set<string>();
  for (const association of commit.associations) {
    if (!association) {
      ignored.push({ pullRequest: '(not shown)', why: 'GitHub returned a pull request it does not show (e.g. of a deleted fork)' });
      continue;
    }
    const key = `${association.repository}#${association.number}`;
    if (seen.has(key.toLowerCase())) continue;
    seen.add(key.toLowerCase());
    const why = whyNot(association, included, repository);
    if (why) ignored.push({ pullRequest: key, why });
    else vouchers.push(association);
  }
  return { vouchers, ignored };
}

/**
 * Why a pull request cannot vouch for anything, whatever the commits: not of `repository`, not
 * merged, or merged without a merge commit GitHub reports. Null when it can, if its merge commit
 * is among the vouched commits.
 */
export function whyNotMerged(pr: Association, repository: string): string | null {
  if (pr.repository.toLowerCase() !== repository.toLowerCase()) return `a pull request of ${pr.repository}, not of ${repository}`;
  if (!pr.merged) return `not merged (into ${pr.baseRef})`;
  if (!pr.mergeCommit) return `merged into ${pr.baseRef} without a merge commit GitHub reports`;
  return null;
}

function whyNot(pr: Association, included: VouchedCommits, repository: string): string | null {
  const why = whyNotMerged(pr, repository);
  if (why) return why;
  if (!included.shas.has((pr.mergeCommit ?? '').toLowerCase())) {
    return `merged into ${pr.baseRef}; its merge commit ${(pr.mergeCommit ?? '').slice(0, 7)} is not among ${included.described ?? 'the commits being released'}`;
  }
  return null;
}

/** The commit facts of a range: newest first, each with the numbers of the pull requests vouching for it. */
export function commitFacts(range: Range, repository: string): { commits: CommitFacts[]; vouchers: Map<number, Association> } {
  const vouchers = new Map<number, Association>();
  const commits: CommitFacts[] = [];
  for (const commit of range.commits) {
    const found = vouching(commit, range, repository);
    for (const pr of found.vouchers) if (!vouchers.has(pr.number)) vouchers.set(pr.number, pr);
    commits.push({
      sha: commit.sha,
      headline: commit.headline,
      pullRequests: found.vouchers.map((pr) => pr.number),
      ignored: found.ignored,
      rechecked: commit.rechecked
    });
  }
  commits.reverse();
  return { commits, vouchers };
}
