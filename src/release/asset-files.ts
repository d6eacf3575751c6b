/**
 * The `files` and `notes-file` inputs, read from the workspace before anything is read from or
 * written to GitHub: every glob must match (unless `fail-on-unmatched-files: false`), asset names
 * (file names) must be unique, and a notes file must exist.
 */
import { createHash } from 'node:crypto';
import { lstatSync, readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { minimatch } from 'minimatch';
import { InputError } from '../core/errors.js';
import type { AssetFile } from '../core/facts/assets.js';

export type { AssetFile } from '../core/facts/assets.js';

/** GitHub takes release assets up to 2 GiB each. */
export const ASSET_SIZE_LIMIT = 2 * 1024 ** 3;

const MAGIC = /[*?[\]{}()!]/;
const toPosix = (p: string): string => p.split(path.sep).join('/');

/** Files under `dir`, recursively; directory symlinks are not followed (no loops). */
function walk(dir: string, found: string[]): void {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(full, found);
    else if (entry.isFile() || (entry.isSymbolicLink() && statSync(full, { throwIfNoEntry: false })?.isFile())) found.push(full);
  }
}

/** The files one glob matches, relative to `cwd` unless absolute, sorted. */
export function expandGlob(glob: string, cwd: string): string[] {
  const pattern = toPosix(path.resolve(cwd, glob.replace(/\\/g, '/')));
  const segments = pattern.split('/');
  const firstMagic = segments.findIndex((s) => MAGIC.test(s));
  if (firstMagic < 0) {
    const stat = statSync(pattern, { throwIfNoEntry: false });
    return stat?.isFile() ? [path.resolve(pattern)] : [];
  }
  const base = segments.slice(0, firstMagic).join('/') || '/';
  if (!lstatSync(base, { throwIfNoEntry: false })?.isDirectory()) return [];
  const files: string[] = [];
  walk(base, files);
  return files.filter((file) => minimatch(toPosix(file), pattern, { dot: false })).sort();
}

/** Resolves the `files` globs; throws an InputError naming the glob or the clash. */
export function resolveAssetFiles(globs: string[], options: { cwd: string; failOnUnmatched: boolean; warn: (message: string) => void }): AssetFile[] {
  const byName = new Map<string, AssetFile>();
  for (const glob of globs) {
    const matches = expandGlob(glob, options.cwd);
    if (matches.length === 0) {
      const problem = `it matches no file in ${options.cwd}`;
      if (options.failOnUnmatched) {
        throw new InputError('files', glob, 'globs, one per line, each matching at least one file (set fail-on-unmatched-files: false to allow none)', problem);
      }
      options.warn(`Input 'files': ${JSON.stringify(glob)} matches no file; nothing to upload for it.`);
      continue;
    }
    for (const file of matches) {
      const name = path.basename(file);
      const other = byName.get(name);
      if (other && other.path !== file) {
        throw new InputError('files', glob, 'globs whose files have distinct names (a release has one asset per name)', `${file} and ${other.path} would both be the asset ${name}`);
      }
      const size = statSync(file).size;
      if (size > ASSET_SIZE_LIMIT) throw new InputError('files', glob, 'files of at most 2 GiB (GitHub\'s limit per asset)', `${file} has ${size} bytes`);
      byName.set(name, { path: file, name, size });
    }
  }
  return [...byName.values()];
}

/** The text of `notes-file`, which replaces `notes` (both set is an error). */
export function readNotesFile(file: string, options: { cwd: string; notes: string }): string {
  if (options.notes.trim() !== '') {
    throw new InputError('notes-file', file, 'either notes or notes-file, not both', "the input 'notes' is set too");
  }
  const full = path.resolve(options.cwd, file);
  try {
    return readFileSync(full, 'utf8').trim();
  } catch (error) {
    const why = (error as NodeJS.ErrnoException).code === 'ENOENT' ? `there is no file ${full}` : (error as Error).message;
    throw new InputError('notes-file', file, 'a path to a text file, relative to the workspace', why);
  }
}

/** A content type from the file name; GitHub stores what the upload says. */
export function contentTypeOf(name: string): string {
  const types: Array<[RegExp, string]> = [
    [/\.(tar\.gz|tgz)$/i, 'application/gzip'],
    [/\.gz$/i, 'application/gzip'],
    [/\.zip$/i, 'application/zip'],
    [/\.json$/i, 'application/json'],
    [/\.(txt|md|sha256|sha512|asc|sig)$/i, 'text/plain'],
    [/\.tar$/i, 'application/x-tar'],
    [/\.(xz)$/i, 'application/x-xz']
  ];
  return types.find(([re]) => re.test(name))?.[1] ?? 'application/octet-stream';
}

/** A file's `sha256:<hex>`, as GitHub reports an asset's `digest`. */
export function fileDigest(file: AssetFile): string {
  return `sha256:${createHash('sha256').update(readFileSync(file.path)).digest('hex')}`;
}
