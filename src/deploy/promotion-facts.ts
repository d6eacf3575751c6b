/** What is live in the environments a deployment must be promoted from (placeholder until the live rule lands). */
import type { GitHub } from '../core/github/client.js';
import type { RepoRef } from '../github/deployments.js';
import type { PromotionFacts } from './gate.js';

export async function gatherPromotions(_gh: GitHub, _repo: RepoRef, _sha: string, environments: string[]): Promise<PromotionFacts[]> {
  return environments.map((environment) => ({ environment, live: null, containsTarget: false }));
}
