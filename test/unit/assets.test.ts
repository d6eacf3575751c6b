import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { InputError } from '../../src/core/errors.js';
import { expandGlob, readNotesFile, resolveAssetFiles } from '../../src/release/asset-files.js';
import { planAssets } from '../../src/release/asset-plan.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'tollgate-assets-'));
  mkdirSync(path.join(dir, 'dist/linux'), { recursive: true });
  mkdirSync(path.join(dir, 'dist/macos'), { recursive: true });
  writeFileSync(path.join(dir, 'dist/linux/shop.tgz'), 'l');
  writeFileSync(path.join(dir, 'dist/macos/shop.tgz'), 'm');
  writeFileSync(path.join(dir, 'dist/app.zip'), 'zip');
  writeFileSync(path.join(dir, 'dist/.hidden.zip'), 'h');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const warn = () => undefined;

describe('files globs', () => {
  it('matches relative to the workspace, recursively with **, without dot files', () => {
    expect(expandGlob('dist/**/*.tgz', dir).map((f) => path.relative(dir, f))).toEqual([path.join('dist/linux/shop.tgz'), path.join('dist/macos/shop.tgz')]);
    expect(expandGlob('dist/*.zip', dir).map((f) => path.basename(f))).toEqual(['app.zip']);
    expect(expandGlob('dist/app.zip', dir)).toHaveLength(1);
    expect(expandGlob(path.join(dir, 'dist/*.zip'), '/elsewhere')).toHaveLength(1);
  });

  it('refuses two files that would be the same asset name', () => {
    expect(() => resolveAssetFiles(['dist/**/*.tgz'], { cwd: dir, failOnUnmatched: true, warn })).toThrow(/would both be the asset shop\.tgz/);
  });

  it('a glob that matches nothing is an error naming it, or a warning', () => {
    expect(() => resolveAssetFiles(['dist/*.exe'], { cwd: dir, failOnUnmatched: true, warn })).toThrow(InputError);
    const warnings: string[] = [];
    expect(resolveAssetFiles(['dist/*.exe', 'dist/*.zip'], { cwd: dir, failOnUnmatched: false, warn: (m) => warnings.push(m) }).map((f) => f.name)).toEqual(['app.zip']);
    expect(warnings).toEqual([`Input 'files': "dist/*.exe" matches no file; nothing to upload for it.`]);
  });

  it('notes-file must exist and excludes notes', () => {
    expect(() => readNotesFile('nope.md', { cwd: dir, notes: '' })).toThrow(/there is no file/);
    expect(() => readNotesFile('dist/app.zip', { cwd: dir, notes: 'x' })).toThrow(/the input 'notes' is set too/);
  });
});

describe('asset plan', () => {
  const file = (name: string, size: number) => ({ path: `/w/${name}`, name, size });
  const asset = (id: number, name: string, size: number, digest: string | null = `sha256:${name}`) => ({ id, name, size, url: `https://x/${name}`, digest });
  const digests = new Map(['a', 'b', 'c'].map((n) => [n, `sha256:${n}`]));
  const named = (steps: ReturnType<typeof planAssets>) => steps.map((s) => [s.kind, s.kind === 'remove' ? s.asset.name : s.file.name]);

  it('on a draft: keeps same name and bytes, replaces another size, uploads the missing, removes what files does not name', () => {
    const steps = planAssets([file('a', 1), file('b', 2), file('c', 3)], [asset(1, 'a', 1), asset(2, 'b', 9), asset(3, 'z', 5)], true, digests);
    expect(named(steps)).toEqual([
      ['remove', 'z'],
      ['keep', 'a'],
      ['replace', 'b'],
      ['upload', 'c']
    ]);
  });

  it('on a draft: replaces an asset of the same name and size whose bytes differ, or whose digest GitHub does not give', () => {
    const steps = planAssets([file('a', 1), file('b', 2)], [asset(1, 'a', 1, 'sha256:other'), asset(2, 'b', 2, null)], true, digests);
    expect(named(steps)).toEqual([
      ['replace', 'a'],
      ['replace', 'b']
    ]);
  });

  it('on a published release: changes nothing, reports what differs', () => {
    const steps = planAssets([file('a', 1), file('b', 2), file('c', 3)], [asset(1, 'a', 1), asset(2, 'b', 9), asset(3, 'z', 5)], false, digests);
    expect(steps.map((s) => s.kind)).toEqual(['keep', 'locked', 'locked']);
  });
});
