/**
 * What a release decision costs in GitHub's budgets: GraphQL points (each query charged by
 * GitHub's formula, as the emulator computes it) and REST requests, for 10 / 100 / 1,000 pull
 * requests in both history shapes, and for a scheduled run that finds nothing new. The cost is
 * deterministic: each scenario runs once.
 *
 * A GITHUB_TOKEN has 1,000 points and 1,000 REST requests per hour per repository, shared by
 * every workflow there. The benchmark's token is configured with a larger budget so that a
 * decision that needs more is still measured instead of refused.
 */
import { pointsSpent, type Emulator } from '../test/emulator/index.js';
import type { Repo } from '../test/emulator/state.js';
import { checkRun, progress, takeViolations, type Env } from './measure.js';
import { PR_COUNTS } from './options.js';
import { ActionRunner, type BundleRun } from './runner.js';
import { RELEASE_TOKEN, SHAPES, seedReleaseRepo, type HistoryShape } from './seed.js';

/** GitHub's hourly budget for a workflow's GITHUB_TOKEN, per repository. */
export const GITHUB_TOKEN_BUDGET = 1000;

export interface CostResult {
  scenario: string;
  shape: HistoryShape;
  pullRequests: number;
  commits: number;
  graphqlRequests: number;
  graphqlPoints: number;
  restRequests: number;
  /** The target for this scenario, in GraphQL points (none for 10 pull requests). */
  target: number | null;
  decision: string;
  /** Operation names and points of the GraphQL queries, in order. */
  queries: string[];
}

/** Targets from the issue: ≤100 points for 1,000 pull requests, ≤6 for 100, ≤2 for a run that finds nothing new. */
function targetFor(pullRequests: number, nothingNew: boolean): number | null {
  if (nothingNew) return 2;
  if (pullRequests >= 1000) return 100;
  if (pullRequests >= 100) return 6;
  return null;
}

const inputs = { tag: 'v1.1.0', 'approval-labels': 'release-approved', approvers: 'alice, bob', 'require-deployment': 'production', 'dry-run': 'true' };

async function measureOne(env: Env, node: string, repo: Repo, target: string, scenario: Omit<CostResult, 'graphqlRequests' | 'graphqlPoints' | 'restRequests' | 'decision' | 'queries'>, nothingNew: boolean): Promise<CostResult> {
  const { gh, tally } = env;
  const runner = new ActionRunner('release', {
    apiUrl: gh.apiUrl,
    graphqlUrl: gh.graphqlUrl,
    token: RELEASE_TOKEN,
    repository: repo.fullName,
    sha: target,
    event: nothingNew ? { name: 'schedule', payload: { schedule: '*/30 * * * *' } } : { name: 'workflow_dispatch', payload: { inputs: {}, ref: 'refs/heads/main' } },
    inputs: nothingNew ? { ...inputs, tag: 'v1.2.0' } : inputs
  });
  const where = `cost: ${scenario.scenario}`;
  const expected = nothingNew ? 'up-to-date' : 'dry-run';
  tally.reset();
  const run = await runner.run(node);
  runner.dispose();
  checkRun(env, where, run, (r: BundleRun) => {
    if (r.exitCode !== 0 || r.outputs['decision'] !== expected) return `decided '${r.outputs['decision'] ?? ''}', not '${expected}'`;
    // A blocked decision reads more (hints) or less (stops early) than an allowed one: it is not the figure wanted.
    if (!nothingNew && r.outputs['reasons'] !== '[]') return `the dry run would be blocked (${r.outputs['reasons'] ?? ''}), so its cost is not that of a release`;
    return null;
  });
  takeViolations(env, where);
  const spent = pointsSpent(gh.log);
  return {
    ...scenario,
    graphqlRequests: spent.graphqlRequests,
    graphqlPoints: spent.graphql,
    restRequests: spent.rest,
    decision: run.outputs['decision'] ?? `exit ${run.exitCode}`,
    queries: queryLines(gh)
  };
}

function queryLines(gh: Emulator): string[] {
  return gh.log
    .filter((e) => e.resource === 'graphql')
    .map((e) => {
      const query = (e.body as { query?: unknown } | undefined)?.query;
      const name = typeof query === 'string' ? /\b(?:query|mutation)\s+(\w+)/.exec(query)?.[1] : undefined;
      return `${name ?? 'query'} ${e.points ?? 0}`;
    });
}

export async function measureCost(env: Env, node: string): Promise<CostResult[]> {
  const results: CostResult[] = [];
  for (const shape of Object.keys(SHAPES) as HistoryShape[]) {
    for (const count of PR_COUNTS) {
      progress(`  cost: ${count} pull requests, ${shape}`);
      const { repo, target } = seedReleaseRepo(env.gh, count, shape, { prefix: 'cost-' });
      const commits = repo.compare(repo.resolve('v1.0.0')!, target).commits.length;
      results.push(await measureOne(env, node, repo, target, { scenario: `${count} pull requests`, shape, pullRequests: count, commits, target: targetFor(count, false) }, false));
    }
    progress(`  cost: scheduled run, nothing new, ${shape}`);
    const { repo, target } = seedReleaseRepo(env.gh, 100, shape, { released: true, prefix: 'cost-' });
    results.push(await measureOne(env, node, repo, target, { scenario: 'scheduled, nothing new', shape, pullRequests: 0, commits: 0, target: targetFor(0, true) }, true));
  }
  return results;
}
