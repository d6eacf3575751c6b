/**
 * Wires `tag: auto` into a release run: reads the version inputs, gathers the releases and pull
 * requests, and hands the run a configuration with the chosen tag. Explicit tags pass through.
 */
import type { GitHub } from '../core/github/client.js';
import type { Inputs } from '../core/inputs.js';
import type { RepoRef } from '../github/deployments.js';
import { readPublishedReleases, readPullRequestsSince } from '../github/version-facts.js';
import type { ReleaseConfig } from './config.js';
import { AUTO_TAG, DEFAULT_VERSION_LABELS, baseVersion, checkTagPrefix, nextVersion, parseVersionLabels, type VersionChoice, type VersionPolicy } from './version.js';

/** The version policy when `tag` is `auto` (checked before anything is read), else null. */
export function readVersionPolicy(inputs: Inputs, tag: string): VersionPolicy | null {
  if (tag !== AUTO_TAG) return null;
  const labels = inputs.raw('version-labels');
  return { prefix: checkTagPrefix(inputs.raw('tag-prefix')), labels: parseVersionLabels(labels || DEFAULT_VERSION_LABELS) };
}

/** Chooses the tag for `tag: auto`; the configuration to run with has it as tag (and as name, unless one was given). */
export async function chooseTag(gh: GitHub, repo: RepoRef, config: ReleaseConfig, policy: VersionPolicy): Promise<{ config: ReleaseConfig; choice: VersionChoice }> {
  const releases = await readPublishedReleases(gh, repo);
  const base = baseVersion(releases, policy.prefix, config.previousTag);
  const from = config.previousTag ?? base?.tag ?? null;
  const pullRequests = from ? await readPullRequestsSince(gh, repo, from, config.target) : [];
  const choice = nextVersion({ releases, pullRequests, previousTag: config.previousTag, policy });
  const name = config.name === AUTO_TAG ? choice.tag : config.name;
  return { config: { ...config, tag: choice.tag, name }, choice };
}
