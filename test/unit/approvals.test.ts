import { describe, expect, it } from '@jest/globals';
import {
  assessStandardChange,
  classifyApplications,
  contributions,
  currentApplications,
  findEmergency,
  isApprover,
  isStandardChange,
  lastPush,
  resolveApprovals,
  formatWhen
} from '../../src/release/approvals.js';
import {
  APPROVED,
  PUSHED,
  actor,
  approvalPolicy,
  at,
  labeled,
  people,
  person,
  prCommit,
  pullRequest,
  push,
  sha,
  team,
  unlabeled,
  user,
  files
} from './fixtures/release-facts.js';
import type { PullRequestInput } from './fixtures/release-facts.js';
import type { PullRequestCommit, PullRequestFacts } from '../../src/release/model.js';

const known = people(
  person('alice', { permission: 'write' }),
  person('bob', { permission: 'maintain' }),
  person('carol', { permission: 'read', teams: ['acme/release-managers'] }),
  person('dave', { permission: 'admin', teams: ['acme/developers'] })
);

describe('currentApplications', () => {
  it('gives the last labeled event of a label that is still on', () => {
    const pr = pullRequest({
      number: 1,
      labelEvents: [labeled('release-approved', 'alice', '2026-03-03T10:00'), labeled('release-approved', 'bob', '2026-03-03T10:30')]
    });
    expect(currentApplications(pr, ['release-approved'])).toEqual([
      { label: 'release-approved', actor: { login: 'bob', isBot: false }, at: new Date('2026-03-03T10:30Z') }
    ]);
  });

  it('drops a label that was removed', () => {
    const pr = pullRequest({
      number: 1,
      labelEvents: [labeled('release-approved', 'alice', '2026-03-03T10:00'), unlabeled('release-approved', 'bob', '2026-03-03T10:05')]
    });
    expect(currentApplications(pr, ['release-approved'])).toEqual([]);
  });

  it('credits whoever re-applied a removed label', () => {
    const pr = pullRequest({
      number: 1,
      labelEvents: [
        labeled('release-approved', 'alice', '2026-03-03T10:00'),
        unlabeled('release-approved', 'alice', '2026-03-03T10:05'),
        labeled('release-approved', 'mallory', '2026-03-03T10:10')
      ]
    });
    const [application] = currentApplications(pr, ['release-approved']);
    expect(application?.actor?.login).toBe('mallory');
  });

  it('keeps labels apart: removing one does not remove another', () => {
    const pr = pullRequest({
      number: 1,
      labelEvents: [
        labeled('release-approved', 'alice', '2026-03-03T10:00'),
        labeled('qa-approved', 'bob', '2026-03-03T10:01'),
        unlabeled('qa-approved', 'bob', '2026-03-03T10:02')
      ]
    });
    expect(currentApplications(pr, ['release-approved', 'qa-approved']).map((a) => a.label)).toEqual(['release-approved']);
  });

  it('reports a label on the pull request with no event as applied by nobody known', () => {
    const pr = pullRequest({ number: 1, labels: ['release-approved'], labelEvents: [] });
    expect(currentApplications(pr, ['release-approved'])).toEqual([{ label: 'release-approved', actor: null, at: null }]);
  });

  it('does not count a label the timeline shows but the pull request no longer carries', () => {
    const pr = pullRequest({ number: 1, labels: [], labelEvents: [labeled('release-approved', 'alice', APPROVED)] });
    expect(currentApplications(pr, ['release-approved'])).toEqual([]);
  });

  it('matches label names case-insensitively, as GitHub does', () => {
    const pr = pullRequest({ number: 1, labelEvents: [labeled('Release-Approved', 'alice', APPROVED)] });
    expect(currentApplications(pr, ['release-approved'])).toHaveLength(1);
  });
});

describe('isApprover', () => {
  const listed = [user('Alice'), team('acme/release-managers')];

  it('accepts a listed user whatever the case of the login', () => {
    expect(isApprover('alice', listed, undefined)).toBe(true);
  });

  it('accepts a member of a listed team and refuses a member of another team', () => {
    expect(isApprover('carol', listed, known.carol)).toBe(true);
    expect(isApprover('dave', listed, known.dave)).toBe(false);
  });

  it('with no approvers listed, accepts write, maintain and admin and refuses triage, read and unknown people', () => {
    expect(isApprover('w', [], person('w', { permission: 'write' }))).toBe(true);
    expect(isApprover('m', [], person('m', { permission: 'maintain' }))).toBe(true);
    expect(isApprover('a', [], person('a', { permission: 'admin' }))).toBe(true);
    expect(isApprover('t', [], person('t', { permission: 'triage' }))).toBe(false);
    expect(isApprover('r', [], person('r', { permission: 'read' }))).toBe(false);
    expect(isApprover('x', [], undefined)).toBe(false);
  });

  it('does not fall back to permissions when approvers are listed', () => {
    expect(isApprover('dave', [user('alice')], known.dave)).toBe(false);
  });
});

describe('resolveApprovals', () => {
  const policy = approvalPolicy({ approvers: [user('alice'), user('bob'), team('acme/release-managers')] });

  it('counts an approver who labelled after the last push', () => {
    const pr = pullRequest({ number: 7, labelEvents: [labeled('release-approved', 'alice', APPROVED)] });
    const result = resolveApprovals(pr, policy, known);
    expect(result.approvals).toEqual([{ login: 'alice', label: 'release-approved', at: APPROVED }]);
    expect(result.reasons).toEqual([]);
  });

  it('counts a label applied at exactly the last push and rejects one a second earlier as stale', () => {
    const exactly = pullRequest({ number: 7, labelEvents: [labeled('release-approved', 'alice', PUSHED)] });
    expect(resolveApprovals(exactly, policy, known).approvals).toHaveLength(1);

    const before = new Date(PUSHED.getTime() - 1000);
    const stale = pullRequest({ number: 7, labelEvents: [labeled('release-approved', 'alice', before)] });
    const result = resolveApprovals(stale, policy, known);
    expect(result.approvals).toEqual([]);
    expect(result.reasons.map((r) => [r.code, r.pull_request])).toEqual([
      ['stale-approval', 7],
      ['missing-approval', 7]
    ]);
    expect(result.reasons[0]?.message).toContain('before the last push at 2026-03-03 09:00 UTC');
    expect(result.reasons[0]?.message).toContain('@alice');
  });

  it('refuses the author approving their own pull request unless self-approval is allowed', () => {
    const pr = pullRequest({ number: 8, author: 'alice', labelEvents: [labeled('release-approved', 'alice', APPROVED)] });
    const refused = resolveApprovals(pr, policy, known);
    expect(refused.approvals).toEqual([]);
    expect(refused.reasons[0]).toMatchObject({ code: 'self-approval', pull_request: 8 });
    expect(refused.reasons[0]?.message).toContain('its author @alice');

    const allowed = resolveApprovals(pr, approvalPolicy({ allowSelfApproval: true }), known);
    expect(allowed.approvals.map((a) => a.login)).toEqual(['alice']);
  });

  it('refuses a bot, even a listed one, unless bots are allowed', () => {
    const listedBot = approvalPolicy({ approvers: [user('release-app[bot]')] });
    const byBot = pullRequest({ number: 9, labelEvents: [labeled('release-approved', 'release-app[bot]', APPROVED)] });
    expect(resolveApprovals(byBot, listedBot, {}).reasons[0]).toMatchObject({ code: 'bot-approval', pull_request: 9 });
    expect(resolveApprovals(byBot, { ...listedBot, allowBots: true }, {}).approvals).toHaveLength(1);
  });

  it('treats a label applied through an app as a bot even under a person login', () => {
    const viaApp = pullRequest({ number: 9, labelEvents: [labeled('release-approved', 'alice', APPROVED, true)] });
    expect(resolveApprovals(viaApp, policy, known).reasons.map((r) => r.code)).toEqual(['bot-approval', 'missing-approval']);
  });

  it('counts a member of a listed team and refuses someone outside it', () => {
    const member = pullRequest({ number: 10, labelEvents: [labeled('release-approved', 'carol', APPROVED)] });
    expect(resolveApprovals(member, policy, known).approvals.map((a) => a.login)).toEqual(['carol']);

    const outsider = pullRequest({ number: 10, labelEvents: [labeled('release-approved', 'dave', APPROVED)] });
    const result = resolveApprovals(outsider, policy, known);
    expect(result.approvals).toEqual([]);
    expect(result.reasons[0]).toMatchObject({ code: 'approval-by-non-approver', pull_request: 10 });
    expect(result.reasons[0]?.message).toMatch(/@dave .*not an approver/);
  });

  it('with no approvers listed, counts write/maintain/admin and not triage/read', () => {
    const open = approvalPolicy({ approvers: [] });
    const folks = people(
      person('w', { permission: 'write' }),
      person('m', { permission: 'maintain' }),
      person('a', { permission: 'admin' }),
      person('t', { permission: 'triage' }),
      person('r', { permission: 'read' })
    );
    const approvedBy = (login: string): number =>
      resolveApprovals(pullRequest({ number: 1, labelEvents: [labeled('release-approved', login, APPROVED)] }), open, folks)
        .approvals.length;
    expect(['w', 'm', 'a', 't', 'r'].map(approvedBy)).toEqual([1, 1, 1, 0, 0]);
  });

  it('with a quorum of two, one person applying two approval labels counts once', () => {
    const two = approvalPolicy({ labels: ['release-approved', 'qa-approved'], minApprovals: 2 });
    const pr = pullRequest({
      number: 11,
      title: 'Checkout',
      labelEvents: [labeled('release-approved', 'alice', APPROVED), labeled('qa-approved', 'alice', '2026-03-03T10:05')]
    });
    const result = resolveApprovals(pr, two, known);
    expect(result.approvals.map((a) => a.login)).toEqual(['alice']);
    expect(result.reasons).toHaveLength(1);
    expect(result.reasons[0]).toMatchObject({ code: 'missing-approval', pull_request: 11 });
    expect(result.reasons[0]?.message).toContain("#11 'Checkout' has 1 of 2 required approvals");
  });

  it('with a quorum of two, two distinct approvers meet it', () => {
    const two = approvalPolicy({ labels: ['release-approved', 'qa-approved'], minApprovals: 2 });
    const pr = pullRequest({
      number: 11,
      labelEvents: [labeled('release-approved', 'alice', APPROVED), labeled('qa-approved', 'bob', '2026-03-03T10:05')]
    });
    const result = resolveApprovals(pr, two, known);
    expect(result.approvals.map((a) => a.login)).toEqual(['alice', 'bob']);
    expect(result.reasons).toEqual([]);
  });

  it('never counts a label whose applier is unknown, and says so', () => {
    const pr = pullRequest({ number: 13, labels: ['release-approved'], labelEvents: [] });
    const result = resolveApprovals(pr, policy, known);
    expect(result.approvals).toEqual([]);
    expect(result.reasons.map((r) => r.code)).toEqual(['approval-by-non-approver', 'missing-approval']);
    expect(result.reasons[0]?.message).toContain('who applied it cannot be established');
  });

  it('after unlabel then relabel by a non-approver, the earlier approval no longer counts', () => {
    const pr = pullRequest({
      number: 14,
      labelEvents: [
        labeled('release-approved', 'alice', '2026-03-03T10:00'),
        unlabeled('release-approved', 'alice', '2026-03-03T10:05'),
        labeled('release-approved', 'dave', '2026-03-03T10:10')
      ]
    });
    const result = resolveApprovals(pr, policy, known);
    expect(result.approvals).toEqual([]);
    expect(result.reasons[0]?.message).toContain('@dave');
  });

  it('writes a missing-approval message that names the pull request, label, approvers and what to do', () => {
    const pr = pullRequest({ number: 12, title: 'Title', labelEvents: [] });
    const [reason] = resolveApprovals(pr, policy, known).reasons;
    expect(reason).toMatchObject({ code: 'missing-approval', pull_request: 12 });
    expect(reason?.message).toMatch(/^#12 'Title' has 0 of 1 required approvals; label it `release-approved`/);
    expect(reason?.message).toContain('@alice, @bob, @acme/release-managers');
    expect(reason?.message).toContain('other than the author @author');
  });

  it('classifies a repeated label by the same approver as a repeat', () => {
    const two = approvalPolicy({ labels: ['release-approved', 'qa-approved'] });
    const pr = pullRequest({
      number: 1,
      labelEvents: [labeled('qa-approved', 'alice', '2026-03-03T10:05'), labeled('release-approved', 'alice', APPROVED)]
    });
    expect(classifyApplications(pr, two, known).map((a) => [a.label, a.status])).toEqual([
      ['release-approved', 'counted'],
      ['qa-approved', 'repeat']
    ]);
  });
});

describe('standard changes', () => {
  const policy = approvalPolicy({ standardChangeAuthors: ['dependabot[bot]'], standardChangePaths: ['docs/**', '**/*.md'] });
  const BOT = 'dependabot[bot]';
  /** A Dependabot bump: its commit authored by Dependabot, committed by GitHub (`web-flow`), pushed by Dependabot. */
  const bump = (more: Partial<PullRequestInput> = {}): PullRequestFacts => {
    const commit = prCommit('d1', BOT, { committer: actor('web-flow') });
    return pullRequest({
      number: 40,
      author: BOT,
      files: files('package.json', 'package-lock.json'),
      commits: [commit],
      pushes: [push(BOT, PUSHED, commit.sha)],
      ...more
    });
  };

  it('pre-approves a pull request whose every commit a standard author wrote and pushed, and says so', () => {
    expect(assessStandardChange(bump(), policy)).toEqual({
      rule: 'standard-change-authors',
      basis: 'every commit authored and pushed by dependabot[bot]',
      broken: []
    });
  });

  it("makes a person's commit pushed onto a Dependabot branch a normal change, naming the commit and the push", () => {
    const own = prCommit('d1', BOT, { committer: actor('web-flow') });
    const carols = prCommit('c2', 'carol', { headline: 'Also tweak the login' });
    const pr = bump({ commits: [own, carols], pushes: [push(BOT, PUSHED, own.sha), push('carol', '2026-03-03T09:30', carols.sha)] });
    const finding = assessStandardChange(pr, policy);
    expect(finding.rule).toBeNull();
    expect(finding.broken).toEqual([
      "c200000 'Also tweak the login' was authored by @carol",
      "c200000 'Also tweak the login' was committed by @carol",
      '@carol pushed to its branch (push by @carol at 2026-03-03 09:30 UTC)'
    ]);
    expect(isStandardChange(pr, policy)).toBe(false);
  });

  it('is not fooled by a commit that claims Dependabot as author and committer but a person pushed', () => {
    const forged = prCommit('f1', BOT);
    const pr = bump({ commits: [forged], pushes: [push('mallory', PUSHED, forged.sha)] });
    expect(assessStandardChange(pr, policy).broken).toEqual(['@mallory pushed to its branch (push by @mallory at 2026-03-03 09:00 UTC)']);
  });

  it('fails closed when the commits or the pushes are unknown', () => {
    expect(assessStandardChange(bump({ commits: null }), policy)).toMatchObject({
      rule: null,
      broken: ['its commits could not be read, so who wrote them is unknown']
    });
    expect(assessStandardChange(bump({ pushes: null, pushSource: 'no record' }), policy).broken).toEqual([
      'GitHub keeps no record of who pushed to its branch (no record)'
    ]);
    expect(assessStandardChange(bump({ pushes: [] }), policy).broken[0]).toContain('no push to its branch is recorded');
    const anonymous = bump({ pushes: [push(null, PUSHED, sha('d1'))] });
    expect(assessStandardChange(anonymous, policy).broken).toEqual(['the push by an unrecorded pusher at 2026-03-03 09:00 UTC does not say who pushed']);
    const unmatched = bump({ commits: [prCommit('d1', null)] });
    expect(assessStandardChange(unmatched, policy).broken).toEqual([
      "d100000 'Commit d1' was authored by someone GitHub cannot match to an account",
      "d100000 'Commit d1' was committed by someone GitHub cannot match to an account"
    ]);
  });

  it('fails closed when the newest recorded push does not reach the head commit (a push missing from the record)', () => {
    const first = prCommit('d1', BOT, { committer: actor('web-flow') });
    const head = prCommit('d2', BOT, { committer: actor('web-flow') });
    const lagging = bump({ commits: [first, head], pushes: [push(BOT, PUSHED, first.sha)] });
    expect(assessStandardChange(lagging, policy).broken).toEqual([
      'the newest recorded push (push by @dependabot[bot] at 2026-03-03 09:00 UTC) does not end at its head commit d200000, so who pushed that commit is unknown'
    ]);
    const unsaid = bump({ pushes: [push(BOT, PUSHED, null)] });
    expect(isStandardChange(unsaid, policy)).toBe(false);
  });

  it('makes a base-branch merge by a person ("Update branch") a normal change: the merge is their commit', () => {
    const own = prCommit('d1', BOT, { committer: actor('web-flow') });
    const update = prCommit('e1', 'carol', { committer: actor('web-flow'), mergesBase: true, headline: "Merge branch 'main'" });
    const pr = bump({ commits: [own, update], pushes: [push(BOT, PUSHED, own.sha), push('carol', '2026-03-03T09:30', update.sha)] });
    expect(assessStandardChange(pr, policy).broken).toContain("e100000 'Merge branch 'main'' was authored by @carol");
  });

  it('ignores a push to the branch after the merge: it changed nothing that was merged', () => {
    const pr = bump({ pushes: [push(BOT, PUSHED, sha('d1')), push('carol', '2026-03-03T11:30', sha('c9'))] });
    expect(assessStandardChange(pr, policy).rule).toBe('standard-change-authors');
  });

  it('matches standard authors case-insensitively, a bot also without its [bot] suffix, but never a person by a bot name', () => {
    const upper = bump({ author: 'Dependabot[bot]' });
    expect(isStandardChange(upper, policy)).toBe(true);
    const graphqlName = { login: 'dependabot', isBot: true };
    const commit = prCommit('d1', graphqlName, { committer: actor('web-flow') });
    expect(isStandardChange(bump({ author: graphqlName, commits: [commit] }), policy)).toBe(true);
    const impostor = { login: 'dependabot', isBot: false };
    expect(isStandardChange(bump({ author: impostor }), approvalPolicy({ standardChangeAuthors: ['dependabot[bot]'], standardChangePaths: [] }))).toBe(false);
  });

  it('is standard when every file matches a glob, dotfiles included', () => {
    const pr = pullRequest({ number: 1, files: files('docs/guide/intro.txt', 'README.md', 'docs/.vitepress/config.js') });
    expect(assessStandardChange(pr, policy)).toEqual({
      rule: 'standard-change-paths',
      basis: 'every changed path, old paths of moved files included, matches docs/**, **/*.md',
      broken: []
    });
  });

  it('is not standard when one file falls outside the globs, and names it', () => {
    const pr = pullRequest({ number: 1, files: files('README.md', 'src/app.ts') });
    expect(assessStandardChange(pr, policy)).toEqual({ rule: null, basis: null, broken: ['src/app.ts is outside the standard-change paths'] });
  });

  it('judges a rename or move by its old path too: moving src/auth.js to docs/old/auth.js is not docs-only', () => {
    const moved = pullRequest({ number: 1, files: [{ path: 'docs/old/auth.js', previousPath: 'src/auth.js', change: 'renamed' }] });
    expect(assessStandardChange(moved, policy)).toEqual({
      rule: null,
      basis: null,
      broken: ['src/auth.js (moved to docs/old/auth.js) is outside the standard-change paths']
    });
    const withinDocs = pullRequest({ number: 1, files: [{ path: 'docs/new.md', previousPath: 'docs/old.md', change: 'renamed' }] });
    expect(isStandardChange(withinDocs, policy)).toBe(true);
  });

  it('judges a deleted file by its path: deleting src/auth.js alongside a docs change is not docs-only', () => {
    const pr = pullRequest({
      number: 1,
      files: [...files('docs/auth.md'), { path: 'src/auth.js', previousPath: null, change: 'removed' }]
    });
    expect(assessStandardChange(pr, policy).broken).toEqual(['src/auth.js (deleted) is outside the standard-change paths']);
  });

  it('says nothing about the path rule when no path matches it, and fails closed on unknown or no files', () => {
    expect(assessStandardChange(pullRequest({ number: 1, files: files('src/a.ts') }), policy).broken).toEqual([]);
    expect(assessStandardChange(pullRequest({ number: 1, files: null }), policy).broken).toEqual(['its changed files could not be read']);
    expect(isStandardChange(pullRequest({ number: 1, files: [] }), policy)).toBe(false);
  });

  it('tries the author rule first, and falls back to the path rule when it breaks', () => {
    expect(assessStandardChange(bump({ files: files('docs/a.md') }), policy).rule).toBe('standard-change-authors');
    const carols = prCommit('c2', 'carol');
    const docsByHand = bump({ files: files('docs/a.md'), commits: [carols], pushes: [push('carol', PUSHED, carols.sha)] });
    expect(assessStandardChange(docsByHand, policy).rule).toBe('standard-change-paths');
  });
});

describe('four eyes', () => {
  const policy = approvalPolicy();
  /** #50 by carol; `alice` labels it after the last push. */
  const prBy = (commits: PullRequestCommit[] | null, pushes = commits ? [push('carol', PUSHED, commits[commits.length - 1]?.sha ?? null)] : null) =>
    pullRequest({ number: 50, author: 'carol', commits, pushes, labelEvents: [labeled('release-approved', 'alice', APPROVED)] });

  it('refuses an approver who committed a commit in the pull request, naming the commit', () => {
    const pr = prBy([prCommit('c1', 'carol'), prCommit('a2', 'carol', { committer: actor('alice'), headline: 'Rebase onto main' })]);
    const result = resolveApprovals(pr, policy, known);
    expect(result.approvals).toEqual([]);
    expect(result.reasons.map((r) => [r.code, r.pull_request])).toEqual([
      ['self-approval', 50],
      ['missing-approval', 50]
    ]);
    expect(result.reasons[0]?.message).toContain("@alice committed a200000 'Rebase onto main'");
  });

  it('refuses an approver who authored a commit, whatever the case of the login', () => {
    const pr = prBy([prCommit('c1', 'carol'), prCommit('a2', 'Alice', { committer: actor('carol') })]);
    expect(resolveApprovals(pr, policy, known).reasons[0]?.message).toContain("@alice at 2026-03-03 10:00 UTC, but @alice authored a200000 'Commit a2'");
  });

  it('refuses an approver who pushed a commit written under someone else\'s name', () => {
    const forged = prCommit('c2', 'carol');
    const pr = prBy([prCommit('c1', 'carol'), forged], [push('carol', '2026-03-03T08:00', sha('c1')), push('alice', PUSHED, forged.sha)]);
    const [reason] = resolveApprovals(pr, policy, known).reasons;
    expect(reason).toMatchObject({ code: 'self-approval', pull_request: 50 });
    expect(reason?.message).toContain("@alice pushed c200000 'Commit c2' at 2026-03-03 09:00 UTC");
  });

  it('counts an approver who only merged the base branch in ("Update branch")', () => {
    const update = prCommit('e1', 'alice', { committer: actor('web-flow'), mergesBase: true, headline: "Merge branch 'main' into feature" });
    const pr = prBy([prCommit('c1', 'carol'), update], [push('carol', '2026-03-03T08:00', sha('c1')), push('alice', PUSHED, update.sha)]);
    expect(resolveApprovals(pr, policy, known)).toEqual({
      approvals: [{ login: 'alice', label: 'release-approved', at: APPROVED }],
      reasons: []
    });
  });

  it("does not count GitHub's web-flow committer as anyone: a web edit is its author's", () => {
    const pr = prBy([prCommit('c1', 'carol', { committer: actor('web-flow') })]);
    expect(contributions(pr)?.map((c) => c.login)).toEqual(['carol', 'carol', 'carol']);
    expect(resolveApprovals(pr, policy, known).approvals).toHaveLength(1);
  });

  it('judges a push whose head a later force push replaced by the commits that remain', () => {
    const pr = prBy([prCommit('c2', 'carol')], [push('alice', '2026-03-03T08:00', sha('a1')), push('carol', PUSHED, sha('c2'), 'force-push')]);
    expect(resolveApprovals(pr, policy, known).approvals.map((a) => a.login)).toEqual(['alice']);
  });

  it('ignores a push after the merge: it changed nothing that was merged', () => {
    const pr = prBy([prCommit('c1', 'carol')], [push('carol', PUSHED, sha('c1')), push('alice', '2026-03-03T11:30', null)]);
    expect(resolveApprovals(pr, policy, known).approvals.map((a) => a.login)).toEqual(['alice']);
  });

  it('treats a bot by its login with or without [bot] when bots may approve', () => {
    const bots = approvalPolicy({ approvers: [user('helper[bot]')], allowBots: true });
    const pr = pullRequest({
      number: 51,
      author: 'carol',
      commits: [prCommit('b1', { login: 'helper', isBot: true })],
      labelEvents: [labeled('release-approved', 'helper[bot]', APPROVED)]
    });
    expect(resolveApprovals(pr, bots, {}).reasons[0]).toMatchObject({ code: 'self-approval', pull_request: 51 });
  });

  it('fails closed when the commits could not be read: nobody can be shown independent of them', () => {
    const pr = prBy(null);
    const result = resolveApprovals(pr, policy, known);
    expect(result.approvals).toEqual([]);
    expect(result.reasons[0]).toMatchObject({ code: 'self-approval', pull_request: 50 });
    expect(result.reasons[0]?.message).toContain("the pull request's commits could not be read");
    expect(classifyApplications(pr, policy, known)[0]?.status).toBe('contributors-unknown');
  });

  it('lets contributors approve when allow-self-approval is on', () => {
    const pr = prBy([prCommit('a1', 'alice')]);
    expect(resolveApprovals(pr, approvalPolicy({ allowSelfApproval: true }), known).approvals).toHaveLength(1);
    expect(resolveApprovals(prBy(null), approvalPolicy({ allowSelfApproval: true }), known).approvals).toHaveLength(1);
  });
});

describe('times in reason messages', () => {
  const policy = approvalPolicy();

  it('tells the time in the policy zone, with UTC beside it, and seconds when they matter', () => {
    expect(formatWhen(at('2026-03-03T09:00'), 'Europe/Berlin')).toBe('Tue 2026-03-03 10:00 CET (2026-03-03 09:00 UTC)');
    expect(formatWhen(new Date('2026-07-03T23:30:07Z'), 'Europe/Berlin')).toBe('Sat 2026-07-04 01:30:07 CEST (2026-07-03 23:30:07 UTC)');
    expect(formatWhen(at('2026-03-03T09:00'), 'UTC')).toBe('2026-03-03 09:00 UTC');
  });

  it('says a stale approval, its push and a self-approval in the policy zone, keeping the reason codes', () => {
    const stale = pullRequest({ number: 7, labelEvents: [labeled('release-approved', 'alice', new Date(PUSHED.getTime() - 1000))] });
    const result = resolveApprovals(stale, policy, known, 'America/New_York');
    expect(result.reasons.map((r) => r.code)).toEqual(['stale-approval', 'missing-approval']);
    expect(result.reasons[0]?.message).toContain('applied by @alice at Tue 2026-03-03 03:59:59 EST (2026-03-03 08:59:59 UTC), before the last push at Tue 2026-03-03 04:00 EST (2026-03-03 09:00 UTC)');
    expect(result.reasons[1]?.message).toContain('must apply it after the last push at Tue 2026-03-03 04:00 EST (2026-03-03 09:00 UTC)');
    expect(result.reasons.map((r) => r.message).join('\n')).not.toMatch(/at 2026-03-03 0\d:\d\d(:\d\d)? UTC/);

    const pushedByApprover = pullRequest({
      number: 8,
      author: 'carol',
      commits: [prCommit('c1', 'carol')],
      pushes: [push('alice', PUSHED, sha('c1'))],
      labelEvents: [labeled('release-approved', 'alice', APPROVED)]
    });
    const [self] = resolveApprovals(pushedByApprover, policy, known, 'Asia/Tokyo').reasons;
    expect(self?.code).toBe('self-approval');
    expect(self?.message).toContain("@alice pushed c100000 'Commit c1' at Tue 2026-03-03 18:00 UTC+09:00 (2026-03-03 09:00 UTC)");
  });
});

describe('stale by push', () => {
  const policy = approvalPolicy();

  it('makes an approval stale when a backdated commit was pushed after it: the push time counts, not the commit date', () => {
    const backdated = prCommit('b1', 'carol', { headline: 'Backdated to last week' });
    const pr = pullRequest({
      number: 60,
      author: 'carol',
      commits: [prCommit('c1', 'carol'), backdated],
      lastPushAt: at('2026-03-03T10:30'),
      pushSource: 'repository activity: push by @carol',
      pushes: [push('carol', PUSHED, sha('c1')), push('carol', '2026-03-03T10:30', backdated.sha)],
      labelEvents: [labeled('release-approved', 'alice', APPROVED)]
    });
    const [reason] = resolveApprovals(pr, policy, known).reasons;
    expect(reason).toMatchObject({ code: 'stale-approval', pull_request: 60 });
    expect(reason?.message).toContain('before the last push at 2026-03-03 10:30 UTC (repository activity: push by @carol)');
  });

  it('counts no approval when no record bounds the last push, and says which record is missing', () => {
    const pr = pullRequest({
      number: 61,
      lastPushAt: null,
      pushes: null,
      fromFork: true,
      pushSource: "the fork's head commit has no check suite or status",
      labelEvents: [labeled('release-approved', 'alice', APPROVED)]
    });
    const result = resolveApprovals(pr, policy, known);
    expect(result.approvals).toEqual([]);
    expect(result.reasons.map((r) => r.code)).toEqual(['stale-approval', 'missing-approval']);
    expect(result.reasons[0]?.message).toContain(
      "no record GitHub keeps bounds when its branch was last pushed (the fork's head commit has no check suite or status)"
    );
    expect(classifyApplications(pr, policy, known)[0]?.status).toBe('push-time-unknown');
  });

  it('keeps an approval stale after a force push back to the head it approved: the label is not bound to a commit', () => {
    const head = prCommit('c1', 'carol');
    const pr = pullRequest({
      number: 62,
      author: 'carol',
      commits: [head],
      lastPushAt: at('2026-03-03T10:40'),
      pushes: [
        push('carol', PUSHED, head.sha),
        push('carol', '2026-03-03T10:30', sha('e71'), 'force-push'),
        push('carol', '2026-03-03T10:40', head.sha, 'force-push')
      ],
      labelEvents: [labeled('release-approved', 'alice', APPROVED)]
    });
    expect(resolveApprovals(pr, policy, known).reasons[0]?.code).toBe('stale-approval');
  });

  it('ignores a push to the branch after the merge, and says so in the push source', () => {
    const pr = pullRequest({
      number: 63,
      lastPushAt: at('2026-03-03T12:30'),
      pushSource: 'repository activity: push by @carol',
      pushes: [push('author', PUSHED, sha('h63')), push('carol', '2026-03-03T12:30', sha('f00'))],
      labelEvents: [labeled('release-approved', 'alice', '2026-03-03T11:30')]
    });
    expect(resolveApprovals(pr, policy, known).approvals.map((a) => a.login)).toEqual(['alice']);
    expect(lastPush(pr)).toEqual({
      at: PUSHED,
      source:
        'repository activity: push by @author at 2026-03-03 09:00 UTC (later pushes, after the merge at 2026-03-03 11:00 UTC, change nothing merged)'
    });
  });

  it("never moves a fork's bound back: its record is not complete", () => {
    const pr = pullRequest({
      number: 64,
      fromFork: true,
      lastPushAt: at('2026-03-03T12:30'),
      pushSource: 'force-push events and check suites',
      pushes: [push('author', PUSHED, sha('h64'), 'force-push'), push('author', '2026-03-03T12:30', sha('f00'), 'force-push')],
      labelEvents: [labeled('release-approved', 'alice', '2026-03-03T11:30')]
    });
    expect(lastPush(pr).at).toEqual(at('2026-03-03T12:30'));
    expect(resolveApprovals(pr, policy, known).reasons[0]?.code).toBe('stale-approval');
  });
});

describe('findEmergency', () => {
  const policy = approvalPolicy({ emergencyLabels: ['emergency', 'hotfix'], emergencyApprovers: [user('oncall'), team('acme/sre')] });
  const folks = people(person('oncall'), person('sam', { teams: ['acme/sre'] }), person('alice', { permission: 'admin' }));

  it('finds an emergency label applied by an emergency approver', () => {
    const pr = pullRequest({ number: 5, labelEvents: [labeled('emergency', 'oncall', APPROVED)] });
    expect(findEmergency([pr], policy, folks)).toEqual({ label: 'emergency', by: 'oncall', at: APPROVED, pull_request: 5 });
  });

  it('ignores an emergency label applied by anyone else, however powerful', () => {
    const pr = pullRequest({ number: 5, labelEvents: [labeled('emergency', 'alice', APPROVED)] });
    expect(findEmergency([pr], policy, folks)).toBeNull();
  });

  it('lets nobody declare an emergency when no emergency approvers are configured', () => {
    const pr = pullRequest({ number: 5, labelEvents: [labeled('emergency', 'alice', APPROVED)] });
    expect(findEmergency([pr], approvalPolicy({ emergencyApprovers: [] }), folks)).toBeNull();
  });

  it('never accepts a bot, nor a label whose applier is unknown, nor a removed label', () => {
    const listedBot = approvalPolicy({ emergencyApprovers: [user('pager[bot]')] });
    const byBot = pullRequest({ number: 5, labelEvents: [labeled('emergency', 'pager[bot]', APPROVED)] });
    expect(findEmergency([byBot], { ...listedBot, allowBots: true }, {})).toBeNull();
    expect(findEmergency([pullRequest({ number: 5, labels: ['emergency'] })], policy, folks)).toBeNull();
    const removed = pullRequest({
      number: 5,
      labelEvents: [labeled('emergency', 'oncall', APPROVED), unlabeled('emergency', 'oncall', '2026-03-03T10:30')]
    });
    expect(findEmergency([removed], policy, folks)).toBeNull();
  });

  it('returns the latest declaration when there are several, a team member counting', () => {
    const first = pullRequest({ number: 5, labelEvents: [labeled('emergency', 'oncall', '2026-03-03T10:00')] });
    const second = pullRequest({ number: 6, labelEvents: [labeled('hotfix', 'sam', '2026-03-03T10:30')] });
    expect(findEmergency([second, first], policy, folks)).toMatchObject({ label: 'hotfix', by: 'sam', pull_request: 6 });
  });
});
