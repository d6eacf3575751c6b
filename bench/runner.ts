/** Running a bundle as the GitHub runner does: its environment, inputs, outputs and peak memory. */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseOutputs, readActionYml, type ActionName } from '../test/support/run-bundle.js';
import { root } from './options.js';

/**
 * Writes `process.resourceUsage().maxRSS` (KiB) to file descriptor 3 when the process exits.
 * Loaded with `--import`, so the bundle itself is untouched.
 */
const RSS_PROBE =
  'data:text/javascript,' +
  encodeURIComponent(
    'import { writeSync } from "node:fs";' +
      'process.on("exit", () => { try { writeSync(3, String(process.resourceUsage().maxRSS)); } catch {} });'
  );

export interface ChildResult {
  ms: number;
  /** performance.now() at spawn() and at the exit event. */
  started: number;
  ended: number;
  exitCode: number | null;
  stdout: string;
  stderr: string;
  /** Peak resident set size in KiB, when measured. */
  maxRssKiB: number | null;
}

export async function runChild(node: string, args: string[], env: Record<string, string>, cwd: string, measureRss: boolean): Promise<ChildResult> {
  const argv = measureRss ? ['--import', RSS_PROBE, ...args] : args;
  let stdout = '';
  let stderr = '';
  let rss = '';
  let ended = 0;
  const started = performance.now();
  const child = spawn(node, argv, { env, cwd, stdio: ['ignore', 'pipe', 'pipe', measureRss ? 'pipe' : 'ignore'] });
  child.on('exit', () => (ended = performance.now()));
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  if (measureRss) (child.stdio[3] as NodeJS.ReadableStream).on('data', (chunk: Buffer) => (rss += chunk.toString()));
  const exitCode = await new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve(code));
  });
  return { ms: ended - started, started, ended, exitCode, stdout, stderr, maxRssKiB: measureRss && rss ? Number(rss) : null };
}

export interface BundleRun extends ChildResult {
  outputs: Record<string, string>;
  errors: string[];
}

/**
 * One action's runner environment, prepared once and reused across runs: INPUT_* with the
 * action.yml defaults filled in, a webhook payload, GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files.
 */
export class ActionRunner {
  private readonly dir: string;
  private readonly outputFile: string;
  private readonly summaryFile: string;
  readonly env: Record<string, string>;
  readonly main: string;

  constructor(
    action: ActionName,
    options: { apiUrl: string; graphqlUrl: string; token: string; repository: string; sha: string; event: { name: string; payload: Record<string, unknown> }; inputs: Record<string, string> }
  ) {
    const yml = readActionYml(action);
    this.dir = mkdtempSync(path.join(os.tmpdir(), `tollgate-bench-${action}-`));
    this.outputFile = path.join(this.dir, 'output');
    this.summaryFile = path.join(this.dir, 'summary');
    const eventFile = path.join(this.dir, 'event.json');
    writeFileSync(eventFile, JSON.stringify(options.event.payload));
    this.env = {
      PATH: process.env['PATH'] ?? '',
      HOME: process.env['HOME'] ?? this.dir,
      GITHUB_ACTIONS: 'true',
      CI: 'true',
      GITHUB_REPOSITORY: options.repository,
      GITHUB_SHA: options.sha,
      GITHUB_REF: 'refs/heads/main',
      GITHUB_WORKFLOW_REF: `${options.repository}/.github/workflows/delivery.yml@refs/heads/main`,
      GITHUB_EVENT_NAME: options.event.name,
      GITHUB_EVENT_PATH: eventFile,
      GITHUB_WORKFLOW: 'Delivery',
      GITHUB_JOB: action,
      GITHUB_ACTOR: 'octocat',
      GITHUB_RUN_ID: '4242',
      GITHUB_RUN_ATTEMPT: '1',
      GITHUB_RUN_NUMBER: '17',
      GITHUB_SERVER_URL: 'https://github.com',
      GITHUB_API_URL: options.apiUrl,
      GITHUB_GRAPHQL_URL: options.graphqlUrl,
      GITHUB_OUTPUT: this.outputFile,
      GITHUB_STEP_SUMMARY: this.summaryFile,
      RUNNER_TEMP: this.dir
    };
    for (const name of Object.keys(options.inputs)) {
      if (!(name in yml.inputs)) throw new Error(`${action}-action has no input '${name}'`);
    }
    for (const [name, spec] of Object.entries(yml.inputs)) {
      let value = options.inputs[name] ?? spec.default ?? '';
      if (options.inputs[name] === undefined && value === '${{ github.token }}') value = options.token;
      this.env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = value;
    }
    this.main = path.resolve(root, `${action}-action`, yml.runs.main);
  }

  async run(node: string, measureRss = false): Promise<BundleRun> {
    writeFileSync(this.outputFile, '');
    writeFileSync(this.summaryFile, '');
    const result = await runChild(node, [this.main], this.env, this.dir, measureRss);
    const errors = result.stdout
      .split(/\r?\n/)
      .filter((line) => line.startsWith('::error'))
      .map((line) => line.slice(line.indexOf('::', 2) + 2));
    return { ...result, outputs: parseOutputs(readFileSync(this.outputFile, 'utf8')), errors };
  }

  dispose(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
