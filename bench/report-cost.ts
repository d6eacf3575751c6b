/**
 * Cost of deploy-action `step: report` over a busy year: 5,000 deployments, 20,000 commits and
 * 2,000 pull requests (plus releases and issues) spread over the last 364 days, reported with
 * `period: 26w` so that the period and the previous one cover the whole year. Prints requests and
 * GraphQL points (each request is one page of a 100-node connection with one nested connection of
 * at most 20 per node: 1 + 100 requests, 1 point, by GitHub's published formula).
 *
 *   npx tsx bench/report-cost.ts
 */
import { fileURLToPath } from 'node:url';
import { startEmulator } from '../test/emulator/index.js';
import { runBundle } from '../test/support/run-bundle.js';

const DAY = 86_400_000;

export interface ReportCost {
  deployments: number;
  commits: number;
  pullRequests: number;
  requests: number;
  graphqlRequests: number;
  points: number;
  seedMs: number;
  runMs: number;
  exitCode: number | null;
}

export async function measureReportCost(scale = { deployments: 5_000, commits: 20_000, pullRequests: 2_000 }): Promise<ReportCost> {
  const gh = await startEmulator();
  gh.warmGraphql();
  gh.state.addToken('ghs_report', 'github-actions[bot]', { contents: 'read', deployments: 'read', 'pull-requests': 'read', issues: 'read', metadata: 'read' });
  const seeded = performance.now();
  const start = Date.now() - 364 * DAY;
  const clock = (t: number) => gh.state.clock.set(new Date(Math.floor(t)));
  clock(start);
  const repo = gh.state.createRepo('acme', 'busy');
  const direct = scale.commits - scale.pullRequests;
  const step = (364 * DAY) / scale.commits;
  const everyPr = Math.round(scale.commits / scale.pullRequests);
  const everyDeploy = scale.commits / scale.deployments;
  let deployed = 0;
  let prs = 0;
  let directs = 0;
  for (let i = 0; i < scale.commits; i++) {
    clock(start + i * step);
    if (i % everyPr === 0 && prs < scale.pullRequests) {
      const pr = repo.openPullRequest({ author: 'carol', title: `Change ${i}`, labels: i % (everyPr * 10) === 0 ? ['bug'] : [] });
      repo.merge(pr, { by: 'carol', method: 'squash' });
      prs += 1;
    } else if (directs < direct) {
      repo.commit({ message: `Commit ${i}`, branch: 'main' });
      directs += 1;
    }
    while (deployed < scale.deployments && deployed * everyDeploy <= i) {
      repo.deploy({ ref: repo.tip('main'), environment: 'production', state: deployed % 20 === 7 ? 'failure' : 'success', by: 'github-actions[bot]' });
      deployed += 1;
    }
    if (i % 400 === 0) repo.addRelease({ tag_name: `v1.${i / 400}.0`, by: 'alice', target_commitish: repo.tip('main') });
    if (i % 100 === 0) {
      const issue = repo.openIssue({ title: `Issue ${i}`, by: 'alice', labels: [i % 300 === 0 ? 'incident' : 'bug'] });
      if (i % 200 === 0) repo.closeIssue(issue, { at: new Date(Math.floor(start + i * step + DAY)) });
    }
  }
  gh.state.clock.real();
  const seedMs = performance.now() - seeded;
  gh.clearLog();
  const began = performance.now();
  const result = await runBundle('deploy', {
    apiUrl: gh.apiUrl,
    graphqlUrl: gh.graphqlUrl,
    token: 'ghs_report',
    repository: repo.fullName,
    sha: repo.tip('main'),
    inputs: { step: 'report', environment: 'production', period: '26w' }
  });
  const runMs = performance.now() - began;
  const graphqlRequests = gh.requests('POST', '/graphql').length;
  const cost: ReportCost = {
    deployments: repo.deployments.length,
    commits: scale.commits,
    pullRequests: prs,
    requests: gh.log.length,
    graphqlRequests,
    points: graphqlRequests,
    seedMs,
    runMs,
    exitCode: result.exitCode
  };
  if (result.exitCode !== 0) process.stderr.write(`report failed: ${result.errors.join('; ')}\n`);
  gh.assertNoViolations();
  await gh.close();
  return cost;
}

export function describeReportCost(c: ReportCost): string {
  return (
    `deploy-action report over a busy year (${c.deployments} deployments, ${c.commits} commits, ${c.pullRequests} pull requests): ` +
    `${c.requests} requests (${c.graphqlRequests} GraphQL, ${c.points} points), ${(c.runMs / 1000).toFixed(1)} s against the emulator (seeded in ${(c.seedMs / 1000).toFixed(1)} s)`
  );
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.log(describeReportCost(await measureReportCost()));
}
