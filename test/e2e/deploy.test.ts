/**
 * deploy-action end to end: the committed bundle, run as the runner runs it, against the emulator.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { startEmulator, type Emulator } from '../emulator/index.js';
import type { Repo } from '../emulator/state.js';
import { nodeBinaries, runBundle, webhookPayload, type RunOptions } from '../support/run-bundle.js';

const TOKEN = 'ghs_deploytoken';
/** The least a deploy job needs: what the README's permissions table says. */
const PERMISSIONS = { contents: 'read', deployments: 'write', metadata: 'read' } as const;

let emulator: Emulator;
let repo: Repo;
let sha: string;

beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(async () => {
  await emulator.close();
});

let repoCount = 0;
beforeEach(() => {
  repo = emulator.state.createRepo('acme', `shop${++repoCount}`);
  // A workflow's GITHUB_TOKEN: its budgets are its repository's, so each test starts with a fresh one.
  emulator.state.addToken(TOKEN, 'github-actions[bot]', { ...PERMISSIONS }, { repository: repo.fullName });
  sha = repo.commit({ message: 'Add checkout page', branch: 'main' }).sha;
  emulator.clearLog();
});
afterEach(() => {
  emulator.faults.clear();
  emulator.assertNoViolations();
});

const deploy = (inputs: Record<string, string>, extra: Partial<RunOptions> = {}) =>
  runBundle('deploy', {
    apiUrl: emulator.apiUrl,
    graphqlUrl: emulator.graphqlUrl,
    token: TOKEN,
    repository: repo.fullName,
    sha,
    inputs,
    ...extra
  });

const writes = () => emulator.log.filter((entry) => entry.method !== 'GET' && !(entry.method === 'POST' && entry.path.endsWith('/graphql')));
const states = (id: number) => repo.deployments.find((d) => d.id === id)?.statuses.map((s) => s.state);

describe.each(nodeBinaries())('record on $name', ({ path: node }) => {
  it('creates the deployment and its success status, with URLs and provenance, in two requests', async () => {
    const result = await deploy({ environment: 'staging', 'environment-url': 'https://staging.example.com', version: '1.4.0' }, { node, runId: 9001 });

    expect(result.exitCode).toBe(0);
    const id = Number(result.outputs['deployment-id']);
    expect(result.outputs).toMatchObject({ environment: 'staging', 'environment-url': 'https://staging.example.com', status: 'success' });
    expect(result.outputs['log-url']).toBe(`https://github.com/${repo.fullName}/actions/runs/9001`);

    const deployment = repo.deployments.find((d) => d.id === id)!;
    expect(deployment).toMatchObject({ sha, environment: 'staging', task: 'deploy' });
    expect(deployment.payload).toMatchObject({
      tollgate: { run_id: 9001, run_attempt: 1, run_url: result.outputs['log-url'], actor: 'octocat', event: 'push', version: '1.4.0', action: 'deploy-action' }
    });
    expect(deployment.statuses.map((s) => [s.state, s.environmentUrl, s.logUrl])).toEqual([['success', 'https://staging.example.com', result.outputs['log-url']]]);
    expect(emulator.log.map((e) => `${e.method} ${e.path}`)).toEqual([
      `POST /repos/${repo.fullName}/deployments`,
      `POST /repos/${repo.fullName}/deployments/${id}/statuses`
    ]);
    expect(emulator.log[0]!.body).toMatchObject({ auto_merge: false, required_contexts: [] });
    expect(result.summary).toContain('staging');
    expect(result.summary).toContain(`✅ Deployed [\`${sha.slice(0, 7)}\`](https://github.com/${repo.fullName}/commit/${sha}) to staging`);
  });
});

describe('start and finish', () => {
  it('starts in progress, then finishes with the job status; cancelled is recorded as error', async () => {
    const start = await deploy({ step: 'start', environment: 'production', 'environment-url': 'https://example.com' });
    expect(start.exitCode).toBe(0);
    const id = Number(start.outputs['deployment-id']);
    expect(states(id)).toEqual(['in_progress']);

    const finish = await deploy({ step: 'finish', 'deployment-id': String(id), status: 'cancelled', 'environment-url': 'https://example.com' });
    expect(finish.exitCode).toBe(0);
    expect(finish.outputs['status']).toBe('error');
    expect(states(id)).toEqual(['in_progress', 'error']);
    expect(repo.deployments.find((d) => d.id === id)!.statuses.every((s) => s.environmentUrl === 'https://example.com')).toBe(true);
  });

  it('finish without deployment-id finds the deployment this run started in the environment', async () => {
    repo.deploy({ ref: sha, environment: 'production', state: 'success', by: 'octocat', production: true });
    const start = await deploy({ step: 'start', environment: 'production' }, { runId: 777 });
    const finish = await deploy({ step: 'finish', environment: 'production', status: 'success' }, { runId: 777 });
    expect(finish.exitCode).toBe(0);
    expect(finish.outputs['deployment-id']).toBe(start.outputs['deployment-id']);
  });

  it('finish without deployment-id, with two jobs’ deployments in one run, finishes its own job’s', async () => {
    const web = await deploy({ step: 'start', environment: 'production' }, { runId: 778, env: { GITHUB_JOB: 'web' } });
    const worker = await deploy({ step: 'start', environment: 'production' }, { runId: 778, env: { GITHUB_JOB: 'worker' } });
    const finish = await deploy({ step: 'finish', environment: 'production', status: 'success' }, { runId: 778, env: { GITHUB_JOB: 'web' } });
    expect(finish.exitCode).toBe(0);
    expect(finish.outputs['deployment-id']).toBe(web.outputs['deployment-id']);
    expect(states(Number(web.outputs['deployment-id']))).toEqual(['in_progress', 'success']);
    expect(states(Number(worker.outputs['deployment-id']))).toEqual(['in_progress']);
    expect(repo.deployments.find((d) => d.id === Number(worker.outputs['deployment-id']))!.payload).toMatchObject({ tollgate: { job: 'worker', task: 'deploy' } });
  });

  it('finish without deployment-id fails, listing them, when its job started several (e.g. matrix legs), and writes nothing', async () => {
    const legs = [];
    for (const ref of ['main', sha]) legs.push(await deploy({ step: 'start', environment: 'staging', ref }, { runId: 779, env: { GITHUB_JOB: 'deploy' } }));
    emulator.clearLog();
    const finish = await deploy({ step: 'finish', environment: 'staging', status: 'success' }, { runId: 779, env: { GITHUB_JOB: 'deploy' } });
    expect(finish.exitCode).toBe(1);
    const error = finish.errors.join('\n');
    expect(error).toMatch(/^Input 'deployment-id' has the value "": pass the deployment-id output of the start step: this job \(deploy, task deploy\) of this run .* started several deployments in staging: /);
    for (const leg of legs) expect(error).toContain(`${leg.outputs['deployment-id']} (`);
    expect(writes()).toEqual([]);
  });

  it('a re-run of start reuses the deployment the first attempt created', async () => {
    const first = await deploy({ step: 'start', environment: 'staging' }, { runId: 555, runAttempt: 1 });
    const again = await deploy({ step: 'start', environment: 'staging' }, { runId: 555, runAttempt: 2 });
    expect(again.exitCode).toBe(0);
    expect(again.outputs['deployment-id']).toBe(first.outputs['deployment-id']);
    expect(repo.deployments).toHaveLength(1);
    expect(again.summary).toContain('reused on re-run');
  });

  it('a re-run of record does not pile up a second deployment', async () => {
    await deploy({ environment: 'staging' }, { runId: 556, runAttempt: 1 });
    const again = await deploy({ environment: 'staging' }, { runId: 556, runAttempt: 2 });
    expect(again.exitCode).toBe(0);
    expect(repo.deployments).toHaveLength(1);
  });
});

describe('older deployments become inactive', () => {
  it('leaves them alone when auto-inactive is false', async () => {
    const old = repo.deploy({ ref: sha, environment: 'production', state: 'success', by: 'octocat', production: true });
    const result = await deploy({ environment: 'production', 'auto-inactive': 'false' });
    expect(result.exitCode).toBe(0);
    expect(old.statuses.at(-1)?.state).toBe('success');
  });

  it('deactivate marks every active deployment of the environment inactive, and only that environment', async () => {
    const prod = [1, 2].map(() => repo.deploy({ ref: sha, environment: 'preview-42', state: 'success', by: 'octocat', transient: true }));
    const other = repo.deploy({ ref: sha, environment: 'staging', state: 'success', by: 'octocat' });
    const result = await deploy({ step: 'deactivate', environment: 'preview-42' });
    expect(result.exitCode).toBe(0);
    expect(prod.map((d) => d.statuses.at(-1)?.state)).toEqual(['inactive', 'inactive']);
    expect(other.statuses.at(-1)?.state).toBe('success');
    expect(result.outputs['status']).toBe('inactive');
  });
});

describe('events and hosts', () => {
  it('deploys the pull request head commit on pull_request events', async () => {
    const head = repo.commit({ message: 'Feature work', branch: 'feature' }).sha;
    const payload = webhookPayload('pull_request', 'opened');
    (payload['pull_request'] as { head: { sha: string } }).head.sha = head;
    const result = await deploy({ environment: 'preview' }, { event: { name: 'pull_request', payload } });
    expect(result.exitCode).toBe(0);
    expect(repo.deployments[0]!.sha).toBe(head);
  });

  it('works against GitHub Enterprise Server URLs', async () => {
    const result = await deploy({ environment: 'staging' }, { apiUrl: emulator.ghesApiUrl, graphqlUrl: emulator.ghesGraphqlUrl });
    expect(result.exitCode).toBe(0);
    expect(emulator.log.every((e) => e.path.startsWith('/api/'))).toBe(true);
  });

  it('a dry run says what it would write and writes nothing, with a read-only token', async () => {
    emulator.state.addToken('ghs_deploy_read', 'github-actions[bot]', { contents: 'read', deployments: 'read', metadata: 'read' });
    const started = await deploy({ step: 'start', environment: 'production' });
    const finish = await deploy(
      { step: 'finish', 'deployment-id': started.outputs['deployment-id']!, 'dry-run': 'true' },
      { token: 'ghs_deploy_read' }
    );
    expect(finish.exitCode).toBe(0);
    expect(finish.stdout).toContain('Dry run: would set the deployment');
    emulator.clearLog();
    const result = await deploy({ environment: 'staging', 'dry-run': 'true' }, { token: 'ghs_deploy_read' });
    expect(result.exitCode).toBe(0);
    expect(writes()).toEqual([]);
    expect(result.stdout).toContain('Dry run: would create a deployment');
    expect(result.summary).toContain('dry run');
  });

  it('cuts a long description to 140 characters with a warning', async () => {
    const result = await deploy({ environment: 'staging', description: 'Deployed '.repeat(30) });
    expect(result.exitCode).toBe(0);
    expect([...repo.deployments[0]!.statuses[0]!.description]).toHaveLength(140);
    expect(result.warnings.join('\n')).toContain('GitHub keeps 140');
  });
});

describe('faults', () => {
  it('retries a 502 and succeeds', async () => {
    emulator.faults.add({ method: 'POST', path: /\/deployments$/, status: 502 });
    const result = await deploy({ environment: 'staging' });
    expect(result.exitCode).toBe(0);
    expect(emulator.requests('POST', `/repos/${repo.fullName}/deployments`)).toHaveLength(2);
    expect(repo.deployments).toHaveLength(1);
  });

  it('waits out a secondary rate limit and succeeds', async () => {
    emulator.faults.add({ method: 'POST', path: /\/statuses$/, secondaryRateLimit: { retryAfter: 1 } });
    const result = await deploy({ environment: 'staging' });
    expect(result.exitCode).toBe(0);
    expect(repo.deployments[0]!.statuses.map((s) => s.state)).toEqual(['success']);
  });

  it('does not retry a 422, and names the operation that failed', async () => {
    emulator.faults.add({ method: 'POST', path: /\/deployments$/, status: 422, body: { message: 'Validation Failed', errors: [{ resource: 'Deployment', code: 'custom', message: 'environment is locked' }] } });
    const result = await deploy({ environment: 'staging' });
    expect(result.exitCode).toBe(1);
    expect(result.errors.join('\n')).toMatch(/Creating a deployment of [0-9a-f]{40} to staging failed \(HTTP 422\).*environment is locked/);
    expect(emulator.requests('POST', `/repos/${repo.fullName}/deployments`)).toHaveLength(1);
    expect(result.summary).toContain('Tollgate deploy failed');
  });

  it('retries a dropped connection', async () => {
    emulator.faults.add({ method: 'POST', path: /\/deployments$/, drop: true });
    const result = await deploy({ environment: 'staging' });
    expect(result.exitCode).toBe(0);
    expect(repo.deployments).toHaveLength(1);
  });

  it('says which permission is missing when the token cannot write deployments', async () => {
    emulator.state.addToken('ghs_readonly', 'github-actions[bot]', { contents: 'read', metadata: 'read' });
    const result = await deploy({ environment: 'staging' }, { token: 'ghs_readonly' });
    expect(result.exitCode).toBe(1);
    expect(result.errors.join('\n')).toMatch(/HTTP 403.*the token lacks `deployments: write`/);
  });
});

describe('bad input fails before anything is written', () => {
  it.each([
    [{ step: 'launch', environment: 'staging' }, 'step', /record, start, finish, deactivate/],
    [{ environment: 'staging', status: 'done' }, 'status', /success, failure, error, inactive, cancelled/],
    [{ step: 'start', environment: '' }, 'environment', /required when step is start/],
    [{ environment: 'staging', payload: '["not", "an", "object"]' }, 'payload', /JSON objects/],
    [{ environment: 'staging', 'environment-url': 'ftp://example.com' }, 'environment-url', /http:\/\/ or https:\/\//],
    [{ environment: 'staging', 'log-url': 'not a url' }, 'log-url', /http:\/\/ or https:\/\//],
    [{ step: 'finish', 'deployment-id': '424242' }, 'deployment-id', /existing deployments/],
    [{ environment: 'staging', 'timeout-minutes': '0' }, 'timeout-minutes', /numbers of minutes above 0 and at most 360/],
    [{ environment: 'staging', 'timeout-minutes': '10m' }, 'timeout-minutes', /numbers of minutes above 0 and at most 360/]
  ])('%j names input %s', async (inputs, input, accepted) => {
    const result = await deploy(inputs as Record<string, string>);
    expect(result.exitCode).toBe(1);
    const error = result.errors.join('\n');
    expect(error).toContain(`Input '${input}'`);
    expect(error).toMatch(accepted);
    expect(error).toContain('Nothing was written to GitHub');
    expect(writes()).toEqual([]);
  });
});
