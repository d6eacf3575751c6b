/**
 * Release assets: list, upload (to the release's `upload_url`, a host of its own), delete, and
 * publishing a draft once its assets are there. An upload or publish whose answer is lost may
 * have happened: the release is read back before anything is sent again.
 */
import { readFileSync } from 'node:fs';
import { ApiError } from '../core/errors.js';
import type { GitHub } from '../core/github/client.js';
import type { AssetFile, ExistingAsset } from '../core/facts/assets.js';
import type { RepoRef } from './deployments.js';

export interface DraftState {
  id: number;
  draft: boolean;
  uploadUrl: string;
  url: string;
  assets: ExistingAsset[];
}

interface RawAsset {
  id: number;
  name: string;
  size: number;
  browser_download_url: string;
  digest?: string | null;
}

const toAsset = (a: RawAsset): ExistingAsset => ({ id: a.id, name: a.name, size: a.size, url: a.browser_download_url, digest: a.digest ?? null });

/** The release with its upload URL and every asset (all pages). */
export async function readReleaseAssets(gh: GitHub, repo: RepoRef, id: number): Promise<DraftState> {
  const release = await gh.call(`Reading release ${id}`, (rest) => rest.rest.repos.getRelease({ ...repo, release_id: id }));
  const assets = await gh.call(`Listing the assets of release ${id}`, (rest) =>
    rest.paginate(rest.rest.repos.listReleaseAssets, { ...repo, release_id: id, per_page: 100 })
  );
  return { id, draft: release.data.draft, uploadUrl: release.data.upload_url, url: release.data.html_url, assets: (assets as RawAsset[]).map(toAsset) };
}

/** A write whose answer was lost (the client says GitHub may have carried it out), or an upload GitHub says is already there. */
const lostOrDuplicate = (error: unknown): boolean =>
  error instanceof ApiError && (error.outcomeUnknown || (error.status === 422 && /already_exists/.test(error.message)));

/** Reading back after a write lost as the step's working time ran out uses the time kept for finishing. */
const readBackInReserve = (gh: GitHub, error: unknown): void => {
  if (error instanceof ApiError && error.timedOut?.limit === 'step') gh.finishUp();
};

/** Uploads one file; after a lost answer (or a retry that found it there), reads the assets back. */
export async function uploadAsset(gh: GitHub, repo: RepoRef, release: DraftState, file: AssetFile, contentType: string): Promise<ExistingAsset> {
  const data = readFileSync(file.path);
  try {
    const response = await gh.call(`Uploading ${file.name} to release ${release.id}`, (rest) =>
      rest.request({ method: 'POST', url: release.uploadUrl, name: file.name, data, headers: { 'content-type': contentType, 'content-length': data.length } })
    );
    return toAsset(response.data as RawAsset);
  } catch (error) {
    if (!lostOrDuplicate(error)) throw error;
    readBackInReserve(gh, error);
    const found = (await readReleaseAssets(gh, repo, release.id)).assets.find((a) => a.name === file.name);
    if (found && found.size === file.size) return found;
    throw error;
  }
}

/** Deletes an asset; one already gone (a retried delete whose first answer was lost) is done. */
export async function deleteAsset(gh: GitHub, repo: RepoRef, asset: ExistingAsset): Promise<void> {
  try {
    await gh.call(`Deleting asset ${asset.name} (${asset.id})`, (rest) => rest.rest.repos.deleteReleaseAsset({ ...repo, asset_id: asset.id }));
  } catch (error) {
    if (!(error instanceof ApiError && error.status === 404)) throw error;
  }
}

/** What publishing a draft came to: published, or refused because another release of the tag is published already. */
export type PublishResult = { url: string; assets: ExistingAsset[] } | { alreadyPublished: true };

/** Publishes a draft whose assets are uploaded; a lost answer is checked by reading the release. */
export async function publishDraft(gh: GitHub, repo: RepoRef, id: number, makeLatest?: 'true' | 'false' | 'legacy'): Promise<PublishResult> {
  try {
    const response = await gh.call(`Publishing release ${id}`, (rest) =>
      rest.rest.repos.updateRelease({ ...repo, release_id: id, draft: false, ...(makeLatest ? { make_latest: makeLatest } : {}) })
    );
    return { url: response.data.html_url, assets: (response.data.assets as RawAsset[]).map(toAsset) };
  } catch (error) {
    // GitHub keeps one published release per tag: another run published its own draft first.
    if (error instanceof ApiError && error.status === 422 && /already_exists/.test(error.detail)) return { alreadyPublished: true };
    if (!(error instanceof ApiError) || !error.outcomeUnknown) throw error;
    readBackInReserve(gh, error);
    const release = await gh.call(`Reading release ${id}`, (rest) => rest.rest.repos.getRelease({ ...repo, release_id: id }));
    if (release.data.draft) throw error;
    return { url: release.data.html_url, assets: (release.data.assets as RawAsset[]).map(toAsset) };
  }
}
