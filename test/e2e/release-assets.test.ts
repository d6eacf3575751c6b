/**
 * Release assets end to end: the committed bundle writes a draft, uploads every file to the
 * uploads host, and only then publishes; a re-run resumes; a published release is never modified.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { APPROVER, useWorld } from './release-world.js';

const world = useWorld();
let workspace: string;

beforeAll(() => {
  workspace = mkdtempSync(path.join(os.tmpdir(), 'tollgate-workspace-'));
});
afterAll(() => rmSync(workspace, { recursive: true, force: true }));
beforeEach(() => {
  rmSync(path.join(workspace, 'dist'), { recursive: true, force: true });
  mkdirSync(path.join(workspace, 'dist/checksums'), { recursive: true });
  writeFileSync(path.join(workspace, 'dist/shop-linux.tgz'), 'linux build');
  writeFileSync(path.join(workspace, 'dist/shop-macos.tgz'), 'macos build!');
  writeFileSync(path.join(workspace, 'dist/checksums/SHA256SUMS.txt'), 'sums');
  writeFileSync(path.join(workspace, 'NOTES.md'), 'Gift cards are here.\n');
});

const release = (inputs: Record<string, string>) => world.release(inputs, { env: { GITHUB_WORKSPACE: workspace } });
const FILES = 'dist/*.tgz\ndist/**/SHA256SUMS.txt';
const uploads = () => world.gh.log.filter((e) => e.method === 'POST' && /\/releases\/\d+\/assets$/.test(e.path));
const writes = () => world.gh.log.filter((e) => e.method !== 'GET' && e.path !== '/graphql');

describe('files', () => {
  it('uploads every file to a draft, then publishes it: the published release is never without its assets', async () => {
    world.approvedPr('Add gift cards');
    const run = await release({ files: FILES });

    expect(run.exitCode).toBe(0);
    expect(run.outputs['decision']).toBe('released');
    const [published] = world.releases('v1.1.0');
    expect(published).toMatchObject({ draft: false });
    expect(published!.assets.map((a) => [a.name, a.size])).toEqual([
      ['shop-linux.tgz', 11],
      ['shop-macos.tgz', 12],
      ['SHA256SUMS.txt', 4]
    ]);
    expect(published!.assets.map((a) => a.contentType)).toEqual(['application/gzip', 'application/gzip', 'text/plain']);
    // Created as a draft, the three uploads, then published.
    const order = writes().map((e) => `${e.method} ${e.path.replace(/\d+/g, 'N').replace(/shop-N/, 'shop')}`);
    expect(order.filter((w) => /releases/.test(w) && !/generate-notes/.test(w))).toEqual([
      'POST /repos/acme/shop/releases',
      'POST /repos/acme/shop/releases/N/assets',
      'POST /repos/acme/shop/releases/N/assets',
      'POST /repos/acme/shop/releases/N/assets',
      'PATCH /repos/acme/shop/releases/N'
    ]);
    expect((writes().find((e) => e.method === 'POST' && /\/releases$/.test(e.path))!.body as { draft: boolean }).draft).toBe(true);
    expect(uploads().every((e) => e.query['name'] !== undefined)).toBe(true);
    expect(JSON.parse(run.outputs['assets']!)).toEqual([
      { name: 'shop-linux.tgz', size: 11, url: `https://github.com/${world.repository}/releases/download/v1.1.0/shop-linux.tgz` },
      { name: 'shop-macos.tgz', size: 12, url: `https://github.com/${world.repository}/releases/download/v1.1.0/shop-macos.tgz` },
      { name: 'SHA256SUMS.txt', size: 4, url: `https://github.com/${world.repository}/releases/download/v1.1.0/SHA256SUMS.txt` }
    ]);
    expect(run.outputs['upload-url']).toBe(`${world.gh.uploadsUrl}/repos/${world.repository}/releases/${published!.id}/assets{?name,label}`);
    expect(run.summary).toContain('**Assets**');
    expect(run.summary).toContain(`- 📦 [shop-linux.tgz](https://github.com/${world.repository}/releases/download/v1.1.0/shop-linux.tgz) (11 bytes): uploaded`);
  });

  it('works with immutable releases: the release is locked only once its assets are there', async () => {
    world.repo.immutableReleases = true;
    world.approvedPr('Add gift cards');
    const run = await release({ files: 'dist/*.tgz' });
    expect(run.exitCode).toBe(0);
    const [published] = world.releases('v1.1.0');
    expect(published).toMatchObject({ draft: false, immutable: true });
    expect(published!.assets).toHaveLength(2);
  });

  it('a glob that matches nothing fails the step before anything is read, naming it', async () => {
    world.approvedPr('Add gift cards');
    const run = await release({ files: 'dist/*.tgz\nbuild/*.zip' });
    expect(run.exitCode).toBe(1);
    expect(run.errors[0]).toContain(`Input 'files' has the value "build/*.zip" (it matches no file in ${workspace})`);
    expect(world.gh.log).toEqual([]);
  });

  it('fail-on-unmatched-files: false warns and releases with what matched', async () => {
    world.approvedPr('Add gift cards');
    const run = await release({ files: 'dist/*.tgz\nbuild/*.zip', 'fail-on-unmatched-files': 'false' });
    expect(run.exitCode).toBe(0);
    expect(run.warnings.join('\n')).toContain(`Input 'files': "build/*.zip" matches no file`);
    expect(world.releases('v1.1.0')[0]!.assets).toHaveLength(2);
  });

  it('re-runs after a failure part-way resume: what is uploaded is kept, and the release is published only at the end', async () => {
    world.approvedPr('Add gift cards');
    // Run 1: the first upload fails. The release stays a draft: nobody sees a release without its files.
    world.gh.faults.add({ method: 'POST', path: /\/assets$/, status: 400, body: { message: 'Bad Content-Length' } });
    const first = await release({ files: 'dist/*.tgz' });
    expect(first.exitCode).toBe(1);
    expect(world.releases('v1.1.0')).toMatchObject([{ draft: true, assets: [] }]);

    // Run 2: both files go up, then publishing (the run's second PATCH: the first updates the draft) fails.
    world.gh.faults.add({ method: 'PATCH', path: /\/releases\/\d+$/, skip: 1, status: 400, body: { message: 'Bad request' } });
    world.gh.clearLog();
    const second = await release({ files: 'dist/*.tgz' });
    expect(second.exitCode).toBe(1);
    expect(uploads()).toHaveLength(2);
    expect(world.releases('v1.1.0')).toMatchObject([{ draft: true }]);
    expect(world.releases('v1.1.0')[0]!.assets).toHaveLength(2);

    // Run 3: nothing to upload again; published.
    world.gh.clearLog();
    const third = await release({ files: 'dist/*.tgz' });
    expect(third.exitCode).toBe(0);
    expect(uploads()).toEqual([]);
    expect(world.releases('v1.1.0')).toHaveLength(1);
    expect(world.releases('v1.1.0')[0]).toMatchObject({ draft: false });
    expect(world.releases('v1.1.0')[0]!.assets.map((a) => a.name)).toEqual(['shop-linux.tgz', 'shop-macos.tgz']);
  });

  it('keeps an asset with the same name and size, replaces a different one, while the release is a draft', async () => {
    world.approvedPr('Add gift cards');
    const draft = world.repo.addRelease({ tag_name: 'v1.1.0', draft: true, by: APPROVER, target_commitish: world.target });
    const acting = world.gh.state.acting({ by: APPROVER });
    world.repo.uploadAsset(draft, { name: 'shop-linux.tgz', contentType: 'application/gzip', data: Buffer.from('linux build') }, acting);
    world.repo.uploadAsset(draft, { name: 'shop-macos.tgz', contentType: 'application/gzip', data: Buffer.from('old') }, acting);
    world.gh.clearLog();

    const run = await release({ files: 'dist/*.tgz' });

    expect(run.exitCode).toBe(0);
    expect(uploads().map((e) => e.query['name'])).toEqual(['shop-macos.tgz']);
    expect(world.gh.log.filter((e) => e.method === 'DELETE').length).toBe(1);
    expect(draft).toMatchObject({ draft: false });
    expect(draft.assets.map((a) => [a.name, a.size])).toEqual([
      ['shop-linux.tgz', 11],
      ['shop-macos.tgz', 12]
    ]);
    expect(run.summary).toContain('shop-linux.tgz) (11 bytes): already uploaded, kept');
    expect(run.summary).toContain('replaced the 3-byte asset of that name');
  });

  it('never modifies a published release: a missing asset is a warning', async () => {
    world.approvedPr('Add gift cards');
    world.repo.addRelease({ tag_name: 'v1.1.0', by: APPROVER, target_commitish: world.target });
    world.gh.clearLog();
    const run = await release({ files: 'dist/*.tgz' });
    expect(run.exitCode).toBe(0);
    expect(run.outputs['decision']).toBe('already-released');
    expect(uploads()).toEqual([]);
    expect(run.warnings.join('\n')).toContain('shop-linux.tgz (11 bytes): missing from the published release, which is never modified');
  });

  it('a dry run uploads nothing and says what it would upload', async () => {
    world.approvedPr('Add gift cards');
    const run = await release({ files: 'dist/*.tgz', 'dry-run': 'true' });
    expect(run.exitCode).toBe(0);
    expect(writes()).toEqual([]);
    expect(run.stdout).toContain('Dry run: would upload shop-linux.tgz (11 bytes), shop-macos.tgz (12 bytes) to a draft, then publish it.');
  });
});

describe('files with concurrent runs and lost answers', () => {
  const two = (inputs: Record<string, string>) =>
    Promise.all([701, 702].map((id) => world.release(inputs, { sha: world.target, env: { GITHUB_WORKSPACE: workspace, GITHUB_RUN_ID: String(id) } })));
  const publishes = () => world.gh.log.filter((e) => e.method === 'PATCH' && /\/releases\/\d+$/.test(e.path) && (e.body as { draft?: boolean }).draft === false);

  it.each([
    ['the tag is missing when both start', false],
    ['the tag was pushed at the target before both start', true]
  ])('two runs with files (%s): one release, published once with every asset, one run says released, neither fails', async (_when, tagFirst) => {
    world.repo.immutableReleases = true;
    world.approvedPr('Add gift cards');
    if (tagFirst) world.repo.tag('v1.1.0', world.target);
    // Both runs find the tag (or the draft) missing before either writes.
    world.gh.faults.add({ method: 'POST', path: tagFirst ? /\/releases$/ : /\/git\/refs$/, delayMs: 1500, times: 2 });

    const runs = await two({ files: FILES });

    expect(runs.map((r) => r.errors)).toEqual([[], []]);
    expect(runs.map((r) => r.exitCode)).toEqual([0, 0]);
    expect(runs.filter((r) => r.outputs['released'] === 'true')).toHaveLength(1);
    const all = world.releases('v1.1.0');
    expect(all).toHaveLength(1);
    expect(all[0]).toMatchObject({ draft: false });
    expect(all[0]!.assets.map((a) => a.name).sort()).toEqual(['SHA256SUMS.txt', 'shop-linux.tgz', 'shop-macos.tgz']);
    // One publish took effect. (A run that lost the race to a faster one may have uploaded to, or
    // tried to publish, its own draft before it learnt; that draft is deleted.)
    expect(publishes().filter((e) => e.status === 200)).toHaveLength(1);
    expect(uploads().filter((e) => e.path.includes(`/releases/${all[0]!.id}/`))).toHaveLength(3);
    const other = runs.find((r) => r.outputs['released'] !== 'true')!;
    expect(other.outputs['decision']).toBe('already-released');
    if (other.summary.includes('**Assets**:')) expect(other.summary).toContain('**Assets**: the release is a draft another run wrote; that run uploads the files and publishes it.');
  });

  it('another run that publishes its own draft of the tag while this run uploads: this run deletes its draft and converges, neither fails', async () => {
    world.approvedPr('Add gift cards');
    world.repo.tag('v1.1.0', world.target);
    // Just before this run publishes, the other run (which wrote its own draft) publishes it.
    world.gh.faults.add({
      method: 'PATCH',
      path: /\/releases\/\d+$/,
      before: () => void world.repo.addRelease({ tag_name: 'v1.1.0', by: 'github-actions[bot]', target_commitish: world.target, body: 'the other run' })
    });

    const run = await release({ files: FILES });

    expect(run.errors).toEqual([]);
    expect(run.exitCode).toBe(0);
    expect(run.outputs).toMatchObject({ released: 'false', decision: 'already-released' });
    const all = world.releases('v1.1.0');
    expect(all).toHaveLength(1);
    expect(all[0]).toMatchObject({ draft: false, body: 'the other run' });
    expect(run.outputs['release-id']).toBe(String(all[0]!.id));
  });

  it('a release of the tag published by another run before this run checked its new draft: the draft is deleted at once, nothing uploaded', async () => {
    world.approvedPr('Add gift cards');
    world.repo.tag('v1.1.0', world.target);
    // While this run creates its draft, the other run has published its release of the tag.
    world.gh.faults.add({
      method: 'POST',
      path: /\/releases$/,
      before: () => void world.repo.addRelease({ tag_name: 'v1.1.0', by: 'github-actions[bot]', target_commitish: world.target, body: 'the other run' })
    });

    const run = await release({ files: FILES });

    expect(run.exitCode).toBe(0);
    expect(run.outputs).toMatchObject({ released: 'false', decision: 'already-released' });
    expect(world.releases('v1.1.0')).toHaveLength(1);
    expect(uploads()).toEqual([]);
  });

  it.each([
    ['dropped', 'drop' as const],
    ['never answered', 'hang' as const]
  ])('a publish whose answer is %s after GitHub published: read back, published once, released', async (_what, afterActing) => {
    world.approvedPr('Add gift cards');
    const lost = world.gh.faults.add({ method: 'PATCH', path: /\/releases\/\d+$/, afterActing });

    const run = await world.release({ files: 'dist/*.tgz', 'timeout-minutes': '0.2' }, { env: { GITHUB_WORKSPACE: workspace } });

    expect(lost.hits).toBe(1);
    expect(run.exitCode).toBe(0);
    expect(run.outputs).toMatchObject({ released: 'true', decision: 'released' });
    expect(world.releases('v1.1.0')).toMatchObject([{ draft: false }]);
    expect(world.releases('v1.1.0')[0]!.assets).toHaveLength(2);
    expect(publishes()).toHaveLength(1);
  });

  it('a publish that never reached GitHub leaves a draft with its assets; the re-run publishes it without uploading again', async () => {
    world.approvedPr('Add gift cards');
    world.gh.faults.add({ method: 'PATCH', path: /\/releases\/\d+$/, hang: true, times: Infinity });
    const first = await world.release({ files: 'dist/*.tgz', 'timeout-minutes': '0.2' }, { env: { GITHUB_WORKSPACE: workspace } });
    expect(first.exitCode).toBe(1);
    expect(world.releases('v1.1.0')).toMatchObject([{ draft: true }]);
    expect(world.releases('v1.1.0')[0]!.assets).toHaveLength(2);

    world.gh.faults.clear();
    world.gh.clearLog();
    const rerun = await world.release({ files: 'dist/*.tgz' }, { env: { GITHUB_WORKSPACE: workspace, GITHUB_RUN_ATTEMPT: '2' } });
    expect(rerun.exitCode).toBe(0);
    expect(rerun.outputs).toMatchObject({ released: 'true', decision: 'released' });
    expect(uploads()).toEqual([]);
    expect(world.releases('v1.1.0')).toMatchObject([{ draft: false }]);
    expect(publishes()).toHaveLength(1);
  });

  it('a re-run with files after the release was published never modifies it', async () => {
    world.approvedPr('Add gift cards');
    const first = await release({ files: 'dist/*.tgz' });
    expect(first.outputs['released']).toBe('true');
    writeFileSync(path.join(workspace, 'dist/shop-linux.tgz'), 'a different linux build');
    world.gh.clearLog();

    const rerun = await world.release({ files: 'dist/*.tgz' }, { env: { GITHUB_WORKSPACE: workspace, GITHUB_RUN_ATTEMPT: '2' } });

    expect(rerun.exitCode).toBe(0);
    expect(rerun.outputs).toMatchObject({ released: 'false', decision: 'already-released' });
    expect(writes().filter((e) => !/generate-notes/.test(e.path))).toEqual([]);
    expect(world.releases('v1.1.0')[0]!.assets.find((a) => a.name === 'shop-linux.tgz')!.size).toBe(11);
  });
});

describe('notes-file', () => {
  it('puts the file at the top of the notes', async () => {
    world.approvedPr('Add gift cards');
    const run = await release({ 'notes-file': 'NOTES.md' });
    expect(run.exitCode).toBe(0);
    expect(world.releases('v1.1.0')[0]!.body!.startsWith('Gift cards are here.')).toBe(true);
  });

  it('excludes notes, and must exist', async () => {
    world.approvedPr('Add gift cards');
    const both = await release({ 'notes-file': 'NOTES.md', notes: 'Hello' });
    expect(both.errors[0]).toContain(`Input 'notes-file' has the value "NOTES.md" (the input 'notes' is set too)`);
    const missing = await release({ 'notes-file': 'CHANGES.md' });
    expect(missing.errors[0]).toContain(`there is no file ${path.join(workspace, 'CHANGES.md')}`);
    expect(world.gh.log).toEqual([]);
  });
});
