/**
 * Delivery figures on a seeded two-week history with hand-computed answers: a failed deployment
 * and its recovery, a rollback, an emergency change, releases, defects and an incident, and a
 * previous period with no deployment in it.
 */
import { describe, expect, it } from '@jest/globals';
import type { DeliveryFacts, DeploymentRecord } from '../../src/core/delivery.js';
import { computeReport } from '../../src/deploy/report/metrics.js';

const at = (iso: string): Date => new Date(`${iso}Z`);
const sha = (n: number): string => `c${n}`.padEnd(40, '0');

function deployment(id: number, commit: number, created: string, outcome: DeploymentRecord['outcome'], finished: string | null, emergency = false): DeploymentRecord {
  return { id, sha: sha(commit), createdAt: at(created), outcome, finishedAt: finished ? at(finished) : null, emergency, logUrl: null };
}

/** Current period: 2026-03-17 to 2026-03-31 (14 days); previous: 2026-03-03 to 2026-03-17. */
const TO = at('2026-03-31T00:00');
const POLICY = { defectLabels: ['bug'], incidentLabels: ['incident'] };

const history: DeliveryFacts = {
  environment: 'production',
  since: at('2026-02-25T00:00'),
  // Newest first.
  commits: [
    { sha: sha(5), at: at('2026-03-27T10:00') },
    { sha: sha(4), at: at('2026-03-25T09:00') },
    { sha: sha(3), at: at('2026-03-20T12:00') },
    { sha: sha(2), at: at('2026-03-18T08:00') },
    { sha: sha(1), at: at('2026-03-18T06:00') },
    { sha: sha(0), at: at('2026-03-01T00:00') }
  ],
  deployments: [
    deployment(1, 0, '2026-03-02T10:00', 'success', '2026-03-02T10:10'),
    deployment(2, 2, '2026-03-18T09:50', 'success', '2026-03-18T10:00'), // brings c1 (4 h) and c2 (2 h)
    deployment(3, 3, '2026-03-21T12:00', 'failure', '2026-03-21T12:30'), // fails
    deployment(4, 3, '2026-03-21T13:00', 'success', '2026-03-21T14:30'), // recovers d3 in 2 h; c3 26.5 h
    deployment(5, 4, '2026-03-25T09:30', 'success', '2026-03-25T10:00'), // c4 1 h; rolled back by d6
    deployment(6, 3, '2026-03-25T10:50', 'success', '2026-03-25T11:00'), // rollback to c3: recovers d5 in 1 h
    deployment(7, 5, '2026-03-27T10:40', 'success', '2026-03-27T11:00', true), // emergency: c5 1 h; recovers d6 in 48 h
    deployment(8, 5, '2026-03-30T10:00', null, null) // still running: not counted
  ],
  pullRequests: [
    { number: 10, title: 'Initial', url: 'u10', mergedAt: at('2026-03-01T00:00'), mergeSha: sha(0), firstCommitAt: at('2026-02-27T00:00') },
    { number: 11, title: 'Gift cards', url: 'u11', mergedAt: at('2026-03-18T08:00'), mergeSha: sha(2), firstCommitAt: at('2026-03-17T20:00') },
    { number: 12, title: 'VAT', url: 'u12', mergedAt: at('2026-03-20T12:00'), mergeSha: sha(3), firstCommitAt: at('2026-03-19T12:00') },
    { number: 13, title: 'Hotfix', url: 'u13', mergedAt: at('2026-03-27T10:00'), mergeSha: sha(5), firstCommitAt: at('2026-03-26T00:00') }
  ],
  releases: [
    { tag: 'v1.0.0', url: 'r0', sha: sha(0), publishedAt: at('2026-03-02T12:00') },
    { tag: 'v1.1.0', url: 'r1', sha: sha(3), publishedAt: at('2026-03-22T09:00') }, // #11: 109 h, #12: 69 h
    { tag: 'v1.2.0', url: 'r2', sha: sha(5), publishedAt: at('2026-03-28T00:00') } // #13: 48 h
  ],
  issues: [
    { number: 20, title: 'Checkout 500', url: 'i20', createdAt: at('2026-03-10T00:00'), closedAt: at('2026-03-20T00:00'), labels: ['bug'] }, // 240 h
    { number: 21, title: 'Outage', url: 'i21', createdAt: at('2026-03-25T10:30'), closedAt: null, labels: ['incident'] },
    { number: 22, title: 'Typo', url: 'i22', createdAt: at('2026-03-22T00:00'), closedAt: at('2026-03-23T12:00'), labels: ['Bug'] }, // 36 h
    { number: 23, title: 'Open bug', url: 'i23', createdAt: at('2026-03-24T00:00'), closedAt: null, labels: ['bug'] }
  ]
};

describe('delivery figures over a seeded history', () => {
  const report = computeReport(history, TO, 14, POLICY);
  const now = report.current;

  it('judges each deployment: the failure, the rollback, and what an emergency and a rollback say about the one before', () => {
    expect(report.verdicts.map((v) => [v.deployment.id, v.rollback, v.failed, v.recoveredAt?.toISOString() ?? null])).toEqual([
      [1, false, false, null],
      [2, false, false, null],
      [3, false, true, '2026-03-21T14:30:00.000Z'],
      [4, false, false, null],
      [5, false, true, '2026-03-25T11:00:00.000Z'],
      [6, true, true, '2026-03-27T11:00:00.000Z'],
      [7, false, false, null]
    ]);
  });

  it('deployment frequency: 5 successful deployments in 14 days', () => {
    expect(now.deployment_frequency).toEqual({ per_day: 0.357, per_week: 2.5, sample: 5 });
  });

  it('change lead time: commits 1, 1, 2, 4 and 26.5 hours from commit to first deployment', () => {
    expect(now.change_lead_time).toEqual({ median_hours: 2, p90_hours: 26.5, sample: 5 });
  });

  it('change fail rate: 3 of 6 finished deployments (a failure, one rolled back, one followed by an emergency)', () => {
    expect(now.change_fail_rate).toEqual({ value: 0.5, count: 3, sample: 6 });
  });

  it('failed deployment recovery time: 1, 2 and 48 hours', () => {
    expect(now.failed_deployment_recovery_time).toEqual({ median_hours: 2, sample: 3, unrecovered: 0 });
  });

  it('deployment rework rate: the rollback and the emergency, 2 of 6', () => {
    expect(now.deployment_rework_rate).toEqual({ value: 0.3333, count: 2, sample: 6 });
  });

  it('commits per active day and commit volume: 5 commits on 4 days', () => {
    expect(now.commits_per_active_day).toEqual({ value: 1.25, active_days: 4, sample: 5 });
    expect(now.commit_volume).toEqual({ value: 5, sample: 5 });
  });

  it('release cycle time: pull requests released after 48, 69 and 109 hours, in 2 releases', () => {
    expect(now.release_cycle_time).toEqual({ median_hours: 69, sample: 3, releases: 2 });
  });

  it('MTTR of defects: closed after 36 and 240 hours (labels compare case-insensitively; open ones wait)', () => {
    expect(now.defect_mttr).toEqual({ median_hours: 36, mean_hours: 138, sample: 2 });
  });

  it('downtimes: the failed deployment, the rolled-back one, and the incident', () => {
    expect(now.downtimes).toEqual({ value: 3, deployments: 2, incidents: 1, sample: 7 });
  });

  it('the previous period had no deployment: rates and durations are null with the reason, counts are real zeros', () => {
    const before = report.previous;
    expect(before.deployment_frequency).toEqual({ per_day: 0, per_week: 0, sample: 0 });
    expect(before.change_lead_time).toEqual({ median_hours: null, p90_hours: null, sample: 0, reason: 'no commit of the default branch reached production in the period' });
    expect(before.change_fail_rate).toEqual({ value: null, count: 0, sample: 0, reason: 'no finished deployment to production in the period' });
    expect(before.failed_deployment_recovery_time.reason).toBe('no failed deployment to production in the period');
    expect(before.commits_per_active_day.value).toBeNull();
    expect(before.release_cycle_time).toEqual({ median_hours: null, sample: 0, releases: 0, reason: 'no release was published in the period' });
    expect(before.defect_mttr.median_hours).toBeNull();
  });

  it('gives a weekly trend from the start of the period', () => {
    expect(report.weekly).toEqual([
      { week_start: '2026-03-17', deployments: 2, failed: 1, commits: 3, lead_time_median_hours: 4 },
      { week_start: '2026-03-24', deployments: 3, failed: 2, commits: 2, lead_time_median_hours: 1 }
    ]);
  });
});

describe('a history with no data', () => {
  it('never reports 0 for what it could not measure', () => {
    const empty: DeliveryFacts = { environment: 'production', since: at('2026-02-01T00:00'), commits: [], deployments: [], pullRequests: [], releases: [], issues: [] };
    const report = computeReport(empty, TO, 14, POLICY).current;
    expect(report.deployment_frequency).toEqual({ per_day: null, per_week: null, sample: 0, reason: 'no deployment to production was recorded by the end of the period' });
    expect(report.change_fail_rate.value).toBeNull();
    expect(report.deployment_rework_rate.value).toBeNull();
    expect(report.failed_deployment_recovery_time.median_hours).toBeNull();
    expect(report.change_lead_time.median_hours).toBeNull();
  });

  it('says so when the period starts before the history that was read', () => {
    const late = { ...history, since: at('2026-03-20T00:00') };
    expect(computeReport(late, TO, 14, POLICY).current.deployment_frequency.reason).toBe('the period starts before the history that was read');
  });
});
