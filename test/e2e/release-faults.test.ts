/**
 * release-action end to end: GitHub failing while the facts are gathered. A passing blip is
 * retried and the release goes out; a fact that cannot be read fails the step, says why in the
 * error annotation and the job summary, and nothing is released.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { World, type ReleaseRun } from './release-world.js';

let world: World;

beforeAll(async () => {
  world = await World.start();
  world.gh.state.addToken('ghs_no_pulls', 'github-actions[bot]', { contents: 'write', issues: 'read', deployments: 'read' });
});
afterAll(async () => {
  await world.close();
});
beforeEach(() => {
  world.fresh();
  world.approvedPr('Add gift cards');
  world.deploy('success');
});
afterEach(() => {
  world.gh.assertNoViolations();
});

/**
 * The target's descendant is what production runs now: the run compares the target with it (REST compare).
 * Returns the target.
 */
function liveDescendant(): string {
  const target = world.target;
  world.approvedPr('Add the checkout page');
  world.deploy('success');
  return target;
}
const compareLive = (repository = world.repository) => new RegExp(`^/repos/${repository}/compare/`);

function expectFailedWithNothingReleased(run: ReleaseRun, why: string): void {
  expect(run.exitCode).toBe(1);
  expect(run.outputs['released']).toBeUndefined();
  expect(run.errors).toHaveLength(1);
  expect(run.errors[0]).toContain(why);
  expect(run.errors[0]).toContain('Stopped here: nothing further was written to GitHub.');
  expect(run.summary).toContain('### Tollgate release failed');
  expect(run.summary).toContain(why);
  expect(world.releases('v1.1.0')).toEqual([]);
  expect(world.releaseWrites()).toEqual([]);
}

describe('passing failures are retried', () => {
  it('retries a 502 on GraphQL and releases', async () => {
    const fault = world.gh.faults.add({ method: 'POST', path: '/graphql', status: 502, times: 1 });

    const run = await world.release({ 'require-deployment': 'production' });

    expect(fault.hits).toBe(1);
    expect(run.exitCode).toBe(0);
    expect(run.outputs).toMatchObject({ released: 'true', decision: 'released' });
    expect(world.gh.requests('POST', '/graphql').map((e) => e.status).slice(0, 2)).toEqual([502, 200]);
    expect(world.releases('v1.1.0')).toHaveLength(1);
  });

  it('waits out a secondary rate limit (retry-after: 1) and releases', async () => {
    const target = liveDescendant();
    const fault = world.gh.faults.add({ method: 'GET', path: compareLive(), secondaryRateLimit: { retryAfter: 1 } });

    const run = await world.release({ 'require-deployment': 'production', target });

    expect(fault.hits).toBe(1);
    expect(run.outputs).toMatchObject({ released: 'true', decision: 'released' });
    expect(run.warnings.join('\n')).toMatch(/retry-after 1 s.*retrying/);
    expect(world.gh.requests('GET', compareLive()).map((e) => e.status)).toEqual([403, 200]);
    expect(world.releases('v1.1.0')).toHaveLength(1);
  });
});

describe('facts that cannot be read fail the step', () => {
  it('a persistent 500 on the live deployment check, or a connection dropped on every try', async () => {
    // Two repositories, two runs at once: the retries' back-off is waited out once.
    const dropping = world.repo;
    const droppingTarget = liveDescendant();
    world.fresh();
    world.approvedPr('Add gift cards');
    world.deploy('success');
    const failing = world.repo;
    const failingTarget = liveDescendant();
    const serverError = world.gh.faults.add({ method: 'GET', path: compareLive(failing.fullName), status: 500, times: Infinity });
    const drop = world.gh.faults.add({ method: 'GET', path: compareLive(dropping.fullName), drop: true, times: Infinity });

    const [onServerError, onDrop] = await Promise.all([
      world.release({ 'require-deployment': 'production', target: failingTarget }, { repo: failing }),
      world.release({ 'require-deployment': 'production', target: droppingTarget }, { repo: dropping })
    ]);

    // The first try and three retries, each.
    expect(serverError.hits).toBe(4);
    expect(drop.hits).toBe(4);
    expectFailedWithNothingReleased(onServerError, `Comparing ${failingTarget.slice(0, 7)} with the live ${failing.tip('main').slice(0, 7)} failed (HTTP 500): Server Error`);
    expectFailedWithNothingReleased(onDrop, `Comparing ${droppingTarget.slice(0, 7)} with the live ${dropping.tip('main').slice(0, 7)} failed`);
    expect(onDrop.errors[0]).toContain('socket hang up');
    expect(dropping.releases.filter((r) => r.tagName === 'v1.1.0')).toEqual([]);
  }, 40_000);

  it('a 403 on the live deployment check', async () => {
    const target = liveDescendant();
    world.gh.faults.add({ method: 'GET', path: compareLive(), status: 403, body: { message: 'Resource not accessible by integration' }, times: Infinity });

    const run = await world.release({ 'require-deployment': 'production', target });

    expect(world.gh.requests('GET', compareLive())).toHaveLength(1); // a 403 is not retried
    expectFailedWithNothingReleased(run, `Comparing ${target.slice(0, 7)} with the live ${world.target.slice(0, 7)} failed (HTTP 403): Resource not accessible by integration`);
  });

  it('a token that cannot read pull requests and their timelines (GraphQL FORBIDDEN)', async () => {
    const run = await world.release({}, { token: 'ghs_no_pulls' });

    expectFailedWithNothingReleased(run, 'Resource not accessible by integration');
    // The first read of pull requests is the start, which reads the commits since the latest release with them.
    expect(run.errors[0]).toContain('Reading the release target, the latest release and the commits since it failed');
  });
});
