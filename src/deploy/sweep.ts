/**
 * Marking an environment's older deployments inactive, within GitHub's limits on writes: one
 * write at a time with at least a second between them, at most SWEEP_LIMIT a run, and stopping
 * before the step's time limit. What is left, the next run continues.
 */
import type { StepDeadline } from '../core/deadline.js';
import type { GitHub } from '../core/github/client.js';
import type { WritePacer } from '../core/github/pacing.js';
import { createStatus, listEnvironmentDeployments, type RepoRef } from '../github/deployments.js';

/**
 * At most this many deployments are marked inactive per run. At one a second that is under a
 * minute, and with the run's own two writes well under GitHub's 80 content-creating requests a
 * minute.
 */
export const SWEEP_LIMIT = 50;

export interface SweepDeps {
  gh: GitHub;
  repo: RepoRef;
  log: { info(message: string): void; warning(message: string): void };
  pacer: WritePacer;
  deadline?: StepDeadline;
}

export interface SweepRequest {
  environment: string;
  /** The deployment that stays active (the one just deployed), if any. */
  keep: number | null;
  dryRun: boolean;
  logUrl: string;
  /** Description of each `inactive` status. */
  description: string;
}

export interface SweepResult {
  /** Deployments marked inactive (or that would be, in a dry run), newest first. */
  deactivated: number[];
  writes: string[];
  /** Active deployments remain for the next run. */
  more: boolean;
}

/** Marks the environment's active deployments inactive, newest first, except `keep`. */
export async function sweepInactive(deps: SweepDeps, request: SweepRequest): Promise<SweepResult> {
  const { gh, repo, log, pacer, deadline } = deps;
  const result: SweepResult = { deactivated: [], writes: [], more: false };
  const isActive = (d: { state: string; id: number }) => d.state === 'ACTIVE' && d.id !== request.keep;
  // Reading stops at the page where more than a run's worth of active ones were found.
  const deployments = await listEnvironmentDeployments(gh, repo, request.environment, (sofar) => sofar.filter(isActive).length > SWEEP_LIMIT);
  const active = deployments.filter(isActive);
  const batch = active.slice(0, SWEEP_LIMIT);
  result.more = active.length > batch.length;
  for (const deployment of batch) {
    const label = `deployment ${deployment.id} (${deployment.sha.slice(0, 7)})`;
    if (request.dryRun) {
      result.writes.push(`mark ${label} inactive`);
      result.deactivated.push(deployment.id);
      continue;
    }
    if (deadline && deadline.remainingMs() < pacer.waitMs() + deadline.requestTimeoutMs) {
      log.warning(`Stopped marking deployments inactive to stay within the step's time limit (${deadline.describe()}).`);
      result.more = true;
      break;
    }
    await pacer.write(() => createStatus(gh, repo, deployment.id, { state: 'inactive', description: request.description, logUrl: request.logUrl }));
    result.writes.push(`marked ${label} inactive`);
    result.deactivated.push(deployment.id);
  }
  if (result.more) {
    log.info(
      `${request.dryRun ? 'Would mark' : 'Marked'} ${result.deactivated.length} deployments of ${request.environment} inactive; more are still active, and the next run continues (at most ${SWEEP_LIMIT} a run).`
    );
  }
  return result;
}
