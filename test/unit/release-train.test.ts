import { describe, expect, it } from '@jest/globals';
import { decide } from '../../src/release/decide.js';
import { renderAuditSection } from '../../src/release/report.js';
import type { ReleasePolicy } from '../../src/release/model.js';
import { NOW, at, commit, deployment, labeled, pullRequest, releaseFacts, releasePolicy, schedule } from './fixtures/release-facts.js';

const train = (more: Parameters<typeof releasePolicy>[0] = {}): ReleasePolicy => ({ ...releasePolicy(more), requireApproval: false });
const codes = (d: { reasons: Array<{ code: string }> }) => d.reasons.map((r) => r.code);

describe('release train (require-approval: false)', () => {
  it('releases unlabelled pull requests and direct pushes as standard changes', () => {
    const facts = releaseFacts({
      pullRequests: [pullRequest({ number: 12 }), pullRequest({ number: 13 })],
      commits: [commit('abc1234', [12]), commit('d1rec7', []), commit('c0ffee1', [13])]
    });
    const decision = decide(train(), facts, NOW);
    expect(decision).toMatchObject({ allowed: true, changeType: 'standard', reasons: [] });
    expect(decision.pullRequests.map((pr) => pr.state)).toEqual(['standard', 'standard']);
    // The same history with approvals required is blocked on every count.
    expect(codes(decide(releasePolicy(), facts, NOW))).toEqual(['missing-approval', 'missing-approval', 'commit-without-pull-request']);
  });

  it('is still blocked by block labels, freezes and require-deployment', () => {
    const facts = releaseFacts({
      pullRequests: [pullRequest({ number: 12, labels: ['do-not-release'] })],
      deployments: [deployment('production', null)]
    });
    const policy = train({ schedule: schedule({ freezes: ['2026-03-01 - 2026-03-05'] }), requireDeployment: ['production'] });
    expect(codes(decide(policy, facts, NOW))).toEqual(['blocked-label', 'freeze', 'not-deployed']);
  });

  it('an emergency still lifts the calendar, and the change type says emergency', () => {
    const pr = pullRequest({ number: 12, labelEvents: [labeled('emergency', 'oncall', at('2026-03-03T11:00'))] });
    const policy = train({ schedule: schedule({ freezes: ['2026-03-01 - 2026-03-05'] }) });
    expect(decide(policy, releaseFacts({ pullRequests: [pr] }), NOW)).toMatchObject({ allowed: true, changeType: 'emergency' });
  });

  it('the audit says the changes were pre-approved by the release schedule', () => {
    const facts = releaseFacts({ pullRequests: [pullRequest({ number: 12, title: 'Add gift cards' })] });
    const policy = train();
    const audit = renderAuditSection({ decision: decide(policy, facts, NOW), policy, facts, now: NOW });
    expect(audit).toContain('- **Change type:** standard (pre-approved by the release schedule: a release train, no approval labels required)');
    expect(audit).toContain('Add gift cards: standard change: pre-approved by the release schedule');
  });
});
