/**
 * What the release write needs to know before policy is evaluated, in one page (one point, usually
 * carried by the release start query):
 * where the requested tag points, where a release range may start (`previous-tag` and the
 * published releases, each compared with the target by GitHub: status only, no commit lists),
 * and where the running workflow file comes from (the default branch, and whether a tag the
 * workflow runs from is in it).
 */
import { FactError } from '../core/errors.js';
import type { GitHub } from '../core/github/client.js';
import type { CompareStatus, RangeFacts } from '../core/facts/range.js';
import type { RepoRef } from './deployments.js';

/**
 * The fields of one page, inside `repository { ... }`. Variables: `$target` (the commit, as a
 * full SHA), `$tagRef`, `$previous`, `$withPrevious`, `$workflowTag`, `$workflowIsTag`, `$cursor`.
 * The release start query carries the first page too (see release-facts.ts), so that a run
 * usually spends no request of its own on it.
 */
export const WRITE_START_FIELDS = /* GraphQL */ `
      requestedTag: ref(qualifiedName: $tagRef) {
        target {
          __typename
          oid
          ... on Tag { target { __typename oid ... on Tag { target { __typename oid ... on Tag { target { __typename oid } } } } } }
        }
      }
      defaultBranchRef {
        name
        workflowTag: compare(headRef: $workflowTag) @include(if: $workflowIsTag) { status }
      }
      previous: ref(qualifiedName: $previous) @include(if: $withPrevious) {
        compare(headRef: $target) { status }
      }
      releases(first: 20, after: $cursor, orderBy: { field: CREATED_AT, direction: DESC }) {
        pageInfo { hasNextPage endCursor }
        nodes {
          tagName
          isDraft
          isPrerelease
          tag {
            toTarget: compare(headRef: $target) { status }
            toPrevious: compare(headRef: $previous) @include(if: $withPrevious) { status }
          }
        }
      }
`;

/** The variable declarations WRITE_START_FIELDS needs besides `$owner`, `$repo` and `$target`. */
export const WRITE_START_VARIABLES = '$tagRef: String!, $previous: String!, $withPrevious: Boolean!, $workflowTag: String!, $workflowIsTag: Boolean!, $cursor: String';

const RANGE_START_QUERY = /* GraphQL */ `
  query ReleaseRangeStart($owner: String!, $repo: String!, $target: String!, ${WRITE_START_VARIABLES}) {
    repository(owner: $owner, name: $repo) {
      ${WRITE_START_FIELDS}
    }
  }
`;

export interface WriteStartRequest {
  target: string;
  tag: string;
  previousTag: string | null;
  workflowRef: string;
}

/** The variables of WRITE_START_FIELDS for a request (first page). */
export function writeStartVariables(request: WriteStartRequest): Record<string, unknown> {
  const withPrevious = request.previousTag !== null;
  const workflowIsTag = request.workflowRef.startsWith('refs/tags/');
  return {
    tagRef: `refs/tags/${request.tag}`,
    previous: withPrevious ? `refs/tags/${request.previousTag}` : '',
    withPrevious,
    workflowTag: workflowIsTag ? request.workflowRef : '',
    workflowIsTag,
    cursor: null
  };
}

interface RawComparison {
  status: string;
}

interface RawObject {
  __typename: string;
  oid: string;
  target?: RawObject;
}

/** One page of WRITE_START_FIELDS, as GitHub answers it. */
export type WriteStartPage = NonNullable<RawRangeStart['repository']>;

interface RawRangeStart {
  repository: {
    requestedTag: { target: RawObject | null } | null;
    defaultBranchRef: { name: string; workflowTag?: RawComparison | null } | null;
    previous?: { compare: RawComparison | null } | null;
    releases: {
      pageInfo: { hasNextPage: boolean; endCursor: string | null };
      nodes: Array<{
        tagName: string;
        isDraft: boolean;
        isPrerelease: boolean;
        tag: { toTarget: RawComparison | null; toPrevious?: RawComparison | null } | null;
      } | null>;
    };
  } | null;
}

const status = (raw: RawComparison | null | undefined): CompareStatus | null => {
  const value = raw?.status.toLowerCase();
  return value === 'ahead' || value === 'behind' || value === 'identical' || value === 'diverged' ? value : null;
};

export interface WriteStart {
  /** The commit the requested tag points at (annotated tags followed), or null when it does not exist. */
  tagAt: string | null;
  range: RangeFacts;
  defaultBranch: string;
  /** For a workflow running from a tag: whether the tagged commit is in the default branch; else null. */
  workflowTagInDefaultBranch: boolean | null;
}

/**
 * Reads the requested tag and the default branch, and compares `previousTag` (when given) and the
 * published releases with the target, newest release first, reading further pages only until a
 * release the target contains is found.
 */
export async function gatherWriteStart(
  gh: GitHub,
  repo: RepoRef,
  request: WriteStartRequest,
  /** The first page, when the release start query already read it for this request. */
  firstPage: WriteStartPage | null = null
): Promise<WriteStart> {
  const { target, previousTag } = request;
  const range: RangeFacts = { previousTag, previousToTarget: null, releases: [] };
  const start: WriteStart = { tagAt: null, range, defaultBranch: '', workflowTagInDefaultBranch: null };
  const variables = writeStartVariables(request);
  const workflowIsTag = variables['workflowIsTag'] === true;
  let cursor: string | null = null;
  for (let page = 0; ; page++) {
    let repository: WriteStartPage | null = page === 0 ? firstPage : null;
    if (!repository) {
      const result: RawRangeStart = await gh.graphql<RawRangeStart>(
        `Reading tag ${request.tag} and comparing the releases${previousTag !== null ? ` and ${previousTag}` : ''} with ${target.slice(0, 7)}`,
        RANGE_START_QUERY,
        { owner: repo.owner, repo: repo.repo, target, ...variables, cursor }
      );
      repository = result.repository;
    }
    if (!repository) throw new FactError(`Repository ${repo.owner}/${repo.repo} cannot be read with this token.`);
    if (page === 0) {
      range.previousToTarget = status(repository.previous?.compare);
      let object = repository.requestedTag?.target ?? null;
      while (object && object.__typename === 'Tag') object = object.target ?? null;
      start.tagAt = object && object.__typename === 'Commit' ? object.oid : null;
      const branch = repository.defaultBranchRef;
      if (!branch) throw new FactError(`The default branch of ${repo.owner}/${repo.repo} cannot be read, so the workflow's release policy cannot be trusted.`);
      start.defaultBranch = branch.name;
      // Base: the default branch; head: the tag. Behind or identical: the tagged commit is in the default branch.
      const contained = status(branch.workflowTag);
      start.workflowTagInDefaultBranch = workflowIsTag ? contained === 'behind' || contained === 'identical' : null;
    }
    let found = false;
    for (const node of repository.releases.nodes) {
      if (!node || node.isDraft || node.isPrerelease || !node.tag) continue;
      const toTarget = status(node.tag.toTarget);
      if (!toTarget) continue;
      range.releases.push({ tag: node.tagName, toTarget, toPrevious: status(node.tag.toPrevious) });
      if (toTarget === 'ahead' || toTarget === 'identical') found = true;
    }
    const info = repository.releases.pageInfo;
    if (found || !info.hasNextPage || !info.endCursor) return start;
    cursor = info.endCursor;
  }
}
