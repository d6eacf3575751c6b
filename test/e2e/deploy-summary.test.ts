/**
 * deploy-action's job summary and log as a user reads them: the version deployed, a dry run that
 * does not claim success, a deactivation without empty rows, and no bare debug lines.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { startEmulator, type Emulator } from '../emulator/index.js';
import type { Repo } from '../emulator/state.js';
import { runBundle, type RunOptions } from '../support/run-bundle.js';
import { freezeNow } from './release-world.js';

const TOKEN = 'ghs_deploy_summary';
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
  repo = emulator.state.createRepo('acme', `summary${++count}`);
  emulator.state.addToken(TOKEN, 'github-actions[bot]', { contents: 'read', deployments: 'write', metadata: 'read' });
  sha = repo.commit({ message: 'Add checkout page', branch: 'main' }).sha;
  emulator.clearLog();
});
afterEach(() => emulator.assertNoViolations());

const deploy = (inputs: Record<string, string>, extra: Partial<RunOptions> = {}) =>
  runBundle('deploy', { apiUrl: emulator.apiUrl, graphqlUrl: emulator.graphqlUrl, token: TOKEN, repository: repo.fullName, sha, inputs, ...extra });

const commitLink = () => `[\`${sha.slice(0, 7)}\`](https://github.com/${repo.fullName}/commit/${sha})`;
/** The summary without its links' targets: what a reader sees of SHAs and times. */
const visible = (summary: string) => summary.replace(/\]\([^)]*\)/g, ']');

/** The summary table's rows as [detail, value]. */
const rows = (summary: string) =>
  summary
    .split('\n')
    .filter((line) => line.startsWith('| ') && !line.startsWith('| Detail') && !line.startsWith('|---'))
    .map((line) => line.slice(2, -2).split(' | '));

describe('deploy summary', () => {
  it('shows the version deployed and links the commit', async () => {
    const result = await deploy({ environment: 'staging', version: '1.4.0+build.7' });
    expect(result.exitCode).toBe(0);
    expect(rows(result.summary)).toContainEqual(['Version', '`1.4.0+build.7`']);
    expect(result.summary).toContain(`(https://github.com/${repo.fullName}/commit/${sha})`);
  });

  it('a dry run does not say ✅ success: nothing was written', async () => {
    const result = await deploy({ environment: 'staging', 'dry-run': 'true' });
    expect(result.exitCode).toBe(0);
    expect(result.summary).not.toContain('✅');
    expect(rows(result.summary)).toContainEqual(['Status', 'would be success (dry run)']);
  });

  it('deactivate has no empty rows', async () => {
    repo.deploy({ ref: sha, environment: 'review-7', state: 'success', by: 'octocat' });
    const result = await deploy({ step: 'deactivate', environment: 'review-7' });
    expect(result.exitCode).toBe(0);
    const values = rows(result.summary).map(([, value]) => value);
    expect(values).not.toContain('—');
    expect(rows(result.summary).map(([detail]) => detail)).toEqual(expect.arrayContaining(['Environment', 'Marked inactive', 'Log']));
  });
});

describe('deploy summary of every step, read as a user', () => {
  it('record, start, its re-run and finish: the commit linked (never a raw 40-character SHA), and no empty rows', async () => {
    const record = await deploy({ environment: 'staging' });
    const start = await deploy({ step: 'start', environment: 'production', 'environment-url': 'https://shop.example' }, { runId: 91, runAttempt: 1 });
    const rerun = await deploy({ step: 'start', environment: 'production' }, { runId: 91, runAttempt: 2 });
    const finish = await deploy({ step: 'finish', 'deployment-id': start.outputs['deployment-id']!, status: 'success' });
    for (const result of [record, start, rerun, finish]) {
      expect(result.exitCode).toBe(0);
      expect(rows(result.summary)).toContainEqual(['Ref', commitLink()]);
      expect(rows(result.summary).map(([, value]) => value)).not.toContain('—');
      expect(visible(result.summary)).not.toContain(sha);
    }
    expect(rows(rerun.summary)).toContainEqual(['Deployment', `${start.outputs['deployment-id']} (reused on re-run)`]);
    expect(rows(start.summary)).toContainEqual(['Environment URL', '[https://shop.example](https://shop.example)']);
  });

  it('a ref that is a branch shows the branch and the commit it named, linked', async () => {
    const result = await deploy({ environment: 'staging', ref: 'main' });
    expect(rows(result.summary)).toContainEqual(['Ref', `\`main\` ([${sha.slice(0, 7)}](https://github.com/${repo.fullName}/commit/${sha}))`]);
  });

  it('a dry run names the linked commit in its headline, says nothing was written and has no row for a deployment it did not create', async () => {
    const result = await deploy({ environment: 'staging', 'dry-run': 'true' });
    expect(result.summary).toContain(`### Dry run: a deployment of ${commitLink()} to staging (nothing was written)`);
    expect(rows(result.summary).map(([detail]) => detail)).not.toContain('Deployment');
    expect(result.summary).not.toContain('✅');
    expect(visible(result.summary)).not.toContain(sha);
    expect(result.summary).toContain(`- create a deployment of ${sha.slice(0, 7)} to staging (task deploy)`);
  });

  it('deactivate with nothing active says so, dry run or not', async () => {
    const result = await deploy({ step: 'deactivate', environment: 'review-9' });
    expect(rows(result.summary)).toContainEqual(['Marked inactive', 'none: no deployment of review-9 is active']);
    const dry = await deploy({ step: 'deactivate', environment: 'review-9', 'dry-run': 'true' });
    expect(rows(dry.summary)).toContainEqual(['Would mark inactive', 'none: no deployment of review-9 is active']);
  });

  it('blocked: says what to do, in the policy\'s time zone with UTC beside it, offers no emergency nobody can declare, and is not said twice', async () => {
    const freeze = freezeNow();
    const result = await deploy({ environment: 'production', freezes: freeze.rule, timezone: 'Europe/Berlin' });
    expect(result.exitCode).toBe(1);
    expect(result.summary).toContain(`### ⛔ Deployment of ${commitLink()} to production blocked: nothing was written`);
    const iso = result.outputs['next-window']!;
    const utc = `(${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC)`;
    expect(result.summary).toMatch(new RegExp(`- Next opening: \\w{3} \\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2} CES?T ${utc.replace(/[()]/g, '\\$&')}\\.`));
    expect(result.summary).toContain('**What to do**');
    expect(result.summary).toContain(`- Re-run this job from `);
    expect(result.summary).toContain('No emergency can lift it');
    expect(result.summary).not.toContain('declare an emergency');
    expect(result.summary).not.toContain('Tollgate deploy failed');
    // The step still fails, with the reason in the log.
    expect(result.errors.join('\n')).toContain('is blocked; nothing was written');
  });

  it('blocked with emergencies configured names who can declare one, with which label, on what', async () => {
    emulator.state.addToken('ghs_emergency', 'github-actions[bot]', { contents: 'read', deployments: 'write', 'pull-requests': 'read', issues: 'read', metadata: 'read' });
    const inputs = { environment: 'production', freezes: freezeNow().rule, 'emergency-labels': 'emergency', 'emergency-approvers': 'ralph, acme/oncall' };
    const result = await deploy(inputs, { token: 'ghs_emergency' });
    expect(result.summary).toContain(
      `- For an emergency: one of @ralph, @acme/oncall applies \`emergency\` to the merged pull request of this repository that brought ${commitLink()}, then re-run this job.`
    );
  });

  it('step: check that the gate blocks is worded as an answer, not as a deployment that failed', async () => {
    const result = await deploy({ step: 'check', environment: 'production', freezes: freezeNow().rule });
    expect(result.summary).toContain(`### ⛔ The deploy gate blocks a deployment of ${commitLink()} to production now (nothing was written)`);
  });

  it('report: every time in the policy\'s time zone, none as a raw ISO timestamp', async () => {
    repo.deploy({ ref: sha, environment: 'production', state: 'success', by: 'github-actions[bot]' });
    emulator.state.addToken('ghs_report', 'github-actions[bot]', { contents: 'read', deployments: 'read', 'pull-requests': 'read', issues: 'read', metadata: 'read' });
    const result = await deploy({ step: 'report', environment: 'production', timezone: 'America/New_York' }, { token: 'ghs_report' });
    expect(result.exitCode).toBe(0);
    expect(visible(result.summary)).not.toMatch(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/);
    expect(result.summary).toMatch(/^From \w{3} \d{4}-\d{2}-\d{2} \d{2}:\d{2} E[SD]T \(\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC\) to /m);
    expect(result.summary).toMatch(/`success` at \w{3} \d{4}-\d{2}-\d{2} \d{2}:\d{2} E[SD]T/);
  });
});

describe('log', () => {
  it('a failure is an error annotation with a title, and fails the step', async () => {
    const result = await deploy({ environment: 'staging', status: 'done' });
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toMatch(/^::error title=Tollgate deploy failed::Input 'status' has the value "done"/m);
  });

  it('folds the requests under a group named for the step', async () => {
    const result = await deploy({ environment: 'staging' });
    const lines = result.stdout.split('\n');
    const start = lines.indexOf('::group::Deployment: record to staging');
    expect(start).toBeGreaterThanOrEqual(0);
    const end = lines.indexOf('::endgroup::', start);
    expect(lines.slice(start, end).some((l) => l.includes('/deployments - 201'))).toBe(true);
  });

  it('has no bare "request" debug line: each request is logged once, with method, path and status', async () => {
    const result = await deploy({ environment: 'staging' });
    const lines = result.stdout.split('\n');
    expect(lines).not.toContain('::debug::request');
    expect(lines.some((l) => l.startsWith('::debug::POST /repos/') && l.includes('/deployments - 201'))).toBe(true);
  });
});
