/**
 * deploy-action's job summary and log as a user reads them: the version deployed, a dry run that
 * does not claim success, a deactivation without empty rows, and no bare debug lines.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { startEmulator, type Emulator } from '../emulator/index.js';
import type { Repo } from '../emulator/state.js';
import { runBundle } from '../support/run-bundle.js';

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

const deploy = (inputs: Record<string, string>) =>
  runBundle('deploy', { apiUrl: emulator.apiUrl, graphqlUrl: emulator.graphqlUrl, token: TOKEN, repository: repo.fullName, sha, inputs });

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
