import { describe, expect, it } from '@jest/globals';
import type { DeploymentRecord } from '../../src/core/delivery.js';
import { releaseFigures, renderReleaseFigures } from '../../src/release/release-figures.js';
import { at, pullRequest } from './fixtures/release-facts.js';

const record = (id: number, sha: string, outcome: DeploymentRecord['outcome'], finished: string): DeploymentRecord => ({
  id,
  sha: sha.padEnd(40, '0'),
  createdAt: at(finished),
  outcome,
  finishedAt: at(finished),
  emergency: false,
  logUrl: null
});

const RELEASED = at('2026-03-10T12:00');

describe("a release's own figures", () => {
  const prs = [
    pullRequest({ number: 12, mergedAt: at('2026-03-09T12:00') }), // 24 h
    pullRequest({ number: 13, mergedAt: at('2026-03-10T06:00') }), // 6 h
    pullRequest({ number: 14, mergedAt: at('2026-03-06T12:00') }) // 96 h
  ];
  const history = {
    previousReleasedAt: at('2026-03-05T00:00'),
    deployments: [
      {
        environment: 'production',
        complete: true,
        records: [
          record(1, 'a', 'failure', '2026-03-04T10:00'), // before the previous release: not counted
          record(2, 'b', 'success', '2026-03-06T10:00'),
          record(3, 'c', 'failure', '2026-03-08T10:00'),
          record(4, 'c', 'success', '2026-03-08T13:00') // recovers 3 in 3 h
        ]
      }
    ]
  };
  const figures = releaseFigures(prs, 'v1.4.0', history, RELEASED);

  it('gives each pull request its time from merge to release', () => {
    expect(figures.pullRequests.map((pr) => [pr.number, pr.leadHours])).toEqual([
      [12, 24],
      [13, 6],
      [14, 96]
    ]);
  });

  it('counts the deployments, failures and recovery of each required environment since the previous release', () => {
    expect(figures.environments).toEqual([{ environment: 'production', deployments: 3, failed: 1, recovered: 1, medianRecoveryHours: 3, complete: true }]);
  });

  it('renders them for the audit section and the summary', () => {
    const text = renderReleaseFigures(figures, 'UTC');
    expect(text).toContain('- **Lead time (merged → released):** median 24 h over 3 pull requests');
    expect(text).toContain('- **production since v1.4.0 (Thu 2026-03-05 00:00 UTC):** 3 deployments, 1 failed, recovered in median 3 h.');
  });

  it('says so when an environment had no deployment since the previous release', () => {
    const quiet = releaseFigures(prs, 'v1.4.0', { previousReleasedAt: at('2026-03-09T00:00'), deployments: [{ environment: 'staging', complete: true, records: [] }] }, RELEASED);
    expect(renderReleaseFigures(quiet, 'UTC')).toContain('- **staging since v1.4.0 (Mon 2026-03-09 00:00 UTC):** no finished deployment.');
  });
});
