import { describe, expect, it } from '@jest/globals';
import { InputError } from '../../src/core/errors.js';
import { releaseRange, type RangeFacts } from '../../src/release/range.js';

const TARGET = 'abcdef1234567890abcdef1234567890abcdef12';
const facts = (overrides: Partial<RangeFacts>): RangeFacts => ({ previousTag: null, previousToTarget: null, releases: [], ...overrides });

describe('releaseRange: the range only widens', () => {
  it('starts from the newest release the target contains, skipping releases on other lines', () => {
    const verdict = releaseRange(
      facts({ releases: [{ tag: 'v2.0.1-hotfix', toTarget: 'diverged', toPrevious: null }, { tag: 'v1.4.0', toTarget: 'ahead', toPrevious: null }] }),
      TARGET
    );
    expect(verdict).toEqual({ kind: 'range', previousTag: 'v1.4.0' });
  });

  it('is up-to-date when the newest contained release is at the target, or a release contains it', () => {
    expect(releaseRange(facts({ releases: [{ tag: 'v1.4.0', toTarget: 'identical', toPrevious: null }] }), TARGET)).toMatchObject({ kind: 'up-to-date', release: 'v1.4.0' });
    expect(releaseRange(facts({ releases: [{ tag: 'v1.5.0', toTarget: 'behind', toPrevious: null }] }), TARGET)).toMatchObject({
      kind: 'up-to-date',
      why: 'the release v1.5.0 already contains abcdef1'
    });
  });

  it('has no start without releases (the first release needs previous-tag)', () => {
    expect(releaseRange(facts({}), TARGET)).toEqual({ kind: 'range', previousTag: null });
  });

  it('accepts a previous-tag at or before the latest contained release', () => {
    const releases = [{ tag: 'v1.4.0', toTarget: 'ahead' as const, toPrevious: 'behind' as const }];
    expect(releaseRange(facts({ previousTag: 'v1.2.0', previousToTarget: 'ahead', releases }), TARGET)).toEqual({ kind: 'range', previousTag: 'v1.2.0' });
    expect(
      releaseRange(facts({ previousTag: 'v1.4.0', previousToTarget: 'ahead', releases: [{ tag: 'v1.4.0', toTarget: 'ahead', toPrevious: 'identical' }] }), TARGET)
    ).toEqual({ kind: 'range', previousTag: 'v1.4.0' });
  });

  it('refuses a previous-tag newer than the latest contained release, naming the input and the release', () => {
    const run = () =>
      releaseRange(facts({ previousTag: 'v1.4.5', previousToTarget: 'ahead', releases: [{ tag: 'v1.4.0', toTarget: 'ahead', toPrevious: 'ahead' }] }), TARGET);
    expect(run).toThrow(InputError);
    expect(run).toThrow(/Input 'previous-tag' has the value "v1.4.5" \(v1.4.5 is newer than v1.4.0, the latest release the target contains/);
  });

  it('refuses a previous-tag on another line than the latest contained release', () => {
    expect(() =>
      releaseRange(facts({ previousTag: 'side', previousToTarget: 'ahead', releases: [{ tag: 'v1.4.0', toTarget: 'ahead', toPrevious: 'diverged' }] }), TARGET)
    ).toThrow(/side is newer than v1.4.0/);
  });

  it('an empty range is up-to-date (at the target) or an error (target behind), never a release', () => {
    expect(releaseRange(facts({ previousTag: 'v1.4.0', previousToTarget: 'identical' }), TARGET)).toMatchObject({ kind: 'up-to-date', release: 'v1.4.0' });
    expect(() => releaseRange(facts({ previousTag: 'v1.4.0', previousToTarget: 'behind' }), TARGET)).toThrow(/the target abcdef1 is behind v1.4.0: the range is empty/);
  });

  it('refuses a previous-tag that does not exist or is not an ancestor', () => {
    expect(() => releaseRange(facts({ previousTag: 'v0.9.0', previousToTarget: null }), TARGET)).toThrow(/the previous tag v0.9.0 does not exist/);
    expect(() => releaseRange(facts({ previousTag: 'side', previousToTarget: 'diverged' }), TARGET)).toThrow(/side is not an ancestor of the target abcdef1/);
  });
});
