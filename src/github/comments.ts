/**
 * One comment per pull request, updated in place: found by a hidden marker among the comments a
 * bot wrote (a person quoting the marker does not take it over), created only when there is none.
 * A create whose answer was lost may have happened: the comments are read again before any retry.
 */
import { ApiError } from '../core/errors.js';
import type { GitHub } from '../core/github/client.js';
import type { RepoRef } from './deployments.js';

interface RawComment {
  id: number;
  body?: string | null;
  user: { login: string; type: string } | null;
}

async function findMarked(gh: GitHub, repo: RepoRef, number: number, marker: string): Promise<RawComment | undefined> {
  const comments = await gh.call(`Reading the comments of pull request #${number}`, (rest) =>
    rest.paginate(rest.rest.issues.listComments, { ...repo, issue_number: number, per_page: 100 })
  );
  return (comments as RawComment[]).find((c) => c.user?.type === 'Bot' && (c.body ?? '').startsWith(marker));
}

export type CommentResult = 'created' | 'updated' | 'unchanged';

export async function upsertMarkedComment(gh: GitHub, repo: RepoRef, number: number, marker: string, body: string): Promise<CommentResult> {
  const update = async (existing: RawComment): Promise<CommentResult> => {
    if (existing.body === body) return 'unchanged';
    await gh.call(`Updating the Tollgate comment on pull request #${number}`, (rest) =>
      rest.rest.issues.updateComment({ ...repo, comment_id: existing.id, body })
    );
    return 'updated';
  };
  const existing = await findMarked(gh, repo, number, marker);
  if (existing) return update(existing);
  try {
    await gh.call(`Commenting on pull request #${number}`, (rest) => rest.rest.issues.createComment({ ...repo, issue_number: number, body }));
    return 'created';
  } catch (error) {
    // No answer, or a 5xx: GitHub may have created it. Read back instead of posting twice.
    const unknown = error instanceof ApiError && (error.status === undefined || error.status >= 500);
    if (!unknown) throw error;
    const created = await findMarked(gh, repo, number, marker);
    if (!created) throw error;
    return update(created);
  }
}
