/**
 * deploy-action's gate end to end: the committed bundle against the emulator, on real time
 * (schedules are built around now).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { startEmulator, type Emulator } from '../emulator/index.js';
import type { Repo } from '../emulator/state.js';
import { runBundle, type RunOptions } from '../support/run-bundle.js';
import { freezeNow, windowOpenNow } from './release-world.js';

const TOKEN = 'ghs_deploytoken';
/** A deploy job's token, with what the README asks for an emergency: reading pull requests and their labels. */
const PERMISSIONS = { contents: 'read', deployments: 'write', 'pull-requests': 'read', issues: 'read', metadata: 'read' } as const;

let emulator: Emulator;
let repo: Repo;
let sha: string;

beforeAll(async () => {
  emulator = await startEmulator();
  emulator.warmGraphql();
});
afterAll(async () => {
  await emulator.close();
});

let repoCount = 0;
beforeEach(() => {
  emulator.state.clock.set(new Date(Date.now() - 86_400_000));
  repo = emulator.state.createRepo('acme', `gate${++repoCount}`);
  emulator.state.addToken(TOKEN, 'github-actions[bot]', { ...PERMISSIONS });
  sha = repo.commit({ message: 'Add checkout page', branch: 'main' }).sha;
  emulator.clearLog();
});
afterEach(() => {
  emulator.assertNoViolations();
});

const deploy = (inputs: Record<string, string>, extra: Partial<RunOptions> = {}) =>
  runBundle('deploy', { apiUrl: emulator.apiUrl, graphqlUrl: emulator.graphqlUrl, token: TOKEN, repository: repo.fullName, sha, inputs, ...extra });

const writes = () => emulator.log.filter((e) => e.method !== 'GET' && !(e.method === 'POST' && e.path.endsWith('/graphql')));
const reasons = (outputs: Record<string, string>) => JSON.parse(outputs['reasons'] ?? '[]') as Array<{ code: string; message: string }>;

describe('a production deploy during a freeze', () => {
  it('is blocked before anything is written, fails the step and says why and until when', async () => {
    const freeze = freezeNow();
    const result = await deploy({ environment: 'production', freezes: freeze.rule });

    expect(result.exitCode).toBe(1);
    expect(repo.deployments).toHaveLength(0);
    expect(writes()).toEqual([]);
    expect(result.outputs).toMatchObject({ decision: 'blocked', 'deployment-id': '', 'next-window': freeze.ends.toISOString() });
    expect(reasons(result.outputs).map((r) => r.code)).toEqual(['freeze']);
    expect(reasons(result.outputs)[0]!.message).toContain(`Deploy freeze \`${freeze.rule}\` is in force until`);
    expect(result.errors.join('\n')).toContain(`Deployment of ${sha.slice(0, 7)} to production is blocked; nothing was written`);
    expect(result.summary).toContain(`⛔ Deployment of [\`${sha.slice(0, 7)}\`](https://github.com/${repo.fullName}/commit/${sha}) to production blocked: nothing was written`);
    // Calendar-only gating reads nothing from GitHub.
    expect(emulator.log).toEqual([]);
  });

  it('with on-blocked: skip the step succeeds, writes nothing and the outputs say why', async () => {
    const result = await deploy({ step: 'start', environment: 'production', freezes: freezeNow().rule, 'on-blocked': 'skip' });
    expect(result.exitCode).toBe(0);
    expect(repo.deployments).toHaveLength(0);
    expect(result.outputs['decision']).toBe('blocked');
    expect(result.warnings.join('\n')).toContain('is blocked; nothing was written');
  });

  it('a dry run reports the block without failing and writes nothing', async () => {
    const result = await deploy({ environment: 'production', freezes: freezeNow().rule, 'dry-run': 'true' });
    expect(result.exitCode).toBe(0);
    expect(result.outputs['decision']).toBe('dry-run');
    expect(reasons(result.outputs).map((r) => r.code)).toEqual(['freeze']);
    expect(result.summary).toContain('⛔ Dry run: a deployment of');
    expect(writes()).toEqual([]);
  });

  it('inside an open window and outside any freeze, deploys and records the rule that allowed it', async () => {
    const window = windowOpenNow();
    const result = await deploy({ environment: 'production', windows: window });
    expect(result.exitCode).toBe(0);
    expect(result.outputs['decision']).toBe('deployed');
    const deployment = repo.deployments.find((d) => d.id === Number(result.outputs['deployment-id']))!;
    expect(deployment.payload).toMatchObject({ tollgate: { gate: { rule: `deploy window ${window} is open`, emergency: null } } });
    expect(result.summary).toContain('✅ Allowed: deploy window');
  });

  it('finish is never gated: a deployment started before the freeze can be completed', async () => {
    const started = await deploy({ step: 'start', environment: 'production' });
    const finish = await deploy({ step: 'finish', 'deployment-id': started.outputs['deployment-id']!, freezes: freezeNow().rule });
    expect(finish.exitCode).toBe(0);
    expect(finish.outputs['decision']).toBe('');
  });
});

describe('an emergency deploy', () => {
  const emergencyInputs = () => ({ environment: 'production', freezes: freezeNow().rule, 'emergency-labels': 'emergency', 'emergency-approvers': 'ralph' });

  function mergedHotfix(labelledBy: string): number {
    const pr = repo.openPullRequest({ author: 'carol', title: 'Fix payment outage' });
    repo.label(pr, 'emergency', { by: labelledBy });
    repo.merge(pr, { by: 'carol', method: 'squash' });
    sha = repo.tip('main');
    emulator.clearLog();
    return pr.number;
  }

  it('declared by an emergency approver on the pull request that brought the commit, goes through the freeze and is recorded', async () => {
    const number = mergedHotfix('ralph');
    const result = await deploy(emergencyInputs());

    expect(result.exitCode).toBe(0);
    expect(result.outputs).toMatchObject({ decision: 'deployed', reasons: '[]', 'next-window': '' });
    const deployment = repo.deployments.find((d) => d.id === Number(result.outputs['deployment-id']))!;
    expect(deployment.payload).toMatchObject({
      tollgate: { gate: { rule: `emergency emergency declared by @ralph on #${number}`, emergency: { label: 'emergency', declared_by: 'ralph', pull_request: number } } }
    });
    expect(result.summary).toContain(`🚨 Emergency: @ralph applied \`emergency\` to [#${number}]`);
  });

  it('declared by a member of an emergency-approver team counts when the token can read membership, and fails closed when it cannot', async () => {
    emulator.state.createOrg('acme').team('oncall').addMember('rita');
    mergedHotfix('rita');
    const inputs = { ...emergencyInputs(), 'emergency-approvers': 'acme/oncall' };

    const blind = await deploy(inputs);
    expect(blind.exitCode).toBe(1);
    expect(blind.errors.join()).toContain('cannot read the membership of team acme/oncall');
    expect(repo.deployments).toHaveLength(0);

    emulator.state.addToken('ghs_members', 'tollgate-deploy[bot]', { ...PERMISSIONS, members: 'read' });
    const seeing = await deploy(inputs, { token: 'ghs_members' });
    expect(seeing.exitCode).toBe(0);
    expect(seeing.outputs['decision']).toBe('deployed');
  });

  it('declared by someone who is not an emergency approver leaves the freeze in force', async () => {
    mergedHotfix('mallory');
    const result = await deploy(emergencyInputs());
    expect(result.exitCode).toBe(1);
    expect(repo.deployments).toHaveLength(0);
    expect(reasons(result.outputs).map((r) => r.code)).toEqual(['freeze']);
  });

  it('on a pull request that did not bring the deployed commit does not count', async () => {
    mergedHotfix('ralph');
    sha = repo.commit({ message: 'Pushed straight to main', branch: 'main' }).sha;
    emulator.clearLog();
    const result = await deploy(emergencyInputs());
    expect(result.exitCode).toBe(1);
    expect(reasons(result.outputs).map((r) => r.code)).toEqual(['freeze']);
  });
});

describe('an emergency read as release-action reads it', () => {
  const emergencyInputs = (approvers = 'ralph') => ({
    environment: 'production',
    freezes: freezeNow().rule,
    'emergency-labels': 'emergency',
    'emergency-approvers': approvers
  });

  it('is found behind 150 later label events, on a pull request with 105 labels', async () => {
    const pr = repo.openPullRequest({ author: 'carol', title: 'Fix payment outage' });
    repo.label(pr, 'emergency', { by: 'ralph' });
    for (let i = 0; i < 75; i++) {
      repo.label(pr, 'wip', { by: 'carol' });
      repo.unlabel(pr, 'wip', { by: 'carol' });
    }
    for (let i = 0; i < 104; i++) repo.label(pr, `area-${i}`, { by: 'carol' });
    repo.merge(pr, { by: 'carol', method: 'squash' });
    sha = repo.tip('main');
    expect(pr.labels).toHaveLength(105);

    const result = await deploy(emergencyInputs());

    expect(result.errors).toEqual([]);
    expect(result.outputs['decision']).toBe('deployed');
    expect(result.summary).toContain(`🚨 Emergency: @ralph applied \`emergency\` to [#${pr.number}]`);
  });

  it('applied by an approver who has since deleted their account does not count, even with ghost listed', async () => {
    const pr = repo.openPullRequest({ author: 'carol', title: 'Fix payment outage' });
    repo.label(pr, 'emergency', { by: 'ralph' });
    repo.merge(pr, { by: 'carol', method: 'squash' });
    sha = repo.tip('main');
    emulator.state.deleteUser('ralph');

    const result = await deploy(emergencyInputs('ralph, ghost'));

    emulator.state.user('ralph').deleted = false;
    expect(result.exitCode).toBe(1);
    expect(repo.deployments).toHaveLength(0);
    expect(reasons(result.outputs).map((r) => r.code)).toEqual(['freeze']);
  });

  it("on a fork's own pull request, labelled there by a login that is an approver here, does not count", async () => {
    const fork = emulator.state.fork(repo, 'ralph');
    const theirs = fork.openPullRequest({ author: 'ralph', title: 'Fix payment outage' });
    fork.label(theirs, 'emergency', { by: 'ralph' });
    fork.merge(theirs, { by: 'ralph' });
    // A maintainer fast-forwards main to the fork's main: the fork's pull request is associated, but is not of this repository.
    repo.branch('main', theirs.mergeCommitSha ?? '', { by: 'carol' });
    sha = repo.tip('main');

    const result = await deploy(emergencyInputs());

    expect(result.exitCode).toBe(1);
    expect(repo.deployments).toHaveLength(0);
    expect(reasons(result.outputs).map((r) => r.code)).toEqual(['freeze']);
  });

  it("on a pull request whose merge commit is not in the deployed commit's history (its branch deployed before the merge) does not count", async () => {
    const pr = repo.openPullRequest({ author: 'carol', title: 'Fix payment outage', commits: 2 });
    repo.label(pr, 'emergency', { by: 'ralph' });
    repo.merge(pr, { by: 'carol', method: 'merge' });
    // The branch's first commit: the merge commit contains it, but it is not the merge.
    sha = pr.commits[0]!;
    expect(sha).not.toBe(pr.mergeCommitSha);

    const result = await deploy(emergencyInputs());

    expect(result.exitCode).toBe(1);
    expect(repo.deployments).toHaveLength(0);
    expect(reasons(result.outputs).map((r) => r.code)).toEqual(['freeze']);
  });

  it('on the merge commit of a merged pull request goes through, with no compare needed', async () => {
    const pr = repo.openPullRequest({ author: 'carol', title: 'Fix payment outage', commits: 2 });
    repo.label(pr, 'emergency', { by: 'ralph' });
    repo.merge(pr, { by: 'carol', method: 'merge' });
    sha = repo.tip('main');
    emulator.clearLog();

    const result = await deploy(emergencyInputs());

    expect(result.outputs['decision']).toBe('deployed');
    expect(emulator.log.filter((e) => e.path.includes('/compare/'))).toEqual([]);
  });
});

describe('a promotion (require-environment)', () => {
  const staging = (ref: string, state: 'success' | 'failure' = 'success') => repo.deploy({ ref, environment: 'staging', state, by: 'github-actions[bot]' });

  it('to production of a commit staging does not run is blocked with not-promoted, naming what staging runs', async () => {
    const old = sha;
    staging(old);
    sha = repo.commit({ message: 'Add gift cards', branch: 'main' }).sha;
    emulator.clearLog();

    const result = await deploy({ environment: 'production', 'require-environment': 'staging' });

    expect(result.exitCode).toBe(1);
    expect(repo.deployments.filter((d) => d.environment === 'production')).toHaveLength(0);
    expect(writes()).toEqual([]);
    expect(reasons(result.outputs)).toEqual([
      {
        code: 'not-promoted',
        message: expect.stringContaining(`what is live in staging is ${old.slice(0, 7)}`) as unknown as string
      }
    ]);
    expect(result.outputs['next-window']).toBe('');
  });

  it('goes through once the commit, or a descendant of it, is live in staging, and records where it came from', async () => {
    const first = sha;
    const next = repo.commit({ message: 'Add gift cards', branch: 'main' }).sha;
    const live = staging(next);
    emulator.clearLog();

    const result = await deploy({ environment: 'production', 'require-environment': 'staging' });

    expect(result.exitCode).toBe(0);
    const deployment = repo.deployments.find((d) => d.id === Number(result.outputs['deployment-id']))!;
    expect(deployment.sha).toBe(first);
    expect(deployment.payload).toMatchObject({ tollgate: { gate: { promoted_from: [{ environment: 'staging', deployment_id: live.id, sha: next }] } } });
    expect(result.summary).toContain(`- Promoted: live in staging (deployment ${live.id} of [\`${next.slice(0, 7)}\`](https://github.com/${repo.fullName}/commit/${next})).`);
  });

  it('a failed staging deployment of the commit does not count, nor does a staging rolled back to an older commit', async () => {
    const old = sha;
    staging(old);
    sha = repo.commit({ message: 'Add gift cards', branch: 'main' }).sha;
    staging(sha, 'failure');
    emulator.clearLog();
    const failed = await deploy({ environment: 'production', 'require-environment': 'staging' });
    expect(reasons(failed.outputs).map((r) => r.code)).toEqual(['not-promoted']);

    staging(sha);
    staging(old); // rolled back
    emulator.clearLog();
    const rolledBack = await deploy({ environment: 'production', 'require-environment': 'staging' });
    expect(rolledBack.exitCode).toBe(1);
    expect(reasons(rolledBack.outputs)[0]!.message).toContain(`what is live in staging is ${old.slice(0, 7)}`);
  });

  it('to an environment that never had a deployment hints at the typo, in a warning and the summary; the gate still decides not-promoted', async () => {
    staging(sha);
    emulator.clearLog();

    const result = await deploy({ environment: 'production', 'require-environment': 'stagign' });

    const hint = `require-environment: ${repo.fullName} has never had a deployment to \`stagign\`; did you mean \`staging\`?`;
    expect(result.exitCode).toBe(1);
    expect(reasons(result.outputs).map((r) => r.code)).toEqual(['not-promoted']);
    expect(result.warnings).toContain(hint);
    expect(result.summary).toContain(`**Hints** (possible typos in the inputs):\n- ${hint}`);
    expect(writes()).toEqual([]);

    const check = await deploy({ step: 'check', environment: 'production', 'require-environment': 'stagign' });
    expect(check.outputs['decision']).toBe('blocked');
    expect(check.summary).toContain(hint);
  });

  it('gives no hint for an environment that had deployments, nor when the promotion holds, and reads nothing for one', async () => {
    staging(sha, 'failure');
    emulator.clearLog();
    const failed = await deploy({ environment: 'production', 'require-environment': 'staging' });
    expect(reasons(failed.outputs).map((r) => r.code)).toEqual(['not-promoted']);
    expect(failed.warnings.join('\n')).not.toContain('never had a deployment');
    expect(failed.summary).not.toContain('**Hints**');

    staging(sha);
    emulator.clearLog();
    const promoted = await deploy({ environment: 'production', 'require-environment': 'staging' });
    expect(promoted.outputs['decision']).toBe('deployed');
    expect(promoted.summary).not.toContain('**Hints**');
    expect(emulator.log.filter((e) => e.path.endsWith('/graphql') && JSON.stringify(e.body ?? '').includes('ConfigHints'))).toEqual([]);
  });

  it('a hint that cannot be read leaves the decision and the step as they were', async () => {
    // The gate's reads (the commit, then staging's deployments) go through; the hint's read is refused.
    const refused = emulator.faults.add({ method: 'POST', path: '/graphql', skip: 2, times: Infinity, status: 403, body: { message: 'Resource not accessible by integration' } });
    const result = await deploy({ environment: 'production', 'require-environment': 'stagign', 'on-blocked': 'skip' });
    emulator.faults.clear();
    expect(refused.hits).toBe(1);
    expect(result.exitCode).toBe(0);
    expect(result.warnings.join('\n')).not.toContain('never had a deployment');
    expect(reasons(result.outputs).map((r) => r.code)).toEqual(['not-promoted']);
    expect(result.warnings.join('\n')).toContain('is blocked; nothing was written');
  });

  it('an emergency lifts the freeze but never the promotion', async () => {
    const pr = repo.openPullRequest({ author: 'carol', title: 'Fix payment outage' });
    repo.label(pr, 'emergency', { by: 'ralph' });
    repo.merge(pr, { by: 'carol', method: 'squash' });
    sha = repo.tip('main');
    emulator.clearLog();
    const result = await deploy({ environment: 'production', freezes: freezeNow().rule, 'require-environment': 'staging', 'emergency-labels': 'emergency', 'emergency-approvers': 'ralph' });
    expect(result.exitCode).toBe(1);
    expect(reasons(result.outputs).map((r) => r.code)).toEqual(['not-promoted']);
    expect(result.summary).toContain('🚨 Emergency: @ralph');
  });
});

describe('step: check', () => {
  it('answers "is it frozen now?" and writes nothing', async () => {
    const frozen = await deploy({ step: 'check', freezes: freezeNow().rule, environment: '' });
    expect(frozen.exitCode).toBe(1);
    expect(frozen.outputs['decision']).toBe('blocked');
    expect(frozen.summary).toContain(`⛔ The deploy gate blocks a deployment of [\`${sha.slice(0, 7)}\`]`);

    const open = await deploy({ step: 'check', environment: 'production', windows: windowOpenNow() });
    expect(open.exitCode).toBe(0);
    expect(open.outputs).toMatchObject({ decision: 'dry-run', reasons: '[]', 'deployment-id': '' });
    expect(open.summary).toContain(`✅ The deploy gate allows a deployment of [\`${sha.slice(0, 7)}\`](https://github.com/${repo.fullName}/commit/${sha}) to production now`);
    expect(writes()).toEqual([]);
    expect(repo.deployments).toHaveLength(0);
  });
});

describe('the calendar at a glance', () => {
  it('shows the next 14 days as a gantt chart and a list, and writes the coming 90 days as an iCalendar file', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'tollgate-ics-'));
    const file = path.join(dir, 'calendar', 'deploys.ics');
    try {
      const freeze = freezeNow();
      const result = await deploy({ step: 'check', environment: 'production', freezes: freeze.rule, windows: 'Mon-Fri 09:00-17:00', timezone: 'Europe/Berlin', 'calendar-file': file, 'on-blocked': 'skip' });
      expect(result.exitCode).toBe(0);
      expect(result.summary).toContain('#### Deploy calendar: the next 14 days (Europe/Berlin)');
      expect(result.summary).toContain('```mermaid\ngantt');
      expect(result.summary).toContain(`- 🧊 freeze \`${freeze.rule}\`: now until`);
      const ics = readFileSync(file, 'utf8');
      expect(ics.startsWith('BEGIN:VCALENDAR\r\n')).toBe(true);
      expect(ics).toContain(`SUMMARY:Deploy freeze: ${freeze.rule}`);
      expect(ics).toContain('X-WR-CALNAME:acme/gate');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('without windows or freezes, a deployment summary shows no calendar', async () => {
    const result = await deploy({ environment: 'staging' });
    expect(result.summary).not.toContain('mermaid');
  });
});
