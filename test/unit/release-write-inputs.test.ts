import { describe, expect, it } from '@jest/globals';
import { Inputs } from '../../src/core/inputs.js';
import { readReleaseConfig } from '../../src/release/config.js';
import { testContext } from '../support/context.js';
import { inputErrorOf } from '../support/errors.js';

const read = (values: Record<string, string>) => {
  const warnings: string[] = [];
  const config = readReleaseConfig(new Inputs((name) => values[name] ?? ''), testContext(), (m) => warnings.push(m));
  return { config, warnings };
};

describe('release-action inputs of the write path', () => {
  it('reads tag: refs/tags/v1.2.0 as v1.2.0, and previous-tag likewise, each with a notice', () => {
    const { config, warnings } = read({ tag: 'refs/tags/v1.2.0', 'previous-tag': 'refs/tags/v1.1.0' });
    expect(config.tag).toBe('v1.2.0');
    expect(config.name).toBe('v1.2.0');
    expect(config.previousTag).toBe('v1.1.0');
    expect(warnings).toEqual([
      `Input 'tag' is "refs/tags/v1.2.0": read as the tag "v1.2.0".`,
      `Input 'previous-tag' is "refs/tags/v1.1.0": read as the tag "v1.1.0".`
    ]);
  });

  it('refuses a tag input that names a branch or an empty tag ref', () => {
    expect(inputErrorOf(() => read({ tag: 'refs/heads/main' }))).toMatchObject({ input: 'tag', value: 'refs/heads/main' });
    expect(inputErrorOf(() => read({ tag: 'refs/tags/' }))).toMatchObject({ input: 'tag' });
    expect(inputErrorOf(() => read({ tag: 'v1', 'previous-tag': 'refs/pull/1/merge' }))).toMatchObject({ input: 'previous-tag' });
  });

  it('reads policy-refs as fully qualified refs, default empty (the default branch)', () => {
    expect(read({ tag: 'v1' }).config.policyRefs).toEqual([]);
    expect(read({ tag: 'v1', 'policy-refs': 'main, release/*\nrefs/tags/v*' }).config.policyRefs).toEqual([
      'refs/heads/main',
      'refs/heads/release/*',
      'refs/tags/v*'
    ]);
    const bad = inputErrorOf(() => read({ tag: 'v1', 'policy-refs': 'refs/pull/*' }));
    expect(bad).toMatchObject({ input: 'policy-refs', value: 'refs/pull/*' });
    expect(bad.message).toContain('accepted values are branch names (main)');
    expect(inputErrorOf(() => read({ tag: 'v1', 'policy-refs': 'rel*ease' }))).toMatchObject({ input: 'policy-refs' });
  });
});
