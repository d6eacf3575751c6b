/**
 * Hints for a deployment the gate found not promoted: a `require-environment` that never had a
 * deployment at all is most likely a typo. Read in one request, only then; a warning and a line
 * in the summary, never a block of their own (the gate already decided `not-promoted`) and never
 * an error.
 */
import type { GitHub } from '../core/github/client.js';
import { neverDeployedHint } from '../core/hints.js';
import type { RepoRef } from '../github/deployments.js';
import { readHintFacts } from '../github/hint-facts.js';
import type { GateCheck } from './gate-check.js';

export const HINT_TITLE = 'Possible typo in the deploy-action inputs';

/** The environments to look at: required, not promoted, and with nothing live at all. */
export function hintCandidates(check: GateCheck, required: string[]): string[] {
  if (!check.decision.reasons.some((r) => r.code === 'not-promoted')) return [];
  return required.filter((environment) => {
    const promotion = check.facts.promotions.find((p) => p.environment.toLowerCase() === environment.toLowerCase());
    return !promotion?.live;
  });
}

export async function gatherGateHints(
  gh: GitHub,
  repo: RepoRef,
  check: GateCheck,
  required: string[],
  log: { warning(message: string, properties?: { title?: string }): void; debug(message: string): void }
): Promise<string[]> {
  const environments = hintCandidates(check, required);
  if (environments.length === 0) return [];
  try {
    const facts = await readHintFacts(gh, repo, { environments, approvers: [] });
    if (!facts) return [];
    const repository = `${repo.owner}/${repo.repo}`;
    const hints = facts.neverDeployed.map((environment) => neverDeployedHint('require-environment', repository, environment, facts.deployedEnvironments ?? []));
    for (const hint of hints) log.warning(hint, { title: HINT_TITLE });
    return hints;
  } catch (error) {
    log.debug(`Typo hints skipped: ${error instanceof Error ? error.message : String(error)}`);
    return [];
  }
}

/** The summary's hint section, or nothing. */
export function renderHints(hints: string[]): string {
  return hints.length > 0 ? `\n**Hints** (possible typos in the inputs):\n${hints.map((h) => `- ${h}`).join('\n')}\n` : '';
}
