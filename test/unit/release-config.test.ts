import { describe, expect, it } from '@jest/globals';
import { Inputs } from '../../src/core/inputs.js';
import { readReleaseConfig } from '../../src/release/config.js';
import { testContext } from '../support/context.js';
import { inputErrorOf } from '../support/errors.js';

const read = (values: Record<string, string>, context = testContext()) => {
  const warnings: string[] = [];
  const config = readReleaseConfig(new Inputs((name) => values[name] ?? ''), context, (m) => warnings.push(m));
  return { config, warnings };
};

const failure = (values: Record<string, string>) => inputErrorOf(() => read(values));

describe('release-action inputs', () => {
  it('reads the example policy', () => {
    const { config } = read({
      tag: 'v1.4.0',
      'approval-labels': 'release-approved',
      approvers: 'octocat, my-org/release-managers',
      windows: 'Mon-Thu 09:00-16:00',
      freezes: '2026-12-20 - 2027-01-04\nFri 18:00 - Mon 08:00\n',
      timezone: 'Europe/Berlin',
      'require-deployment': 'production',
      'block-labels': 'do-not-release'
    });
    expect(config.tag).toBe('v1.4.0');
    expect(config.name).toBe('v1.4.0');
    expect(config.target).toBe('a'.repeat(40));
    expect(config.policy.approval).toMatchObject({
      labels: ['release-approved'],
      scope: 'all',
      approvers: [
        { kind: 'user', login: 'octocat' },
        { kind: 'team', org: 'my-org', slug: 'release-managers' }
      ],
      minApprovals: 1,
      allowSelfApproval: false,
      allowBots: false,
      blockLabels: ['do-not-release']
    });
    expect(config.policy.schedule.windows.map((w) => w.source)).toEqual(['Mon-Thu 09:00-16:00']);
    expect(config.policy.schedule.freezes).toHaveLength(2);
    expect(config.policy.schedule.zone).toBe('Europe/Berlin');
    expect(config.policy.requireDeployment).toEqual(['production']);
    expect(config.onBlocked).toBe('skip');
    expect(config.generateNotes).toBe(true);
  });

  it('requires a tag, and names it', () => {
    const error = failure({});
    expect(error.input).toBe('tag');
    expect(error.message).toContain('required');
  });

  it.each(['v1 .0', 'v1..2', 'v1:2', '-v1', 'v1.lock', 'v1/'])('rejects the tag %j', (tag) => {
    expect(failure({ tag }).input).toBe('tag');
  });

  it('rejects an unknown approval scope, listing the accepted ones', () => {
    const error = failure({ tag: 'v1', 'approval-scope': 'some' });
    expect(error.input).toBe('approval-scope');
    expect(error.message).toContain('all, latest');
  });

  it('rejects approvers that are neither logins nor org/team slugs', () => {
    const error = failure({ tag: 'v1', approvers: 'octocat, not a user' });
    expect(error.input).toBe('approvers');
    expect(error.message).toContain('"not a user"');
    expect(failure({ tag: 'v1', 'emergency-approvers': 'a/b/c' }).input).toBe('emergency-approvers');
  });

  it('accepts bot logins and @-prefixed names', () => {
    expect(read({ tag: 'v1', approvers: '@octocat\nrenovate[bot]' }).config.policy.approval.approvers).toEqual([
      { kind: 'user', login: 'octocat' },
      { kind: 'user', login: 'renovate[bot]' }
    ]);
  });

  it.each(['0', '11', 'two', '1.5'])('rejects min-approvals %s', (value) => {
    expect(failure({ tag: 'v1', 'min-approvals': value }).input).toBe('min-approvals');
  });

  it('rejects make-latest and on-blocked values GitHub or Tollgate does not know', () => {
    expect(failure({ tag: 'v1', 'make-latest': 'yes' }).message).toContain('true, false or legacy');
    expect(failure({ tag: 'v1', 'on-blocked': 'ignore' }).message).toContain('skip, fail');
  });

  it('fails on a schedule line that does not parse, quoting it, before anything is read', () => {
    const error = failure({ tag: 'v1', windows: 'Mon-Thu 09:00-16:00\nweekdays 9 to 5' });
    expect(error.input).toBe('windows');
    expect(error.message).toContain('weekdays 9 to 5');
  });

  it('fails on an unknown time zone', () => {
    const error = failure({ tag: 'v1', timezone: 'Mars/Olympus' });
    expect(error.input).toBe('timezone');
    expect(error.message).toContain('Mars/Olympus');
  });

  it('releases GITHUB_SHA by default, warning on pull_request events', () => {
    const context = testContext({ eventName: 'pull_request', sha: 'm'.repeat(40), payload: { pull_request: { head: { sha: 'h'.repeat(40) } } } });
    const { config, warnings } = read({ tag: 'v1' }, context);
    expect(config.target).toBe('m'.repeat(40));
    expect(warnings[0]).toContain('pull_request_target');
  });
});
