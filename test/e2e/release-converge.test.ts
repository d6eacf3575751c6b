/**
 * release-action end to end: exactly one release per tag, whatever concurrent runs, drafts and
 * existing tags do; never a release moved or overwritten.
 */
import { describe, expect, it } from '@jest/globals';
import { APPROVER, codes, useWorld } from './release-world.js';

const world = useWorld();

describe('concurrent runs', () => {
  it('two runs for the same tag end with one release: one released, the other already-released', async () => {
    world.approvedPr('Add gift cards');
    // Both runs reach the write before either finishes it.
    const delay = world.gh.faults.add({ method: 'POST', path: /\/git\/refs$/, delayMs: 400, times: 2 });

    const runs = await Promise.all([
      world.release({}, { sha: world.target, env: { GITHUB_RUN_ID: '501' } }),
      world.release({}, { sha: world.target, env: { GITHUB_RUN_ID: '502' } })
    ]);

    expect(delay.hits).toBe(2);
    expect(runs.map((r) => r.exitCode)).toEqual([0, 0]);
    expect(runs.map((r) => r.outputs['decision']).sort()).toEqual(['already-released', 'released']);
    expect(runs.map((r) => r.outputs['released']).sort()).toEqual(['false', 'true']);
    expect(world.releases('v1.1.0')).toHaveLength(1);
    expect(world.repo.tags.get('v1.1.0')?.commit).toBe(world.target);
    // The tag is the claim: one run creates it and writes the release, the other finds it taken by a sibling.
    expect(world.gh.requests('POST', `/repos/${world.repository}/git/refs`).map((p) => p.status).sort()).toEqual([201, 422]);
    expect(world.gh.requests('POST', `/repos/${world.repository}/releases`).map((p) => p.status)).toEqual([201]);
    for (const run of runs) expect(run.errors).toEqual([]);
  });
});

describe('drafts', () => {
  it('publishes a draft with the tag found on page two of the release list, in place', async () => {
    // The draft was prepared before 101 later releases: it is listed after them, on page two.
    const draft = world.repo.addRelease({ tag_name: 'v2.0.0', by: APPROVER, draft: true, target_commitish: world.target, body: 'Draft notes' });
    world.tick();
    world.directPush('Old history, released long ago');
    for (let i = 1; i <= 101; i++) world.repo.addRelease({ tag_name: `v1.0.${i}`, by: APPROVER, target_commitish: world.target });
    world.tick();
    const pr = world.approvedPr('Add gift cards');
    const countBefore = world.repo.releases.length;

    const run = await world.release({ tag: 'v2.0.0' });

    expect(run.exitCode).toBe(0);
    expect(run.outputs).toMatchObject({ released: 'true', decision: 'released', 'release-id': String(draft.id) });
    expect(world.repo.releases).toHaveLength(countBefore);
    expect(world.releases('v2.0.0')).toHaveLength(1);
    expect(draft.draft).toBe(false);
    expect(draft.body).toContain(`Add gift cards by @carol in https://github.com/${world.repository}/pull/${pr.number}`);
    expect(draft.body).toContain('## Release audit');
    expect(world.repo.tags.get('v2.0.0')?.commit).toBe(world.target);
    expect(world.gh.requests('GET', `/repositories/${world.repo.id}/releases`).map((e) => e.query['page'])).toEqual(['2']);
    expect(world.releaseWrites().map((e) => `${e.method} ${e.path}`)).toEqual([`PATCH /repos/${world.repository}/releases/${draft.id}`]);
    expect(run.approvals).toEqual({ [String(pr.number)]: [expect.objectContaining({ login: APPROVER })] });
  });
});

describe('a tag already taken', () => {
  it('is blocked with tag-taken when a published release has the tag at another commit, and overwrites nothing', async () => {
    const old = world.repo.tags.get('v1.0.0')!.commit;
    const existing = world.repo.addRelease({ tag_name: 'v1.1.0', by: APPROVER, target_commitish: old, body: 'The real 1.1.0' });
    world.repo.addRelease({ tag_name: 'v1.0.9', by: APPROVER, target_commitish: old });
    world.approvedPr('Add gift cards');

    const run = await world.release({});

    // A scheduled run after a release must not go red: blocked, not an error.
    expect(run.exitCode).toBe(0);
    expect(run.outputs).toMatchObject({ released: 'false', decision: 'blocked' });
    expect(codes(run)).toEqual(['tag-taken']);
    expect(run.reasons[0]!.message).toContain(
      `Release v1.1.0 already exists at ${old.slice(0, 7)}, not at the target ${world.target.slice(0, 7)}; Tollgate never moves or overwrites a published release`
    );
    expect(run.warnings.join('\n')).toContain('Release v1.1.0 is blocked');
    expect(run.summary).toContain('tag-taken');
    expect(world.releases('v1.1.0')).toEqual([existing]);
    expect(existing.body).toBe('The real 1.1.0');
    expect(world.repo.tags.get('v1.1.0')?.commit).toBe(old);
    expect(world.releaseWrites()).toEqual([]);
  });

  it('is blocked with tag-taken when the tag exists without a release at another commit, and fails only under on-blocked: fail', async () => {
    const old = world.repo.tags.get('v1.0.0')!.commit;
    world.repo.tag('v1.1.0', old);
    world.approvedPr('Add gift cards');

    const skip = await world.release({});
    const fail = await world.release({ 'on-blocked': 'fail' });

    expect(skip.exitCode).toBe(0);
    expect(skip.outputs['decision']).toBe('blocked');
    expect(codes(skip)).toEqual(['tag-taken']);
    expect(skip.reasons[0]!.message).toContain(`Tag v1.1.0 already exists at ${old.slice(0, 7)}, not at the target ${world.target.slice(0, 7)}`);
    expect(fail.exitCode).toBe(1);
    expect(fail.errors.join('\n')).toContain(`Tag v1.1.0 already exists at ${old.slice(0, 7)}`);
    expect(world.releases('v1.1.0')).toEqual([]);
    expect(world.releaseWrites()).toEqual([]);
    expect(world.gh.requests('POST', `/repos/${world.repository}/git/refs`)).toEqual([]);
  });

  it('releases on a tag that already points at the target', async () => {
    world.approvedPr('Add gift cards');
    world.repo.tag('v1.1.0', world.target, { message: 'Version 1.1.0' });

    const run = await world.release({});

    expect(run.outputs).toMatchObject({ released: 'true', decision: 'released' });
    expect(world.releases('v1.1.0')).toHaveLength(1);
  });
});

describe('targets', () => {
  it('releases a target given as an annotated tag', async () => {
    world.approvedPr('Add gift cards');
    world.repo.tag('rc-1', world.target, { message: 'Release candidate 1' });

    const run = await world.release({ target: 'rc-1' }, { sha: world.repo.tags.get('v1.0.0')!.commit });

    expect(run.exitCode).toBe(0);
    expect(run.outputs).toMatchObject({ released: 'true', decision: 'released' });
    expect(world.repo.tags.get('v1.1.0')?.commit).toBe(world.target);
  });

  it('releases a target given as a branch name', async () => {
    world.approvedPr('Add gift cards');

    const run = await world.release({ target: 'main' }, { sha: '0'.repeat(40) });

    expect(run.outputs['decision']).toBe('released');
    expect(world.repo.tags.get('v1.1.0')?.commit).toBe(world.target);
  });

  it('fails closed on a first release without previous-tag, saying what to set, and releases once it is set', async () => {
    world.fresh({ previousRelease: false });
    const base = world.repo.tip('main');
    world.repo.tag('v0.0.0', base);
    world.approvedPr('Add gift cards');

    const first = await world.release({});
    expect(first.exitCode).toBe(1);
    expect(first.errors.join('\n')).toContain("Set 'previous-tag' to the tag after which every change needs approval");
    expect(first.summary).toContain('Tollgate release failed');
    expect(world.releaseWrites()).toEqual([]);

    const second = await world.release({ 'previous-tag': 'v0.0.0' });
    expect(second.outputs['decision']).toBe('released');
  });

  it('fails clearly when previous-tag does not exist', async () => {
    world.approvedPr('Add gift cards');

    const run = await world.release({ 'previous-tag': 'v0.9.0' });

    expect(run.exitCode).toBe(1);
    expect(run.errors.join('\n')).toContain(`Input 'previous-tag' has the value "v0.9.0" (the previous tag v0.9.0 does not exist)`);
    expect(world.releaseWrites()).toEqual([]);
  });
});
