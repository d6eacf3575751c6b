/**
 * release-action end to end: the release lands on the commit that was approved, and is
 * written exactly once, whatever pushes a tag meanwhile, loses an answer or runs alongside.
 */
import { describe, expect, it } from '@jest/globals';
import { APPROVER, codes, useWorld } from './release-world.js';

const world = useWorld();

const refPosts = () => world.gh.requests('POST', `/repos/${world.repository}/git/refs`);
const releasePosts = () => world.gh.requests('POST', `/repos/${world.repository}/releases`);

describe('the release lands on the commit that was approved', () => {
  it('a tag pushed at another commit just before the write blocks the release (tag-taken), and no release lands there', async () => {
    world.approvedPr('Add gift cards');
    const old = world.repo.tags.get('v1.0.0')!.commit;
    // Someone pushes v1.1.0 at an old, unchecked commit between Tollgate's checks and its first write.
    const push = world.gh.faults.add({ method: 'POST', path: /\/(git\/refs|releases)$/, before: () => void world.repo.tag('v1.1.0', old) });

    const run = await world.release({});

    expect(push.hits).toBe(1);
    expect(run.exitCode).toBe(0);
    expect(run.outputs).toMatchObject({ released: 'false', decision: 'blocked' });
    expect(codes(run)).toEqual(['tag-taken']);
    expect(run.reasons[0]!.message).toContain(`Tag v1.1.0 already exists at ${old.slice(0, 7)}, not at the target ${world.target.slice(0, 7)}`);
    expect(world.releases('v1.1.0')).toEqual([]);
    expect(releasePosts()).toEqual([]);
    expect(world.repo.tags.get('v1.1.0')?.commit).toBe(old);
  });

  it('creates the tag at the target itself before creating the release', async () => {
    world.approvedPr('Add gift cards');

    const run = await world.release({});

    expect(run.outputs).toMatchObject({ released: 'true', decision: 'released' });
    expect(refPosts().map((e) => [e.status, e.body])).toEqual([[201, { ref: 'refs/tags/v1.1.0', sha: world.target }]]);
    const order = world.gh.log.filter((e) => e.method === 'POST' && /\/(git\/refs|releases)$/.test(e.path)).map((e) => e.path.split('/').pop());
    expect(order).toEqual(['refs', 'releases']);
  });

  it('reads tag: refs/tags/v1.1.0 as v1.1.0, with a notice, and never creates refs/tags/refs/tags/...', async () => {
    world.approvedPr('Add gift cards');

    const run = await world.release({ tag: 'refs/tags/v1.1.0' });

    expect(run.outputs).toMatchObject({ released: 'true', decision: 'released', tag: 'v1.1.0' });
    expect(run.warnings.join('\n')).toContain(`Input 'tag' is "refs/tags/v1.1.0": read as the tag "v1.1.0"`);
    expect(world.repo.tags.get('v1.1.0')?.commit).toBe(world.target);
    expect([...world.repo.tags.keys()].filter((t) => t.startsWith('refs/'))).toEqual([]);
    expect(world.releases('v1.1.0')).toHaveLength(1);
  });

  it('refuses a tag input naming a branch ref, before anything is written', async () => {
    world.approvedPr('Add gift cards');

    const run = await world.release({ tag: 'refs/heads/main' });

    expect(run.exitCode).toBe(1);
    expect(run.errors.join('\n')).toContain(`Input 'tag' has the value "refs/heads/main" (it names a ref that is not a tag)`);
    expect(world.gh.log.filter((e) => e.method !== 'GET' && e.path !== '/graphql')).toEqual([]);
  });
});

describe('every write exactly once: a lost answer is read back, never sent again blindly', () => {
  it.each([
    ['dropped', 'drop' as const],
    ['answered 502', 502]
  ])('a published release whose create answer is %s: one release, and this run says released', async (_what, afterActing) => {
    world.approvedPr('Add gift cards');
    const lost = world.gh.faults.add({ method: 'POST', path: `/repos/${world.repository}/releases`, afterActing });

    const run = await world.release({});

    expect(lost.hits).toBe(1);
    expect(run.exitCode).toBe(0);
    expect(run.outputs).toMatchObject({ released: 'true', decision: 'released' });
    expect(releasePosts()).toHaveLength(1);
    expect(world.releases('v1.1.0')).toHaveLength(1);
    expect(run.outputs['release-id']).toBe(String(world.releases('v1.1.0')[0]!.id));
    expect(world.releases('v1.1.0')[0]!.body).toContain('<!-- tollgate:run 4242/1 -->');
  });

  it('a draft whose create answer is dropped: one draft, released', async () => {
    world.approvedPr('Add gift cards');
    const lost = world.gh.faults.add({ method: 'POST', path: `/repos/${world.repository}/releases`, afterActing: 'drop' });

    const run = await world.release({ draft: 'true' });

    expect(lost.hits).toBe(1);
    expect(run.outputs).toMatchObject({ released: 'true', decision: 'released' });
    expect(releasePosts()).toHaveLength(1);
    expect(world.releases('v1.1.0').map((r) => r.draft)).toEqual([true]);
  });

  it('a publish of a draft whose answer is dropped: published once, released', async () => {
    world.approvedPr('Add gift cards');
    const draft = world.repo.addRelease({ tag_name: 'v1.1.0', by: APPROVER, draft: true, target_commitish: world.target, body: 'Draft notes' });
    const lost = world.gh.faults.add({ method: 'PATCH', path: `/repos/${world.repository}/releases/${draft.id}`, afterActing: 'drop' });

    const run = await world.release({});

    expect(lost.hits).toBe(1);
    expect(run.outputs).toMatchObject({ released: 'true', decision: 'released', 'release-id': String(draft.id) });
    expect(world.releaseWrites()).toHaveLength(1);
    expect(world.releases('v1.1.0')).toEqual([draft]);
    expect(draft.draft).toBe(false);
  });

  it('a tag create whose answer is dropped: the tag is read back, one release, released', async () => {
    world.approvedPr('Add gift cards');
    const lost = world.gh.faults.add({ method: 'POST', path: `/repos/${world.repository}/git/refs`, afterActing: 'drop' });

    const run = await world.release({});

    expect(lost.hits).toBe(1);
    expect(run.outputs).toMatchObject({ released: 'true', decision: 'released' });
    expect(refPosts()).toHaveLength(1);
    expect(world.releases('v1.1.0')).toHaveLength(1);
  });
});

describe('concurrent runs', () => {
  const four = (inputs: Record<string, string>) =>
    Promise.all([601, 602, 603, 604].map((id) => world.release(inputs, { sha: world.target, env: { GITHUB_RUN_ID: String(id) } })));

  it('four runs with draft: true end with one draft, and exactly one says released', async () => {
    world.approvedPr('Add gift cards');
    // Every run finds the tag missing before any creates it.
    world.gh.faults.add({ method: 'POST', path: /\/git\/refs$/, delayMs: 1500, times: 4 });

    const runs = await four({ draft: 'true' });

    expect(runs.map((r) => r.exitCode)).toEqual([0, 0, 0, 0]);
    expect(runs.filter((r) => r.outputs['released'] === 'true')).toHaveLength(1);
    expect(runs.map((r) => r.outputs['decision']).sort()).toEqual(['already-released', 'already-released', 'already-released', 'released']);
    expect(world.releases('v1.1.0').map((r) => r.draft)).toEqual([true]);
    expect(world.repo.tags.get('v1.1.0')?.commit).toBe(world.target);
  });

  it('four runs with draft: true on a tag already pushed at the target end with one draft, and one says released', async () => {
    world.approvedPr('Add gift cards');
    // Release on tag push: the tag is there before any run starts, so it claims nothing.
    world.repo.tag('v1.1.0', world.target);
    world.gh.faults.add({ method: 'POST', path: /\/releases$/, delayMs: 1500, times: 4 });

    const runs = await four({ draft: 'true' });

    expect(runs.map((r) => r.exitCode)).toEqual([0, 0, 0, 0]);
    expect(runs.filter((r) => r.outputs['released'] === 'true')).toHaveLength(1);
    expect(world.releases('v1.1.0').map((r) => r.draft)).toEqual([true]);
    expect(new Set(runs.map((r) => r.outputs['release-id']))).toEqual(new Set([String(world.releases('v1.1.0')[0]!.id)]));
  });

  it('four runs publishing one draft: published once, exactly one says released', async () => {
    world.approvedPr('Add gift cards');
    const draft = world.repo.addRelease({ tag_name: 'v1.1.0', by: APPROVER, draft: true, target_commitish: world.target, body: 'Draft notes' });
    world.gh.faults.add({ method: 'POST', path: /\/git\/refs$/, delayMs: 1500, times: 4 });

    const runs = await four({});

    expect(runs.map((r) => r.exitCode)).toEqual([0, 0, 0, 0]);
    const released = runs.filter((r) => r.outputs['released'] === 'true');
    expect(released).toHaveLength(1);
    expect(released[0]!.outputs['release-id']).toBe(String(draft.id));
    expect(world.releases('v1.1.0')).toEqual([draft]);
    expect(draft.draft).toBe(false);
    expect(world.releaseWrites()).toHaveLength(1);
  });
});
