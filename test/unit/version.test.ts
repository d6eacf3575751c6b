import { describe, expect, it } from '@jest/globals';
import { InputError } from '../../src/core/errors.js';
import {
  DEFAULT_VERSION_LABELS,
  bumpVersion,
  compareVersions,
  nextVersion,
  parseVersionLabels,
  parseVersionTag,
  type PublishedRelease,
  type VersionPullRequest
} from '../../src/release/version.js';

const policy = { prefix: 'v', labels: parseVersionLabels(DEFAULT_VERSION_LABELS) };
const released = (...tags: string[]): PublishedRelease[] => tags.map((tag) => ({ tag, prerelease: tag.includes('-') }));
const pr = (number: number, ...labels: string[]): VersionPullRequest => ({ number, title: `Change ${number}`, labels });
const next = (releases: PublishedRelease[], pullRequests: VersionPullRequest[], options: { previousTag?: string; prefix?: string } = {}) =>
  nextVersion({ releases, pullRequests, previousTag: options.previousTag ?? null, policy: { ...policy, prefix: options.prefix ?? 'v' } });

describe('tag: auto picks the next version from the pull requests’ labels', () => {
  it('is a patch when no pull request has a version label, and says so', () => {
    const choice = next(released('v1.2.3'), [pr(7, 'bug'), pr(8)]);
    expect(choice.tag).toBe('v1.2.4');
    expect(choice.why).toBe('v1.2.4: a patch after v1.2.3, as none of the 2 pull requests in the release has a major (`breaking`) or minor (`feature`, `enhancement`) label.');
  });

  it('is a minor release when one pull request is a feature, naming it', () => {
    const choice = next(released('v1.2.3'), [pr(7, 'bug'), pr(8, 'Enhancement')]);
    expect(choice.tag).toBe('v1.3.0');
    expect(choice.why).toBe('v1.3.0: a minor release after v1.2.3, because of #8 "Change 8" (`Enhancement`).');
  });

  it('takes the highest bump any pull request asks for', () => {
    const choice = next(released('v1.2.3'), [pr(7, 'feature'), pr(9, 'breaking'), pr(8, 'enhancement')]);
    expect(choice.tag).toBe('v2.0.0');
    expect(choice.because).toEqual([{ number: 9, title: 'Change 9', label: 'breaking' }]);
  });

  it('counts from the highest version, not the newest release (a 1.x backport after 2.0)', () => {
    expect(next(released('v1.4.1', 'v2.0.0', 'v1.9.9'), [pr(1)]).tag).toBe('v2.0.1');
  });

  it('uses custom version-labels', () => {
    const labels = parseVersionLabels('major: semver:major\nminor: semver:minor, new');
    expect(nextVersion({ releases: released('v0.4.0'), pullRequests: [pr(3, 'new')], previousTag: null, policy: { prefix: 'v', labels } }).tag).toBe('v0.5.0');
  });
});

describe('pre-releases', () => {
  it('are not counted from when a release version exists', () => {
    expect(next(released('v1.4.0', 'v2.0.0-beta.1'), [pr(1, 'feature')]).tag).toBe('v1.5.0');
  });

  it('with only pre-releases published, the next release is the version they prepared', () => {
    expect(next(released('v1.0.0-rc.1', 'v1.0.0-rc.2'), [pr(1, 'feature')]).tag).toBe('v1.0.0');
    expect(next(released('v1.3.0-rc.1'), [pr(1)]).tag).toBe('v1.3.0');
    expect(next(released('v1.3.1-rc.1'), [pr(1, 'feature')]).tag).toBe('v1.4.0');
  });

  it('orders pre-releases by semver precedence', () => {
    const v = (s: string) => parseVersionTag(s, '')!;
    expect(compareVersions(v('1.0.0-rc.10'), v('1.0.0-rc.2'))).toBeGreaterThan(0);
    expect(compareVersions(v('1.0.0-rc.1'), v('1.0.0'))).toBeLessThan(0);
    expect(compareVersions(v('1.0.0-alpha'), v('1.0.0-alpha.1'))).toBeLessThan(0);
    expect(bumpVersion(v('2.0.0-beta.3'), 'major')).toEqual(v('2.0.0'));
  });
});

describe('no previous release', () => {
  it('starts at 1.0.0 with the prefix', () => {
    const choice = next([], [pr(1, 'breaking')]);
    expect(choice.tag).toBe('v1.0.0');
    expect(choice.why).toContain('the first version');
  });

  it('counts from previous-tag when it is a version tag and nothing was released yet', () => {
    expect(next([], [pr(1, 'feature')], { previousTag: 'v0.9.2' }).tag).toBe('v0.10.0');
  });
});

describe('tag-prefix', () => {
  it('ignores releases with another prefix when some have it', () => {
    expect(next(released('v1.0.0', 'mobile-v7.0.0'), [pr(1)]).tag).toBe('v1.0.1');
  });

  it('works with an empty prefix', () => {
    expect(next(released('3.1.4'), [pr(1)], { prefix: '' }).tag).toBe('3.1.5');
  });

  it('refuses to start over at 1.0.0 when the releases use another prefix, naming the one they use', () => {
    let error: unknown;
    try {
      next(released('release-4.2.0'), [pr(1)]);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).input).toBe('tag-prefix');
    expect((error as Error).message).toContain('they are tagged like "release-4.2.0": set tag-prefix to "release-"');
  });

  it('refuses when the published tags are not versions at all', () => {
    expect(() => next(released('2026-05-01'), [pr(1)])).toThrow(/are not semantic versions: set tag explicitly once/);
  });
});

describe('version-labels input', () => {
  it('names the input and the line it cannot read', () => {
    expect(() => parseVersionLabels('huge: breaking')).toThrow(/^Input 'version-labels' has the value "huge: breaking" \(each line starts with major: or minor:\)/);
    expect(() => parseVersionLabels('minor:')).toThrow(/no label after the colon/);
  });
});
