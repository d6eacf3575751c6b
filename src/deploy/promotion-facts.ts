/** What is live in the environments a deployment must be promoted from (the live rule of src/core/live.ts). */
import type { GitHub } from '../core/github/client.js';
import type { RepoRef } from '../github/deployments.js';
import { gatherEnvironment } from '../github/environments.js';
import type { PromotionFacts } from './gate.js';

/** For each environment: its current deployment and whether that contains `sha`. */
export async function gatherPromotions(gh: GitHub, repo: RepoRef, sha: string, environments: string[]): Promise<PromotionFacts[]> {
  return Promise.all(
    environments.map(async (environment) => {
      const facts = await gatherEnvironment(gh, repo, sha, environment);
      return { environment, live: facts.live ? { id: facts.live.id, sha: facts.live.sha } : null, containsTarget: facts.liveContainsTarget };
    })
  );
}
