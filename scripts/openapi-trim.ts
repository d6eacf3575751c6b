/**
 * Regenerates test/emulator/spec/rest.json: the part of GitHub's REST OpenAPI
 * description (from the `@octokit/openapi` npm package) that the emulator serves.
 *
 *   npx tsx scripts/openapi-trim.ts [version]
 *
 * The package is about 400 MB unpacked, so it is never a dependency: `npm pack`
 * fetches the tarball into a temporary directory, only the api.github.com
 * description is extracted, and the directory is removed afterwards.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The operations the emulator implements: path → methods. */
export const OPERATIONS: Record<string, string[]> = {
  '/repos/{owner}/{repo}': ['get'],
  '/repos/{owner}/{repo}/deployments': ['get', 'post'],
  '/repos/{owner}/{repo}/deployments/{deployment_id}': ['get', 'delete'],
  '/repos/{owner}/{repo}/deployments/{deployment_id}/statuses': ['get', 'post'],
  '/repos/{owner}/{repo}/deployments/{deployment_id}/statuses/{status_id}': ['get'],
  '/repos/{owner}/{repo}/environments': ['get'],
  '/repos/{owner}/{repo}/environments/{environment_name}': ['get'],
  '/repos/{owner}/{repo}/releases': ['get', 'post'],
  '/repos/{owner}/{repo}/releases/latest': ['get'],
  '/repos/{owner}/{repo}/releases/tags/{tag}': ['get'],
  '/repos/{owner}/{repo}/releases/{release_id}': ['get', 'patch', 'delete'],
  '/repos/{owner}/{repo}/releases/generate-notes': ['post'],
  '/repos/{owner}/{repo}/releases/{release_id}/assets': ['get', 'post'],
  '/repos/{owner}/{repo}/releases/assets/{asset_id}': ['get', 'delete'],
  '/repos/{owner}/{repo}/git/ref/{ref}': ['get'],
  '/repos/{owner}/{repo}/git/refs': ['post'],
  '/repos/{owner}/{repo}/git/matching-refs/{ref}': ['get'],
  '/repos/{owner}/{repo}/git/tags/{tag_sha}': ['get'],
  '/repos/{owner}/{repo}/commits/{ref}': ['get'],
  '/repos/{owner}/{repo}/compare/{basehead}': ['get'],
  '/repos/{owner}/{repo}/commits/{commit_sha}/pulls': ['get'],
  '/repos/{owner}/{repo}/activity': ['get'],
  '/repos/{owner}/{repo}/pulls': ['get'],
  '/repos/{owner}/{repo}/pulls/{pull_number}': ['get'],
  '/repos/{owner}/{repo}/pulls/{pull_number}/files': ['get'],
  '/repos/{owner}/{repo}/issues/{issue_number}/timeline': ['get'],
  '/repos/{owner}/{repo}/issues/{issue_number}/labels': ['get', 'post'],
  '/repos/{owner}/{repo}/issues/{issue_number}/labels/{name}': ['delete'],
  '/repos/{owner}/{repo}/issues/{issue_number}/comments': ['get', 'post'],
  '/repos/{owner}/{repo}/issues/comments/{comment_id}': ['get', 'patch'],
  '/repos/{owner}/{repo}/collaborators/{username}/permission': ['get'],
  '/orgs/{org}/teams/{team_slug}': ['get'],
  '/orgs/{org}/teams/{team_slug}/memberships/{username}': ['get'],
  '/rate_limit': ['get'],
  '/user': ['get']
};

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const PACKAGE = '@octokit/openapi';
const DESCRIPTION = 'package/generated/api.github.com.json';

function isObject(value: Json | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Every `#/components/...` reference inside `value`. */
function collectRefs(value: Json, found: Set<string>): void {
  if (Array.isArray(value)) {
    for (const item of value) collectRefs(item, found);
  } else if (isObject(value)) {
    for (const [key, item] of Object.entries(value)) {
      if (key === '$ref' && typeof item === 'string' && item.startsWith('#/components/')) found.add(item);
      else collectRefs(item, found);
    }
  }
}

function unescapePointer(segment: string): string {
  return segment.replace(/~1/g, '/').replace(/~0/g, '~');
}

export function trim(spec: JsonObject, packageVersion: string): JsonObject {
  const paths = spec.paths;
  const components = spec.components;
  if (!isObject(paths) || !isObject(components)) throw new Error('not an OpenAPI description');

  const keptPaths: JsonObject = {};
  for (const [path, methods] of Object.entries(OPERATIONS)) {
    const item = paths[path];
    if (!isObject(item)) throw new Error(`${path} is not in the description`);
    const kept: JsonObject = {};
    if (item.parameters !== undefined) kept.parameters = item.parameters;
    for (const method of methods) {
      const operation = item[method];
      if (!isObject(operation)) throw new Error(`${method.toUpperCase()} ${path} is not in the description`);
      kept[method] = operation;
    }
    keptPaths[path] = kept;
  }

  // Follow references until no new component is reached.
  const pending = new Set<string>();
  collectRefs(keptPaths, pending);
  const done = new Set<string>();
  const keptComponents: Record<string, JsonObject> = {};
  while (pending.size > 0) {
    const [ref] = pending;
    if (ref === undefined) break;
    pending.delete(ref);
    if (done.has(ref)) continue;
    done.add(ref);
    const [, , section, name, ...rest] = ref.split('/');
    if (section === undefined || name === undefined || rest.length > 0) throw new Error(`unsupported reference ${ref}`);
    const sectionValue = components[section];
    const key = unescapePointer(name);
    const target = isObject(sectionValue) ? sectionValue[key] : undefined;
    if (target === undefined) throw new Error(`dangling reference ${ref}`);
    (keptComponents[section] ??= {})[key] = target;
    const inner = new Set<string>();
    collectRefs(target, inner);
    for (const next of inner) if (!done.has(next)) pending.add(next);
  }

  const sortedComponents: JsonObject = {};
  for (const section of Object.keys(keptComponents).sort()) {
    const entries = keptComponents[section] ?? {};
    sortedComponents[section] = Object.fromEntries(Object.keys(entries).sort().map((k) => [k, entries[k] ?? null]));
  }

  const info = isObject(spec.info) ? spec.info : {};
  return {
    openapi: spec.openapi ?? '3.0.3',
    info: {
      ...info,
      'x-trimmed-from': {
        package: PACKAGE,
        version: packageVersion,
        file: 'generated/api.github.com.json',
        script: 'scripts/openapi-trim.ts'
      }
    },
    servers: spec.servers ?? [],
    paths: keptPaths,
    components: sortedComponents
  };
}

function main(): void {
  const version = process.argv[2];
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
  const out = join(root, 'test/emulator/spec/rest.json');
  const dir = mkdtempSync(join(tmpdir(), 'openapi-trim-'));
  try {
    const spec = version === undefined ? PACKAGE : `${PACKAGE}@${version}`;
    const packed = execFileSync('npm', ['pack', spec, '--pack-destination', dir, '--silent'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit']
    })
      .trim()
      .split('\n')
      .pop();
    if (!packed) throw new Error('npm pack printed no file name');
    execFileSync('tar', ['-xzf', join(dir, packed), '-C', dir, 'package/package.json', DESCRIPTION], { stdio: 'inherit' });
    const pkg = JSON.parse(readFileSync(join(dir, 'package/package.json'), 'utf8')) as { version: string };
    const description = JSON.parse(readFileSync(join(dir, DESCRIPTION), 'utf8')) as JsonObject;
    const trimmed = trim(description, pkg.version);
    const text = `${JSON.stringify(trimmed, null, 1)}\n`;
    writeFileSync(out, text);
    const operations = Object.values(OPERATIONS).reduce((n, methods) => n + methods.length, 0);
    console.log(`${PACKAGE}@${pkg.version}: ${operations} operations, ${Math.round(text.length / 1024)} KiB -> ${out}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
