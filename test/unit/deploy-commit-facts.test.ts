/**
 * What the deploy gate reads about the commit to deploy, in-process against the emulator: which
 * pull requests carrying an emergency label vouch for it (release-action's rule), and the one
 * compare helper both actions use.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { connect, type GitHub } from '../../src/core/github/client.js';
import { readCommit } from '../../src/github/commit-pull-requests.js';
import { containsCommit } from '../../src/github/compare.js';
import { startEmulator, type Emulator, type Repo } from '../emulator/index.js';
import { testContext } from '../support/context.js';

const TOKEN = 'ghs_commit_facts';
let emulator: Emulator;
let repo: Repo;
let gh: GitHub;
let count = 0;

beforeAll(async () => {
  emulator = await startEmulator();
  emulator.state.addToken(TOKEN, 'tollgate[bot]', { contents: 'read', 'pull-requests': 'read', issues: 'read', metadata: 'read' });
});
afterAll(async () => {
  await emulator.close();
});
beforeEach(() => {
  emulator.state.clock.set('2026-03-02T09:00:00Z');
  repo = emulator.state.createRepo('acme', `commit-facts-${++count}`);
  repo.commit({ message: 'Initial page', branch: 'main' });
  gh = connect(testContext({ sha: repo.tip('main'), apiUrl: emulator.apiUrl, graphqlUrl: emulator.graphqlUrl }, repo.fullName), TOKEN, 'deploy-action', undefined);
});
afterEach(() => {
  gh.close();
  emulator.assertNoViolations();
});

const where = () => ({ owner: 'acme', repo: repo.name });
const read = (ref: string) => readCommit(gh, where(), ref, { withPulls: true, emergencyLabels: ['emergency'], now: new Date('2026-03-10T00:00:00Z') });
const compares = () => emulator.log.filter((e) => e.path.includes('/compare/'));

describe('the pull requests that vouch for a deployed commit', () => {
  it('a rebase merge vouches for its last commit (its merge commit), not for an earlier one the merge commit contains', async () => {
    const pr = repo.openPullRequest({ author: 'carol', title: 'Fix payment outage', commits: 2 });
    repo.label(pr, 'emergency', { by: 'ralph' });
    repo.merge(pr, { by: 'carol', method: 'rebase' });
    const last = repo.tip('main');
    const first = repo.commitOf(last)!.parents[0]!;
    expect(first).not.toBe(last);

    expect((await read(last)).pullRequests.map((p) => p.number)).toEqual([pr.number]);
    emulator.clearLog();
    const earlier = await read(first);
    expect(earlier.pullRequests).toEqual([]);
    // Only the emergency-labelled pull request's merge commit is compared, once.
    expect(compares()).toHaveLength(1);
  });

  it('reads labels and label history completely, and names a deleted account as no one', async () => {
    const pr = repo.openPullRequest({ author: 'carol', title: 'Fix payment outage' });
    repo.label(pr, 'emergency', { by: 'ralph' });
    for (let i = 0; i < 60; i++) {
      repo.label(pr, 'wip', { by: 'carol' });
      repo.unlabel(pr, 'wip', { by: 'carol' });
    }
    repo.merge(pr, { by: 'carol', method: 'squash' });
    emulator.state.deleteUser('ralph');
    const facts = await read(repo.tip('main'));
    emulator.state.user('ralph').deleted = false;
    const events = facts.pullRequests[0]!.labelEvents;
    expect(events).toHaveLength(121);
    expect(events.find((e) => e.label === 'emergency')!.actor.login).toBe('(deleted account)');
  });

  it('reads no pull request when none carries an emergency label, and compares nothing', async () => {
    const pr = repo.openPullRequest({ author: 'carol', title: 'Add gift cards', commits: 2 });
    repo.merge(pr, { by: 'carol', method: 'rebase' });
    emulator.clearLog();
    const facts = await read(repo.tip('main'));
    expect(facts.pullRequests).toEqual([]);
    expect(compares()).toEqual([]);
  });
});

describe('one compare helper', () => {
  it('a commit is in its own history without asking GitHub; a descendant contains, an ancestor does not', async () => {
    const base = repo.tip('main');
    const next = repo.commit({ message: 'Next', branch: 'main' }).sha;
    emulator.clearLog();
    expect(await containsCommit(gh, where(), base, base)).toBe(true);
    expect(compares()).toEqual([]);
    expect(await containsCommit(gh, where(), next, base)).toBe(true);
    expect(await containsCommit(gh, where(), base, next)).toBe(false);
  });

  it('a commit GitHub cannot compare (404) contains nothing: the caller fails closed instead of erroring', async () => {
    const unknown = 'f'.repeat(40);
    emulator.clearLog();
    await expect(containsCommit(gh, where(), unknown, repo.tip('main'))).resolves.toBe(false);
    expect(compares().map((e) => e.status)).toEqual([404]);
  });
});
