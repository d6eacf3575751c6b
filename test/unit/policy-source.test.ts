import { describe, expect, it } from '@jest/globals';
import { parseWorkflowRef, policySource, qualifyRef, type PolicySourceFacts } from '../../src/release/policy-source.js';

const facts = (workflowRef: string, overrides: Partial<PolicySourceFacts> = {}): PolicySourceFacts => ({
  workflowRef,
  repository: 'acme/shop',
  defaultBranch: 'main',
  policyRefs: [],
  tagInDefaultBranch: null,
  ...overrides
});

describe('policySource: the policy comes from a protected place', () => {
  it('parses GITHUB_WORKFLOW_REF', () => {
    expect(parseWorkflowRef('acme/shop/.github/workflows/release.yml@refs/heads/main')).toEqual({
      repository: 'acme/shop',
      path: '.github/workflows/release.yml',
      ref: 'refs/heads/main'
    });
    expect(parseWorkflowRef('')).toBeNull();
    expect(qualifyRef('main')).toBe('refs/heads/main');
    expect(qualifyRef('refs/tags/v1')).toBe('refs/tags/v1');
  });

  it('trusts the default branch by default', () => {
    expect(policySource(facts('acme/shop/.github/workflows/r.yml@refs/heads/main'))).toMatchObject({ trusted: true });
  });

  it('does not trust a feature branch, a pull request, another repository or an unknown source, and says how to allow it', () => {
    const feature = policySource(facts('acme/shop/.github/workflows/r.yml@refs/heads/feature'));
    expect(feature).toMatchObject({ trusted: false, ref: 'refs/heads/feature' });
    expect(feature.trusted ? '' : feature.message).toContain("list the ref in 'policy-refs'");
    const pr = policySource(facts('acme/shop/.github/workflows/r.yml@refs/pull/12/merge'));
    expect(pr.trusted ? '' : pr.message).toContain('pull request 12, whose author controls it');
    expect(policySource(facts('evil/fork/.github/workflows/r.yml@refs/heads/main'))).toMatchObject({ trusted: false });
    expect(policySource(facts(''))).toMatchObject({ trusted: false });
  });

  it('trusts refs listed in policy-refs, with a trailing * as a prefix, and then no longer the default branch alone', () => {
    const refs = ['refs/heads/main', 'refs/heads/release/*'];
    expect(policySource(facts('acme/shop/.github/workflows/r.yml@refs/heads/release/2.x', { policyRefs: refs }))).toMatchObject({ trusted: true });
    expect(policySource(facts('acme/shop/.github/workflows/r.yml@refs/heads/releases', { policyRefs: refs }))).toMatchObject({ trusted: false });
    expect(policySource(facts('acme/shop/.github/workflows/r.yml@refs/heads/main', { policyRefs: ['refs/heads/prod'] }))).toMatchObject({ trusted: false });
  });

  it('trusts a tag only when its commit is in the default branch', () => {
    expect(policySource(facts('acme/shop/.github/workflows/r.yml@refs/tags/v1.2.0', { tagInDefaultBranch: true }))).toMatchObject({ trusted: true });
    const outside = policySource(facts('acme/shop/.github/workflows/r.yml@refs/tags/v1.2.0', { tagInDefaultBranch: false }));
    expect(outside.trusted ? '' : outside.message).toContain('tag v1.2.0, whose commit is not in the default branch main');
  });
});
