/**
 * deploy-action `step: report` end to end: the committed bundle against the emulator holding a
 * month of history (a failed deployment and its recovery, a rollback, an emergency, a release,
 * a defect and an incident), on real time.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { startEmulator, type Emulator } from '../emulator/index.js';
import type { Repo } from '../emulator/state.js';
import { runBundle } from '../support/run-bundle.js';

const TOKEN = 'ghs_reporttoken';
/** What the README asks for a report: reading only. */
const PERMISSIONS = { contents: 'read', deployments: 'read', 'pull-requests': 'read', issues: 'read', metadata: 'read' } as const;
const DAY = 86_400_000;

/** The `metrics` output, loosely: figures keyed by name. */
type Metrics = Record<string, Record<string, unknown>> & { previous: Record<string, unknown>; weekly: unknown[] };

let emulator: Emulator;
let repo: Repo;

beforeAll(async () => {
  emulator = await startEmulator();
  emulator.warmGraphql();
  emulator.state.addToken(TOKEN, 'github-actions[bot]', { ...PERMISSIONS });
  const start = Date.now();
  const at = (days: number, hours = 0) => new Date(start + days * DAY + hours * 3_600_000);
  const clock = (days: number, hours = 0) => emulator.state.clock.set(at(days, hours));

  clock(-20);
  repo = emulator.state.createRepo('acme', 'shop');
  const c1 = repo.commit({ message: 'Initial shop', branch: 'main' }).sha;
  clock(-19);
  repo.deploy({ ref: c1, environment: 'production', state: 'success', by: 'github-actions[bot]' });

  clock(-15);
  const giftCards = repo.openPullRequest({ author: 'carol', title: 'Add gift cards' });
  clock(-14);
  repo.merge(giftCards, { by: 'carol', method: 'squash' });
  const c2 = repo.tip('main');
  clock(-13);
  repo.deploy({ ref: c2, environment: 'production', state: 'failure', by: 'github-actions[bot]' });
  clock(-13, 2);
  repo.deploy({ ref: c2, environment: 'production', state: 'success', by: 'github-actions[bot]' });
  clock(-12);
  repo.addRelease({ tag_name: 'v1.1.0', by: 'alice', target_commitish: c2 });

  clock(-10);
  const c3 = repo.commit({ message: 'Faster search', branch: 'main' }).sha;
  clock(-9);
  repo.deploy({ ref: c3, environment: 'production', state: 'success', by: 'github-actions[bot]' });
  clock(-9, 1);
  repo.deploy({ ref: c2, environment: 'production', state: 'success', by: 'github-actions[bot]' }); // rollback
  const incident = repo.openIssue({ title: 'Search is down', by: 'alice', labels: ['incident'] });
  clock(-8);
  const bug = repo.openIssue({ title: 'Gift card total wrong', by: 'alice', labels: ['bug'] });
  clock(-6);
  repo.closeIssue(bug);
  repo.closeIssue(incident);

  clock(-5);
  const hotfix = repo.openPullRequest({ author: 'carol', title: 'Fix search' });
  clock(-5, 1);
  repo.merge(hotfix, { by: 'carol', method: 'squash' });
  clock(-5, 2);
  const emergency = repo.deploy({ ref: repo.tip('main'), environment: 'production', state: 'success', by: 'github-actions[bot]' });
  emergency.payload = { tollgate: { gate: { rule: 'emergency', emergency: { label: 'emergency', declared_by: 'ralph' } } } };
  emulator.state.clock.real();
});
afterAll(async () => {
  await emulator.close();
});
afterEach(() => {
  emulator.assertNoViolations();
});

const report = (inputs: Record<string, string>) =>
  runBundle('deploy', { apiUrl: emulator.apiUrl, graphqlUrl: emulator.graphqlUrl, token: TOKEN, repository: repo.fullName, sha: repo.tip('main'), inputs: { step: 'report', ...inputs } });

describe('step: report', () => {
  it('reports the DORA five and release management figures as one JSON object, from a handful of requests', async () => {
    emulator.clearLog();
    const result = await report({});

    expect(result.exitCode).toBe(0);
    const metrics = JSON.parse(result.outputs['metrics'] ?? '{}') as Metrics;
    expect(metrics).toMatchObject({ environment: 'production', period: '30d', days: 30 });
    expect(metrics['deployment_frequency']).toMatchObject({ sample: 5 });
    expect(metrics['change_fail_rate']).toEqual({ value: 0.5, count: 3, sample: 6 });
    expect(metrics['deployment_rework_rate']).toEqual({ value: 0.3333, count: 2, sample: 6 });
    expect(metrics['failed_deployment_recovery_time']).toMatchObject({ sample: 3, unrecovered: 0 });
    // The repository's initial commit, 'Initial shop', the two squash merges and 'Faster search'.
    expect(metrics['commit_volume']).toEqual({ value: 5, sample: 5 });
    expect(metrics['release_cycle_time']).toMatchObject({ sample: 1, releases: 1 });
    expect(metrics['defect_mttr']).toEqual({ median_hours: 48, mean_hours: 48, sample: 1 });
    expect(metrics['downtimes']).toMatchObject({ value: 3, deployments: 2, incidents: 1 });
    // The month before had no deployment at all: null with the reason, never 0.
    expect(metrics['previous']['deployment_frequency']).toEqual({ per_day: null, per_week: null, sample: 0, reason: 'no deployment to production was recorded by the end of the period' });
    expect(metrics['weekly']).toHaveLength(5);

    // One GraphQL request per kind of history, nothing per item, and nothing written.
    expect(emulator.log.map((e) => `${e.method} ${e.path}`)).toEqual(Array(5).fill('POST /graphql'));

    expect(result.summary).toContain('### 📊 Delivery report: production, last 30d');
    expect(result.summary).toContain('| Change fail rate | 50% (3 of 6) |');
    expect(result.summary).toContain('```mermaid\nxychart-beta');
    expect(result.summary).toContain('<summary>Deployments to production behind the figures (6)</summary>');
    expect(result.summary).toContain('Search is down');
  });

  it('rejects a period it cannot read, naming the input, before reading anything', async () => {
    emulator.clearLog();
    const result = await report({ period: 'a month' });
    expect(result.exitCode).toBe(1);
    expect(result.errors.join()).toContain("Input 'period' has the value \"a month\"");
    expect(emulator.log).toEqual([]);
  });

  it('an environment with no deployments says so for every deployment figure', async () => {
    const result = await report({ environment: 'staging', period: '7d' });
    const metrics = JSON.parse(result.outputs['metrics'] ?? '{}') as Metrics;
    expect(metrics['deployment_frequency']?.['per_day']).toBeNull();
    expect(metrics['change_fail_rate']).toEqual({ value: null, count: 0, sample: 0, reason: 'no finished deployment to staging in the period' });
    expect(result.summary).toContain('no deployment to staging was recorded by the end of the period');
  });
});
