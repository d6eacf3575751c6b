/** release-action dry runs over 10 / 100 / 1,000 pull requests, timed per Node binary. */
import type { Repo } from '../test/emulator/state.js';
import { webhookPayload } from '../test/support/run-bundle.js';
import { checkRun, progress, takeViolations, type Env, type Measured } from './measure.js';
import { PR_COUNTS, WARMUP_RUNS } from './options.js';
import { ActionRunner, type BundleRun } from './runner.js';
import { RELEASE_TOKEN } from './seed.js';
import { distinct, stats, type Stats } from './stats.js';
import { PhaseSamples, type Phases } from './tally.js';

export interface ReleaseResult extends Measured {
  pullRequests: number;
  runs: number;
  requests: number[];
  graphql: number[];
  /** GraphQL points per run. */
  points: number[];
  rest: number[];
  requestLines: string[];
  target: number;
  serverMs: Stats;
  phases: Phases;
  rssKiB: Stats;
  decision: string;
}

export async function measureRelease(
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
    const points: number[] = [];
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
      points.push(t.points);
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
      points: distinct(points),
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
