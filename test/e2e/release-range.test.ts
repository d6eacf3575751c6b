/**
 * release-action end to end: the range of changes can only widen, and the policy must come
 * from a protected workflow file.
 */
import { describe, expect, it } from '@jest/globals';
import { APPROVER, codes, useWorld } from './release-world.js';

const world = useWorld();

/** Nothing but reads reached GitHub. */
const nothingWritten = () => world.gh.log.filter((e) => e.method !== 'GET' && e.path !== '/graphql' && !e.path.endsWith('/generate-notes'));

describe('the range can only widen', () => {
  it('refuses a previous-tag placed after unreleased commits, naming the input, and writes nothing', async () => {
    world.directPush('Unreviewed change nobody released');
    world.repo.tag('v1.0.5', world.target);
    world.approvedPr('Add gift cards');

    const run = await world.release({ 'previous-tag': 'v1.0.5' });

    expect(run.exitCode).toBe(1);
    expect(run.errors.join('\n')).toContain(
      `Input 'previous-tag' has the value "v1.0.5" (v1.0.5 is newer than v1.0.0, the latest release the target contains: the commits after v1.0.0 have not been released`
    );
    expect(run.outputs['released']).not.toBe('true');
    expect(nothingWritten()).toEqual([]);
    expect(world.releases('v1.1.0')).toEqual([]);
  });

  it('accepts an older previous-tag (a wider range) and checks every commit after it', async () => {
    world.directPush('Hotfix released as v1.0.1 without a pull request');
    world.repo.addRelease({ tag_name: 'v1.0.1', by: APPROVER, target_commitish: world.target });
    world.approvedPr('Add gift cards');

    const run = await world.release({ 'previous-tag': 'v1.0.0' });

    expect(run.outputs['decision']).toBe('blocked');
    // The wider range holds a commit no pull request brought: it is checked, not skipped.
    expect(codes(run)).toContain('commit-without-pull-request');
  });

  it('ends up-to-date, never released, when previous-tag is at the target', async () => {
    world.approvedPr('Add gift cards');
    world.repo.tag('v1.0.9', world.target);

    const run = await world.release({ 'previous-tag': 'v1.0.9' });

    expect(run.exitCode).toBe(0);
    expect(run.outputs).toMatchObject({ released: 'false', decision: 'up-to-date' });
    expect(nothingWritten()).toEqual([]);
  });

  it('fails with the reason when the target is behind previous-tag', async () => {
    world.directPush('Unreleased change');
    const target = world.target;
    world.approvedPr('Add gift cards');
    world.repo.tag('v1.0.9', world.target);

    const run = await world.release({ 'previous-tag': 'v1.0.9', target });

    expect(run.exitCode).toBe(1);
    expect(run.errors.join('\n')).toContain(`the target ${target.slice(0, 7)} is behind v1.0.9: the range is empty, there is nothing to release`);
    expect(nothingWritten()).toEqual([]);
  });

  it('refuses a previous-tag on another branch (not an ancestor of the target)', async () => {
    world.repo.branch('side', world.target);
    world.repo.commit({ message: 'Side work', branch: 'side', author: APPROVER, files: ['side.txt'] });
    world.repo.tag('side-1', world.repo.tip('side'));
    world.approvedPr('Add gift cards');

    const run = await world.release({ 'previous-tag': 'side-1' });

    expect(run.exitCode).toBe(1);
    expect(run.errors.join('\n')).toContain(`side-1 is not an ancestor of the target ${world.target.slice(0, 7)}`);
    expect(nothingWritten()).toEqual([]);
  });

  it('without previous-tag, says up-to-date when a release already contains the target', async () => {
    const target = world.target;
    world.approvedPr('Add gift cards');
    world.repo.addRelease({ tag_name: 'v1.0.1', by: APPROVER, target_commitish: world.target });

    const run = await world.release({ tag: 'v1.0.2', target });

    expect(run.outputs).toMatchObject({ released: 'false', decision: 'up-to-date' });
    expect(nothingWritten()).toEqual([]);
  });
});

describe('the policy comes from a protected place', () => {
  const from = (ref: string) => ({ GITHUB_WORKFLOW_REF: `${world.repository}/.github/workflows/release.yml@${ref}` });

  it('does not release from a workflow file on a feature branch, says why and how to allow it', async () => {
    world.approvedPr('Add gift cards');

    const run = await world.release({}, { env: from('refs/heads/loosen-policy') });

    expect(run.exitCode).toBe(0);
    expect(run.outputs).toMatchObject({ released: 'false', decision: 'blocked' });
    expect(codes(run)).toEqual(['untrusted-policy']);
    expect(run.reasons[0]!.message).toContain('The release policy comes from .github/workflows/release.yml@refs/heads/loosen-policy');
    expect(run.reasons[0]!.message).toContain("list the ref in 'policy-refs'");
    expect(world.releaseWrites()).toEqual([]);
    expect(refPostsCount()).toBe(0);
  });

  it('a dry run from a feature branch still reports the decision, with the reason a real run would give', async () => {
    world.approvedPr('Add gift cards');

    const run = await world.release({ 'dry-run': 'true' }, { env: from('refs/heads/loosen-policy') });

    expect(run.outputs['decision']).toBe('dry-run');
    expect(codes(run)).toEqual(['untrusted-policy']);
    expect(Object.keys(run.approvals)).toHaveLength(1);
  });

  it('releases from a ref listed in policy-refs', async () => {
    world.approvedPr('Add gift cards');

    const run = await world.release({ 'policy-refs': 'main, release/*' }, { env: from('refs/heads/release/1.x') });

    expect(run.outputs).toMatchObject({ released: 'true', decision: 'released' });
  });

  it('accepts a workflow running from a tag whose commit is in the default branch, not one outside it', async () => {
    world.approvedPr('Add gift cards');
    world.repo.tag('v1.1.0-rc', world.target);
    world.repo.branch('fork-point', world.target);
    world.repo.commit({ message: 'Loosen the policy', branch: 'fork-point', author: 'mallory', files: ['.github/workflows/release.yml'] });
    world.repo.tag('evil', world.repo.tip('fork-point'));

    const evil = await world.release({}, { env: from('refs/tags/evil') });
    expect(evil.outputs['decision']).toBe('blocked');
    expect(codes(evil)).toEqual(['untrusted-policy']);
    expect(evil.reasons[0]!.message).toContain('tag evil, whose commit is not in the default branch main');

    const good = await world.release({}, { env: from('refs/tags/v1.1.0-rc') });
    expect(good.outputs).toMatchObject({ released: 'true', decision: 'released' });
  });
});

const refPostsCount = () => world.gh.requests('POST', `/repos/${world.repository}/git/refs`).length;
