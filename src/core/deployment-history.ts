/**
 * What each deployment of an environment was (pure): a rollback, a failure, and when a failure
 * was recovered. Used by deploy-action's delivery report and release-action's release figures.
 */
import type { CommitRecord, DeploymentRecord } from './delivery.js';

/** What each deployment was, for the figures and for tracing them back. */
export interface DeploymentVerdict {
  deployment: DeploymentRecord;
  rollback: boolean;
  /** Failed itself (failure/error), or was followed by a rollback or an emergency change. */
  failed: boolean;
  /** For a failed deployment: when the next successful deployment finished (null: not yet). */
  recoveredAt: Date | null;
}

/**
 * Each finished deployment in time order, with whether it was a rollback (it put back a commit
 * older than the one live before it), whether it failed (its own status, or a rollback or an
 * emergency change right after it), and when a failure was recovered.
 */
export function judgeDeployments(facts: { deployments: DeploymentRecord[]; commits: CommitRecord[] }): DeploymentVerdict[] {
  const position = new Map(facts.commits.map((c, i) => [c.sha, i]));
  const finished = facts.deployments
    .filter((d) => d.outcome !== null && d.finishedAt !== null)
    .sort((a, b) => (a.finishedAt as Date).getTime() - (b.finishedAt as Date).getTime() || a.id - b.id);
  const verdicts: DeploymentVerdict[] = [];
  const everLive = new Set<string>();
  let live: string | null = null;
  for (const deployment of finished) {
    let rollback = false;
    if (deployment.outcome === 'success') {
      if (live !== null && deployment.sha !== live) {
        const now = position.get(deployment.sha);
        const before = position.get(live);
        // Newest first: a larger position is an older commit. Off the history, "was live before" decides.
        rollback = now !== undefined && before !== undefined ? now > before : everLive.has(deployment.sha);
      }
      live = deployment.sha;
      everLive.add(deployment.sha);
    }
    verdicts.push({ deployment, rollback, failed: deployment.outcome !== 'success', recoveredAt: null });
  }
  for (let i = 0; i < verdicts.length; i++) {
    const verdict = verdicts[i] as DeploymentVerdict;
    const next = verdicts[i + 1];
    if (next && (next.rollback || next.deployment.emergency)) verdict.failed = true;
    if (!verdict.failed) continue;
    const recovery = verdicts.slice(i + 1).find((v) => v.deployment.outcome === 'success');
    verdict.recoveredAt = recovery ? recovery.deployment.finishedAt : null;
  }
  return verdicts;
}

