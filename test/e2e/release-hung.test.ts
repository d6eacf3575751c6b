/**
 * release-action end to end, when GitHub stops answering: the step ends within its time limit
 * (input `timeout-minutes`), names what it was doing, and never sends the release create twice.
 */
import { describe, expect, it } from '@jest/globals';
import { APPROVER, useWorld } from './release-world.js';

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

describe('a release write that times out is read back by the run marker', () => {
  const releasePosts = () => world.gh.log.filter((e) => e.method === 'POST' && /\/releases$/.test(e.path));

  it('a release create GitHub carried out but never answered: this run says released, and the create was sent once', async () => {
    world.approvedPr('Add gift cards');
    const hung = world.gh.faults.add({ method: 'POST', path: `/repos/${world.repository}/releases`, afterActing: 'hang' });

    const run = await world.release({ 'timeout-minutes': '0.2' });

    expect(hung.hits).toBe(1);
    expect(run.exitCode).toBe(0);
    expect(run.outputs).toMatchObject({ released: 'true', decision: 'released' });
    expect(releasePosts()).toHaveLength(1);
    expect(world.releases('v1.1.0')).toHaveLength(1);
    expect(run.outputs['release-id']).toBe(String(world.releases('v1.1.0')[0]!.id));
    expect(run.warnings.join('\n')).toContain('Creating release v1.1.0 timed out after 3 s');
  });

  it('a draft publish GitHub carried out but never answered: published once, this run says released', async () => {
    world.approvedPr('Add gift cards');
    const draft = world.repo.addRelease({ tag_name: 'v1.1.0', by: APPROVER, draft: true, target_commitish: world.target, body: 'Draft notes' });
    const hung = world.gh.faults.add({ method: 'PATCH', path: `/repos/${world.repository}/releases/${draft.id}`, afterActing: 'hang' });

    const run = await world.release({ 'timeout-minutes': '0.2' });

    expect(hung.hits).toBe(1);
    expect(run.exitCode).toBe(0);
    expect(run.outputs).toMatchObject({ released: 'true', decision: 'released', 'release-id': String(draft.id) });
    expect(world.releaseWrites()).toHaveLength(1);
    expect(world.releases('v1.1.0')).toEqual([draft]);
    expect(draft.draft).toBe(false);
  });

  it('a tag create GitHub carried out but never answered: the tag is read back, one release, released', async () => {
    world.approvedPr('Add gift cards');
    const hung = world.gh.faults.add({ method: 'POST', path: `/repos/${world.repository}/git/refs`, afterActing: 'hang' });

    const run = await world.release({ 'timeout-minutes': '0.2' });

    expect(hung.hits).toBe(1);
    expect(run.outputs).toMatchObject({ released: 'true', decision: 'released' });
    expect(world.gh.log.filter((e) => e.method === 'POST' && /\/git\/refs$/.test(e.path))).toHaveLength(1);
    expect(world.releases('v1.1.0')).toHaveLength(1);
  });

  it('a release create that never reached GitHub, once: read back, found missing, sent again after the read: one release, released', async () => {
    world.approvedPr('Add gift cards');
    const hung = world.gh.faults.add({ method: 'POST', path: `/repos/${world.repository}/releases`, hang: true });

    const run = await world.release({ 'timeout-minutes': '0.2' });

    expect(hung.hits).toBe(1);
    expect(run.outputs).toMatchObject({ released: 'true', decision: 'released' });
    expect(world.releases('v1.1.0')).toHaveLength(1);
    const posts = releasePosts();
    expect(posts).toHaveLength(2);
    // Between the two sends, the release was looked for.
    const between = world.gh.log.slice(world.gh.log.indexOf(posts[0]!) + 1, world.gh.log.indexOf(posts[1]!));
    expect(between.some((e) => e.method === 'GET' && /\/releases\/tags\/v1\.1\.0$/.test(e.path))).toBe(true);
  });

  it('a create carried out as the step ran out of time is still read back (in the time kept for finishing): released', async () => {
    world.approvedPr('Add gift cards');
    // Two creates that never reach GitHub, then one GitHub carries out without answering: the
    // third send gets only what is left of the step's working time, so nothing is left to read back with.
    world.gh.faults.add({ method: 'POST', path: `/repos/${world.repository}/releases`, hang: true, times: 2 });
    const acted = world.gh.faults.add({ method: 'POST', path: `/repos/${world.repository}/releases`, afterActing: 'hang' });

    const run = await world.release({ 'timeout-minutes': '0.2' });

    expect(acted.hits).toBe(1);
    expect(world.releases('v1.1.0')).toHaveLength(1);
    expect(run.exitCode).toBe(0);
    expect(run.outputs).toMatchObject({ released: 'true', decision: 'released', 'release-id': String(world.releases('v1.1.0')[0]!.id) });
    expect(releasePosts()).toHaveLength(3);
  });

  it('when every create times out, the step says the release was not found and that the tag at the target lets the next run finish', async () => {
    world.approvedPr('Add gift cards');
    world.gh.faults.add({ method: 'POST', path: `/repos/${world.repository}/releases`, hang: true, times: Infinity });

    const run = await world.release({ 'timeout-minutes': '0.2' });

    expect(run.exitCode).toBe(1);
    expect(world.releases('v1.1.0')).toEqual([]);
    expect(run.errors[0]).toContain('Creating release v1.1.0 timed out');
    expect(run.errors[0]).toContain(`Release v1.1.0 was not found when read back. Tag v1.1.0 stays at ${world.target.slice(0, 7)}, the checked commit: run the workflow again to release it.`);
  });

  it('after a run whose release create never reached GitHub, the re-run releases exactly once, on the tag the first run created at the target', async () => {
    world.approvedPr('Add gift cards');
    world.gh.faults.add({ method: 'POST', path: `/repos/${world.repository}/releases`, hang: true, times: Infinity });
    const first = await world.release({ 'timeout-minutes': '0.2' });
    expect(first.exitCode).toBe(1);
    expect(first.outputs['released']).not.toBe('true');
    expect(world.releases('v1.1.0')).toEqual([]);
    // Left behind: the tag, at the checked commit, and nothing else.
    expect(world.repo.tags.get('v1.1.0')?.commit).toBe(world.target);

    world.gh.faults.clear();
    world.gh.clearLog();
    const rerun = await world.release({}, { env: { GITHUB_RUN_ATTEMPT: '2' } });

    expect(rerun.exitCode).toBe(0);
    expect(rerun.outputs).toMatchObject({ released: 'true', decision: 'released' });
    expect(world.releases('v1.1.0')).toHaveLength(1);
    expect(world.releases('v1.1.0')[0]).toMatchObject({ draft: false });
    expect(world.releases('v1.1.0')[0]!.body).toContain('<!-- tollgate:run 4242/2 -->');
    expect(releasePosts()).toHaveLength(1);
    expect(world.gh.log.filter((e) => e.method === 'POST' && /\/git\/refs$/.test(e.path))).toEqual([]);
    expect(world.repo.tags.get('v1.1.0')?.commit).toBe(world.target);

    // And a third run finds it released.
    const third = await world.release({}, { env: { GITHUB_RUN_ATTEMPT: '3' } });
    expect(third.outputs).toMatchObject({ released: 'false', decision: 'already-released' });
    expect(world.releases('v1.1.0')).toHaveLength(1);
  });
});
