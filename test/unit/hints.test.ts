import { describe, expect, it } from '@jest/globals';
import { closest } from '../../src/core/hints.js';
import { configHints } from '../../src/release/hints.js';
import { releasePolicy as policy } from './fixtures/release-facts.js';

const facts = { labels: ['bug', 'release-approved'], deployedEnvironments: ['production', 'staging'], neverDeployed: [], unknownUsers: [], unknownTeams: [] };

describe('typo hints', () => {
  it('suggests a close name, never the same one or a distant one', () => {
    expect(closest('release-aproved', ['bug', 'release-approved'])).toBe('release-approved');
    expect(closest('Release-Approved', ['release-approved'])).toBeUndefined();
    expect(closest('ship-it', ['release-approved'])).toBeUndefined();
    expect(closest('prodution', ['production', 'staging'])).toBe('production');
  });

  it('says nothing when every name exists (label names compare case-insensitively)', () => {
    expect(configHints(policy({ approval: { labels: ['Release-Approved'], emergencyLabels: ['BUG'] } }), facts, 'acme/shop')).toEqual([]);
  });

  it('names each input that has a likely typo', () => {
    const hints = configHints(
      policy({ approval: { labels: ['release-aproved'], emergencyLabels: ['hotfix'] } }),
      { ...facts, neverDeployed: ['prod'], unknownUsers: ['alcie'], unknownTeams: ['acme/release-managrs'] },
      'acme/shop'
    );
    expect(hints).toEqual([
      'approval-labels: the label `release-aproved` does not exist in acme/shop, so nobody can have applied it; did you mean `release-approved`?',
      'emergency-labels: the label `hotfix` does not exist in acme/shop, so nobody can have applied it. Labels there: `bug`, `release-approved`; or create it, so approvers can apply it.',
      'require-deployment: acme/shop has never had a deployment to `prod`. Environments with deployments: `production`, `staging`.',
      'approvers: no GitHub user is called @alcie; check the spelling.',
      "approvers: the team `acme/release-managrs` does not exist; check the organization and the team's slug (its URL name)."
    ]);
  });
});
