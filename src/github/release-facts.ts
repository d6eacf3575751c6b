/**
 * Gathers the facts a release decision needs, live from GitHub (never from the event payload):
 * the commits in the range and the pull requests that vouch for them (range.ts), each one's
 * commits, files, complete label history (pull-request-details.ts) and push record (pushes.ts),
 * who the approvers are now (people.ts), and where the target is deployed.
 *
 * GraphQL points: 1 to start, 1 per 100 commits, 1 per 100 pull requests, plus a follow-up
 * request per 50 pull requests whose labels, commits, files or label history do not fit in 100.
 * REST requests: the repository activity (1 per 100 entries, or 1 per branch for up to 3 pull
 * requests), files of pull requests with renames, and people.
 */
import { FactError } from '../core/errors.js';
import type { GitHub } from '../core/github/client.js';
import type { PullRequestFacts } from '../core/facts/pull-requests.js';
import type { ReleaseFacts } from '../core/facts/release.js';
import type { RepoRef } from './deployments.js';
import { gatherEnvironment } from './environments.js';
import { gatherPeople, type PeopleRequest } from './people.js';
import { readPullRequestDetails } from './pull-request-details.js';
import type { PullRequestDetails } from './pull-request-details.js';
import { forkBranchPushes, ownBranchPushes, withBaseChanges } from './pushes.js';
import type { PushRecord } from './pushes.js';
import { ASSOCIATION_FIELDS, commitFacts, readRange } from './range.js';
import { WRITE_START_FIELDS, WRITE_START_VARIABLES, writeStartVariables, type WriteStartPage, type WriteStartRequest } from './release-start.js';
import type { Prefetched, RawCommit, RawCommitPage } from './range.js';

/**
 * One point: the target, the latest release, the requested tag's release, and, at no extra
 * cost (about 102 requests round to 1 point), the target's associations, the first 100 commits
 * since the latest release, which is where the range usually starts, and (when the target is a
 * full SHA) the first page of what the release write checks first (release-start.ts).
 */
export const START_QUERY = /* GraphQL */ `
  query ReleaseStart($owner: String!, $repo: String!, $target: String!, $tag: String!, $withWriteStart: Boolean!, ${WRITE_START_VARIABLES}) {
    repository(owner: $owner, name: $repo) {
      ... on Repository @include(if: $withWriteStart) { ${WRITE_START_FIELDS} }
      target: object(expression: $target) {
        __typename
        ... on Commit { ${ASSOCIATION_FIELDS} }
        ... on Tag { target { __typename ... on Commit { ${ASSOCIATION_FIELDS} } ... on Tag { target { __typename ... on Commit { ${ASSOCIATION_FIELDS} } } } } }
      }
      latestRelease {
        tagName
        tagCommit { oid }
        tag {
          compare(headRef: $target) {
            headTarget { oid }
            commits(first: 100) { pageInfo { hasNextPage endCursor } nodes { ${ASSOCIATION_FIELDS} } }
          }
        }
      }
      requested: release(tagName: $tag) { databaseId isDraft url tagCommit { oid } }
    }
  }
`;

export interface ReleaseStart {
  /** Full SHA of the target. */
  target: string;
  /** What the start read of the range (the target's associations, the first commits since the latest release): pass it on to gatherReleaseFacts. */
  prefetched: Prefetched;
  /** The first page of the write start, read along (null when the target was not given as a full SHA). */
  writeStartPage: WriteStartPage | null;
  latestRelease: { tag: string; sha: string | null } | null;
  /** A published release that already has the requested tag. */
  existing: { id: number; url: string; sha: string | null } | null;
}

/** `object(expression:)` answers a commit, or for an annotated tag the tag object. */
interface TargetObject extends Partial<RawCommit> {
  __typename: string;
  oid?: string;
  target?: TargetObject;
}

/** Resolves the target commit, the latest release and any published release of the tag (one request). */
export async function gatherStart(
  gh: GitHub,
  repo: RepoRef,
  target: string,
  tag: string,
  writeStart: Pick<WriteStartRequest, 'previousTag' | 'workflowRef'>
): Promise<ReleaseStart> {
  // Compared by GitHub against the target as given: only a full SHA is certain to name the commit resolved here.
  const withWriteStart = /^[0-9a-f]{40}$/i.test(target);
  const result = await gh.graphql<{
    repository: (Partial<WriteStartPage> & {
      target: TargetObject | null;
      latestRelease: {
        tagName: string;
        tagCommit: { oid: string } | null;
        tag: { compare: { headTarget: { oid: string } | null; commits: RawCommitPage } | null } | null;
      } | null;
      requested: { databaseId: number; isDraft: boolean; url: string; tagCommit: { oid: string } | null } | null;
    }) | null;
  }>('Reading the release target, the latest release and the commits since it', START_QUERY, {
    owner: repo.owner,
    repo: repo.repo,
    target,
    tag,
    withWriteStart,
    ...writeStartVariables({ target, tag, ...writeStart })
  });
  const repository = result.repository;
  if (!repository) throw new FactError(`Repository ${repo.owner}/${repo.repo} cannot be read with this token.`);
  // An annotated tag names its tag object: the commit is what it points at.
  let object = repository.target;
  while (object && object.__typename === 'Tag') object = object.target ?? null;
  if (!object || object.__typename !== 'Commit' || !object.oid) {
    throw new FactError(`The release target ${JSON.stringify(target)} is not a commit in ${repo.owner}/${repo.repo}.`);
  }
  const requested = repository.requested;
  const latest = repository.latestRelease;
  const compare = latest?.tag?.compare;
  const prefetched: Prefetched = {
    target: object as RawCommit,
    firstPage: latest && compare?.headTarget?.oid === object.oid ? { previousTag: latest.tagName, page: compare.commits } : null
  };
  const writeStartPage = withWriteStart && repository.releases && object.oid.toLowerCase() === target.toLowerCase() ? (repository as WriteStartPage) : null;
  return {
    target: object.oid,
    prefetched,
    writeStartPage,
    latestRelease: repository.latestRelease ? { tag: repository.latestRelease.tagName, sha: repository.latestRelease.tagCommit?.oid ?? null } : null,
    existing: requested && !requested.isDraft ? { id: requested.databaseId, url: requested.url, sha: requested.tagCommit?.oid ?? null } : null
  };
}

export interface GatherRequest {
  target: string;
  previousTag: string | null;
  /** `all`: every pull request in the range; `latest`: the one that brought the target. */
  scope: 'all' | 'latest';
  /** Read each pull request's changed files (needed when paths can make a change standard). */
  withFiles: boolean;
  /** Whose labels matter and what to read about them. */
  people: PeopleRequest;
  /** Environments where the target's deployments are read. */
  environments: string[];
  /** The current time (default: now): a commit made minutes before it whose association is empty is read again. */
  now?: Date;
  /** What gatherStart already read of the range, so it is not read twice. */
  prefetched?: Prefetched | null;
}

/** Gathers every fact the decision needs. Any fact that cannot be read throws: nothing is released. */
export async function gatherReleaseFacts(gh: GitHub, repo: RepoRef, request: GatherRequest): Promise<ReleaseFacts> {
  const { target, previousTag } = request;
  const repository = `${repo.owner}/${repo.repo}`;
  const range = await readRange(gh, repo, {
    target,
    previousTag,
    scope: request.scope,
    now: request.now ?? new Date(),
    prefetched: request.prefetched?.target?.oid === target ? request.prefetched : null
  });
  const { commits, vouchers } = commitFacts(range, repository);

  const details = await readPullRequestDetails(
    gh,
    repo,
    [...vouchers.values()].map((pr) => pr.id),
    { withFiles: request.withFiles }
  );
  const own = details.filter((pr) => !pr.fromFork);
  const { records } = own.length > 0 ? await ownBranchPushes(gh, repo, own) : { records: new Map<number, PushRecord>() };
  const pullRequests = details
    .map((pr) => toFacts(pr, withBaseChanges(pr, pr.fromFork ? forkBranchPushes(pr) : (records.get(pr.number) as PushRecord))))
    .sort((a, b) => a.number - b.number);

  const [people, deployments] = await Promise.all([
    gatherPeople(gh, repo, pullRequests, request.people),
    Promise.all(request.environments.map((environment) => gatherEnvironment(gh, repo, target, environment)))
  ]);
  return { target, previousTag, commits, pullRequests, people, deployments };
}

function toFacts(pr: PullRequestDetails, push: PushRecord): PullRequestFacts {
  return {
    repository: pr.repository,
    number: pr.number,
    title: pr.title,
    url: pr.url,
    author: pr.author,
    baseRef: pr.baseRef,
    mergedAt: pr.mergedAt,
    mergeCommit: pr.mergeCommit,
    fromFork: pr.fromFork,
    lastPushAt: push.lastPushAt,
    pushSource: push.pushSource,
    pushes: push.pushes,
    commits: pr.commits,
    labels: pr.labels,
    labelEvents: pr.labelEvents,
    files: pr.files
  };
}
