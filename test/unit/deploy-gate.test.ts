import { describe, expect, it } from '@jest/globals';
import type { Approver } from '../../src/core/approvers.js';
import type { LabelEvent } from '../../src/core/labels.js';
import { parseSchedule } from '../../src/core/schedule/index.js';
import { decideDeployGate, gateRecord, type BringingPullRequest, type DeployGateFacts, type DeployGatePolicy } from '../../src/deploy/gate.js';

const SHA = 'a'.repeat(40);
const OTHER = 'b'.repeat(40);
// Wednesday 2026-12-23 10:00 UTC: inside the holiday freeze, inside a weekday window.
const IN_FREEZE = new Date('2026-12-23T10:00:00Z');
// Tuesday 2026-12-08 10:00 UTC: no freeze.
const TUESDAY = new Date('2026-12-08T10:00:00Z');

function policy(overrides: Partial<{ windows: string; freezes: string; requireEnvironment: string[]; emergencyLabels: string[]; emergencyApprovers: Approver[] }> = {}): DeployGatePolicy {
  return {
    schedule: parseSchedule({ windows: overrides.windows ?? '', freezes: overrides.freezes ?? '', timezone: 'UTC' }),
    requireEnvironment: overrides.requireEnvironment ?? [],
    emergencyLabels: overrides.emergencyLabels ?? ['emergency'],
    emergencyApprovers: overrides.emergencyApprovers ?? [{ kind: 'user', login: 'ralph' }]
  };
}

const labeled = (label: string, login: string, at = '2026-12-23T09:00:00Z'): LabelEvent => ({ action: 'labeled', label, actor: { login, isBot: /\[bot\]$/.test(login) }, at: new Date(at) });

function pr(events: LabelEvent[], labels = ['emergency']): BringingPullRequest {
  return { number: 12, title: 'Fix payment outage', url: 'https://github.com/acme/shop/pull/12', labels, labelEvents: events };
}

function facts(overrides: Partial<DeployGateFacts> = {}): DeployGateFacts {
  return { sha: SHA, pullRequests: [], people: {}, promotions: [], ...overrides };
}

const HOLIDAYS = '2026-12-20 - 2027-01-04';

describe('deploy gate: calendar', () => {
  it('allows any time when nothing is configured, and says so', () => {
    const decision = decideDeployGate(policy(), facts(), IN_FREEZE);
    expect(decision).toMatchObject({ allowed: true, reasons: [], nextWindow: null, allowedBy: 'no windows or freezes are configured' });
  });

  it('blocks during a freeze, with the day it lifts as next window', () => {
    const decision = decideDeployGate(policy({ freezes: HOLIDAYS }), facts(), IN_FREEZE);
    expect(decision.allowed).toBe(false);
    expect(decision.reasons.map((r) => r.code)).toEqual(['freeze']);
    expect(decision.reasons[0]!.message).toBe(
      'Deploy freeze `2026-12-20 - 2027-01-04` is in force until Tue 2027-01-05 00:00 UTC. Wait until then, or declare an emergency.'
    );
    expect(decision.nextWindow?.toISOString()).toBe('2027-01-05T00:00:00.000Z');
  });

  it('does not tell the user to declare an emergency when nobody can', () => {
    const noEmergency = policy({ freezes: HOLIDAYS, emergencyApprovers: [] });
    expect(decideDeployGate(noEmergency, facts(), IN_FREEZE).reasons[0]!.message).toBe(
      'Deploy freeze `2026-12-20 - 2027-01-04` is in force until Tue 2027-01-05 00:00 UTC. Wait until then.'
    );
    const outside = policy({ windows: 'Mon-Fri 09:00-17:00', emergencyLabels: [] });
    expect(decideDeployGate(outside, facts(), new Date('2026-12-08T18:00:00Z')).reasons[0]!.message).toMatch(/Wait for the window\.$/);
  });

  it('a freeze beats an open window', () => {
    const decision = decideDeployGate(policy({ windows: 'Mon-Fri 09:00-17:00', freezes: HOLIDAYS }), facts(), IN_FREEZE);
    expect(decision.reasons.map((r) => r.code)).toEqual(['freeze']);
  });

  it('blocks outside every window and names the next opening', () => {
    const decision = decideDeployGate(policy({ windows: 'Mon-Fri 09:00-17:00' }), facts(), new Date('2026-12-08T18:00:00Z'));
    expect(decision.reasons.map((r) => r.code)).toEqual(['outside-window']);
    expect(decision.reasons[0]!.message).toContain('Now is outside every deploy window (`Mon-Fri 09:00-17:00`); deployments are next allowed at Wed 2026-12-09 09:00 UTC');
    expect(decision.nextWindow?.toISOString()).toBe('2026-12-09T09:00:00.000Z');
  });

  it('inside a window, records that window as the rule that allowed it', () => {
    const decision = decideDeployGate(policy({ windows: 'Mon-Fri 09:00-17:00', freezes: HOLIDAYS }), facts(), TUESDAY);
    expect(decision).toMatchObject({ allowed: true, allowedBy: 'deploy window `Mon-Fri 09:00-17:00` is open' });
    expect(gateRecord(decision, facts())).toEqual({ rule: 'deploy window Mon-Fri 09:00-17:00 is open', emergency: null, promoted_from: [] });
  });

  it('with only freezes, outside them, says no freeze is in force', () => {
    expect(decideDeployGate(policy({ freezes: HOLIDAYS }), facts(), TUESDAY).allowedBy).toBe('no freeze is in force and no windows are configured');
  });
});

describe('deploy gate: emergencies', () => {
  it('an emergency approver\'s label on the pull request that brought the commit lifts the freeze, and the record names them', () => {
    const f = facts({ pullRequests: [pr([labeled('emergency', 'ralph')])] });
    const decision = decideDeployGate(policy({ freezes: HOLIDAYS }), f, IN_FREEZE);
    expect(decision).toMatchObject({ allowed: true, reasons: [], nextWindow: null, emergency: { label: 'emergency', by: 'ralph', pull_request: 12 } });
    expect(gateRecord(decision, f)).toEqual({
      rule: 'emergency emergency declared by @ralph on #12',
      emergency: { label: 'emergency', declared_by: 'ralph', declared_at: '2026-12-23T09:00:00.000Z', pull_request: 12 },
      promoted_from: []
    });
  });

  it('a team emergency approver counts when the facts say they are a member', () => {
    const team: Approver = { kind: 'team', org: 'acme', slug: 'oncall' };
    const f = facts({ pullRequests: [pr([labeled('emergency', 'rita')])], people: { rita: { login: 'rita', teams: ['acme/oncall'] } } });
    expect(decideDeployGate(policy({ freezes: HOLIDAYS, emergencyApprovers: [team] }), f, IN_FREEZE).allowed).toBe(true);
    const outsider = facts({ pullRequests: [pr([labeled('emergency', 'rita')])], people: { rita: { login: 'rita', teams: [] } } });
    expect(decideDeployGate(policy({ freezes: HOLIDAYS, emergencyApprovers: [team] }), outsider, IN_FREEZE).allowed).toBe(false);
  });

  it('does not count a label applied by someone else, a bot, an unknown applier, or when nobody may declare one', () => {
    const blocked = (f: DeployGateFacts, p = policy({ freezes: HOLIDAYS })) => decideDeployGate(p, f, IN_FREEZE).reasons.map((r) => r.code);
    expect(blocked(facts({ pullRequests: [pr([labeled('emergency', 'mallory')])] }))).toEqual(['freeze']);
    expect(blocked(facts({ pullRequests: [pr([labeled('emergency', 'pager[bot]')])] }), policy({ freezes: HOLIDAYS, emergencyApprovers: [{ kind: 'user', login: 'pager[bot]' }] }))).toEqual(['freeze']);
    expect(blocked(facts({ pullRequests: [pr([])] }))).toEqual(['freeze']);
    expect(blocked(facts({ pullRequests: [pr([labeled('emergency', 'ralph')])] }), policy({ freezes: HOLIDAYS, emergencyApprovers: [] }))).toEqual(['freeze']);
  });

  it('an emergency lifts windows and freezes but never require-environment', () => {
    const f = facts({ pullRequests: [pr([labeled('emergency', 'ralph')])], promotions: [{ environment: 'staging', live: null, containsTarget: false }] });
    const decision = decideDeployGate(policy({ freezes: HOLIDAYS, requireEnvironment: ['staging'] }), f, IN_FREEZE);
    expect(decision.allowed).toBe(false);
    expect(decision.reasons.map((r) => r.code)).toEqual(['not-promoted']);
    expect(decision.emergency?.by).toBe('ralph');
  });

  it('is not looked for when the calendar allows (nothing to lift)', () => {
    const decision = decideDeployGate(policy({ freezes: HOLIDAYS }), facts({ pullRequests: [pr([labeled('emergency', 'ralph')])] }), TUESDAY);
    expect(decision.emergency).toBeNull();
  });
});

describe('deploy gate: promotion (require-environment)', () => {
  const required = policy({ requireEnvironment: ['staging'] });

  it('passes when the commit, or a descendant of it, is live there, and records where it was promoted from', () => {
    const f = facts({ promotions: [{ environment: 'staging', live: { id: 7, sha: OTHER }, containsTarget: true }] });
    const decision = decideDeployGate(required, f, TUESDAY);
    expect(decision.allowed).toBe(true);
    expect(gateRecord(decision, f).promoted_from).toEqual([{ environment: 'staging', deployment_id: 7, sha: OTHER }]);
  });

  it('blocks with not-promoted naming what is live there instead', () => {
    const f = facts({ promotions: [{ environment: 'staging', live: { id: 7, sha: OTHER }, containsTarget: false }] });
    const [reason] = decideDeployGate(required, f, TUESDAY).reasons;
    expect(reason).toEqual({
      code: 'not-promoted',
      message: 'aaaaaaa must be live in staging before this deployment, but what is live in staging is bbbbbbb (deployment 7), which does not contain aaaaaaa; deploy aaaaaaa to staging first.'
    });
  });

  it('blocks when nothing is live there, and when the facts for it are missing (fail closed)', () => {
    const nothing = decideDeployGate(required, facts({ promotions: [{ environment: 'staging', live: null, containsTarget: false }] }), TUESDAY);
    expect(nothing.reasons[0]!.message).toContain('nothing is live in staging');
    expect(decideDeployGate(required, facts(), TUESDAY).reasons.map((r) => r.code)).toEqual(['not-promoted']);
  });
});
