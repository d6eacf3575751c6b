/** Typo hints for a blocked run: gathered in one request, warned about, and never an error. */
import type { RunContext } from '../core/context.js';
import type { GitHub } from '../core/github/client.js';
import { readHintFacts } from '../github/hint-facts.js';
import type { ReleaseConfig } from './config.js';
import { configHints } from './hints.js';

export async function gatherHints(
  gh: GitHub,
  context: RunContext,
  config: ReleaseConfig,
  log: { warning(message: string, properties?: { title?: string }): void; debug(message: string): void }
): Promise<string[]> {
  const { approval, requireDeployment } = config.policy;
  const seen = new Set<string>();
  const approvers = [...approval.approvers, ...approval.emergencyApprovers].filter((a) => {
    const key = a.kind === 'user' ? a.login.toLowerCase() : `${a.org}/${a.slug}`.toLowerCase();
    return !seen.has(key) && seen.add(key);
  });
  try {
    const facts = await readHintFacts(gh, { owner: context.owner, repo: context.repo }, { environments: requireDeployment, approvers });
    const hints = facts ? configHints(config.policy, facts, `${context.owner}/${context.repo}`) : [];
    for (const hint of hints) log.warning(hint, { title: 'Possible typo in the release-action inputs' });
    return hints;
  } catch (error) {
    log.debug(`Typo hints skipped: ${error instanceof Error ? error.message : String(error)}`);
    return [];
  }
}
