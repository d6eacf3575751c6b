/**
 * `comment: true`: on a pull_request_target `labeled`/`unlabeled` event, keep one comment on that
 * pull request saying whether its approval counts and what the release waits for. A comment that
 * cannot be written is a warning (naming the missing permission), never a failed release step.
 */
import type { RunContext } from '../core/context.js';
import type { GitHub } from '../core/github/client.js';
import { upsertMarkedComment } from '../github/comments.js';
import { COMMENT_MARKER, renderPullRequestComment } from './pr-comment.js';
import type { ReleaseOutcome } from './run.js';

/** The pull request to comment on: only for a label added or removed on a pull_request_target event. */
export function commentTarget(context: RunContext): number | null {
  const payload = context.payload as { action?: string; pull_request?: { number?: number } };
  if (context.eventName !== 'pull_request_target') return null;
  if (payload.action !== 'labeled' && payload.action !== 'unlabeled') return null;
  return typeof payload.pull_request?.number === 'number' ? payload.pull_request.number : null;
}

export async function commentOnPullRequest(
  gh: GitHub,
  context: RunContext,
  outcome: ReleaseOutcome,
  zone: string,
  now: Date,
  log: { info(message: string): void; warning(message: string, properties?: { title?: string }): void }
): Promise<void> {
  const number = commentTarget(context);
  if (number === null) {
    log.info(`comment: true comments only on pull_request_target labeled/unlabeled events; this is ${context.eventName || 'an unknown event'}.`);
    return;
  }
  const body = renderPullRequestComment({ pullRequest: number, outcome, zone, runUrl: context.runUrl, now });
  try {
    const result = await upsertMarkedComment(gh, { owner: context.owner, repo: context.repo }, number, COMMENT_MARKER, body);
    log.info(`Comment on pull request #${number}: ${result}.`);
  } catch (error) {
    log.warning(`${error instanceof Error ? error.message : String(error)}. The release decision above stands; only the comment is missing.`, {
      title: `No comment on pull request #${number}`
    });
  }
}
