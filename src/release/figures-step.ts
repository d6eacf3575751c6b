/** Reads what a release's own figures need and computes them; a failure to read omits them with a warning, never blocks. */
import type { GitHub } from '../core/github/client.js';
import type { RepoRef } from '../github/deployments.js';
import { readReleaseHistory } from '../github/release-history.js';
import type { ReleaseFacts } from './model.js';
import { releaseFigures, type ReleaseFigures } from './release-figures.js';

export async function figuresFor(
  gh: GitHub,
  repo: RepoRef,
  input: { previousTag: string | null; facts: ReleaseFacts; environments: string[]; now: Date },
  log: { warning(message: string): void }
): Promise<ReleaseFigures | null> {
  try {
    const history = await readReleaseHistory(gh, repo, input.previousTag, input.environments);
    return releaseFigures(input.facts.pullRequests, input.previousTag, history, input.now);
  } catch (error) {
    log.warning(`The release's own figures were left out: ${error instanceof Error ? error.message : String(error)}`);
    return null;
  }
}
