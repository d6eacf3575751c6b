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
 * The cost of each release decision in GitHub's budgets (GraphQL points by GitHub's formula,
 * REST requests) is measured once per scenario, for both history shapes and a scheduled run that
 * finds nothing new (`npm run bench -- --cost-only` prints only that table).
 *
 * The pure decision is timed in a child of each Node binary (`--decide-worker`), so both
 * runtimes are measured and the emulator's heap does not disturb the timing.
 */
import { execFileSync } from 'node:child_process';
import { statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startEmulator } from '../test/emulator/index.js';
import type { Repo } from '../test/emulator/state.js';
import { nodeBinaries, readActionYml } from '../test/support/run-bundle.js';
import { decideOn, decideWorker, type DecideResult } from './decide.js';
import { measureDeploy } from './deploy.js';
import { progress, takeViolations, type Env, type Problem } from './measure.js';
import { PR_COUNTS, WARMUP_RUNS, parseArgs, root } from './options.js';
import { measureRelease } from './release.js';
import { measureCost, type CostResult } from './cost.js';
import { f1, render, renderCost, type BinaryResult, type Report } from './report.js';
import { measureReportCost } from './report-cost.js';
import { DEPLOY_TOKEN, RELEASE_TOKEN, seedReleaseRepo } from './seed.js';
import { Tally } from './tally.js';

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
  // A GITHUB_TOKEN has 1,000 GraphQL points an hour; this one may spend more, so that a decision
  // that needs more is measured (and reported over budget) instead of refused.
  gh.state.addToken(RELEASE_TOKEN, 'github-actions[bot]', { contents: 'write', 'pull-requests': 'read', issues: 'read', deployments: 'read', metadata: 'read' }, { limits: { graphql: 1_000_000, core: 1_000_000 } });
  const env: Env = { gh, tally: new Tally(gh), problems, options };
  if (!env.tally.timed) problems.push({ where: 'emulator', what: "its HTTP server could not be observed: the phase and 'emulator' columns are empty" });

  let cost: CostResult[];
  try {
    progress('GraphQL points and REST requests per release decision');
    cost = await measureCost(env, binaries[0]!.path);
  } catch (error) {
    await gh.close();
    throw error;
  }
  if (options.costOnly) {
    await gh.close();
    const problemLines = problems.map((p) => `  - ${p.where}: ${p.what}`);
    process.stdout.write(options.json ? `${JSON.stringify({ cost, problems }, null, 2)}\n` : `${renderCost(cost)}\n${problemLines.length ? `Problems:\n${problemLines.join('\n')}` : 'Problems: none'}\n`);
    return;
  }

  const seeded = new Map<number, { repo: Repo; target: string }>();
  const seeding: Report['seeding'] = [];
  const results: BinaryResult[] = [];
  try {
    for (const count of PR_COUNTS) {
      const { repo, target, seedMs } = seedReleaseRepo(gh, count);
      seeded.set(count, { repo, target });
      seeding.push({ pullRequests: count, ms: seedMs });
    }
    progress(`seeded ${PR_COUNTS.join(', ')} pull requests in ${seeding.map((s) => f1(s.ms)).join(', ')} ms`);

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

  progress('deploy-action step: report over a busy year (5,000 deployments, 20,000 commits, 2,000 pull requests)');
  const reportCost = await measureReportCost();

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
    cost,
    reportCost,
    problems,
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
