/**
 * Which deployments are this job's own: a pure reading of the provenance records that
 * deploy-action writes into each deployment's payload. Used by `finish` without
 * `deployment-id` and by re-runs that reuse an earlier attempt's deployment, so that neither
 * ever completes or reuses a deployment another job (or a matrix sibling) started.
 */
import { provenanceOf, type Deployment } from '../github/deployments.js';

export interface JobIdentity {
  runId: number;
  runAttempt: number;
  /** GITHUB_JOB: the job's id in the workflow (matrix legs share it). */
  job: string;
  task: string;
  environment: string;
}

export type Ownership = { kind: 'none' } | { kind: 'one'; deployment: Deployment } | { kind: 'several'; deployments: Deployment[] };

/**
 * This job's deployment among `deployments`: same run, job, task and environment, created by
 * this attempt or an earlier one. A re-run reuses its earlier attempt's deployment, so the
 * newest attempt that created any wins; several there means the job cannot tell which is its own.
 */
export function ownDeployment(deployments: Deployment[], who: JobIdentity): Ownership {
  const mine = deployments.filter((deployment) => {
    const record = provenanceOf(deployment);
    return (
      record !== null &&
      record.run_id === who.runId &&
      record.job === who.job &&
      (record.task ?? deployment.task) === who.task &&
      deployment.environment === who.environment &&
      (record.run_attempt ?? 1) <= who.runAttempt
    );
  });
  if (mine.length === 0) return { kind: 'none' };
  const latest = Math.max(...mine.map((d) => provenanceOf(d)!.run_attempt ?? 1));
  const candidates = mine.filter((d) => (provenanceOf(d)!.run_attempt ?? 1) === latest);
  return candidates.length === 1 ? { kind: 'one', deployment: candidates[0]! } : { kind: 'several', deployments: candidates };
}

/** The deployment a step created, by the write id in its provenance (when GitHub's answer was lost). */
export function createdBy(deployments: Deployment[], writeId: string): Deployment | null {
  return deployments.find((deployment) => provenanceOf(deployment)?.write_id === writeId) ?? null;
}
