/**
 * release-action end to end: which pull requests vouch for a release's commits, and reading
 * their facts completely, with the emulator answering as GitHub does (associations across
 * branches and forks, empty associations right after a merge, deleted users, hidden teams,
 * long label histories).
 */
import { describe, expect, it } from '@jest/globals';
import { APP_TOKEN, APPROVER, AUTHOR, OUTSIDER, codes, useWorld } from './release-world.js';

const world = useWorld();

const associationReads = () => world.gh.requests('GET', /\/commits\/[0-9a-f]{40}\/pulls$/);

describe('which pull requests vouch for a commit', () => {
  it('a pull request merged into a side branch does not vouch for a commit pushed straight to main', async () => {
    // A branch from before the direct push, for the side pull request to target.
    world.repo.branch('docs-site', world.target);
    const direct = world.directPush('Disable the payment limit');
    // The same commit, plus a docs change, reviewed and approved on its way into the side branch.
    world.repo.branch('docs/typos', direct);
    world.repo.commit({ branch: 'docs/typos', message: 'Fix typos', author: AUTHOR, files: ['docs/intro.md'] });
    const side = world.sidePr('Fix typos in the docs', { base: 'docs-site', head: 'docs/typos', approver: APPROVER });
    expect(side.commits).toContain(direct);

    const run = await world.release({});

    expect(run.outputs['decision']).toBe('blocked');
    expect(codes(run)).toEqual(['commit-without-pull-request']);
    expect(run.reasons[0]?.message).toContain(direct.slice(0, 7));
    expect(run.approvals).toEqual({});
    expect(world.releaseWrites()).toEqual([]);
  });

  it("a fork's pull request whose number collides with an approved one here does not vouch", async () => {
    const ours = world.approvedPr('Add gift cards');
    const fork = world.fork(OUTSIDER);
    const theirs = fork.openPullRequest({ author: OUTSIDER, title: 'Mine the coins', files: ['src/miner.ts'] });
    fork.merge(theirs, { by: OUTSIDER });
    expect(theirs.number).toBe(ours.number);
    // A maintainer fast-forwards main to the fork's main: the fork's commits arrive without a pull request here.
    world.repo.branch('main', theirs.mergeCommitSha ?? '', { by: AUTHOR });
    world.tick();

    const run = await world.release({});

    expect(run.outputs['decision']).toBe('blocked');
    // The fork's commit and its merge commit: neither has a pull request of this repository.
    expect(codes(run)).toEqual(['commit-without-pull-request', 'commit-without-pull-request']);
    const messages = run.reasons.map((r) => r.message).join('\n');
    expect(messages).toContain((theirs.commits[0] ?? '').slice(0, 7));
    expect(messages).toContain((theirs.mergeCommitSha ?? '').slice(0, 7));
    expect(Object.keys(run.approvals)).toEqual([String(ours.number)]);
    expect(world.releaseWrites()).toEqual([]);
  });

  it('a develop → main pull request vouches for the commits merged into develop', async () => {
    const feature = world.sidePr('Add gift cards', { base: 'develop', approver: APPROVER });
    const promote = world.repo.openPullRequest({ author: AUTHOR, title: 'Release develop', base: 'main', head: 'develop' });
    world.tick();
    expect(promote.commits).toContain(feature.commits[0]);
    world.label(promote, 'release-approved', APPROVER);
    world.merge(promote);

    const run = await world.release({});

    expect(run.outputs).toMatchObject({ released: 'true', decision: 'released' });
    expect(Object.keys(run.approvals).sort()).toEqual([String(feature.number), String(promote.number)].sort());
  });

  it('reads an empty association once more when the commit is minutes old, and releases when it appears', async () => {
    world.gh.state.associationDelayReads = 1;
    const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000);
    const pr = world.repo.openPullRequest({ author: AUTHOR, title: 'Add gift cards', at: minutesAgo(4) });
    world.repo.label(pr, 'release-approved', { by: APPROVER, at: minutesAgo(3) });
    world.repo.merge(pr, { by: AUTHOR, method: 'squash', at: minutesAgo(2) });
    world.gh.state.clock.set(minutesAgo(1));

    const run = await world.release({});

    world.gh.state.associationDelayReads = 0;
    expect(run.outputs).toMatchObject({ released: 'true', decision: 'released' });
    expect(associationReads().map((e) => e.path)).toEqual([`/repos/${world.repository}/commits/${pr.mergeCommitSha ?? ''}/pulls`]);
  });

  it('blocks, saying it looked again, when the association of a fresh commit is still empty', async () => {
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
    expect(associationReads()).toHaveLength(1);
    expect(world.releaseWrites()).toEqual([]);
  });
});

describe('reading every fact, completely', () => {
  it('finds an approval behind 150 later label events, on a pull request with 105 labels', async () => {
    const pr = world.open('Add gift cards');
    world.label(pr, 'release-approved', APPROVER);
    for (let i = 0; i < 75; i++) {
      world.repo.label(pr, 'wip', { by: AUTHOR });
      world.repo.unlabel(pr, 'wip', { by: AUTHOR });
    }
    for (let i = 0; i < 104; i++) world.repo.label(pr, `area-${i}`, { by: AUTHOR });
    world.tick();
    world.merge(pr);
    expect(pr.labels).toHaveLength(105);

    const run = await world.release({});

    expect(run.outputs).toMatchObject({ released: 'true', decision: 'released' });
    expect(run.approvals[String(pr.number)]?.map((a) => a.login)).toEqual([APPROVER]);
  });

  it('does not count a label whose applier has since deleted their account', async () => {
    world.approvedPr('Add gift cards');
    world.gh.state.deleteUser(APPROVER);

    const run = await world.release({ approvers: `${APPROVER}, ghost` });

    world.gh.state.user(APPROVER).deleted = false;
    expect(run.outputs['decision']).toBe('blocked');
    expect(codes(run)).toContain('missing-approval');
    expect(run.reasons[0]?.message).toContain('(deleted account)');
    expect(Object.values(run.approvals)).toEqual([[]]);
    expect(world.releaseWrites()).toEqual([]);
  });

  it('fails closed, with the reason, when the token cannot see an approvers team', async () => {
    world.gh.state.createOrg('partner').team('reviewers').addMember('rita');
    world.gh.state.addToken('ghs_acme_only', 'tollgate-release[bot]', { contents: 'write', 'pull-requests': 'read', issues: 'read', members: 'read' }, { installedOn: ['acme'] });
    world.approvedPr('Add gift cards', { approver: 'rita' });

    const run = await world.release({ approvers: 'partner/reviewers' }, { token: 'ghs_acme_only' });

    expect(run.exitCode).toBe(1);
    const error = run.errors.join('\n');
    expect(error).toContain('The token cannot see team partner/reviewers (HTTP 404');
    expect(run.summary).toContain('The token cannot see team partner/reviewers');
    expect(world.gh.requests('GET', '/orgs/partner/teams/reviewers')).toHaveLength(1);
    expect(world.releaseWrites()).toEqual([]);

    // The same team seen by a token installed there: rita is a member, and counts.
    const seen = await world.release({ approvers: 'partner/reviewers' }, { token: APP_TOKEN });
    expect(seen.outputs).toMatchObject({ released: 'true', decision: 'released' });
  });
});
