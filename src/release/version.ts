/**
 * `tag: auto`: the next version, from the latest published release's semver tag and the labels of
 * the pull requests in the release. Pure: the facts (published releases, pull requests) come in,
 * the chosen tag and a sentence saying why come out.
 */
import { InputError } from '../core/errors.js';
import type { PublishedRelease, VersionPullRequest } from '../core/facts/versions.js';

export type { PublishedRelease, VersionPullRequest } from '../core/facts/versions.js';

export const AUTO_TAG = 'auto';

export type Bump = 'major' | 'minor' | 'patch';

export interface VersionPolicy {
  /** Put before the version in the tag, e.g. `v` (`v1.4.0`); may be empty. */
  prefix: string;
  /** Labels that make a release a major or a minor one (compared case-insensitively); otherwise patch. */
  labels: { major: string[]; minor: string[] };
}

export const DEFAULT_VERSION_LABELS = 'major: breaking; minor: feature, enhancement';

export interface SemVer {
  major: number;
  minor: number;
  patch: number;
  /** Pre-release identifiers (`rc.1` → ['rc', '1']); empty for a release version. */
  prerelease: string[];
}

export interface VersionChoice {
  tag: string;
  bump: Bump | 'first';
  /** The tag the version was counted from (null for the first version). */
  from: string | null;
  /** The pull requests that decided the bump, with the label that did. */
  because: Array<{ number: number; title: string; label: string }>;
  /** One sentence for the summary and the log. */
  why: string;
}

/** The first version when nothing was released before. */
export const FIRST_VERSION = '1.0.0';

const SEMVER = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?$/;

/** The version in a tag with the given prefix (`v1.4.0` with `v`), or null. */
export function parseVersionTag(tag: string, prefix: string): SemVer | null {
  if (!tag.startsWith(prefix)) return null;
  const m = SEMVER.exec(tag.slice(prefix.length));
  if (!m) return null;
  return { major: Number(m[1]), minor: Number(m[2]), patch: Number(m[3]), prerelease: m[4] ? m[4].split('.') : [] };
}

export function formatVersion(v: SemVer): string {
  return `${v.major}.${v.minor}.${v.patch}${v.prerelease.length ? `-${v.prerelease.join('.')}` : ''}`;
}

/** Semver precedence: negative when a < b. */
export function compareVersions(a: SemVer, b: SemVer): number {
  const core = a.major - b.major || a.minor - b.minor || a.patch - b.patch;
  if (core !== 0) return core;
  if (a.prerelease.length === 0 || b.prerelease.length === 0) return b.prerelease.length - a.prerelease.length;
  for (let i = 0; i < Math.max(a.prerelease.length, b.prerelease.length); i++) {
    const x = a.prerelease[i];
    const y = b.prerelease[i];
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    const xn = /^\d+$/.test(x);
    const yn = /^\d+$/.test(y);
    if (xn && yn && Number(x) !== Number(y)) return Number(x) - Number(y);
    if (xn !== yn) return xn ? -1 : 1;
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

/** The next version after `from` for a bump; a pre-release of that version is released as it (1.3.0-rc.1 + minor → 1.3.0). */
export function bumpVersion(from: SemVer, bump: Bump): SemVer {
  const pre = from.prerelease.length > 0;
  if (bump === 'major') return pre && from.minor === 0 && from.patch === 0 ? { ...from, prerelease: [] } : { major: from.major + 1, minor: 0, patch: 0, prerelease: [] };
  if (bump === 'minor') return pre && from.patch === 0 ? { ...from, prerelease: [] } : { major: from.major, minor: from.minor + 1, patch: 0, prerelease: [] };
  return pre ? { ...from, prerelease: [] } : { ...from, patch: from.patch + 1 };
}

/** Parses `version-labels`: lines (or `;`-separated parts) `major: breaking` and `minor: feature, enhancement`. */
export function parseVersionLabels(text: string, input = 'version-labels'): VersionPolicy['labels'] {
  const labels: VersionPolicy['labels'] = { major: [], minor: [] };
  const accepted = 'lines such as "major: breaking" and "minor: feature, enhancement" (labels comma separated; pull requests with neither are a patch)';
  for (const raw of text.split(/\r?\n|;/)) {
    const line = raw.trim();
    if (line === '') continue;
    const m = /^(major|minor)\s*:\s*(.*)$/i.exec(line);
    if (!m) throw new InputError(input, line, accepted, 'each line starts with major: or minor:');
    const names = m[2]!.split(',').map((s) => s.trim()).filter(Boolean);
    if (names.length === 0) throw new InputError(input, line, accepted, 'no label after the colon');
    labels[m[1]!.toLowerCase() as 'major' | 'minor'].push(...names);
  }
  return labels;
}

/** Checks a `tag-prefix`: it becomes the start of a git tag name. */
export function checkTagPrefix(prefix: string, input = 'tag-prefix'): string {
  if (/[\s~^:?*[\\]|\.\.|^[-/.]|@\{/.test(prefix)) {
    throw new InputError(input, prefix, 'accepted values are the start of a git tag name, such as v (v1.4.0), release- or empty');
  }
  return prefix;
}

/**
 * The base: the highest published release version with the prefix (pre-releases only when no
 * release version exists), else `previousTag` when it is such a tag; null when there is none.
 * Throws when releases exist but none carries a version with the prefix: counting from 1.0.0
 * again would reuse versions already shipped under another scheme.
 */
export function baseVersion(releases: PublishedRelease[], prefix: string, previousTag: string | null): { tag: string; version: SemVer } | null {
  const versions = releases
    .map((r) => ({ tag: r.tag, version: parseVersionTag(r.tag, prefix) }))
    .filter((r): r is { tag: string; version: SemVer } => r.version !== null);
  const pick = (list: typeof versions) => list.reduce<(typeof versions)[number] | null>((best, r) => (best === null || compareVersions(r.version, best.version) > 0 ? r : best), null);
  const best = pick(versions.filter((r) => r.version.prerelease.length === 0)) ?? pick(versions);
  if (best) return best;
  const previous = previousTag ? parseVersionTag(previousTag, prefix) : null;
  if (previousTag && previous) return { tag: previousTag, version: previous };
  if (releases.length > 0) {
    const other = releases.map((r) => r.tag).find((t) => /\d+\.\d+\.\d+/.test(t));
    const hint = other
      ? `they are tagged like ${JSON.stringify(other)}: set tag-prefix to ${JSON.stringify(other.slice(0, other.search(/\d+\.\d+\.\d+/)))}`
      : `their tags (${releases.slice(0, 3).map((r) => JSON.stringify(r.tag)).join(', ')}) are not semantic versions: set tag explicitly once (e.g. ${prefix}1.0.0), then auto counts from it`;
    throw new InputError('tag-prefix', prefix, `the start of the published releases' tags, before the version`, `no published release has a tag ${JSON.stringify(prefix)} + major.minor.patch; ${hint}`);
  }
  return null;
}

/** The next tag: the highest bump any pull request in the release asks for by label. */
export function nextVersion(input: {
  releases: PublishedRelease[];
  pullRequests: VersionPullRequest[];
  previousTag: string | null;
  policy: VersionPolicy;
}): VersionChoice {
  const { prefix, labels } = input.policy;
  const base = baseVersion(input.releases, prefix, input.previousTag);
  if (!base) {
    const tag = `${prefix}${FIRST_VERSION}`;
    return { tag, bump: 'first', from: null, because: [], why: `${tag}: the first version, as no published release has a ${prefix}major.minor.patch tag.` };
  }
  const has = (pr: VersionPullRequest, names: string[]) => pr.labels.find((l) => names.some((n) => n.toLowerCase() === l.toLowerCase()));
  const find = (names: string[]) =>
    input.pullRequests.flatMap((pr) => {
      const label = has(pr, names);
      return label ? [{ number: pr.number, title: pr.title, label }] : [];
    });
  const major = find(labels.major);
  const minor = major.length ? [] : find(labels.minor);
  const bump: Bump = major.length ? 'major' : minor.length ? 'minor' : 'patch';
  const because = major.length ? major : minor;
  const tag = `${prefix}${formatVersion(bumpVersion(base.version, bump))}`;
  const count = `${input.pullRequests.length} pull request${input.pullRequests.length === 1 ? '' : 's'}`;
  const list = (items: typeof because) =>
    items
      .slice(0, 5)
      .map((b) => `#${b.number} ${JSON.stringify(b.title)} (\`${b.label}\`)`)
      .join(', ') + (items.length > 5 ? ` and ${items.length - 5} more` : '');
  const quoted = (names: string[]) => names.map((n) => `\`${n}\``).join(', ') || 'none';
  const why =
    bump === 'patch'
      ? `${tag}: a patch after ${base.tag}, as none of the ${count} in the release has a major (${quoted(labels.major)}) or minor (${quoted(labels.minor)}) label.`
      : `${tag}: a ${bump} release after ${base.tag}, because of ${list(because)}.`;
  return { tag, bump, from: base.tag, because, why };
}
