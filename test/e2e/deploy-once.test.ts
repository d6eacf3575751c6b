/**
 * deploy-action end to end, when GitHub's answers are lost or never come: every deployment is
 * created once, none is left pending, and the step ends within its time limit saying why.
 */
import { describe, expect, it } from '@jest/globals';
import { deployWorld } from './deploy-world.js';

const world = deployWorld();
const created = () => world.emulator.requests('POST', `/repos/${world.repo.fullName}/deployments`);

/** 0.2 minutes: each request may take 3 s, the step 12 s. */
const SHORT = { 'timeout-minutes': '0.2' };

describe('a lost answer to the deployment create leaves one deployment', () => {
  it.each([
    ['the connection drops after GitHub created it', { afterActing: 'drop' as const }, {}],
    ['GitHub answers 502 after creating it', { afterActing: 502 }, {}],
    ['GitHub never answers after creating it', { afterActing: 'hang' as const }, SHORT]
  ])('%s: it is found by its provenance, not created again', async (_name, fault, inputs) => {
    world.emulator.faults.add({ method: 'POST', path: /\/deployments$/, ...fault });
    const result = await world.deploy({ environment: 'staging', ...inputs }, { runId: 31 });

    expect(result.exitCode).toBe(0);
    expect(created()).toHaveLength(1);
    expect(world.repo.deployments).toHaveLength(1);
    const id = world.repo.deployments[0]!.id;
    expect(result.outputs['deployment-id']).toBe(String(id));
    expect(world.states(id)).toEqual(['success']);
    expect(result.warnings.join('\n')).toMatch(/Creating a deployment of [0-9a-f]{40} to staging .*GitHub may have carried it out\. Looking for it before creating it again/);
  });

  it('a create GitHub did not carry out (502 before acting) is looked for twice, a second apart, then sent again: one deployment', async () => {
    world.emulator.faults.add({ method: 'POST', path: /\/deployments$/, status: 502 });
    const result = await world.deploy({ environment: 'staging' });
    expect(result.exitCode).toBe(0);
    expect(created()).toHaveLength(2);
    expect(world.repo.deployments).toHaveLength(1);
    // Twice, because GitHub's lists can lag a write that did happen.
    expect(world.emulator.requests('GET', `/repos/${world.repo.fullName}/deployments`)).toHaveLength(2);
  });
});

describe('no deployment Tollgate created is left without a final status', () => {
  it('a hung status write ends within the time limit; the deployment gets a final error status saying why', async () => {
    world.emulator.faults.add({ method: 'POST', path: /\/statuses$/, hang: true });
    const result = await world.deploy({ environment: 'staging', ...SHORT });

    expect(result.exitCode).toBe(1);
    const [deployment] = world.repo.deployments;
    const message = result.errors.join('\n');
    expect(message).toMatch(new RegExp(`^Setting deployment ${deployment!.id} to success timed out after 3 s\\. The answer was lost`));
    expect(message).toContain(`Deployment ${deployment!.id} was given the final status error, so that it does not stay pending.`);
    expect(result.summary).toContain('timed out after 3 s');
    expect(deployment!.statuses.map((s) => s.state)).toEqual(['error']);
    expect(deployment!.statuses[0]!.description).toMatch(/^Tollgate stopped: Setting deployment \d+ to success timed out after 3 s/);
    expect(world.repo.deployments).toHaveLength(1);
  });

  it('when no status write is ever answered, the step still ends within its limit and says how to finish the deployment', async () => {
    world.emulator.faults.add({ method: 'POST', path: /\/statuses$/, hang: true, times: Infinity });
    const result = await world.deploy({ environment: 'staging', ...SHORT });
    expect(result.exitCode).toBe(1);
    const id = world.repo.deployments[0]!.id;
    expect(result.errors.join('\n')).toContain(`Deployment ${id} could not be given a final status (Setting deployment ${id} to error timed out after 3 s`);
    expect(result.errors.join('\n')).toContain(`run this action with step finish, deployment-id ${id} and status error`);
    expect(result.summary).toContain(`deployment-id ${id}`);
    expect(world.emulator.requests('POST', `/repos/${world.repo.fullName}/deployments/${id}/statuses`)).toHaveLength(2);
  });

  it('a status write whose answer never comes, though GitHub wrote it, is read back: success', async () => {
    world.emulator.faults.add({ method: 'POST', path: /\/statuses$/, afterActing: 'hang' });
    const result = await world.deploy({ environment: 'staging', ...SHORT });
    expect(result.exitCode).toBe(0);
    expect(world.states(world.repo.deployments[0]!.id)).toEqual(['success']);
    expect(result.warnings.join('\n')).toMatch(/Reading back shows deployment \d+ has status success: it was written/);
  });

  it('start: a refused in_progress status leaves the deployment in error, not pending', async () => {
    world.emulator.faults.add({ method: 'POST', path: /\/statuses$/, status: 422, body: { message: 'Validation Failed' } });
    const result = await world.deploy({ step: 'start', environment: 'production' });
    expect(result.exitCode).toBe(1);
    expect(world.repo.deployments.map((d) => d.statuses.map((s) => s.state))).toEqual([['error']]);
    expect(result.summary).toContain('was given the final status error');
  });

  it('a create that timed out and was not found in time is looked for again before the step ends, and marked error', async () => {
    // The create is carried out but never answered, and the read-back fails too: the reserve finds it.
    world.emulator.faults.add({ method: 'POST', path: /\/deployments$/, afterActing: 'hang' });
    world.emulator.faults.add({ method: 'GET', path: /\/deployments$/, status: 403, body: { message: 'Resource not accessible by integration' } });
    const result = await world.deploy({ environment: 'staging', ...SHORT });
    expect(result.exitCode).toBe(1);
    expect(world.repo.deployments).toHaveLength(1);
    expect(world.states(world.repo.deployments[0]!.id)).toEqual(['error']);
  });
});

describe('hung reads end within the time limit', () => {
  it('deactivate: a GraphQL read that never answers fails the step, naming it, with nothing written', async () => {
    world.repo.deploy({ ref: world.sha, environment: 'preview-7', state: 'success', by: 'octocat', transient: true });
    world.emulator.faults.add({ method: 'POST', path: '/graphql', hang: true, times: Infinity });
    const result = await world.deploy({ step: 'deactivate', environment: 'preview-7', 'timeout-minutes': '0.1' });
    expect(result.exitCode).toBe(1);
    expect(result.errors.join('\n')).toMatch(/^Listing the deployments of preview-7 timed out after 1\.5 s/);
    expect(result.summary).toContain('Listing the deployments of preview-7 timed out');
    expect(world.writes()).toEqual([]);
  });

  it('record to production: the sweep read hangs after the success was written; the deployment keeps its success', async () => {
    world.repo.deploy({ ref: world.sha, environment: 'production', state: 'success', by: 'octocat', production: true });
    world.emulator.faults.add({ method: 'POST', path: '/graphql', hang: true, times: Infinity });
    const result = await world.deploy({ environment: 'production', 'timeout-minutes': '0.1' });
    expect(result.exitCode).toBe(1);
    expect(result.errors.join('\n')).toMatch(/Listing the deployments of production timed out/);
    const id = Number(result.outputs['deployment-id'] || world.repo.deployments.at(-1)!.id);
    expect(world.states(id)).toEqual(['success']);
  });
});
