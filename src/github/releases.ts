/**
 * GitHub Releases and tags: the reads and writes release-action needs to converge on
 * exactly one release per tag.
 */
import { ApiError } from '../core/errors.js';
import type { GitHub } from '../core/github/client.js';
import type { RepoRef } from './deployments.js';

export interface Release {
  id: number;
  tag: string;
  name: string | null;
  draft: boolean;
  prerelease: boolean;
  url: string;
  targetCommitish: string;
  createdAt: string;
  body: string;
  /** The names of its assets. */
  assets: string[];
}

interface RawRelease {
  id: number;
  tag_name: string;
  name: string | null;
  draft: boolean;
  prerelease: boolean;
  html_url: string;
  target_commitish: string;
  created_at: string;
  body?: string | null;
  assets?: Array<{ name: string }>;
}

const toRelease = (raw: RawRelease): Release => ({
  id: raw.id,
  tag: raw.tag_name,
  name: raw.name,
  draft: raw.draft,
  prerelease: raw.prerelease,
  url: raw.html_url,
  targetCommitish: raw.target_commitish,
  createdAt: raw.created_at,
  body: raw.body ?? '',
  assets: (raw.assets ?? []).map((a) => a.name)
});

/**
 * A write whose answer never came (dropped, a 5xx, or timed out after it was sent): GitHub may
 * have carried it out, so the caller reads back before sending it again. The client says so
 * (ApiError.outcomeUnknown); a write that was never sent (no time left) is not lost, just not done.
 */
export const answerLost = (error: unknown): boolean => error instanceof ApiError && error.outcomeUnknown;

const notFound = (error: unknown) => error instanceof ApiError && error.status === 404;

/** The published release with this tag, or null (GitHub answers 404 for drafts here). */
export async function findPublishedRelease(gh: GitHub, repo: RepoRef, tag: string): Promise<Release | null> {
  try {
    const response = await gh.call(`Reading the release of tag ${tag}`, (rest) => rest.rest.repos.getReleaseByTag({ ...repo, tag }));
    return toRelease(response.data as RawRelease);
  } catch (error) {
    if (notFound(error)) return null;
    throw error;
  }
}

/** Draft releases with this tag, found across all pages of the release list (newest first). */
export async function findDrafts(gh: GitHub, repo: RepoRef, tag: string): Promise<Release[]> {
  const all = await gh.call(`Listing releases to find drafts of ${tag}`, (rest) =>
    rest.paginate(rest.rest.repos.listReleases, { ...repo, per_page: 100 })
  );
  return (all as RawRelease[]).filter((r) => r.draft && r.tag_name === tag).map(toRelease);
}

const TAG_QUERY = /* GraphQL */ `
  query ReleaseTag($owner: String!, $repo: String!, $ref: String!) {
    repository(owner: $owner, name: $repo) {
      ref(qualifiedName: $ref) {
        target {
          __typename
          oid
          ... on Tag { target { __typename oid ... on Tag { target { __typename oid ... on Tag { target { __typename oid } } } } } }
        }
      }
    }
  }
`;

interface TagTarget {
  __typename: string;
  oid: string;
  target?: TagTarget;
}

/**
 * The commit a tag points at (annotated tags are followed), or null when the tag does not exist.
 * Read through GraphQL, which answers a missing tag with null: the REST ref lookup answers 404,
 * which is expected here but would be logged as a failed request.
 */
export async function tagCommit(gh: GitHub, repo: RepoRef, tag: string): Promise<string | null> {
  const result = await gh.graphql<{ repository: { ref: { target: TagTarget | null } | null } | null }>(
    `Reading tag ${tag}`,
    TAG_QUERY,
    { owner: repo.owner, repo: repo.repo, ref: `refs/tags/${tag}` }
  );
  let object = result.repository?.ref?.target ?? null;
  while (object && object.__typename === 'Tag') object = object.target ?? null;
  return object && object.__typename === 'Commit' ? object.oid : null;
}

export interface ReleaseContent {
  tag: string;
  target: string;
  name: string;
  body: string;
  draft: boolean;
  prerelease: boolean;
  makeLatest?: 'true' | 'false' | 'legacy';
}

const contentFields = (content: ReleaseContent) => ({
  name: content.name,
  body: content.body,
  draft: content.draft,
  prerelease: content.prerelease,
  ...(content.makeLatest ? { make_latest: content.makeLatest } : {})
});

export type CreateResult = { created: Release } | { alreadyExists: true } | { lost: ApiError };

/**
 * Creates the release, sent once: a tag that a published release already has comes back as
 * `alreadyExists`, a lost answer as `lost` (the release may exist: read back before sending again).
 */
export async function createRelease(gh: GitHub, repo: RepoRef, content: ReleaseContent): Promise<CreateResult> {
  try {
    const response = await gh.call(`Creating release ${content.tag}`, (rest) =>
      rest.rest.repos.createRelease({ ...repo, tag_name: content.tag, target_commitish: content.target, ...contentFields(content) })
    );
    return { created: toRelease(response.data as RawRelease) };
  } catch (error) {
    if (error instanceof ApiError && error.status === 422 && /already_exists/.test(error.detail)) return { alreadyExists: true };
    if (answerLost(error)) return { lost: error as ApiError };
    throw error;
  }
}

/** One release by id (drafts too, with a token that can push), or null when it is gone. */
export async function getRelease(gh: GitHub, repo: RepoRef, id: number): Promise<Release | null> {
  try {
    const response = await gh.call(`Reading release ${id}`, (rest) => rest.rest.repos.getRelease({ ...repo, release_id: id }));
    return toRelease(response.data as RawRelease);
  } catch (error) {
    if (notFound(error)) return null;
    throw error;
  }
}

export type TagRefResult = 'created' | 'exists' | { lost: ApiError };

/**
 * Creates `refs/tags/{tag}` at `sha`: atomic on GitHub, so exactly one writer gets `created`;
 * `exists` when the tag is already there (at whatever commit). Sent once: a lost answer is `lost`.
 */
export async function createTagRef(gh: GitHub, repo: RepoRef, tag: string, sha: string): Promise<TagRefResult> {
  try {
    await gh.call(`Creating tag ${tag} at ${sha.slice(0, 7)}`, (rest) => rest.rest.git.createRef({ ...repo, ref: `refs/tags/${tag}`, sha }));
    return 'created';
  } catch (error) {
    if (error instanceof ApiError && error.status === 422 && /already exists/i.test(error.detail)) return 'exists';
    if (answerLost(error)) return { lost: error as ApiError };
    throw error;
  }
}

export type UpdateResult = { updated: Release } | { lost: ApiError };

/** Publishes (or refreshes) a draft in place, sent once; a lost answer is `lost` (read back). */
export async function updateRelease(gh: GitHub, repo: RepoRef, id: number, content: ReleaseContent): Promise<UpdateResult> {
  try {
    const response = await gh.call(`Updating draft release ${id} (${content.tag})`, (rest) =>
      rest.rest.repos.updateRelease({ ...repo, release_id: id, tag_name: content.tag, target_commitish: content.target, ...contentFields(content) })
    );
    return { updated: toRelease(response.data as RawRelease) };
  } catch (error) {
    if (answerLost(error)) return { lost: error as ApiError };
    throw error;
  }
}

/** Deletes a release this run created (a duplicate draft); a release already gone is fine. */
export async function deleteRelease(gh: GitHub, repo: RepoRef, id: number): Promise<void> {
  try {
    await gh.call(`Deleting draft release ${id}`, (rest) => rest.rest.repos.deleteRelease({ ...repo, release_id: id }));
  } catch (error) {
    if (!notFound(error)) throw error;
  }
}

/** GitHub's generated notes for the range previousTag..tag. */
export async function generateNotes(gh: GitHub, repo: RepoRef, tag: string, target: string, previousTag: string | null): Promise<string> {
  const response = await gh.call(`Generating release notes for ${tag}`, (rest) =>
    rest.rest.repos.generateReleaseNotes({ ...repo, tag_name: tag, target_commitish: target, ...(previousTag ? { previous_tag_name: previousTag } : {}) })
  );
  return response.data.body;
}
