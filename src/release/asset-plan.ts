/**
 * What to do with each file of `files` given the assets a release already has. Pure.
 *
 * - An asset with the same name and size is kept (a re-run after a failure part-way resumes).
 * - One with the same name and another size is replaced, while the release is a draft.
 * - A published release is never modified: a missing or different asset there is reported, not fixed.
 * - Assets the release has that `files` does not name are left alone.
 */
import type { AssetFile } from './asset-files.js';

export interface ExistingAsset {
  id: number;
  name: string;
  size: number;
  url: string;
}

export type AssetStep =
  | { kind: 'keep'; file: AssetFile; asset: ExistingAsset }
  | { kind: 'upload'; file: AssetFile }
  | { kind: 'replace'; file: AssetFile; asset: ExistingAsset }
  /** The release is published: this file is missing there (asset null) or differs; nothing is changed. */
  | { kind: 'locked'; file: AssetFile; asset: ExistingAsset | null };

export function planAssets(files: AssetFile[], existing: ExistingAsset[], draft: boolean): AssetStep[] {
  const byName = new Map(existing.map((a) => [a.name, a]));
  return files.map((file): AssetStep => {
    const asset = byName.get(file.name);
    if (asset && asset.size === file.size) return { kind: 'keep', file, asset };
    if (!draft) return { kind: 'locked', file, asset: asset ?? null };
    return asset ? { kind: 'replace', file, asset } : { kind: 'upload', file };
  });
}

/** What happened to a file, after its name: `(12 bytes): uploaded`. */
export function stepDetail(step: AssetStep): string {
  const size = `${step.file.size} bytes`;
  switch (step.kind) {
    case 'keep':
      return `(${size}): already uploaded, kept`;
    case 'upload':
      return `(${size}): uploaded`;
    case 'replace':
      return `(${size}): replaced the ${step.asset.size}-byte asset of that name`;
    case 'locked':
      return step.asset
        ? `(${size}): the published release has a ${step.asset.size}-byte asset of that name; a published release is never modified`
        : `(${size}): missing from the published release, which is never modified`;
  }
}

/** One line per step, for the log. */
export function describeStep(step: AssetStep): string {
  return `${step.file.name} ${stepDetail(step)}`;
}
