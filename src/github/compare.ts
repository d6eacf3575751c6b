/**
 * Whether one commit contains another (is it, or has it in its history): GitHub's compare,
 * status only. The one place both actions ask this: what is live in an environment contains
 * the commit (promotion, live-now), and a pull request's merge commit is in the history of the
 * deployed commit (vouching).
 */
import { ApiError } from '../core/errors.js';
import type { GitHub } from '../core/github/client.js';
import type { RepoRef } from './deployments.js';

/**
 * True when `head` is `base` or a descendant of it. A commit GitHub cannot compare (unknown,
 * or force-pushed away: 404) contains nothing, so a caller relying on it fails closed.
 * `headName` says what `head` is in the operation's name (e.g. "the live").
 */
export async function containsCommit(gh: GitHub, repo: RepoRef, head: string, base: string, headName = ''): Promise<boolean> {
  if (head.toLowerCase() === base.toLowerCase()) return true;
  try {
    const response = await gh.call(`Comparing ${base.slice(0, 7)} with ${headName ? `${headName} ` : ''}${head.slice(0, 7)}`, (rest) =>
      rest.rest.repos.compareCommitsWithBasehead({ ...repo, basehead: `${base}...${head}`, per_page: 1 })
    );
    return response.data.status === 'ahead' || response.data.status === 'identical';
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return false;
    throw error;
  }
}
