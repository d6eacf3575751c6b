import { describe, expect, it } from '@jest/globals';
import {
  classifyApplications,
  currentApplications,
  findEmergency,
  isApprover,
  isStandardChange,
  resolveApprovals
} from '../../src/release/approvals.js';
import {
  APPROVED,
  PUSHED,
  approvalPolicy,
  labeled,
  people,
  person,
  pullRequest,
  team,
  unlabeled,
  user,
  files
} from './fixtures/release-facts.js';

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

describe('isStandardChange', () => {
  const policy = approvalPolicy({ standardChangeAuthors: ['dependabot[bot]'], standardChangePaths: ['docs/**', '**/*.md'] });

  it('is standard when the author is listed, whatever the case', () => {
    expect(isStandardChange(pullRequest({ number: 1, author: 'Dependabot[bot]', files: null }), policy)).toBe(true);
  });

  it('is standard when every file matches a glob, dotfiles included', () => {
    const pr = pullRequest({ number: 1, files: files('docs/guide/intro.txt', 'README.md', 'docs/.vitepress/config.js') });
    expect(isStandardChange(pr, policy)).toBe(true);
  });

  it('is not standard when one file falls outside the globs', () => {
    expect(isStandardChange(pullRequest({ number: 1, files: files('README.md', 'src/app.ts') }), policy)).toBe(false);
  });

  it('is not standard when the files are unknown or none', () => {
    expect(isStandardChange(pullRequest({ number: 1, files: null }), policy)).toBe(false);
    expect(isStandardChange(pullRequest({ number: 1, files: [] }), policy)).toBe(false);
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
