/** Which deployments are this job's own, from their provenance records. */
import { describe, expect, it } from '@jest/globals';
import { createdBy, ownDeployment, type JobIdentity } from '../../src/deploy/ownership.js';
import type { Deployment } from '../../src/github/deployments.js';

let next = 1;
function deployment(tollgate: Record<string, unknown> | null, overrides: Partial<Deployment> = {}): Deployment {
  return {
    id: next++,
    sha: 'a'.repeat(40),
    ref: 'main',
    environment: 'production',
    task: 'deploy',
    createdAt: '2026-11-30T10:00:00Z',
    payload: tollgate ? { tollgate } : {},
    productionEnvironment: true,
    transientEnvironment: false,
    ...overrides
  };
}
const me: JobIdentity = { runId: 7, runAttempt: 1, job: 'web', task: 'deploy', environment: 'production' };
const mine = (extra: Record<string, unknown> = {}) => ({ run_id: 7, run_attempt: 1, job: 'web', task: 'deploy', ...extra });

describe('this job’s deployment', () => {
  it('is the one of the same run, job, task and environment', () => {
    const own = deployment(mine());
    const others = [
      deployment(mine({ job: 'worker' })),
      deployment(mine({ run_id: 8 })),
      deployment(mine({ task: 'deploy:migrations' }), { task: 'deploy:migrations' }),
      deployment(mine(), { environment: 'staging' }),
      deployment(null),
      deployment(mine({ job: undefined }))
    ];
    expect(ownDeployment([...others, own], me)).toEqual({ kind: 'one', deployment: own });
    expect(ownDeployment(others, me)).toEqual({ kind: 'none' });
  });

  it('on a re-run, the newest attempt’s; never one from a later attempt', () => {
    const first = deployment(mine({ run_attempt: 1 }));
    const second = deployment(mine({ run_attempt: 2 }));
    const third = deployment(mine({ run_attempt: 3 }));
    expect(ownDeployment([third, second, first], { ...me, runAttempt: 2 })).toEqual({ kind: 'one', deployment: second });
  });

  it('several of one attempt (matrix legs share a job id) are reported, not guessed between', () => {
    const legs = [deployment(mine()), deployment(mine())];
    expect(ownDeployment(legs, me)).toEqual({ kind: 'several', deployments: legs });
  });

  it('a lost create is recognised by its write id only', () => {
    const a = deployment(mine({ write_id: 'w-1' }));
    const b = deployment(mine({ write_id: 'w-2' }));
    expect(createdBy([a, b], 'w-2')).toBe(b);
    expect(createdBy([a, b], 'w-3')).toBeNull();
  });
});
