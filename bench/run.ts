/**
 * Tollgate benchmark: start-up, wall time, request counts and peak memory of the committed
 * bundles, run the way the GitHub runner runs them, against the in-process GitHub API emulator.
 *
 *   npm run bench                    # readable tables
 *   npm run bench -- --json          # one JSON document on stdout
 *   npm run bench -- --runs 40       # runs per measurement (default 25)
 *   npm run bench -- --runs-1000 5   # runs of the 1000-pull-request release (default 5)
 *
 * It only measures and prints: nothing here asserts on time. Every child process is spawned
 * asynchronously, because the emulator that answers it lives in this process. Every request
 * goes to 127.0.0.1.
 *
 * The pure decision is timed in a child of each Node binary (`--decide-worker`), so both
 * runtimes are measured and the emulator's heap does not disturb the timing.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { decide } from '../src/release/decide.js';
import type { ReleaseFacts, ReleasePolicy } from '../src/release/model.js';
import { startEmulator, type Emulator } from '../test/emulator/index.js';
import { describeReleaseCost, measureReleaseCost, type ReleaseCostRow } from './release-cost.js';
import { describeReportCost, measureReportCost, type ReportCost } from './report-cost.js';
import type { Repo } from '../test/emulator/state.js';
import { nodeBinaries, parseOutputs, readActionYml, webhookPayload, type ActionName } from '../test/support/run-bundle.js';
import {
  at,
  deployment,
  labeled,
  people,
  person,
  pullRequest,
  releaseFacts,
  releasePolicy,
  unlabeled,
  user
} from '../test/unit/fixtures/release-facts.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const PR_COUNTS = [10, 100, 1000] as const;
const WARMUP_RUNS = 2;

// ---------------------------------------------------------------------------------------------
// Arguments

interface Options {
  runs: number;
  runs1000: number;
  json: boolean;
  decideWorker: boolean;
}

function parseArgs(argv: string[]): Options {
  const options: Options = { runs: 25, runs1000: 5, json: false, decideWorker: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const count = (name: string): number => {
      const value = Number(argv[++i]);
      if (!Number.isInteger(value) || value < 1) throw new Error(`${name} takes a whole number of at least 1`);
      return value;
    };
    if (arg === '--runs') options.runs = count(arg);
    else if (arg === '--runs-1000') options.runs1000 = count(arg);
    else if (arg === '--json') options.json = true;
    else if (arg === '--decide-worker') options.decideWorker = true;
    else if (arg === '--help' || arg === '-h') {
      process.stdout.write('usage: npm run bench -- [--runs N] [--runs-1000 N] [--json]\n');
      process.exit(0);
    } else throw new Error(`unknown argument ${arg}`);
  }
  return options;
}

// ---------------------------------------------------------------------------------------------
// Statistics

interface Stats {
  n: number;
  median: number;
  min: number;
  p90: number;
}

function stats(values: number[]): Stats {
  if (values.length === 0) return { n: 0, median: NaN, min: NaN, p90: NaN };
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  // Nearest rank: the smallest value at or above 90 % of the runs.
  const p90 = sorted[Math.min(sorted.length - 1, Math.ceil(0.9 * sorted.length) - 1)]!;
  return { n: sorted.length, median, min: sorted[0]!, p90 };
}

const distinct = (values: number[]): number[] => [...new Set(values)].sort((a, b) => a - b);

// ---------------------------------------------------------------------------------------------
// Running a bundle as the runner does

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

interface ChildResult {
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

async function runChild(node: string, args: string[], env: Record<string, string>, cwd: string, measureRss: boolean): Promise<ChildResult> {
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

interface BundleRun extends ChildResult {
  outputs: Record<string, string>;
  errors: string[];
}

/**
 * One action's runner environment, prepared once and reused across runs: INPUT_* with the
 * action.yml defaults filled in, a webhook payload, GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files.
 */
class ActionRunner {
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

// ---------------------------------------------------------------------------------------------
// Emulator-side accounting: requests and the time the emulator spent answering them

interface RequestTally {
  total: number;
  rest: number;
  graphql: number;
  /** Milliseconds between a request's arrival and the end of its answer, summed. */
  serverMs: number;
  /** performance.now() when the first request arrived and when the last answer was sent. */
  firstArrival: number;
  lastFinish: number;
  lines: string[];
}

class Tally {
  private busyMs = 0;
  private firstArrival = NaN;
  private lastFinish = NaN;
  /** False when the emulator's server could not be reached: the phase and emulator columns stay empty. */
  readonly timed: boolean;

  constructor(private readonly gh: Emulator) {
    // The emulator keeps its HTTP server private; its 'request' event is enough to time answers.
    const server = (gh as unknown as { server?: Server }).server;
    this.timed = typeof server?.on === 'function';
    server?.on('request', (_req, res) => {
      const started = performance.now();
      if (Number.isNaN(this.firstArrival)) this.firstArrival = started;
      res.on('finish', () => {
        this.lastFinish = performance.now();
        this.busyMs += this.lastFinish - started;
      });
    });
  }

  reset(): void {
    this.gh.clearLog();
    this.gh.rateLimits.reset();
    this.busyMs = 0;
    this.firstArrival = NaN;
    this.lastFinish = NaN;
  }

  read(): RequestTally {
    const log = this.gh.log;
    const graphql = log.filter((e) => e.path.endsWith('/graphql')).length;
    return {
      total: log.length,
      rest: log.length - graphql,
      graphql,
      serverMs: this.busyMs,
      firstArrival: this.firstArrival,
      lastFinish: this.lastFinish,
      lines: log.map((e) => `${e.method} ${e.path}${graphqlName(e.body)} -> ${e.status}`)
    };
  }
}

/** ` (OperationName)` of a GraphQL request body, or ''. */
function graphqlName(body: unknown): string {
  const query = (body as { query?: unknown } | undefined)?.query;
  const name = typeof query === 'string' ? /\b(?:query|mutation)\s+(\w+)/.exec(query)?.[1] : undefined;
  return name ? ` (${name})` : '';
}

// ---------------------------------------------------------------------------------------------
// Results

interface Problem {
  where: string;
  what: string;
}

interface Measured {
  ms: Stats;
  /** Median of this measurement divided by the median of `node -e ''` on the same binary. */
  ratio: number;
}

/** Where a run's wall time goes, seen from the emulator (ms). */
interface Phases {
  /** spawn() to the first request's arrival: process start, bundle load, input parsing, client set-up. */
  toFirstRequest: Stats;
  /** First request's arrival to the last answer sent: the requests, and the work between them. */
  requests: Stats;
  /** Last answer sent to the exit event: outputs, summary, shutdown. */
  afterLastAnswer: Stats;
}

class PhaseSamples {
  private readonly first: number[] = [];
  private readonly middle: number[] = [];
  private readonly last: number[] = [];

  add(run: ChildResult, tally: RequestTally): void {
    if (tally.total === 0) return;
    this.first.push(tally.firstArrival - run.started);
    this.middle.push(tally.lastFinish - tally.firstArrival);
    this.last.push(run.ended - tally.lastFinish);
  }

  stats(): Phases {
    return { toFirstRequest: stats(this.first), requests: stats(this.middle), afterLastAnswer: stats(this.last) };
  }
}

interface DeployRecordResult extends Measured {
  scenario: string;
  environment: string;
  requests: number[];
  requestLines: string[];
  serverMs: Stats;
  phases: Phases;
  rssKiB: Stats;
}

interface BinaryResult {
  name: string;
  path: string;
  version: string;
  bareNode: Stats;
  coldStart: Measured;
  records: DeployRecordResult[];
  rssKiB: { bareNode: Stats; coldStart: Stats };
  releases: ReleaseResult[];
  decide: DecideResult[];
}

interface ReleaseResult extends Measured {
  pullRequests: number;
  runs: number;
  requests: number[];
  graphql: number[];
  rest: number[];
  requestLines: string[];
  target: number;
  serverMs: Stats;
  phases: Phases;
  rssKiB: Stats;
  decision: string;
}

interface DecideResult {
  pullRequests: number;
  samples: number;
  callsPerSample: number;
  /** Microseconds per call. */
  us: Stats;
  allowed: boolean;
}

// ---------------------------------------------------------------------------------------------
// The pure decision, timed in a child of each binary

function decideScenario(count: number): { policy: ReleasePolicy; facts: ReleaseFacts } {
  const policy = releasePolicy({
    approval: {
      labels: ['release-approved'],
      approvers: [user('alice'), user('bob')],
      emergencyLabels: [],
      emergencyApprovers: [],
      standardChangeAuthors: [],
      standardChangePaths: []
    },
    requireDeployment: ['production']
  });
  const pullRequests = Array.from({ length: count }, (_, i) =>
    pullRequest({
      number: i + 1,
      author: `dev${i % 7}`,
      labelEvents: [
        labeled('release-approved', 'mallory', at('2026-03-03T09:10')),
        unlabeled('release-approved', 'mallory', at('2026-03-03T09:20')),
        labeled('release-approved', 'alice', at('2026-03-03T10:00'))
      ]
    })
  );
  const facts = releaseFacts({
    pullRequests,
    deployments: [deployment('production')],
    people: people(person('alice'))
  });
  return { policy, facts };
}

function decideWorker(runs: number): DecideResult[] {
  const now = at('2026-03-03T12:00');
  const results: DecideResult[] = [];
  for (const count of PR_COUNTS) {
    const { policy, facts } = decideScenario(count);
    // Warm up until the optimising compiler has seen the code: at least 300 ms or 200 calls.
    let allowed = false;
    const warmUntil = performance.now() + 300;
    for (let i = 0; i < 200 || performance.now() < warmUntil; i++) allowed = decide(policy, facts, now).allowed;
    // Calls per sample: enough for about 5 ms, so the clock's resolution does not matter.
    const once = performance.now();
    decide(policy, facts, now);
    const single = Math.max(performance.now() - once, 0.001);
    const calls = Math.max(1, Math.round(5 / single));
    const samples = Math.max(runs, 30);
    const perCall: number[] = [];
    for (let s = 0; s < samples; s++) {
      const started = performance.now();
      for (let c = 0; c < calls; c++) decide(policy, facts, now);
      perCall.push(((performance.now() - started) * 1000) / calls);
    }
    results.push({ pullRequests: count, samples, callsPerSample: calls, us: stats(perCall), allowed });
  }
  return results;
}

async function decideOn(node: string, runs: number): Promise<DecideResult[]> {
  const result = await runChild(node, ['--import', 'tsx', path.join(root, 'bench/run.ts'), '--decide-worker', '--runs', String(runs)], { ...process.env } as Record<string, string>, root, false);
  if (result.exitCode !== 0) throw new Error(`decide worker failed on ${node}: ${result.stderr.trim()}`);
  return JSON.parse(result.stdout) as DecideResult[];
}

// ---------------------------------------------------------------------------------------------
// Seeding

const DEPLOY_TOKEN = 'ghs_bench_deploy';
const RELEASE_TOKEN = 'ghs_bench_release';

/** Earlier deployments seeded into the production environment of the long-history scenario. */
const LONG_HISTORY = 220;

/**
 * A repository whose environments hold one active deployment each, as in steady use, and
 * optionally a long production history (older deployments inactive, as deploy-action leaves them).
 */
function seedDeployRepo(gh: Emulator, name: string, history = 0): { repo: Repo; sha: string } {
  const repo = gh.state.createRepo('acme', name);
  const sha = repo.commit({ message: 'Add checkout page', branch: 'main' }).sha;
  for (let i = 0; i < history; i++) repo.deploy({ ref: sha, by: 'github-actions[bot]', environment: 'production', state: 'inactive' });
  repo.deploy({ ref: sha, by: 'github-actions[bot]', environment: 'production', state: 'success', environmentUrl: 'https://shop.example.com' });
  repo.deploy({ ref: sha, by: 'github-actions[bot]', environment: 'staging', state: 'success', environmentUrl: 'https://staging.shop.example.com' });
  return { repo, sha };
}

/**
 * A release of `count` pull requests, each squash-merged after the previous release tag, each
 * labelled by a non-approver, unlabelled, then labelled by a listed approver; the target is
 * deployed to production.
 */
function seedReleaseRepo(gh: Emulator, count: number): { repo: Repo; target: string; seedMs: number } {
  const started = performance.now();
  const clock = gh.state.clock;
  clock.set(new Date(Date.now() - 7 * 24 * 3600_000));
  const repo = gh.state.createRepo('acme', `shop-${count}`);
  repo.setPermission('alice', 'write').setPermission('bob', 'maintain').setPermission('mallory', 'triage');
  repo.tag('v1.0.0');
  repo.addRelease({ tag_name: 'v1.0.0', by: 'alice' });
  for (let i = 0; i < count; i++) {
    clock.advance({ seconds: 10 });
    const pr = repo.openPullRequest({ author: `dev${i % 7}`, title: `Change ${i + 1}` });
    clock.advance({ seconds: 10 });
    repo.label(pr, 'release-approved', { by: 'mallory' });
    clock.advance({ seconds: 10 });
    repo.unlabel(pr, 'release-approved', { by: 'mallory' });
    clock.advance({ seconds: 10 });
    repo.label(pr, 'release-approved', { by: 'alice' });
    clock.advance({ seconds: 10 });
    repo.merge(pr, { by: 'alice', method: 'squash' });
  }
  const target = repo.tip('main');
  clock.advance({ minutes: 5 });
  repo.deploy({ ref: target, by: 'github-actions[bot]', environment: 'production', state: 'success', environmentUrl: 'https://shop.example.com' });
  clock.real();
  return { repo, target, seedMs: performance.now() - started };
}

// ---------------------------------------------------------------------------------------------
// Measurement

function progress(message: string): void {
  process.stderr.write(`${message}\n`);
}

interface Env {
  gh: Emulator;
  tally: Tally;
  problems: Problem[];
  options: Options;
}

function takeViolations(env: Env, where: string): void {
  for (const v of env.gh.takeViolations()) env.problems.push({ where, what: `emulator violation [${v.kind}] ${v.method} ${v.path}: ${v.message}` });
}

function checkRun(env: Env, where: string, run: BundleRun, expect: (run: BundleRun) => string | null): void {
  const wrong = expect(run);
  if (wrong && !env.problems.some((p) => p.where === where)) {
    const detail = run.errors.length ? run.errors.join(' | ') : run.stderr.trim().split('\n').slice(-3).join(' | ');
    env.problems.push({ where, what: `${wrong} (exit ${run.exitCode}${detail ? `: ${detail}` : ''})` });
  }
}

async function measureDeploy(env: Env, binary: { name: string; path: string }, index: number): Promise<Pick<BinaryResult, 'bareNode' | 'coldStart' | 'records' | 'rssKiB'>> {
  const { gh, tally, options } = env;
  const push = { name: 'push', payload: webhookPayload('push') };
  const runnerFor = (seed: { repo: Repo; sha: string }, inputs: Record<string, string>) =>
    new ActionRunner('deploy', { apiUrl: gh.apiUrl, graphqlUrl: gh.graphqlUrl, token: DEPLOY_TOKEN, repository: seed.repo.fullName, sha: seed.sha, event: push, inputs });
  const steady = seedDeployRepo(gh, `deploy-${index}`);
  const long = seedDeployRepo(gh, `deploy-${index}-history`, LONG_HISTORY);
  const recordInputs = (environment: string) => ({ environment, 'environment-url': `https://${environment}.shop.example.com` });

  const cold = runnerFor(steady, { step: 'start', environment: '' });
  const scenarios = [
    { scenario: 'record staging', environment: 'staging', runner: runnerFor(steady, recordInputs('staging')) },
    { scenario: 'record production', environment: 'production', runner: runnerFor(steady, recordInputs('production')) },
    { scenario: `record production, ${LONG_HISTORY}+ earlier`, environment: 'production', runner: runnerFor(long, recordInputs('production')) }
  ];
  const bareDir = mkdtempSync(path.join(os.tmpdir(), 'tollgate-bench-node-'));
  const bare = (rss: boolean) => runChild(binary.path, ['-e', ''], { PATH: process.env['PATH'] ?? '' }, bareDir, rss);

  const expectRejected = (run: BundleRun) => (run.exitCode === 1 && run.errors.some((e) => e.includes("Input 'environment'")) ? null : 'the cold-start run did not reject its input');
  const expectRecorded = (run: BundleRun) => (run.exitCode === 0 && run.outputs['status'] === 'success' ? null : 'record did not succeed');

  const times = { bare: [] as number[], cold: [] as number[] };
  const rss = { bare: [] as number[], cold: [] as number[] };
  const samples = scenarios.map(() => ({ ms: [] as number[], rss: [] as number[], requests: [] as number[], serverMs: [] as number[], lines: [] as string[], phases: new PhaseSamples() }));

  // Timed runs and memory runs are separate, so the probe costs the timings nothing.
  // Within each round every measurement runs once, interleaved, so drift affects all alike.
  for (const measureRss of [false, true]) {
    for (let round = -WARMUP_RUNS; round < options.runs; round++) {
      const keep = round >= 0;
      const b = await bare(measureRss);
      const c = await cold.run(binary.path, measureRss);
      checkRun(env, `${binary.name} deploy cold start`, c, expectRejected);
      if (keep) {
        (measureRss ? rss : times).bare.push(measureRss ? (b.maxRssKiB ?? NaN) : b.ms);
        (measureRss ? rss : times).cold.push(measureRss ? (c.maxRssKiB ?? NaN) : c.ms);
      }
      for (const [i, { scenario, runner }] of scenarios.entries()) {
        tally.reset();
        const r = await runner.run(binary.path, measureRss);
        const t = tally.read();
        checkRun(env, `${binary.name} deploy ${scenario}`, r, expectRecorded);
        if (!keep) continue;
        const sample = samples[i]!;
        if (measureRss) sample.rss.push(r.maxRssKiB ?? NaN);
        else {
          sample.ms.push(r.ms);
          sample.requests.push(t.total);
          sample.serverMs.push(t.serverMs);
          sample.phases.add(r, t);
          if (sample.lines.length === 0) sample.lines = t.lines;
        }
      }
    }
    takeViolations(env, `${binary.name} deploy`);
  }
  cold.dispose();
  for (const s of scenarios) s.runner.dispose();
  rmSync(bareDir, { recursive: true, force: true });

  const bareStats = stats(times.bare);
  const ratio = (values: number[]) => stats(values).median / bareStats.median;
  return {
    bareNode: bareStats,
    coldStart: { ms: stats(times.cold), ratio: ratio(times.cold) },
    records: scenarios.map(({ scenario, environment }, i) => ({
      scenario,
      environment,
      ms: stats(samples[i]!.ms),
      ratio: ratio(samples[i]!.ms),
      requests: distinct(samples[i]!.requests),
      requestLines: samples[i]!.lines,
      serverMs: stats(samples[i]!.serverMs),
      phases: samples[i]!.phases.stats(),
      rssKiB: stats(samples[i]!.rss)
    })),
    rssKiB: { bareNode: stats(rss.bare), coldStart: stats(rss.cold) }
  };
}

async function measureRelease(
  env: Env,
  binary: { name: string; path: string },
  seeded: Map<number, { repo: Repo; target: string }>,
  bareMedian: number
): Promise<ReleaseResult[]> {
  const { gh, tally, options } = env;
  const results: ReleaseResult[] = [];
  for (const count of PR_COUNTS) {
    const { repo, target } = seeded.get(count)!;
    const runner = new ActionRunner('release', {
      apiUrl: gh.apiUrl,
      graphqlUrl: gh.graphqlUrl,
      token: RELEASE_TOKEN,
      repository: repo.fullName,
      sha: target,
      event: { name: 'workflow_dispatch', payload: webhookPayload('workflow_dispatch') },
      inputs: {
        tag: 'v1.1.0',
        'approval-labels': 'release-approved',
        approvers: 'alice, bob',
        'require-deployment': 'production',
        'dry-run': 'true'
      }
    });
    const runs = count >= 1000 ? options.runs1000 : options.runs;
    const where = `${binary.name} release ${count} PRs`;
    const expect = (run: BundleRun) => (run.exitCode === 0 && run.outputs['decision'] === 'dry-run' ? null : `the dry run decided '${run.outputs['decision'] ?? ''}', not 'dry-run'`);
    const ms: number[] = [];
    const requests: number[] = [];
    const graphql: number[] = [];
    const rest: number[] = [];
    const serverMs: number[] = [];
    const rss: number[] = [];
    const phases = new PhaseSamples();
    let lines: string[] = [];
    let decision = '';
    const warmups = count >= 1000 ? 1 : WARMUP_RUNS;
    progress(`  ${binary.name}: release over ${count} pull requests, ${runs} runs`);
    for (let round = -warmups; round < runs; round++) {
      tally.reset();
      const r = await runner.run(binary.path);
      const t = tally.read();
      checkRun(env, where, r, expect);
      decision = r.outputs['decision'] ?? '';
      if (round < 0) continue;
      ms.push(r.ms);
      requests.push(t.total);
      graphql.push(t.graphql);
      rest.push(t.rest);
      serverMs.push(t.serverMs);
      phases.add(r, t);
      if (lines.length === 0) lines = t.lines;
    }
    // Peak memory on separate runs (at most 5), so the probe costs the timings nothing.
    for (let i = 0; i < Math.min(runs, 5); i++) {
      const r = await runner.run(binary.path, true);
      rss.push(r.maxRssKiB ?? NaN);
    }
    takeViolations(env, where);
    runner.dispose();
    const msStats = stats(ms);
    results.push({
      pullRequests: count,
      runs,
      ms: msStats,
      ratio: msStats.median / bareMedian,
      requests: distinct(requests),
      graphql: distinct(graphql),
      rest: distinct(rest),
      requestLines: lines,
      target: Math.ceil(count / 100) + 5,
      serverMs: stats(serverMs),
      phases: phases.stats(),
      rssKiB: stats(rss),
      decision
    });
  }
  return results;
}

// ---------------------------------------------------------------------------------------------
// Printing

const f1 = (n: number): string => (Number.isFinite(n) ? n.toFixed(1) : '—');
const f2 = (n: number): string => (Number.isFinite(n) ? n.toFixed(2) : '—');
const mib = (kib: number): string => (Number.isFinite(kib) ? (kib / 1024).toFixed(1) : '—');
const list = (values: number[]): string => (values.length ? values.join('/') : '—');

function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

interface Report {
  date: string;
  host: { cpus: number; cpuModel: string; platform: string; benchmarkRunner: string; loadAverageBefore: number[]; loadAverageAfter: number[] };
  /** The commit measured, and files under dist/, src/ or action.yml that differ from it (uncommitted). */
  source: { commit: string; uncommitted: string[] };
  options: { runs: number; runs1000: number; warmups: number };
  method: string;
  bundles: Array<{ file: string; bytes: number }>;
  binaries: BinaryResult[];
  seeding: Array<{ pullRequests: number; ms: number }>;
  problems: Problem[];
  totalSeconds: number;
  /** deploy-action `step: report` over a busy year (bench/report-cost.ts). */
  reportCost?: ReportCost;
  /** release-action's GitHub budget per decision, both history shapes (bench/release-cost.ts). */
  releaseCost?: ReleaseCostRow[];
}

function render(report: Report): string {
  const out: string[] = [];
  out.push(`Tollgate benchmark — ${report.date}`);
  out.push(`Host: ${report.host.cpus} × ${report.host.cpuModel}, ${report.host.platform}; benchmark process ${report.host.benchmarkRunner}`);
  const load = (l: number[]) => l.map((x) => x.toFixed(2)).join(' ');
  out.push(`Load average (1/5/15 min): ${load(report.host.loadAverageBefore)} before, ${load(report.host.loadAverageAfter)} after`);
  out.push(`Source: commit ${report.source.commit}${report.source.uncommitted.length ? `, with uncommitted changes to ${report.source.uncommitted.join(', ')}` : ', no uncommitted changes to dist/, src/ or action.yml'}`);
  out.push(`Node binaries: ${report.binaries.map((b) => `${b.name} = ${b.version} (${b.path})`).join('; ')}`);
  out.push(`Method: ${report.method}`);
  out.push('');
  out.push('Bundle size');
  out.push(table(['file', 'bytes', 'KiB'], report.bundles.map((b) => [b.file, String(b.bytes), f1(b.bytes / 1024)])));

  for (const b of report.binaries) {
    out.push('');
    out.push(`== ${b.name} (${b.version}) ==`);
    out.push('');
    out.push(`deploy-action, wall time from spawn to exit, ms (n=${b.bareNode.n} each); × node = median / median of node -e ''`);
    out.push('  phases (medians, ms): spawn → 1st request arrives | 1st request → last answer | last answer → exit; emulator = time spent answering');
    const rows: string[][] = [
      ["node -e ''", f1(b.bareNode.median), f1(b.bareNode.min), f1(b.bareNode.p90), '1.00', '—', '—', '—', '—', '—', mib(b.rssKiB.bareNode.median)],
      ['cold start (input rejected)', f1(b.coldStart.ms.median), f1(b.coldStart.ms.min), f1(b.coldStart.ms.p90), f2(b.coldStart.ratio), '0', '—', '—', '—', '—', mib(b.rssKiB.coldStart.median)]
    ];
    for (const r of b.records) {
      rows.push([
        r.scenario,
        f1(r.ms.median),
        f1(r.ms.min),
        f1(r.ms.p90),
        f2(r.ratio),
        list(r.requests),
        f1(r.phases.toFirstRequest.median),
        f1(r.phases.requests.median),
        f1(r.phases.afterLastAnswer.median),
        f1(r.serverMs.median),
        mib(r.rssKiB.median)
      ]);
    }
    out.push(table(['measurement', 'median', 'min', 'p90', '× node', 'requests', '→1st req', 'requests', '→exit', 'emulator', 'max RSS MiB'], rows));
    const rssNote = b.records.map((r) => `${r.scenario}: min ${mib(r.rssKiB.min)} / p90 ${mib(r.rssKiB.p90)}`).join('; ');
    out.push(`  max RSS: median of n=${b.rssKiB.bareNode.n} separate runs with an exit probe (${rssNote} MiB)`);
    for (const r of b.records) out.push(`  requests of one ${r.scenario}: ${r.requestLines.join(', ')}`);

    out.push('');
    out.push('release-action dry run (gather + decide), wall time from spawn to exit, ms; requests = graphql + rest; target = ceil(N/100) + 5');
    out.push(
      table(
        ['pull requests', 'runs', 'median', 'min', 'p90', '× node', 'requests', 'target', '→1st req', 'requests', '→exit', 'emulator', 'max RSS MiB', 'decision'],
        b.releases.map((r) => [
          String(r.pullRequests),
          String(r.runs),
          f1(r.ms.median),
          f1(r.ms.min),
          f1(r.ms.p90),
          f2(r.ratio),
          `${list(r.requests)} (${list(r.graphql)}+${list(r.rest)})`,
          String(r.target),
          f1(r.phases.toFirstRequest.median),
          f1(r.phases.requests.median),
          f1(r.phases.afterLastAnswer.median),
          f1(r.serverMs.median),
          `${mib(r.rssKiB.median)} (n=${r.rssKiB.n})`,
          r.decision
        ])
      )
    );

    const first = b.releases[0];
    if (first) out.push(`  requests of one dry run over ${first.pullRequests} pull requests: ${first.requestLines.join(', ')}`);

    out.push('');
    out.push('decide(policy, facts, now) in-process, µs per call (after warm-up)');
    out.push(
      table(
        ['pull requests', 'samples × calls', 'median', 'min', 'p90', 'allowed'],
        b.decide.map((d) => [String(d.pullRequests), `${d.samples} × ${d.callsPerSample}`, f1(d.us.median), f1(d.us.min), f1(d.us.p90), String(d.allowed)])
      )
    );
  }

  out.push('');
  out.push(`Seeding the emulator: ${report.seeding.map((s) => `${s.pullRequests} PRs ${f1(s.ms)} ms`).join(', ')} (once per N, reused by every run)`);
  out.push('Reference from the product brief: the best recorder known makes its 2 requests in about 3.3 × the bare node start.');
  out.push('');
  if (report.problems.length === 0) out.push('Problems: none (every run did what it should; the emulator saw no request GitHub would reject).');
  else {
    out.push(`Problems (${report.problems.length}):`);
    for (const p of report.problems) out.push(`  - ${p.where}: ${p.what}`);
  }
  if (report.reportCost) out.push(describeReportCost(report.reportCost), '');
  if (report.releaseCost) out.push(describeReleaseCost(report.releaseCost), '');
  out.push(`Total: ${f1(report.totalSeconds)} s`);
  return out.join('\n');
}

// ---------------------------------------------------------------------------------------------
// Main

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  if (options.decideWorker) {
    process.stdout.write(JSON.stringify(decideWorker(options.runs)));
    return;
  }
  const began = performance.now();
  const loadBefore = os.loadavg();
  const source = sourceState();
  const problems: Problem[] = [];
  if (options.runs < 20) problems.push({ where: 'options', what: `--runs ${options.runs} is below the 20 runs the figures are meant to rest on` });

  // The runner reads action.yml before it runs anything: so does the benchmark.
  for (const action of ['deploy', 'release'] as const) readActionYml(action);

  const bundles = ['dist/deploy/index.js', 'dist/release/index.js'].map((file) => ({ file, bytes: statSync(path.join(root, file)).size }));
  const binaries = nodeBinaries().map((b) => ({ ...b, version: readVersion(b.path) }));

  const gh = await startEmulator();
  gh.warmGraphql();
  gh.state.addToken(DEPLOY_TOKEN, 'github-actions[bot]', { contents: 'read', deployments: 'write', metadata: 'read' });
  gh.state.addToken(RELEASE_TOKEN, 'github-actions[bot]', { contents: 'write', 'pull-requests': 'read', issues: 'read', deployments: 'read', metadata: 'read' });
  const env: Env = { gh, tally: new Tally(gh), problems, options };
  if (!env.tally.timed) problems.push({ where: 'emulator', what: "its HTTP server could not be observed: the phase and 'emulator' columns are empty" });

  const seeded = new Map<number, { repo: Repo; target: string }>();
  const seeding: Report['seeding'] = [];
  for (const count of PR_COUNTS) {
    const { repo, target, seedMs } = seedReleaseRepo(gh, count);
    seeded.set(count, { repo, target });
    seeding.push({ pullRequests: count, ms: seedMs });
  }
  progress(`seeded ${PR_COUNTS.join(', ')} pull requests in ${seeding.map((s) => f1(s.ms)).join(', ')} ms`);

  const results: BinaryResult[] = [];
  try {
    for (const [index, binary] of binaries.entries()) {
      progress(`${binary.name} (${binary.version}): deploy-action, ${options.runs} rounds timed + ${options.runs} rounds with the memory probe`);
      const deploy = await measureDeploy(env, binary, index);
      const releases = await measureRelease(env, binary, seeded, deploy.bareNode.median);
      progress(`  ${binary.name}: decide() in a child process`);
      let decideResults: DecideResult[] = [];
      try {
        decideResults = await decideOn(binary.path, options.runs);
        for (const d of decideResults.filter((x) => !x.allowed)) {
          problems.push({ where: `${binary.name} decide ${d.pullRequests} PRs`, what: 'the facts built for the benchmark were not allowed: the timing is of a blocked decision' });
        }
      } catch (error) {
        problems.push({ where: `${binary.name} decide`, what: error instanceof Error ? error.message : String(error) });
      }
      results.push({ ...binary, ...deploy, releases, decide: decideResults });
    }
  } finally {
    takeViolations(env, 'end');
    await gh.close();
  }

  progress('deploy-action report over a busy year (5,000 deployments, 20,000 commits, 2,000 pull requests)');
  const reportCost = await measureReportCost();
  progress('release-action decision cost: 10 / 100 / 1,000 pull requests, squash and merge commits');
  const releaseCost = await measureReleaseCost();
  const cpus = os.cpus();
  const report: Report = {
    date: new Date().toISOString(),
    host: { cpus: cpus.length, cpuModel: cpus[0]?.model.trim() ?? 'unknown', platform: `${os.platform()} ${os.release()}`, benchmarkRunner: `${process.version} (tsx)`, loadAverageBefore: loadBefore, loadAverageAfter: os.loadavg() },
    source,
    options: { runs: options.runs, runs1000: options.runs1000, warmups: WARMUP_RUNS },
    method:
      `each figure is the median (with min and nearest-rank p90) of n runs after ${WARMUP_RUNS} warm-up runs, child processes spawned asynchronously ` +
      'with the runner\'s environment (INPUT_* with action.yml defaults, event payload, output and summary files), timed from spawn() to the exit event, ' +
      "interleaved with `node -e ''` on the same binary; requests counted from the in-process emulator's log on 127.0.0.1; " +
      'max RSS from process.resourceUsage() at exit, via --import of a data: URL, on separate runs; decide() timed in a child of each binary.',
    bundles,
    binaries: results,
    seeding,
    problems,
    reportCost,
    releaseCost,
    totalSeconds: (performance.now() - began) / 1000
  };
  process.stdout.write(options.json ? `${JSON.stringify(report, null, 2)}\n` : `${render(report)}\n`);
}

/** Which commit was measured, and whether the measured files differ from it. Read-only git calls. */
function sourceState(): Report['source'] {
  const git = (args: string[]) =>
    execFileSync('git', args, { cwd: root, env: { ...process.env, GIT_OPTIONAL_LOCKS: '0' }, stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim();
  try {
    const commit = git(['rev-parse', '--short=12', 'HEAD']);
    const changed = git(['diff', '--name-only', 'HEAD', '--', 'dist', 'src', 'deploy-action/action.yml', 'release-action/action.yml']);
    return { commit, uncommitted: changed ? changed.split('\n') : [] };
  } catch {
    return { commit: 'unknown (no git)', uncommitted: [] };
  }
}

/** `node --version` of a binary; run once at start-up, before the emulator exists. */
function readVersion(binary: string): string {
  return execFileSync(binary, ['--version']).toString().trim();
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
