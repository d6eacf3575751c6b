/**
 * What a release-action decision costs of a GITHUB_TOKEN's hourly budgets (1,000 GraphQL points
 * and 1,000 REST requests per repository), by GitHub's published formula as the emulator charges
 * it: a dry run over 10, 100 and 1,000 approved pull requests, squash-merged (1 commit each) and
 * merged with merge commits (3 commits + the merge each), and a run that finds nothing new.
 * Targets (issue "Real GitHub at scale"): 1,000 pull requests ≤ 100 points, 100 ≤ 6, nothing new ≤ 2.
 *
 *   npx tsx bench/release-cost.ts
 */
import { fileURLToPath } from 'node:url';
import { startEmulator } from '../test/emulator/index.js';
import type { Emulator } from '../test/emulator/index.js';
import { runBundle, webhookPayload } from '../test/support/run-bundle.js';

const TOKEN = 'ghs_release_cost';

export interface ReleaseCostRow {
  history: string;
  pullRequests: number;
  commits: number;
  decision: string;
  graphqlRequests: number;
  points: number;
  rest: number;
  target: number | null;
}

async function measure(gh: Emulator, name: string, count: number, method: 'squash' | 'merge' | 'none'): Promise<ReleaseCostRow> {
  gh.state.clock.set(new Date(Date.now() - 20 * 86_400_000));
  const repo = gh.state.createRepo('acme', name);
  repo.setPermission('alice', 'write');
  repo.addRelease({ tag_name: 'v1.0.0', by: 'alice', target_commitish: repo.tip('main') });
  for (let i = 0; i < count; i++) {
    const pr = repo.openPullRequest({ author: `dev${i % 7}`, title: `Change ${i + 1}`, commits: method === 'merge' ? 3 : 1 });
    gh.state.clock.advance({ seconds: 20 });
    repo.label(pr, 'release-approved', { by: 'alice' });
    gh.state.clock.advance({ seconds: 20 });
    repo.merge(pr, { by: 'alice', method: method === 'merge' ? 'merge' : 'squash', deleteBranch: true });
    gh.state.clock.advance({ seconds: 20 });
  }
  if (method === 'none') repo.addRelease({ tag_name: 'v1.1.0', by: 'alice', target_commitish: repo.tip('main') });
  const since = repo.latestRelease()?.tagName ?? 'v1.0.0';
  const commits = repo.compare(repo.tags.get(since)?.commit ?? '', repo.tip('main')).commits.length;
  gh.state.clock.real();
  gh.clearLog();
  const run = await runBundle('release', {
    apiUrl: gh.apiUrl,
    graphqlUrl: gh.graphqlUrl,
    token: TOKEN,
    repository: repo.fullName,
    sha: repo.tip('main'),
    event: { name: 'workflow_dispatch', payload: webhookPayload('workflow_dispatch') },
    inputs: { tag: method === 'none' ? 'v1.2.0' : 'v1.1.0', approvers: 'alice', 'dry-run': 'true' }
  });
  const spent = gh.points();
  gh.assertNoViolations();
  return {
    history: method === 'none' ? 'nothing new' : method === 'merge' ? 'merge commits' : 'squash',
    pullRequests: count,
    commits,
    decision: run.outputs['decision'] ?? `exit ${String(run.exitCode)}: ${run.errors.join('; ')}`,
    graphqlRequests: spent.graphqlRequests,
    points: spent.graphql,
    rest: spent.rest,
    target: method === 'none' ? 2 : count >= 1000 ? 100 : count >= 100 ? 6 : null
  };
}

export async function measureReleaseCost(counts = [10, 100, 1000]): Promise<ReleaseCostRow[]> {
  const gh = await startEmulator();
  gh.warmGraphql();
  // A workflow's GITHUB_TOKEN: 1,000 points and 1,000 REST requests an hour.
  gh.state.addToken(TOKEN, 'github-actions[bot]', { contents: 'read', 'pull-requests': 'read', issues: 'read', metadata: 'read' });
  const rows: ReleaseCostRow[] = [];
  try {
    for (const method of ['squash', 'merge'] as const) {
      for (const count of counts) rows.push(await measure(gh, `cost-${method}-${count}`, count, method));
    }
    rows.push(await measure(gh, 'cost-none', 3, 'none'));
  } finally {
    await gh.close();
  }
  return rows;
}

export function describeReleaseCost(rows: ReleaseCostRow[]): string {
  const lines = ['release-action decision (dry run), GitHub budget spent: GraphQL points by GitHub\'s formula, REST requests'];
  lines.push('  history        | pull requests | commits | GraphQL requests | points | target | REST | decision');
  for (const r of rows) {
    lines.push(
      `  ${r.history.padEnd(14)} | ${String(r.pullRequests).padStart(13)} | ${String(r.commits).padStart(7)} | ${String(r.graphqlRequests).padStart(16)} | ${String(r.points).padStart(6)} | ${(r.target === null ? '—' : `≤ ${r.target}`).padStart(6)} | ${String(r.rest).padStart(4)} | ${r.decision}`
    );
  }
  return lines.join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.log(describeReleaseCost(await measureReleaseCost()));
}
