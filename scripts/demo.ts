/**
 * npm run demo: the whole story on the embedded GitHub API emulator, running the committed
 * bundles the way the GitHub runner does. No GitHub account, no network.
 *
 *   deploy to staging and production → a production deploy blocked by the weekend freeze → a release blocked (a pull request unapproved, a freeze
 *   in force) → an approver applies the label → the freeze is over → the release is created →
 *   a re-run converges on the same release → the weekly delivery report.
 *
 * The release runs happen at fixed instants of the story (Friday evening, Monday morning):
 * the bundle is started with a demo-only preload that pins its clock.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startEmulator } from '../test/emulator/index.js';
import { runBundle, type RunOptions, type RunResult } from '../test/support/run-bundle.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bold = (text: string) => (process.stdout.isTTY ? `\x1b[1m${text}\x1b[0m` : text);
const step = (text: string) => console.log(`\n${bold(`━━ ${text}`)}`);
const started = Date.now();

const emulator = await startEmulator();
const { state } = emulator;
const TOKEN = 'ghs_workflow_token';
state.clock.set('2026-12-07T08:00:00Z');
const repo = state.createRepo('acme', 'shop');
state.addToken(TOKEN, 'github-actions[bot]', { contents: 'write', deployments: 'write', 'pull-requests': 'read', issues: 'read', metadata: 'read' });
state.addToken('ghp_octocat', 'octocat', { issues: 'write', 'pull-requests': 'write', metadata: 'read' });
repo.setPermission('octocat', 'maintain');

// History: v1.0.0 is released; three pull requests were merged since.
repo.commit({ message: 'Initial shop', files: ['src/shop.ts'], at: '2026-12-07T08:00:00Z' });
repo.tag('v1.0.0');
repo.addRelease({ tag_name: 'v1.0.0', name: 'v1.0.0', by: 'octocat', at: '2026-12-07T09:00:00Z' });

const giftCards = repo.openPullRequest({ author: 'alice', title: 'Add gift cards', files: ['src/gift-cards.ts'], at: '2026-12-08T09:00:00Z' });
repo.label(giftCards, 'release-approved', { by: 'octocat', at: '2026-12-08T15:00:00Z' });
repo.merge(giftCards, { by: 'alice', method: 'squash', at: '2026-12-08T15:30:00Z' });
const vat = repo.openPullRequest({ author: 'bob', title: 'Fix VAT rounding for Austria', files: ['src/tax.ts'], at: '2026-12-09T10:00:00Z' });
repo.merge(vat, { by: 'bob', method: 'squash', at: '2026-12-10T11:00:00Z' });
const bump = repo.openPullRequest({ author: 'dependabot[bot]', title: 'Bump lodash from 4.17.20 to 4.17.21', files: ['package-lock.json'], at: '2026-12-10T12:00:00Z' });
repo.merge(bump, { by: 'alice', method: 'squash', at: '2026-12-10T12:30:00Z' });
const head = repo.tip('main');

const common = (): Pick<RunOptions, 'apiUrl' | 'graphqlUrl' | 'token' | 'repository' | 'sha'> => ({
  apiUrl: emulator.apiUrl,
  graphqlUrl: emulator.graphqlUrl,
  token: TOKEN,
  repository: repo.fullName,
  sha: head
});

const policy = {
  tag: 'v1.1.0',
  'approval-labels': 'release-approved',
  approvers: 'octocat, acme/release-managers',
  windows: 'Mon-Thu 09:00-16:00',
  freezes: '2026-12-20 - 2027-01-04\nFri 18:00 - Mon 08:00',
  timezone: 'Europe/Berlin',
  'require-deployment': 'production',
  'standard-change-authors': 'dependabot[bot]'
};

function check(result: RunResult, what: string): RunResult {
  if (result.exitCode !== 0) {
    console.error(`${what} failed:\n${result.stdout}\n${result.stderr}`);
    process.exit(1);
  }
  return result;
}

const indent = (text: string) =>
  text
    .replace(/<\/?details>|<summary>|<\/summary>/g, '')
    .trim()
    .split('\n')
    .map((line) => `  ${line}`)
    .join('\n');

async function deploy(environment: string, url: string): Promise<RunResult> {
  const start = check(await runBundle('deploy', { ...common(), runId: 100, inputs: { step: 'start', environment, 'environment-url': url, version: '1.1.0' } }), `start ${environment}`);
  const id = start.outputs['deployment-id']!;
  const finish = check(
    await runBundle('deploy', { ...common(), runId: 100, inputs: { step: 'finish', 'deployment-id': id, status: 'success', 'environment-url': url } }),
    `finish ${environment}`
  );
  console.log(`  ${environment}: deployment ${id} of ${head.slice(0, 7)} → ${finish.outputs['status']} (${url})`);
  return finish;
}

async function release(at: string, runAttempt = 1): Promise<RunResult> {
  return check(
    await runBundle('release', {
      ...common(),
      runId: 200,
      runAttempt,
      inputs: policy,
      event: { name: 'schedule', payload: { schedule: '*/30 * * * *' } },
      nodeArgs: ['--import', path.join(root, 'scripts/demo-clock.js')],
      env: { TOLLGATE_DEMO_NOW: at }
    }),
    `release at ${at}`
  );
}

step('Friday 2026-12-11, 16:00 Berlin: deploy-action records staging, then production');
state.clock.set('2026-12-11T15:00:00Z');
await deploy('staging', 'https://staging.shop.example');
state.clock.set('2026-12-11T15:20:00Z');
const production = await deploy('production', 'https://shop.example');
console.log('\n  Job summary of the production finish step:\n');
console.log(indent(production.summary));
console.log('  Deployed is not released: users see nothing new until release-action says go.');

step('Friday 18:30 Berlin: a late production deploy meets the weekend freeze');
const lateDeploy = await runBundle('deploy', {
  ...common(),
  runId: 150,
  inputs: { step: 'start', environment: 'production', freezes: policy.freezes, timezone: policy.timezone, 'environment-url': 'https://shop.example' },
  nodeArgs: ['--import', path.join(root, 'scripts/demo-clock.js')],
  env: { TOLLGATE_DEMO_NOW: '2026-12-11T17:30:00Z' }
});
if (lateDeploy.exitCode !== 1 || lateDeploy.outputs['decision'] !== 'blocked') {
  console.error(`The deploy during the freeze was not blocked:\n${lateDeploy.stdout}`);
  process.exit(1);
}
console.log(`  exit code ${lateDeploy.exitCode} (the deploy script after this step does not run): decision=${lateDeploy.outputs['decision']} next-window=${lateDeploy.outputs['next-window']}`);
console.log(`  reasons: ${(JSON.parse(lateDeploy.outputs['reasons'] ?? '[]') as Array<{ code: string }>).map((r) => r.code).join(', ')}; deployments written: ${repo.deployments.length === 2 ? 'none' : 'some!'}`);
console.log('\n  Job summary:\n');
console.log(indent(lateDeploy.summary));

step('Friday 18:30 Berlin: the scheduled release run evaluates v1.1.0');
const blocked = await release('2026-12-11T17:30:00Z');
console.log(`  released=${blocked.outputs['released']} decision=${blocked.outputs['decision']} next-window=${blocked.outputs['next-window']}`);
console.log(`  reasons: ${(JSON.parse(blocked.outputs['reasons'] ?? '[]') as Array<{ code: string }>).map((r) => r.code).join(', ')}`);
console.log('\n  Job summary:\n');
console.log(indent(blocked.summary));

step('Saturday: octocat, an approver, applies release-approved to the VAT pull request');
state.clock.set('2026-12-12T10:00:00Z');
const response = await fetch(`${emulator.apiUrl}/repos/${repo.fullName}/issues/${vat.number}/labels`, {
  method: 'POST',
  headers: { authorization: 'token ghp_octocat', 'content-type': 'application/json', accept: 'application/vnd.github+json' },
  body: JSON.stringify({ labels: ['release-approved'] })
});
console.log(`  POST /repos/${repo.fullName}/issues/${vat.number}/labels → ${response.status} (the timeline records octocat as the one who applied it)`);

step('Monday 2026-12-14, 10:15 Berlin: the freeze is over and the window is open');
state.clock.set('2026-12-14T09:15:00Z');
const released = await release('2026-12-14T09:15:00Z');
console.log(`  released=${released.outputs['released']} decision=${released.outputs['decision']} change-type=${released.outputs['change-type']}`);
console.log(`  release-url=${released.outputs['release-url']}`);
console.log(`  approvals=${released.outputs['approvals']}`);
const created = repo.releases.find((r) => r.tagName === 'v1.1.0');
console.log('\n  Release notes (audit section):\n');
console.log(indent((created?.body ?? '').slice((created?.body ?? '').indexOf('## Release audit'))));

step('A re-run of the same job converges on the same release');
const rerun = await release('2026-12-14T09:20:00Z', 2);
console.log(`  released=${rerun.outputs['released']} decision=${rerun.outputs['decision']} release-id=${rerun.outputs['release-id']}`);

step('Monday 10:30 Berlin: the weekly delivery report (deploy-action step: report)');
const weekly = check(
  await runBundle('deploy', {
    ...common(),
    runId: 300,
    inputs: { step: 'report', environment: 'production', period: '7d' },
    event: { name: 'schedule', payload: { schedule: '0 7 * * 1' } },
    nodeArgs: ['--import', path.join(root, 'scripts/demo-clock.js')],
    env: { TOLLGATE_DEMO_NOW: '2026-12-14T09:30:00Z' }
  }),
  'report'
);
const figures = JSON.parse(weekly.outputs['metrics'] ?? '{}') as Record<string, { sample?: number; reason?: string }>;
console.log(`  metrics: ${Object.keys(figures).length} keys; change fail rate: ${JSON.stringify(figures['change_fail_rate'])}`);
console.log('\n  Job summary (first lines):\n');
console.log(indent(weekly.summary.split('\n').slice(0, 18).join('\n')));

step('What the emulator holds now');
for (const d of repo.deployments) {
  console.log(`  deployment ${d.id}  ${d.environment.padEnd(10)} ${d.sha.slice(0, 7)}  ${d.statuses.map((s) => s.state).join(' → ')}`);
}
for (const r of repo.releasesNewestFirst()) {
  console.log(`  release    ${r.id}  ${r.tagName.padEnd(10)} ${r.draft ? 'draft' : 'published'}`);
}
const violations = emulator.violations.length;
await emulator.close();
console.log(`\nDone in ${((Date.now() - started) / 1000).toFixed(1)} s; requests GitHub would have rejected: ${violations}.`);
if (violations) process.exit(1);
