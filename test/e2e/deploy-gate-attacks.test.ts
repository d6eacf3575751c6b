/**
 * The deploy gate attacked by someone with write access who wants production during a freeze,
 * or production without staging: each way tried end to end, against the committed bundle.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { startEmulator, type Emulator } from '../emulator/index.js';
import type { Repo } from '../emulator/state.js';
import { runBundle, type RunOptions } from '../support/run-bundle.js';
import { freezeNow } from './release-world.js';

const TOKEN = 'ghs_attacks';
const PERMISSIONS = { contents: 'read', deployments: 'write', 'pull-requests': 'read', issues: 'read', metadata: 'read' } as const;

let emulator: Emulator;
let repo: Repo;
let sha: string;
let count = 0;

beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(async () => {
  await emulator.close();
});
beforeEach(() => {
  emulator.state.clock.set(new Date(Date.now() - 86_400_000));
  repo = emulator.state.createRepo('acme', `attack${++count}`);
  emulator.state.addToken(TOKEN, 'github-actions[bot]', { ...PERMISSIONS });
  sha = repo.commit({ message: 'Add checkout page', branch: 'main' }).sha;
  emulator.clearLog();
});
afterEach(() => {
  emulator.faults.clear();
  emulator.assertNoViolations();
});

const deploy = (inputs: Record<string, string>, extra: Partial<RunOptions> = {}) =>
  runBundle('deploy', { apiUrl: emulator.apiUrl, graphqlUrl: emulator.graphqlUrl, token: TOKEN, repository: repo.fullName, sha, inputs, ...extra });
const codes = (outputs: Record<string, string>) => (JSON.parse(outputs['reasons'] ?? '[]') as Array<{ code: string }>).map((r) => r.code);
const production = () => repo.deployments.filter((d) => d.environment === 'production');
const staging = (ref: string) => repo.deploy({ ref, environment: 'staging', state: 'success', by: 'github-actions[bot]' });
/** Pushes a commit to main just before the deployment is created: after the gate was checked. */
const pushBeforeTheWrite = () => {
  let pushed = '';
  const fault = emulator.faults.add({
    method: 'POST',
    path: `/repos/${repo.fullName}/deployments`,
    before: () => {
      pushed = repo.commit({ message: 'Unreviewed change', branch: 'main' }).sha;
    }
  });
  return { fault, pushed: () => pushed };
};

describe('a branch that moves between the gate and the write', () => {
  it('cannot slip a commit staging never ran into production: the deployment is of the commit the gate checked', async () => {
    staging(sha);
    const push = pushBeforeTheWrite();

    const result = await deploy({ environment: 'production', ref: 'main', 'require-environment': 'staging' });

    expect(push.fault.hits).toBe(1);
    expect(result.exitCode).toBe(0);
    expect(production().map((d) => d.sha)).toEqual([sha]);
    expect(production().map((d) => d.sha)).not.toContain(push.pushed());
    expect(result.summary).toContain(`\`main\` ([${sha.slice(0, 7)}]`);
  });

  it('cannot ride an emergency into production with a commit pushed after it', async () => {
    const pr = repo.openPullRequest({ author: 'carol', title: 'Fix payment outage' });
    repo.label(pr, 'emergency', { by: 'ralph' });
    repo.merge(pr, { by: 'carol', method: 'squash' });
    sha = repo.tip('main');
    const push = pushBeforeTheWrite();

    const result = await deploy({ environment: 'production', ref: 'main', freezes: freezeNow().rule, 'emergency-labels': 'emergency', 'emergency-approvers': 'ralph' });

    expect(push.fault.hits).toBe(1);
    expect(result.outputs['decision']).toBe('deployed');
    expect(production().map((d) => d.sha)).toEqual([sha]);
  });

  it('a re-run after the branch moved does not reuse the first attempt\'s deployment of another commit', async () => {
    const first = await deploy({ step: 'start', environment: 'production', ref: 'main', freezes: '2020-01-01' }, { runId: 71, runAttempt: 1 });
    const moved = repo.commit({ message: 'Next change', branch: 'main' }).sha;
    const again = await deploy({ step: 'start', environment: 'production', ref: 'main', freezes: '2020-01-01' }, { runId: 71, runAttempt: 2 });
    expect(again.outputs['deployment-id']).not.toBe(first.outputs['deployment-id']);
    expect(production().map((d) => d.sha)).toEqual([sha, moved]);
  });
});

describe('what held', () => {
  it('step: check of one commit, then record of another: the record checks its own commit', async () => {
    staging(sha);
    const check = await deploy({ step: 'check', environment: 'production', 'require-environment': 'staging' });
    expect(check.outputs['decision']).toBe('dry-run');
    const other = repo.commit({ message: 'Unreviewed change', branch: 'main' }).sha;

    const record = await deploy({ environment: 'production', ref: other, 'require-environment': 'staging' });

    expect(record.exitCode).toBe(1);
    expect(codes(record.outputs)).toEqual(['not-promoted']);
    expect(production()).toEqual([]);
  });

  it('staging running a descendant promotes the commit; staging running an unrelated commit does not', async () => {
    // A branch off main before the commit to deploy: it does not contain it.
    const side = repo.commit({ message: 'Experiment', branch: 'experiment' }).sha;
    sha = repo.commit({ message: 'Add gift cards', branch: 'main' }).sha;
    staging(side);
    const unrelated = await deploy({ environment: 'production', 'require-environment': 'staging' });
    expect(codes(unrelated.outputs)).toEqual(['not-promoted']);
    expect(production()).toEqual([]);

    const descendant = repo.commit({ message: 'Next change', branch: 'main' }).sha;
    staging(descendant);
    const promoted = await deploy({ environment: 'production', 'require-environment': 'staging' });
    expect(promoted.outputs['decision']).toBe('deployed');
  });

  it('on-blocked: skip writes nothing, and a later finish without deployment-id finds nothing of this run to finish', async () => {
    const skipped = await deploy({ step: 'start', environment: 'production', freezes: freezeNow().rule, 'on-blocked': 'skip' }, { runId: 72 });
    expect(skipped.exitCode).toBe(0);
    expect(skipped.outputs['decision']).toBe('blocked');
    const finish = await deploy({ step: 'finish', environment: 'production', status: 'success' }, { runId: 72 });
    expect(finish.exitCode).toBe(1);
    expect(repo.deployments).toEqual([]);
  });

  it('a gate record forged through the payload input is replaced by the real one', async () => {
    const forged = JSON.stringify({ tollgate: { gate: { rule: 'emergency', emergency: { label: 'emergency', declared_by: 'ralph', pull_request: 1 } } } });
    const blocked = await deploy({ environment: 'production', freezes: freezeNow().rule, payload: forged });
    expect(blocked.exitCode).toBe(1);
    expect(repo.deployments).toEqual([]);

    const open = await deploy({ environment: 'production', freezes: '2020-01-01', payload: forged });
    expect(open.outputs['decision']).toBe('deployed');
    const payload = production()[0]!.payload as { tollgate: { gate: { emergency: unknown; rule: string } } };
    expect(payload.tollgate.gate.emergency).toBeNull();
    expect(payload.tollgate.gate.rule).toBe('no freeze is in force and no windows are configured');
    expect(open.warnings.join('\n')).toContain("has a 'tollgate' key; it is replaced by the provenance record");
  });
});
