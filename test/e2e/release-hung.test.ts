/**
 * release-action end to end, when GitHub stops answering: the step ends within its time limit
 * (input `timeout-minutes`), names what it was doing, and never sends the release create twice.
 */
import { describe, expect, it } from '@jest/globals';
import { useWorld } from './release-world.js';

const world = useWorld();

describe('release-action never hangs', () => {
  it('a release create that never answers ends within the time limit, is never sent again without reading back, and releases nothing', async () => {
    world.approvedPr('Add gift cards');
    world.gh.faults.add({ method: 'POST', path: /\/releases$/, hang: true, times: Infinity });

    // 0.2 minutes: 3 s per request, 12 s for the step.
    const run = await world.release({ 'timeout-minutes': '0.2' });

    expect(run.exitCode).toBe(1);
    expect(run.errors).toHaveLength(1);
    expect(run.errors[0]).toMatch(/^(Creating release v1\.1\.0 timed out after 3 s\. The answer was lost, so GitHub may have carried it out|.*the step's time limit \(input timeout-minutes\))/);
    expect(run.summary).toContain(run.errors[0]!.split('.')[0]);
    expect(world.releases('v1.1.0')).toEqual([]);
    // Every create after the first follows a read of what GitHub holds.
    const releaseRequests = world.gh.log.filter((e) => /\/releases(\/tags\/[^/]+)?$/.test(e.path));
    releaseRequests.forEach((entry, i) => {
      if (entry.method === 'POST' && i > 0) expect(releaseRequests[i - 1]!.method).toBe('GET');
    });
    expect(releaseRequests.filter((e) => e.method === 'POST').length).toBeGreaterThan(0);
  });

  it('a GraphQL read that never answers fails the step within its time limit, naming it, with nothing released', async () => {
    world.approvedPr('Add gift cards');
    world.gh.faults.add({ method: 'POST', path: '/graphql', hang: true, times: Infinity });

    // 0.1 minutes: 1.5 s per request, 6 s for the step.
    const run = await world.release({ 'timeout-minutes': '0.1' });

    expect(run.exitCode).toBe(1);
    expect(run.errors).toHaveLength(1);
    expect(run.errors[0]).toMatch(/ timed out after 1\.5 s/);
    expect(run.summary).toContain('timed out after 1.5 s');
    expect(world.releaseWrites()).toEqual([]);
    expect(world.releases('v1.1.0')).toEqual([]);
  });

  it('refuses a timeout-minutes that is not a number of minutes, before reading anything', async () => {
    const run = await world.release({ 'timeout-minutes': 'an hour' });
    expect(run.exitCode).toBe(1);
    expect(run.errors[0]).toContain(`Input 'timeout-minutes' has the value "an hour": accepted values are numbers of minutes above 0 and at most 360`);
    expect(world.gh.log).toEqual([]);
  });
});
