/**
 * The facts release-action gathers, read in-process from the emulator answering as GitHub does:
 * which pull requests vouch for each commit and why the others do not, who authored, committed
 * and pushed each pull request's code, renamed files' old paths, complete label histories, and
 * the push record that bounds when a branch last changed.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { connect } from '../../src/core/github/client.js';
import type { GitHub } from '../../src/core/github/client.js';
import { gatherReleaseFacts } from '../../src/github/release-facts.js';
import { factsNeeded } from '../../src/release/facts-needed.js';
import type { ReleaseFacts } from '../../src/release/model.js';
import { startEmulator, type Emulator, type Repo } from '../emulator/index.js';
import { testContext } from '../support/context.js';
import { releasePolicy } from './fixtures/release-facts.js';

const TOKEN = 'ghs_facts';
let emulator: Emulator;
let repo: Repo;
let gh: GitHub;
let count = 0;

beforeAll(async () => {
  emulator = await startEmulator();
  emulator.state.addToken(TOKEN, 'tollgate[bot]', { contents: 'read', 'pull-requests': 'read', issues: 'read', members: 'read', metadata: 'read' });
});
afterAll(async () => {
  await emulator.close();
});
beforeEach(() => {
  emulator.state.clock.set('2026-03-02T09:00:00Z');
  count += 1;
  repo = emulator.state.createRepo('acme', `facts-${count}`);
  repo.tag('v1.0.0');
  emulator.state.clock.advance({ minutes: 10 });
  const context = testContext({ sha: repo.tip('main'), apiUrl: emulator.apiUrl, graphqlUrl: emulator.graphqlUrl }, repo.fullName);
  gh = connect(context, TOKEN, 'release-action', undefined);
});
afterEach(() => {
  gh.close();
  emulator.assertNoViolations();
});

const tick = (minutes = 10) => emulator.state.clock.advance({ minutes });

async function gather(options: { paths?: string[]; now?: Date } = {}): Promise<ReleaseFacts> {
  const policy = releasePolicy({ approval: { standardChangePaths: options.paths ?? [] } });
  return gatherReleaseFacts(gh, { owner: 'acme', repo: repo.name }, {
    target: repo.tip('main'),
    previousTag: 'v1.0.0',
    ...factsNeeded(policy),
    now: options.now ?? new Date('2026-03-10T00:00:00Z')
  });
}

describe('which pull requests vouch for a commit', () => {
  it("lists what the association named but does not vouch, with why, keyed by repository and number", async () => {
    repo.branch('develop');
    const side = repo.openPullRequest({ author: 'carol', title: 'Side change', base: 'develop' });
    tick();
    repo.merge(side, { by: 'alice' });
    tick();
    // The side branch's commit also lands on main, pushed directly.
    repo.branch('main', side.commits[0]);
    const fork = emulator.state.fork(repo, 'mallory');
    const theirs = fork.openPullRequest({ author: 'mallory', title: 'Theirs', head: 'x' });
    fork.merge(theirs, { by: 'mallory' });
    repo.branch('main', theirs.mergeCommitSha ?? '');
    const ours = repo.openPullRequest({ author: 'carol', title: 'Ours' });
    tick();
    repo.merge(ours, { by: 'alice', method: 'squash' });

    const facts = await gather();

    const byHeadline = new Map(facts.commits.map((c) => [c.headline, c]));
    expect(byHeadline.get('Side change')).toMatchObject({
      pullRequests: [],
      ignored: [{ pullRequest: `${repo.fullName}#1`, why: expect.stringContaining('merged into develop; its merge commit') as unknown as string }]
    });
    expect(byHeadline.get('Theirs')).toMatchObject({ pullRequests: [], ignored: [{ pullRequest: `mallory/${repo.name}#1`, why: `a pull request of mallory/${repo.name}, not of ${repo.fullName}` }] });
    expect(byHeadline.get('Ours (#2)')).toMatchObject({ pullRequests: [2], ignored: [], rechecked: false });
    expect(facts.pullRequests.map((p) => `${p.repository}#${p.number}`)).toEqual([`${repo.fullName}#2`]);
    expect(facts.pullRequests[0]).toMatchObject({ baseRef: 'main', mergeCommit: ours.mergeCommitSha, fromFork: false });
  });

  it('reads an empty association of a minutes-old commit once more over REST, and says so', async () => {
    emulator.state.associationDelayReads = 2;
    const pr = repo.openPullRequest({ author: 'carol', title: 'Fresh' });
    tick(1);
    repo.merge(pr, { by: 'alice', method: 'squash' });
    try {
      const fresh = await gather({ now: new Date(emulator.state.clock.now().getTime() + 60_000) });
      expect(fresh.commits[0]).toMatchObject({ pullRequests: [], ignored: [], rechecked: true });
      // An old commit with an empty association is not read again.
      const old = await gather({ now: new Date(emulator.state.clock.now().getTime() + 60 * 60_000) });
      expect(old.commits[0]).toMatchObject({ pullRequests: [1], rechecked: false });
      expect(emulator.requests('GET', /\/commits\/[0-9a-f]{40}\/pulls$/)).toHaveLength(1);
    } finally {
      emulator.state.associationDelayReads = 0;
    }
  });
});

describe('who wrote and pushed a pull request', () => {
  it('attributes each commit to its author and committer, web-flow and bots included, and marks base merges', async () => {
    const bump = repo.openPullRequest({ author: 'dependabot[bot]', title: 'Bump lodash', head: 'dependabot/npm/lodash' });
    tick();
    repo.commit({ message: 'Meanwhile on main', author: 'dave' });
    tick();
    const update = repo.updateBranch(bump, { by: 'erin' });
    tick();
    const own = repo.push(bump, { by: 'carol', message: 'Tweak the bump' });
    tick();
    repo.merge(bump, { by: 'alice' });

    const facts = await gather();

    const pr = facts.pullRequests[0];
    expect(pr?.author).toEqual({ login: 'dependabot[bot]', isBot: true });
    expect(pr?.commits).toEqual([
      { sha: bump.commits[0], headline: 'Bump lodash', author: { login: 'dependabot[bot]', isBot: true }, committer: { login: 'dependabot[bot]', isBot: true }, mergesBase: false },
      { sha: update.sha, headline: `Merge branch 'main' into dependabot/npm/lodash`, author: { login: 'erin', isBot: false }, committer: { login: 'web-flow', isBot: false }, mergesBase: true },
      { sha: own.sha, headline: 'Tweak the bump', author: { login: 'carol', isBot: false }, committer: { login: 'carol', isBot: false }, mergesBase: false }
    ]);
    expect(pr?.pushes?.map((p) => [p.kind, p.actor?.login, p.after])).toEqual([
      ['push', 'dependabot[bot]', bump.commits[0]],
      ['push', 'erin', update.sha],
      ['push', 'carol', own.sha]
    ]);
  });

  it('bounds the last push by the repository activity, not by a backdated committer date', async () => {
    const pr = repo.openPullRequest({ author: 'carol', title: 'Feature' });
    tick();
    repo.label(pr, 'release-approved', { by: 'alice' });
    tick();
    const pushedAt = emulator.state.clock.now();
    repo.push(pr, { by: 'carol', at: '2026-02-01T00:00:00Z', pushedAt });
    tick();
    repo.merge(pr, { by: 'alice', deleteBranch: true });
    tick();
    // The branch name is used again later by someone else: that changes nothing merged.
    repo.openPullRequest({ author: 'mallory', title: 'Later', head: pr.head });

    const facts = await gather();

    const got = facts.pullRequests[0];
    expect(got?.lastPushAt).toEqual(pushedAt);
    expect(got?.pushSource).toBe(`repository activity: push to refs/heads/${pr.head} by @carol`);
    expect(got?.pushes?.map((p) => p.actor?.login)).toEqual(['carol', 'carol']);
  });

  it('has no bound, and says why, when the activity keeps no push of the branch', async () => {
    const pr = repo.openPullRequest({ author: 'carol', title: 'Feature' });
    tick();
    repo.merge(pr, { by: 'alice' });
    repo.activities.splice(0, repo.activities.length);

    const facts = await gather();

    expect(facts.pullRequests[0]).toMatchObject({ lastPushAt: null, pushes: null });
    expect(facts.pullRequests[0]?.pushSource).toContain(`lists no push to refs/heads/${pr.head} up to the merge`);
  });

  it("bounds a fork branch's last push by its head commit's first check suite, or a later force push", async () => {
    const fork = emulator.state.fork(repo, 'dave');
    const pr = repo.openPullRequest({ author: 'dave', title: 'From a fork', from: fork });
    tick();
    const pushedAt = emulator.state.clock.now();
    repo.push(pr, { by: 'dave', at: '2026-01-01T00:00:00Z', pushedAt });
    tick();
    const forced = repo.openPullRequest({ author: 'dave', title: 'Forced', from: fork });
    const first = forced.headSha;
    tick();
    repo.push(forced, { by: 'dave' });
    tick();
    // Back to the first head: its check suite is older than this push; the force push bounds it.
    repo.push(forced, { by: 'dave', force: true, to: first });
    const forcedAt = emulator.state.clock.now();
    tick();
    repo.merge(pr, { by: 'alice' });
    repo.merge(forced, { by: 'alice' });

    const facts = await gather();

    expect(facts.pullRequests.map((p) => [p.number, p.fromFork, p.lastPushAt, p.pushes])).toEqual([
      [1, true, pushedAt, null],
      [2, true, forcedAt, null]
    ]);
    expect(facts.pullRequests[0]?.pushSource).toContain('first check suite of head');
    expect(facts.pullRequests[1]?.pushSource).toContain('force push by @dave');
  });


  it("has no bound for a fork branch whose head no check suite or force push dates", async () => {
    const fork = emulator.state.fork(repo, 'dave');
    const pr = repo.openPullRequest({ author: 'dave', title: 'From a fork', from: fork });
    repo.merge(pr, { by: 'alice' });
    repo.checkSuites.splice(0, repo.checkSuites.length);

    const facts = await gather();

    expect(facts.pullRequests[0]).toMatchObject({ fromFork: true, lastPushAt: null, pushes: null });
    expect(facts.pullRequests[0]?.pushSource).toContain('has no check suite that shows when it arrived');
  });
});

describe('files and labels, complete', () => {
  it("gives a renamed file's old path (REST) and reads REST files only for pull requests with renames", async () => {
    const moved = repo.openPullRequest({
      author: 'carol',
      title: 'Move auth',
      files: [{ filename: 'docs/old/auth.js', previousFilename: 'src/auth.js', status: 'renamed' }, { filename: 'src/gone.js', status: 'removed' }]
    });
    repo.merge(moved, { by: 'alice' });
    const plain = repo.openPullRequest({ author: 'carol', title: 'Docs', files: ['docs/a.md'] });
    repo.merge(plain, { by: 'alice' });

    const withPaths = await gather({ paths: ['docs/**'] });
    expect(withPaths.pullRequests.map((p) => p.files)).toEqual([
      [
        { path: 'docs/old/auth.js', previousPath: 'src/auth.js', change: 'renamed' },
        { path: 'src/gone.js', previousPath: null, change: 'removed' }
      ],
      [{ path: 'docs/a.md', previousPath: null, change: 'modified' }]
    ]);
    expect(emulator.requests('GET', /\/pulls\/\d+\/files$/).map((e) => e.path)).toEqual([`/repos/${repo.fullName}/pulls/1/files`]);

    const without = await gather();
    expect(without.pullRequests.map((p) => p.files)).toEqual([null, null]);
  });

  it('gives no commit list for a pull request with more commits than GitHub lists (250)', async () => {
    const big = repo.openPullRequest({ author: 'carol', title: 'Big', commits: 251 });
    repo.merge(big, { by: 'alice', method: 'squash' });
    const small = repo.openPullRequest({ author: 'carol', title: 'Small', commits: 120 });
    repo.merge(small, { by: 'alice', method: 'squash' });

    const facts = await gather();

    expect(facts.pullRequests.map((p) => p.commits?.length ?? null)).toEqual([null, 120]);
  });

  it('reads every label and the whole label history, oldest first, past 100 of each', async () => {
    const pr = repo.openPullRequest({ author: 'carol', title: 'Busy' });
    repo.label(pr, 'release-approved', { by: 'alice' });
    for (let i = 0; i < 120; i++) repo.label(pr, `area-${i}`, { by: 'carol' });
    repo.merge(pr, { by: 'alice' });
    emulator.state.deleteUser('carol');

    try {
      const facts = await gather();
      const got = facts.pullRequests[0];
      expect(got?.labels).toHaveLength(121);
      expect(got?.labelEvents).toHaveLength(121);
      expect(got?.labelEvents[0]).toMatchObject({ action: 'labeled', label: 'release-approved', actor: { login: 'alice', isBot: false } });
      // A deleted account is nobody anyone can list as an approver.
      expect(got?.labelEvents[1]?.actor).toEqual({ login: '(deleted account)', isBot: false });
    } finally {
      emulator.state.user('carol').deleted = false;
    }
  });
});
