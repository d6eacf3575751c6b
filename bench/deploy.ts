/** deploy-action: cold start and recording a deployment, timed per Node binary. */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Repo } from '../test/emulator/state.js';
import { webhookPayload } from '../test/support/run-bundle.js';
import { checkRun, takeViolations, type Env, type Measured } from './measure.js';
import { WARMUP_RUNS } from './options.js';
import { ActionRunner, runChild, type BundleRun } from './runner.js';
import { DEPLOY_TOKEN, LONG_HISTORY, seedDeployRepo } from './seed.js';
import { distinct, stats, type Stats } from './stats.js';
import { PhaseSamples, type Phases } from './tally.js';
import type { BinaryResult } from './report.js';

export interface DeployRecordResult extends Measured {
  scenario: string;
  environment: string;
  requests: number[];
  requestLines: string[];
  serverMs: Stats;
  phases: Phases;
  rssKiB: Stats;
}

export async function measureDeploy(env: Env, binary: { name: string; path: string }, index: number): Promise<Pick<BinaryResult, 'bareNode' | 'coldStart' | 'records' | 'rssKiB'>> {
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
