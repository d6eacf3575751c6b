/** The pure decision, timed in a child of each Node binary so the emulator's heap does not disturb it. */
import path from 'node:path';
import { decide } from '../src/release/decide.js';
import type { ReleaseFacts, ReleasePolicy } from '../src/release/model.js';
import { at, deployment, labeled, people, person, pullRequest, releaseFacts, releasePolicy, unlabeled, user } from '../test/unit/fixtures/release-facts.js';
import { PR_COUNTS, root } from './options.js';
import { runChild } from './runner.js';
import { stats, type Stats } from './stats.js';

export interface DecideResult {
  pullRequests: number;
  samples: number;
  callsPerSample: number;
  /** Microseconds per call. */
  us: Stats;
  allowed: boolean;
}

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

export function decideWorker(runs: number): DecideResult[] {
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

export async function decideOn(node: string, runs: number): Promise<DecideResult[]> {
  const result = await runChild(node, ['--import', 'tsx', path.join(root, 'bench/run.ts'), '--decide-worker', '--runs', String(runs)], { ...process.env } as Record<string, string>, root, false);
  if (result.exitCode !== 0) throw new Error(`decide worker failed on ${node}: ${result.stderr.trim()}`);
  return JSON.parse(result.stdout) as DecideResult[];
}
