/**
 * Release assets with immutable releases in mind: the release is written as a draft, every file is
 * uploaded to it, and only then is it published, so a published release never lacks its assets.
 * A re-run after a failure part-way finds the draft, keeps what is already there and uploads the
 * rest; a published release is never modified. Only the run that wrote the draft (the one whose
 * outcome says released) uploads to it: a run that converged on another run's draft leaves it alone.
 */
import type { RunContext } from '../core/context.js';
import type { Inputs } from '../core/inputs.js';
import { inGroup, type ActionIO } from '../core/io.js';
import { FactError } from '../core/errors.js';
import { deleteAsset, publishDraft, readReleaseAssets, uploadAsset } from '../github/assets.js';
import { deleteRelease, findPublishedRelease } from '../github/releases.js';
import type { GitHub } from '../core/github/client.js';
import type { RepoRef } from '../github/deployments.js';
import { contentTypeOf, fileDigest, readNotesFile, resolveAssetFiles, type AssetFile } from './asset-files.js';
import { describeStep, planAssets, stepDetail, stepName, type AssetStep, type ExistingAsset } from './asset-plan.js';
import type { ReleaseConfig } from './config.js';
import type { ReleaseOutcome } from './run.js';

export interface AssetInputs {
  files: AssetFile[];
  /** The text of `notes-file`, when given: it becomes `notes`. */
  notes?: string;
}

/** Reads `files`, `fail-on-unmatched-files` and `notes-file` from the workspace, before anything touches GitHub. */
export function readAssetInputs(inputs: Inputs, options: { cwd: string; notes: string; warn: (message: string) => void }): AssetInputs {
  const globs = inputs
    .text('files')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
  const files = resolveAssetFiles(globs, { cwd: options.cwd, failOnUnmatched: inputs.boolean('fail-on-unmatched-files', true), warn: options.warn });
  const notesFile = inputs.optional('notes-file');
  return { files, ...(notesFile ? { notes: readNotesFile(notesFile, { cwd: options.cwd, notes: options.notes }) } : {}) };
}

export interface AssetsResult {
  steps: AssetStep[];
  /** The release's assets after this run, as GitHub lists them. */
  assets: ExistingAsset[];
  uploadUrl: string;
  /** Set when this run published the draft. */
  publishedUrl?: string;
  /** The release is a draft another run wrote: that run uploads and publishes. */
  leftToOtherRun?: true;
  /** Another run published its own release of the tag first: this run's draft was deleted, and this is that release. */
  publishedByOtherRun?: { id: number; url: string };
}

export async function attachAssets(
  gh: GitHub,
  repo: RepoRef,
  releaseId: number,
  files: AssetFile[],
  options: {
    publish: boolean;
    /** The release's tag (to find the release another run may have published). */
    tag: string;
    /** True when this run wrote the release (created the draft or took it over): only then are files uploaded to a draft. */
    written: boolean;
    makeLatest?: 'true' | 'false' | 'legacy';
    log: { info(message: string): void; warning(message: string, properties?: { title?: string }): void };
  }
): Promise<AssetsResult> {
  const release = await readReleaseAssets(gh, repo, releaseId);
  if (release.draft && !options.written) {
    // Another run wrote this draft and is uploading to it now: two uploaders would race, and one
    // would publish while the other still uploads. That run publishes it once its files are there.
    options.log.info(`Release ${releaseId} is a draft another run wrote: that run uploads the files and publishes it; this run leaves it alone.`);
    return { steps: [], assets: release.assets, uploadUrl: release.uploadUrl, leftToOtherRun: true };
  }
  const steps = planAssets(files, release.assets, release.draft, new Map(files.map((f) => [f.name, fileDigest(f)])));
  let assets = [...release.assets];
  for (const step of steps) {
    if (step.kind === 'remove' || step.kind === 'replace') {
      await deleteAsset(gh, repo, step.asset);
      assets = assets.filter((a) => a.id !== step.asset.id);
    }
    if (step.kind === 'upload' || step.kind === 'replace') {
      assets.push(await uploadAsset(gh, repo, release, step.file, contentTypeOf(step.file.name)));
    }
    if (step.kind !== 'locked') options.log.info(`Asset ${describeStep(step)}.`);
  }
  const locked = steps.filter((s) => s.kind === 'locked');
  if (locked.length > 0) {
    options.log.warning(locked.map(describeStep).join('\n'), { title: 'Release assets not changed: the release is published' });
  }
  const result: AssetsResult = { steps, assets, uploadUrl: release.uploadUrl };
  if (release.draft && options.publish) {
    const published = await publishDraft(gh, repo, releaseId, options.makeLatest);
    if ('alreadyPublished' in published) {
      // Two runs each wrote a draft (the tag was there before both) and the other published first:
      // this run's draft would be a second release of the tag, so it goes.
      const other = await findPublishedRelease(gh, repo, options.tag);
      await deleteRelease(gh, repo, releaseId);
      if (!other) throw new FactError(`GitHub says release ${options.tag} is already published, but it cannot be read back.`);
      options.log.info(`Release ${options.tag} was published by another run meanwhile (release ${other.id}): deleted this run's draft ${releaseId} and converged on it.`);
      return { ...result, publishedByOtherRun: { id: other.id, url: other.url } };
    }
    options.log.info(`Published release ${releaseId} with its ${assets.length} asset${assets.length === 1 ? '' : 's'}.`);
    return { ...result, assets: published.assets, publishedUrl: published.url };
  }
  return result;
}

/**
 * After the release run: uploads the files to the release it wrote (a draft) and publishes it,
 * or checks them against the release it found published. A dry run says what it would upload.
 */
export async function assetsAfterRun(
  gh: GitHub,
  context: RunContext,
  outcome: ReleaseOutcome,
  files: AssetFile[],
  config: ReleaseConfig,
  io: ActionIO
): Promise<{ outcome: ReleaseOutcome; assets: AssetsResult | null }> {
  const release = outcome.release;
  if (files.length > 0 && outcome.decision === 'dry-run') {
    io.info(`Dry run: would upload ${files.map((f) => `${f.name} (${f.size} bytes)`).join(', ')} to a draft, then publish it.`);
  }
  if (files.length === 0 || !release || (outcome.decision !== 'released' && outcome.decision !== 'already-released')) return { outcome, assets: null };
  const assets = await inGroup(io, `Assets: ${files.length} file${files.length === 1 ? '' : 's'}`, () =>
    attachAssets(gh, { owner: context.owner, repo: context.repo }, release.id, files, {
      publish: !config.draft,
      tag: outcome.tag,
      written: outcome.released,
      ...(config.makeLatest ? { makeLatest: config.makeLatest } : {}),
      log: io
    })
  );
  if (assets.publishedByOtherRun) {
    return { outcome: { ...outcome, decision: 'already-released', released: false, release: assets.publishedByOtherRun }, assets };
  }
  return { outcome: assets.publishedUrl ? { ...outcome, release: { ...release, url: assets.publishedUrl } } : outcome, assets };
}

/** The `assets` output: name, size and download URL of each asset. */
export function assetsOutput(result: AssetsResult | null): string {
  return JSON.stringify((result?.assets ?? []).map((a) => ({ name: a.name, size: a.size, url: a.url })));
}

/** The summary section: what happened to each file. */
export function assetsSummary(result: AssetsResult): string {
  if (result.leftToOtherRun) return `**Assets**: the release is a draft another run wrote; that run uploads the files and publishes it.\n`;
  const lines = result.steps.map((s) => {
    const asset = s.kind === 'locked' || s.kind === 'remove' ? null : result.assets.find((a) => a.name === s.file.name);
    const mark = s.kind === 'locked' ? '⚠️' : s.kind === 'remove' ? '🗑️' : '📦';
    const name = asset ? `[${stepName(s)}](${asset.url})` : stepName(s);
    return `- ${mark} ${name} ${stepDetail(s)}`;
  });
  return `**Assets**\n\n${lines.join('\n')}\n`;
}
