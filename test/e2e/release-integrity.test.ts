/**
 * release-action end to end: the approval rules hold whatever the history looks like. A
 * standard change must really be one, nobody approves code they wrote, and an approval is stale
 * when code was pushed after it, whatever the commit dates say.
 */
import { describe, expect, it } from '@jest/globals';
import { APPROVER, AUTHOR, SECOND_APPROVER, codes, useWorld } from './release-world.js';

const world = useWorld();

/** The summary's table row of a pull request. */
const rowOf = (summary: string, number: number): string => summary.split('\n').find((line) => line.startsWith(`| [#${number}]`)) ?? '';

describe('standard changes must really be standard', () => {
  it("a person's commit pushed onto a Dependabot branch makes it a normal change that needs approval", async () => {
    const bump = world.open('Bump lodash from 4.17.20 to 4.17.21', { author: 'dependabot[bot]', files: ['package.json'] });
    const sneaked = world.repo.push(bump, { by: AUTHOR, message: 'Relax the login check', files: ['src/auth.ts'] });
    world.tick();
    world.merge(bump);

    const run = await world.release({ 'standard-change-authors': 'dependabot[bot]' });

    expect(run.outputs).toMatchObject({ decision: 'blocked', released: 'false', 'change-type': 'normal' });
    expect(codes(run)).toEqual(['missing-approval']);
    expect(run.reasons[0]?.pull_request).toBe(bump.number);
    const row = rowOf(run.summary, bump.number);
    expect(row).toContain(`not a standard change: ${sneaked.sha.slice(0, 7)} 'Relax the login check' was authored by @${AUTHOR}`);
    expect(row).toContain(`not a standard change: @${AUTHOR} pushed to its branch`);
    expect(world.releaseWrites()).toEqual([]);
  });

  it('the same Dependabot pull request without the extra commit is pre-approved', async () => {
    const bump = world.open('Bump lodash from 4.17.20 to 4.17.21', { author: 'dependabot[bot]', files: ['package.json'] });
    world.merge(bump);

    const run = await world.release({ 'standard-change-authors': 'dependabot[bot]' });

    expect(run.outputs).toMatchObject({ decision: 'released', 'change-type': 'standard' });
  });

  it('moving src/auth.js to docs/old/auth.js is not a docs-only change', async () => {
    const moved = world.open('Archive the old auth module', {
      files: [{ filename: 'docs/old/auth.js', status: 'renamed', previousFilename: 'src/auth.js', additions: 0, deletions: 0 }]
    });
    world.merge(moved);

    const run = await world.release({ 'standard-change-paths': 'docs/**' });

    expect(run.outputs).toMatchObject({ decision: 'blocked', 'change-type': 'normal' });
    expect(codes(run)).toEqual(['missing-approval']);
    expect(rowOf(run.summary, moved.number)).toContain(
      'not a standard change: src/auth.js (moved to docs/old/auth.js) is outside the standard-change paths'
    );
    expect(world.releaseWrites()).toEqual([]);
  });
});

describe('four eyes', () => {
  it('an approver who committed a commit in the pull request cannot approve it: self-approval, naming the commit', async () => {
    const pr = world.open('Add gift cards');
    const picked = world.pushCommittedBy(pr, { author: AUTHOR, committer: APPROVER, by: AUTHOR });
    world.label(pr, 'release-approved', APPROVER);
    world.merge(pr);

    const run = await world.release({});

    expect(run.outputs).toMatchObject({ decision: 'blocked', released: 'false' });
    expect(codes(run)).toEqual(['self-approval', 'missing-approval']);
    expect(run.reasons[0]?.pull_request).toBe(pr.number);
    expect(run.reasons[0]?.message).toContain(`@${APPROVER} committed ${picked.slice(0, 7)}`);
    expect(run.approvals).toEqual({ [String(pr.number)]: [] });
    expect(world.releaseWrites()).toEqual([]);

    // Another approver, who wrote none of it, can.
    world.repo.unlabel(pr, 'release-approved', { by: SECOND_APPROVER });
    world.label(pr, 'release-approved', SECOND_APPROVER);
    const approved = await world.release({ approvers: `${APPROVER}, ${SECOND_APPROVER}` });
    expect(approved.outputs).toMatchObject({ decision: 'released' });
    expect(approved.approvals[String(pr.number)]?.map((a) => a.login)).toEqual([SECOND_APPROVER]);
  });

  it("an approver who pushed a commit written under the author's name cannot approve it", async () => {
    const pr = world.open('Add gift cards');
    const forged = world.repo.push(pr, { by: APPROVER, author: AUTHOR, message: 'Skip the fraud check' });
    world.tick();
    world.label(pr, 'release-approved', APPROVER);
    world.merge(pr);

    const run = await world.release({});

    expect(codes(run)).toEqual(['self-approval', 'missing-approval']);
    expect(run.reasons[0]?.message).toContain(`@${APPROVER} pushed ${forged.sha.slice(0, 7)} 'Skip the fraud check'`);
    expect(world.releaseWrites()).toEqual([]);
  });

  it('"Update branch" pressed by the approver does not make them a contributor', async () => {
    world.approvedPr('Add search');
    const pr = world.open('Add gift cards');
    world.updateBranch(pr, APPROVER);
    world.label(pr, 'release-approved', APPROVER);
    world.merge(pr);

    const run = await world.release({});

    expect(run.outputs).toMatchObject({ decision: 'released', released: 'true' });
    expect(run.approvals[String(pr.number)]?.map((a) => a.login)).toEqual([APPROVER]);
  });
});

describe('stale means pushed after the approval', () => {
  it('a commit dated before the approval but pushed after it makes the approval stale', async () => {
    const pr = world.open('Add gift cards');
    world.label(pr, 'release-approved', APPROVER);
    world.backdatedPush(pr, { daysAgo: 5 });
    world.merge(pr);

    const run = await world.release({});

    expect(run.outputs).toMatchObject({ decision: 'blocked', released: 'false' });
    expect(codes(run)).toEqual(['stale-approval', 'missing-approval']);
    expect(run.reasons[0]?.message).toMatch(/before the last push at .* UTC \(repository activity: push to refs\/heads\/topic\/\d+ by @carol\)/);
    expect(rowOf(run.summary, pr.number)).toMatch(/\| \w{3} \d{4}-\d\d-\d\d \d\d:\d\d UTC \(repository activity: push to refs\/heads\/topic\/\d+ by @carol\) \|$/);
    expect(world.releaseWrites()).toEqual([]);
  });

  it('with a timezone, every time in the reasons and the summary is in that zone (UTC beside it in reasons), and the codes stay', async () => {
    const pr = world.open('Add gift cards');
    world.label(pr, 'release-approved', APPROVER);
    world.backdatedPush(pr, { daysAgo: 5 });
    world.merge(pr);

    const run = await world.release({ timezone: 'Europe/Berlin' });

    expect(codes(run)).toEqual(['stale-approval', 'missing-approval']);
    const local = String.raw`\w{3} \d{4}-\d\d-\d\d \d\d:\d\d(:\d\d)? CES?T \(\d{4}-\d\d-\d\d \d\d:\d\d(:\d\d)? UTC\)`;
    expect(run.reasons[0]?.message).toMatch(new RegExp(`applied by @${APPROVER} at ${local}, before the last push at ${local} \\(repository activity: push to refs/heads/topic/\\d+ by @carol\\)`));
    expect(run.reasons[1]?.message).toMatch(new RegExp(`after the last push at ${local}\\.$`));
    // No time is told in UTC alone: every UTC time stands in brackets beside the Berlin one.
    const text = [run.summary, ...run.reasons.map((r) => r.message)].join('\n').replace(new RegExp(`\\(\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d(:\\d\\d)? UTC\\)`, 'g'), '');
    expect(text).not.toMatch(/\d\d:\d\d(:\d\d)? UTC/);
    expect(text).not.toMatch(/\d\d:\d\d:\d\dZ/);
    expect(rowOf(run.summary, pr.number)).toMatch(/\| \w{3} \d{4}-\d\d-\d\d \d\d:\d\d CES?T \(repository activity: push to refs\/heads\/topic\/\d+ by @carol\) \|$/);
  });
});

describe('which pull request vouches for a commit: what the summary says', () => {
  it('lists the association it ignored, per commit, and names it in the reason', async () => {
    world.repo.branch('docs-site', world.target);
    const direct = world.directPush('Disable the payment limit');
    world.repo.branch('docs/typos', direct);
    world.repo.commit({ branch: 'docs/typos', message: 'Fix typos', author: AUTHOR, files: ['docs/intro.md'] });
    const side = world.sidePr('Fix typos in the docs', { base: 'docs-site', head: 'docs/typos', approver: APPROVER });

    const run = await world.release({});

    expect(codes(run)).toEqual(['commit-without-pull-request']);
    const sideRef = `${world.repository}#${side.number}`;
    expect(run.reasons[0]?.message).toContain(`GitHub associates it only with pull requests that do not vouch for it: ${sideRef} (`);
    expect(run.summary).toContain('<details><summary>Associations not counted (1 commit)</summary>');
    expect(run.summary).toMatch(new RegExp(`- \`${direct.slice(0, 7)}\` Disable the payment limit: ${sideRef.replace('/', '\\/')} \\(`));
    expect(run.approvals).toEqual({});
  });

  it('says the association of a fresh commit was read again and was still empty', async () => {
    world.gh.state.associationDelayReads = 2;
    const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000);
    const pr = world.repo.openPullRequest({ author: AUTHOR, title: 'Add gift cards', at: minutesAgo(4) });
    world.repo.label(pr, 'release-approved', { by: APPROVER, at: minutesAgo(3) });
    world.repo.merge(pr, { by: AUTHOR, method: 'squash', at: minutesAgo(2) });
    world.gh.state.clock.set(minutesAgo(1));

    const run = await world.release({});

    world.gh.state.associationDelayReads = 0;
    world.gh.state.pendingAssociations.clear();
    expect(codes(run)).toEqual(['commit-without-pull-request']);
    expect(run.reasons[0]?.message).toContain('its pull request association was empty and still was when read again');
    expect(run.summary).toContain('still was when read again');
  });
});
