/**
 * release-action end to end: an approval counts only if it came after the last push GitHub
 * recorded, whatever date the pushed commit carries: the repository activity for this
 * repository's branches, the head commit's check suites and force pushes for a fork's.
 */
import { describe, expect, it } from '@jest/globals';
import { APPROVER, OUTSIDER, codes, useWorld } from './release-world.js';

const world = useWorld();

describe('stale means pushed after the approval', () => {
  it('a commit dated days ago but pushed after the approval makes the approval stale', async () => {
    const pr = world.open('Add gift cards');
    world.label(pr, 'release-approved', APPROVER);
    world.backdatedPush(pr, { daysAgo: 5 });
    world.merge(pr);

    const run = await world.release({});

    expect(run.outputs['decision']).toBe('blocked');
    expect(codes(run)).toContain('stale-approval');
    expect(world.gh.requests('GET', `/repos/${world.repository}/activity`)).toHaveLength(1);
    expect(world.releaseWrites()).toEqual([]);
  });

  it("a fork's pull request pushed after its approval is stale; approved after its last push, it is released", async () => {
    const fork = world.fork(OUTSIDER);
    const late = world.forkPr(fork, 'Add gift cards');
    world.label(late, 'release-approved', APPROVER);
    world.repo.push(late, { by: OUTSIDER, at: '2026-01-01T00:00:00Z', pushedAt: world.gh.state.clock.now() });
    world.tick();
    world.merge(late);

    const stale = await world.release({});
    expect(codes(stale)).toContain('stale-approval');
    expect(world.releaseWrites()).toEqual([]);

    world.label(late, 'release-approved-again', APPROVER);
    const run = await world.release({ 'approval-labels': 'release-approved, release-approved-again' });
    expect(run.outputs).toMatchObject({ released: 'true', decision: 'released' });
    // A fork's pushes are not in this repository's activity: nothing is read there for it.
    expect(world.gh.requests('GET', `/repos/${world.repository}/activity`)).toEqual([]);
  });
});
