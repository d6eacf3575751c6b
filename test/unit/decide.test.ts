import { describe, expect, it } from '@jest/globals';
import { approvalsOutput, decide, reasonsOutput } from '../../src/release/decide.js';
import {
  APPROVED,
  NOW,
  TARGET,
  approvedPr,
  at,
  commit,
  deployment,
  labeled,
  pullRequest,
  releaseFacts,
  releasePolicy,
  actor,
  prCommit,
  push,
  PUSHED,
  schedule,
  sha,
  files
} from './fixtures/release-facts.js';

const codes = (d: { reasons: Array<{ code: string; pull_request?: number }> }): Array<[string, number | undefined]> =>
  d.reasons.map((r) => [r.code, r.pull_request]);

/** The Christmas freeze, in Berlin time. */
const christmas = schedule({ freezes: ['2026-12-24T12:00 - 2026-12-27T08:00'], timezone: 'Europe/Berlin' });
/** Thursday 2026-12-24 15:00 in Berlin, inside the freeze. */
const IN_FREEZE = at('2026-12-24T14:00');

describe('decide', () => {
  it('allows a release when every pull request is approved and nothing else is in the way', () => {
    const decision = decide(releasePolicy(), releaseFacts({ pullRequests: [approvedPr(12), approvedPr(13)] }), NOW);
    expect(decision.allowed).toBe(true);
    expect(decision.reasons).toEqual([]);
    expect(decision.changeType).toBe('normal');
    expect(decision.nextWindow).toBeNull();
    expect(decision.emergency).toBeNull();
    expect(decision.pullRequests.map((pr) => [pr.number, pr.state, pr.approvals.map((a) => a.login)])).toEqual([
      [12, 'approved', ['alice']],
      [13, 'approved', ['alice']]
    ]);
  });

  it('blocks a pull request without approval and says which one', () => {
    const decision = decide(releasePolicy(), releaseFacts({ pullRequests: [approvedPr(12), pullRequest({ number: 13 })] }), NOW);
    expect(decision.allowed).toBe(false);
    expect(codes(decision)).toEqual([['missing-approval', 13]]);
    expect(decision.pullRequests.find((pr) => pr.number === 13)?.state).toBe('unapproved');
  });

  it('carries each approval rejection through with its pull request number', () => {
    const self = pullRequest({ number: 21, author: 'alice', labelEvents: [labeled('release-approved', 'alice', APPROVED)] });
    const bot = pullRequest({ number: 22, labelEvents: [labeled('release-approved', 'helper[bot]', APPROVED)] });
    const stale = pullRequest({ number: 23, labelEvents: [labeled('release-approved', 'bob', '2026-03-03T08:00')] });
    const outsider = pullRequest({ number: 24, labelEvents: [labeled('release-approved', 'mallory', APPROVED)] });
    const decision = decide(releasePolicy(), releaseFacts({ pullRequests: [outsider, stale, bot, self] }), NOW);
    expect(codes(decision)).toEqual([
      ['self-approval', 21],
      ['missing-approval', 21],
      ['bot-approval', 22],
      ['missing-approval', 22],
      ['stale-approval', 23],
      ['missing-approval', 23],
      ['approval-by-non-approver', 24],
      ['missing-approval', 24]
    ]);
  });

  it('blocks a pull request carrying a block label, even an approved one', () => {
    const flagged = approvedPr(14, {
      labelEvents: [labeled('release-approved', 'alice', APPROVED), labeled('do-not-release', 'bob', '2026-03-03T10:30')]
    });
    const decision = decide(releasePolicy(), releaseFacts({ pullRequests: [flagged] }), NOW);
    expect(codes(decision)).toEqual([['blocked-label', 14]]);
    expect(decision.pullRequests[0]?.state).toBe('blocked');
    expect(decision.reasons[0]?.message).toContain('`do-not-release`');
  });

  it('with scope all, names every commit that came without a pull request', () => {
    const facts = releaseFacts({
      pullRequests: [approvedPr(12)],
      commits: [commit('abc1234', [12]), commit('dead123', [], 'Hotfix straight to main')]
    });
    const decision = decide(releasePolicy(), facts, NOW);
    expect(codes(decision)).toEqual([['commit-without-pull-request', undefined]]);
    expect(decision.reasons[0]?.message).toContain("dead123 'Hotfix straight to main'");
    expect(decision.reasons[0]?.message).toContain('nobody approved it');
    expect(decision.changeType).toBe('normal');
  });

  it('says which associations it ignored and that an empty one was read again, without counting them', () => {
    const stray = {
      ...commit('dead123', [], 'Pushed to main'),
      ignored: [
        { pullRequest: 'acme/shop#7', why: 'merged into develop; its merge commit is not in the range' },
        { pullRequest: 'mallory/shop#12', why: "a fork's own pull request" }
      ]
    };
    const fresh = { ...commit('beef456', [], 'Just pushed'), rechecked: true };
    const facts = releaseFacts({ pullRequests: [approvedPr(12)], commits: [commit('abc1234', [12]), stray, fresh] });
    const decision = decide(releasePolicy(), facts, NOW);
    expect(codes(decision)).toEqual([
      ['commit-without-pull-request', undefined],
      ['commit-without-pull-request', undefined]
    ]);
    expect(decision.reasons[0]?.message).toContain(
      "GitHub associates it only with pull requests that do not vouch for it: acme/shop#7 (merged into develop; its merge commit is not in the range), mallory/shop#12 (a fork's own pull request)"
    );
    expect(decision.reasons[1]?.message).toContain('was empty and still was when read again');
    expect(decision.pullRequests.map((pr) => pr.number)).toEqual([12]);
  });

  it('with scope latest, ignores commits but blocks a target no pull request brought', () => {
    const policy = releasePolicy({ approval: { scope: 'latest' } });
    const withPr = releaseFacts({ pullRequests: [approvedPr(12)], commits: [commit('abc1234', [12]), commit('dead123', [])] });
    expect(decide(policy, withPr, NOW).allowed).toBe(true);

    const withoutPr = releaseFacts({ pullRequests: [], commits: [{ sha: TARGET, headline: 'Direct push', pullRequests: [], ignored: [], rechecked: false }] });
    const decision = decide(policy, withoutPr, NOW);
    expect(codes(decision)).toEqual([['commit-without-pull-request', undefined]]);
    expect(decision.reasons[0]?.message).toContain("abc1234 'Direct push'");
  });

  it('blocks during a freeze, naming the rule and when it ends in the schedule zone', () => {
    const decision = decide(releasePolicy({ schedule: christmas }), releaseFacts(), IN_FREEZE);
    expect(codes(decision)).toEqual([['freeze', undefined]]);
    expect(decision.reasons[0]?.message).toContain('`2026-12-24T12:00 - 2026-12-27T08:00`');
    expect(decision.reasons[0]?.message).toContain('until Sun 2026-12-27 08:00 CET');
    expect(decision.nextWindow).toEqual(at('2026-12-27T07:00'));
  });

  it('tells approval times in the schedule zone, as the rest of the summary does', () => {
    const stale = pullRequest({ number: 7, labelEvents: [labeled('release-approved', 'alice', new Date(PUSHED.getTime() - 60_000))] });
    const decision = decide(releasePolicy({ schedule: christmas }), releaseFacts({ pullRequests: [stale] }), NOW);
    expect(codes(decision)).toEqual([
      ['stale-approval', 7],
      ['missing-approval', 7]
    ]);
    expect(decision.reasons[0]?.message).toContain('before the last push at Tue 2026-03-03 10:00 CET (2026-03-03 09:00 UTC)');
  });

  it('blocks outside the release windows, naming them and the next opening', () => {
    const weekdays = schedule({ windows: ['Mon-Fri 09:00-17:00'], timezone: 'Europe/Berlin' });
    const saturday = at('2026-03-07T12:00');
    const decision = decide(releasePolicy({ schedule: weekdays }), releaseFacts(), saturday);
    expect(codes(decision)).toEqual([['outside-window', undefined]]);
    expect(decision.reasons[0]?.message).toContain('`Mon-Fri 09:00-17:00`');
    expect(decision.reasons[0]?.message).toContain('Mon 2026-03-09 09:00 CET');
    expect(decision.nextWindow).toEqual(at('2026-03-09T08:00'));

    const tuesday = at('2026-03-03T10:00');
    const open = decide(releasePolicy({ schedule: weekdays }), releaseFacts(), tuesday);
    expect(open.allowed).toBe(true);
    expect(open.nextWindow).toBeNull();
  });

  it('lets an emergency declared by an emergency approver through a freeze, but not past a missing approval', () => {
    const declared = approvedPr(30, {
      labelEvents: [labeled('release-approved', 'alice', APPROVED), labeled('emergency', 'oncall', '2026-12-24T13:30')]
    });
    const unapproved = pullRequest({ number: 31 });
    const decision = decide(releasePolicy({ schedule: christmas }), releaseFacts({ pullRequests: [declared, unapproved] }), IN_FREEZE);
    expect(decision.changeType).toBe('emergency');
    expect(decision.emergency).toEqual({ label: 'emergency', by: 'oncall', at: at('2026-12-24T13:30'), pull_request: 30 });
    expect(codes(decision)).toEqual([['missing-approval', 31]]);
    expect(decision.nextWindow).toBeNull();

    const alone = decide(releasePolicy({ schedule: christmas }), releaseFacts({ pullRequests: [declared] }), IN_FREEZE);
    expect(alone.allowed).toBe(true);
  });

  it('ignores an emergency label applied by someone who is not an emergency approver', () => {
    const pr = approvedPr(30, {
      labelEvents: [labeled('release-approved', 'alice', APPROVED), labeled('emergency', 'alice', '2026-12-24T13:30')]
    });
    const decision = decide(releasePolicy({ schedule: christmas }), releaseFacts({ pullRequests: [pr] }), IN_FREEZE);
    expect(decision.emergency).toBeNull();
    expect(decision.changeType).toBe('normal');
    expect(codes(decision)).toEqual([['freeze', undefined]]);
  });

  it('requires the target to be deployed successfully to each required environment', () => {
    const policy = releasePolicy({ requireDeployment: ['staging', 'production'] });
    const ok = decide(policy, releaseFacts({ deployments: [deployment('staging'), deployment('production')] }), NOW);
    expect(ok.allowed).toBe(true);
    expect(ok.deployments.map((d) => [d.environment, d.ok])).toEqual([
      ['staging', true],
      ['production', true]
    ]);

    const none = decide(policy, releaseFacts({ deployments: [deployment('staging'), deployment('production', null)] }), NOW);
    expect(codes(none)).toEqual([['not-deployed', undefined]]);
    expect(none.reasons[0]?.message).toContain('abc1234 is not deployed to production');

    const missing = decide(policy, releaseFacts({ deployments: [deployment('staging')] }), NOW);
    expect(codes(missing)).toEqual([['not-deployed', undefined]]);

    const replaced = decide(policy, releaseFacts({ deployments: [deployment('staging'), deployment('production', { state: 'inactive' })] }), NOW);
    expect(codes(replaced)).toEqual([['deployment-not-successful', undefined]]);
    expect(replaced.reasons[0]?.message).toMatch(/`inactive`.*newer deployment replaced it/);

    const failed = decide(policy, releaseFacts({ deployments: [deployment('staging', { state: 'failure' }), deployment('production')] }), NOW);
    expect(failed.reasons[0]?.message).toContain('`failure`');
  });

  it('does not accept a deployment of another commit as proof', () => {
    const policy = releasePolicy({ requireDeployment: ['production'] });
    const other = decide(policy, releaseFacts({ deployments: [deployment('production', { sha: sha('fff0000') })] }), NOW);
    expect(codes(other)).toEqual([['not-deployed', undefined]]);
  });

  describe('change type', () => {
    it('is standard when the author is a standard-change author', () => {
      const bump = pullRequest({ number: 40, author: 'dependabot[bot]', files: files('package.json') });
      const decision = decide(releasePolicy(), releaseFacts({ pullRequests: [bump] }), NOW);
      expect(decision.allowed).toBe(true);
      expect(decision.changeType).toBe('standard');
      expect(decision.pullRequests[0]?.state).toBe('standard');
      expect(decision.pullRequests[0]?.standardChange).toEqual({
        rule: 'standard-change-authors',
        basis: 'every commit authored and pushed by dependabot[bot]',
        broken: []
      });
    });

    it("is normal, and needs approval, when a person's commit was pushed onto a standard author's branch", () => {
      const own = prCommit('d1', 'dependabot[bot]', { committer: actor('web-flow') });
      const carols = prCommit('c2', 'carol');
      const bump = pullRequest({
        number: 40,
        author: 'dependabot[bot]',
        files: files('package.json'),
        commits: [own, carols],
        pushes: [push('dependabot[bot]', '2026-03-03T08:00', own.sha), push('carol', PUSHED, carols.sha)]
      });
      const decision = decide(releasePolicy(), releaseFacts({ pullRequests: [bump] }), NOW);
      expect(decision.changeType).toBe('normal');
      expect(codes(decision)).toEqual([['missing-approval', 40]]);
      expect(decision.pullRequests[0]?.standardChange).toEqual({
        rule: null,
        basis: null,
        broken: [
          "c200000 'Commit c2' was authored by @carol",
          "c200000 'Commit c2' was committed by @carol",
          '@carol pushed to its branch (push by @carol at 2026-03-03 09:00 UTC)'
        ]
      });
    });

    it('is normal when a file moved out of src into docs', () => {
      const moved = pullRequest({ number: 44, files: [{ path: 'docs/old/auth.js', previousPath: 'src/auth.js', change: 'renamed' }] });
      const decision = decide(releasePolicy(), releaseFacts({ pullRequests: [moved] }), NOW);
      expect(decision.changeType).toBe('normal');
      expect(codes(decision)).toEqual([['missing-approval', 44]]);
    });

    it('is standard when every file matches a standard-change path', () => {
      const docs = pullRequest({ number: 41, files: files('docs/setup.md', 'CHANGELOG.md') });
      expect(decide(releasePolicy(), releaseFacts({ pullRequests: [docs] }), NOW).changeType).toBe('standard');
    });

    it('is normal, and needs approval, when one file is outside the paths or the files are unknown', () => {
      const mixed = pullRequest({ number: 42, files: files('docs/setup.md', 'src/app.ts') });
      const unknown = pullRequest({ number: 43, files: null });
      const decision = decide(releasePolicy(), releaseFacts({ pullRequests: [mixed, unknown] }), NOW);
      expect(decision.changeType).toBe('normal');
      expect(codes(decision)).toEqual([
        ['missing-approval', 42],
        ['missing-approval', 43]
      ]);
    });

    it('is normal when a standard change is mixed with an approved one or with a commit without a pull request', () => {
      const docs = pullRequest({ number: 41, files: files('docs/setup.md') });
      expect(decide(releasePolicy(), releaseFacts({ pullRequests: [docs, approvedPr(12)] }), NOW).changeType).toBe('normal');
      const stray = releaseFacts({ pullRequests: [docs], commits: [commit('abc1234', [41]), commit('dead123', [])] });
      expect(decide(releasePolicy(), stray, NOW).changeType).toBe('normal');
    });

    it('is normal when there is no pull request at all', () => {
      expect(decide(releasePolicy(), releaseFacts({ pullRequests: [], commits: [] }), NOW).changeType).toBe('normal');
    });
  });

  it('orders reasons: pull requests by number, then commits, then calendar, then deployments', () => {
    const policy = releasePolicy({ schedule: christmas, requireDeployment: ['production'] });
    const blocked = approvedPr(3, { labels: ['release-approved', 'do-not-release'] });
    const facts = releaseFacts({
      pullRequests: [pullRequest({ number: 20 }), blocked],
      commits: [commit('abc1234', [20]), commit('dead123', []), commit('beef456', [3])],
      deployments: []
    });
    const decision = decide(policy, facts, IN_FREEZE);
    expect(codes(decision)).toEqual([
      ['blocked-label', 3],
      ['missing-approval', 20],
      ['commit-without-pull-request', undefined],
      ['freeze', undefined],
      ['not-deployed', undefined]
    ]);
    const reversed = decide(policy, { ...facts, pullRequests: [...facts.pullRequests].reverse() }, IN_FREEZE);
    expect(reversed.reasons).toEqual(decision.reasons);
  });

  it('renders the approvals and reasons outputs', () => {
    const decision = decide(
      releasePolicy(),
      releaseFacts({ pullRequests: [approvedPr(12), pullRequest({ number: 13 })] }),
      NOW
    );
    expect(approvalsOutput(decision)).toEqual({ '12': [{ login: 'alice', at: '2026-03-03T10:00:00.000Z' }], '13': [] });
    const reasons = reasonsOutput(decision);
    expect(reasons).toHaveLength(1);
    expect(reasons[0]).toEqual({ code: 'missing-approval', message: expect.stringContaining('#13'), pull_request: 13 });
    const calendar = reasonsOutput(decide(releasePolicy({ schedule: christmas }), releaseFacts(), IN_FREEZE));
    expect(Object.keys(calendar[0] ?? {})).toEqual(['code', 'message']);
    expect(JSON.parse(JSON.stringify(reasons))).toEqual(reasons);
  });
});
