/**
 * release-action end to end, the committed bundle against the GitHub emulator: releases that
 * go out, and the runs that find nothing to do.
 */
import { describe, expect, it } from '@jest/globals';
import { nodeBinaries } from '../support/run-bundle.js';
import { APPROVER, AUTHOR, READ_ONLY_TOKEN, SECOND_APPROVER, codes, windowOpenNow, useWorld } from './release-world.js';

const world = useWorld();

describe.each(nodeBinaries())('under $name', ({ path: node }) => {
  it('releases approved, deployed pull requests inside a window, with notes and an audit', async () => {
    const first = world.approvedPr('Add the checkout page');
    const second = world.approvedPr('Fix the basket total', { approver: SECOND_APPROVER, method: 'squash' });
    const third = world.approvedPr('Tidy the styles', { method: 'rebase' });
    const target = world.target;
    world.deploy('success');

    const run = await world.release(
      { approvers: `${APPROVER}, ${SECOND_APPROVER}`, 'require-deployment': 'production', windows: windowOpenNow() },
      { node }
    );

    expect(run.exitCode).toBe(0);
    expect(run.errors).toEqual([]);
    expect(run.warnings).toEqual([]);
    expect(run.outputs).toMatchObject({ released: 'true', decision: 'released', tag: 'v1.1.0', 'change-type': 'normal', 'next-window': '', reasons: '[]' });
    // Merged with a merge commit, squashed and rebased: each is found through its commits.
    expect(Object.keys(run.approvals)).toEqual([first, second, third].map((pr) => String(pr.number)));
    expect(run.approvals[String(first.number)]?.map((a) => a.login)).toEqual([APPROVER]);
    expect(run.approvals[String(second.number)]?.map((a) => a.login)).toEqual([SECOND_APPROVER]);
    expect(run.approvals[String(third.number)]?.map((a) => a.login)).toEqual([APPROVER]);

    const releases = world.releases('v1.1.0');
    expect(releases).toHaveLength(1);
    const release = releases[0]!;
    expect(release.draft).toBe(false);
    expect(world.repo.tags.get('v1.1.0')?.commit).toBe(target);
    expect(run.outputs['release-id']).toBe(String(release.id));
    expect(run.outputs['release-url']).toBe('https://github.com/acme/' + world.repo.name + '/releases/tag/v1.1.0');
    expect(world.repo.latestRelease()?.tagName).toBe('v1.1.0');

    // GitHub's generated notes, then the audit naming who approved what.
    const body = release.body ?? '';
    expect(body).toContain("## What's Changed");
    expect(body).toContain(`* Add the checkout page by @${AUTHOR} in https://github.com/${world.repository}/pull/${first.number}`);
    expect(body).toContain(`**Full Changelog**: https://github.com/${world.repository}/compare/v1.0.0...v1.1.0`);
    expect(body).toContain('## Release audit');
    expect(body.indexOf("## What's Changed")).toBeLessThan(body.indexOf('## Release audit'));
    expect(body).toContain(`- **Commit:** \`${target}\` (changes since \`v1.0.0\`)`);
    expect(body).toMatch(new RegExp(`#${first.number}\\]\\([^)]+\\) Add the checkout page: approved by @${APPROVER} \\(\`release-approved\``));
    expect(body).toMatch(new RegExp(`#${second.number}\\]\\([^)]+\\) Fix the basket total: approved by @${SECOND_APPROVER} \\(`));
    expect(body).toContain('### Pull requests (3)');
    expect(body).toMatch(/\*\*Deployment to production:\*\* deployment \d+ of `[0-9a-f]{7}`, status `success`/);

    // The job summary names each pull request and who approved it.
    expect(run.summary).toContain('## ✅ Released [`v1.1.0`]');
    expect(run.summary).toContain(`| [#${first.number}](https://github.com/${world.repository}/pull/${first.number}) | Add the checkout page | ✅ approved | @${APPROVER} (`);
    expect(run.summary).toContain('| production | ✅ live |');
    expect(run.summary).toMatch(/Release window `[A-Za-z,]+ 00:00-24:00` is open until/);

    // One write: the release, created once.
    expect(world.releaseWrites().map((e) => e.method)).toEqual(['POST']);
    expect(world.gh.requests('POST', `/repos/${world.repository}/releases`)[0]?.body).toMatchObject({
      tag_name: 'v1.1.0',
      target_commitish: target,
      name: 'v1.1.0',
      draft: false,
      prerelease: false
    });
  });

  it('blocks an unapproved pull request and fails the step with on-blocked: fail', async () => {
    const pr = world.open('Refactor the payment client');
    world.merge(pr);

    const run = await world.release({ 'on-blocked': 'fail' }, { node });

    expect(run.exitCode).toBe(1);
    expect(run.outputs).toMatchObject({ released: 'false', decision: 'blocked', 'release-id': '', 'release-url': '' });
    expect(codes(run)).toEqual(['missing-approval']);
    expect(run.reasons[0]?.pull_request).toBe(pr.number);
    expect(run.errors.join('\n')).toContain(`Release v1.1.0 is blocked:`);
    expect(run.errors.join('\n')).toContain(`#${pr.number} 'Refactor the payment client' has 0 of 1 required approvals`);
    expect(world.releases('v1.1.0')).toEqual([]);
    expect(world.releaseWrites()).toEqual([]);
  });
});

describe('converging on one release', () => {
  it('finds the release already made when re-run, and leaves it alone', async () => {
    world.approvedPr('Add the checkout page');
    const first = await world.release({});
    expect(first.outputs['decision']).toBe('released');
    world.gh.clearLog();

    const again = await world.release({});

    expect(again.exitCode).toBe(0);
    expect(again.outputs).toMatchObject({ released: 'false', decision: 'already-released', 'release-id': first.outputs['release-id'], 'release-url': first.outputs['release-url'] });
    // Written like the other summaries: a headline, the release and the commit linked.
    expect(again.summary).toContain(`## ✅ [\`v1.1.0\`](${first.outputs['release-url']}) is already released`);
    expect(again.summary).toContain(`at [\`${world.target.slice(0, 7)}\`](https://github.com/${world.repository}/commit/${world.target}) exists`);
    expect(world.releases('v1.1.0')).toHaveLength(1);
    expect(world.releaseWrites()).toEqual([]);
  });

  it('says up-to-date when the target is already the latest release', async () => {
    world.approvedPr('Add the checkout page');
    world.repo.addRelease({ tag_name: 'v1.0.1', by: APPROVER, target_commitish: world.target });

    const run = await world.release({ tag: 'v1.0.2' });

    expect(run.exitCode).toBe(0);
    expect(run.outputs).toMatchObject({ released: 'false', decision: 'up-to-date', 'release-id': '' });
    expect(run.summary).toContain(`## ✅ Up to date\n\nNothing to release in ${world.repository}: the latest release \`v1.0.1\` already contains [\``);
    expect(world.releases('v1.0.2')).toEqual([]);
    expect(world.releaseWrites()).toEqual([]);
  });
});

describe('options', () => {
  it('dry-run: true decides and reports, and writes nothing, with a token that can only read', async () => {
    world.approvedPr('Add the checkout page');

    const run = await world.release({ 'dry-run': 'true' }, { token: READ_ONLY_TOKEN });

    expect(run.exitCode).toBe(0);
    expect(run.errors).toEqual([]);
    expect(run.outputs).toMatchObject({ released: 'false', decision: 'dry-run', reasons: '[]', 'release-id': '' });
    expect(run.summary).toContain('## 🧪 Dry run: `v1.1.0` would be released');
    expect(world.releases('v1.1.0')).toEqual([]);
    expect(world.gh.log.filter((e) => e.method !== 'GET' && e.path !== '/graphql')).toEqual([]);
  });

  it('dry-run: true of a blocked release says it would be blocked, and neither writes nor fails', async () => {
    const pr = world.open('Unreviewed');
    world.merge(pr);

    const run = await world.release({ 'dry-run': 'true', 'on-blocked': 'fail' });

    expect(run.exitCode).toBe(0);
    expect(run.outputs).toMatchObject({ released: 'false', decision: 'dry-run' });
    expect(codes(run)).toEqual(['missing-approval']);
    expect(run.summary).toContain('## 🧪 Dry run: `v1.1.0` would be blocked');
    expect(run.summary).toContain(`It would not be released: #${pr.number} lacks approval.`);
    expect(run.warnings).toEqual([`Dry run: release v1.1.0 would be blocked:\n- ${run.reasons[0]?.message}`]);
    expect(world.releaseWrites()).toEqual([]);
  });

  it('approval-scope: latest checks only the pull request that brought the target', async () => {
    world.merge(world.open('Unreviewed change'));
    const releasePr = world.approvedPr('Release 1.1.0');

    const blocked = await world.release({});
    expect(codes(blocked)).toEqual(['missing-approval']);

    const run = await world.release({ 'approval-scope': 'latest' });

    expect(run.outputs).toMatchObject({ released: 'true', decision: 'released' });
    expect(Object.keys(run.approvals)).toEqual([String(releasePr.number)]);
    expect(world.releases('v1.1.0')).toHaveLength(1);
  });

  it('min-approvals: 2 needs two distinct approvers', async () => {
    const pr = world.open('Rewrite the pricing engine');
    world.label(pr, 'release-approved', APPROVER);
    world.merge(pr);
    const inputs = { approvers: `${APPROVER}, ${SECOND_APPROVER}`, 'approval-labels': 'release-approved, qa-approved', 'min-approvals': '2' };

    const one = await world.release(inputs);
    expect(codes(one)).toEqual(['missing-approval']);
    expect(one.reasons[0]?.message).toContain('has 1 of 2 required approvals (approved by @alice)');
    expect(world.releaseWrites()).toEqual([]);

    world.label(pr, 'qa-approved', SECOND_APPROVER);
    const two = await world.release(inputs);
    expect(two.outputs['decision']).toBe('released');
    expect(two.approvals[String(pr.number)]?.map((a) => a.login)).toEqual([APPROVER, SECOND_APPROVER]);
  });

  it('works against GitHub Enterprise Server URLs (/api/v3, /api/graphql)', async () => {
    world.approvedPr('Add the checkout page');
    world.deploy('success');

    const run = await world.release({ 'require-deployment': 'production' }, { ghes: true });

    expect(run.outputs).toMatchObject({ released: 'true', decision: 'released' });
    expect(world.releases('v1.1.0')).toHaveLength(1);
    expect(world.gh.log.every((e) => e.path.startsWith('/api/v3/') || e.path === '/api/graphql')).toBe(true);
  });
});

it('releases a commit whose deployment the deploy bundle recorded', async () => {
  world.approvedPr('Add the checkout page');
  const id = await world.deployWithBundle(world.target);

  const run = await world.release({ 'require-deployment': 'production' });

  expect(run.outputs).toMatchObject({ released: 'true', decision: 'released' });
  expect(run.summary).toContain(`| production | ✅ live | ${id} of \`${world.target.slice(0, 7)}\``);
  expect(world.releases('v1.1.0')[0]?.body).toContain(`**Deployment to production:** deployment ${id} of`);
});
