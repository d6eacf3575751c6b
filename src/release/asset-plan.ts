/**
 * What to do with each file of `files` given the assets a release already has. Pure.
 *
 * - An asset with the same name and the same bytes (GitHub's SHA-256 `digest`) is kept: a re-run
 *   after a failure part-way resumes. Size alone proves nothing: anyone who can push could have
 *   uploaded other bytes of the same size to a draft prepared for the tag.
 * - One with the same name and other bytes (or no digest) is replaced, while the release is a draft.
 * - Assets a draft has that `files` does not name are removed: the published release carries
 *   exactly the files this run uploaded, nothing someone else put there.
 * - A published release is never modified: a missing or different asset there is reported, not fixed.
 */
import type { AssetFile, ExistingAsset } from '../core/facts/assets.js';

export type { ExistingAsset } from '../core/facts/assets.js';

export type AssetStep =
  | { kind: 'keep'; file: AssetFile; asset: ExistingAsset }
  | { kind: 'upload'; file: AssetFile }
  | { kind: 'replace'; file: AssetFile; asset: ExistingAsset }
  /** The release is published: this file is missing there (asset null) or differs; nothing is changed. */
  | { kind: 'locked'; file: AssetFile; asset: ExistingAsset | null }
  /** On a draft, an asset `files` does not name: deleted before the release is published. */
  | { kind: 'remove'; asset: ExistingAsset };

/** `digests`: each file's `sha256:<hex>`, by name. */
export function planAssets(files: AssetFile[], existing: ExistingAsset[], draft: boolean, digests: ReadonlyMap<string, string>): AssetStep[] {
  const byName = new Map(existing.map((a) => [a.name, a]));
  const same = (file: AssetFile, asset: ExistingAsset) => asset.size === file.size && asset.digest !== null && asset.digest === digests.get(file.name);
  const steps = files.map((file): AssetStep => {
    const asset = byName.get(file.name);
    if (asset && same(file, asset)) return { kind: 'keep', file, asset };
    if (!draft) return { kind: 'locked', file, asset: asset ?? null };
    return asset ? { kind: 'replace', file, asset } : { kind: 'upload', file };
  });
  if (!draft) return steps;
  const named = new Set(files.map((f) => f.name));
  return [...existing.filter((a) => !named.has(a.name)).map((asset): AssetStep => ({ kind: 'remove', asset })), ...steps];
}

/** What happened to a file, after its name: `(12 bytes): uploaded`. */
export function stepDetail(step: AssetStep): string {
  if (step.kind === 'remove') return `(${step.asset.size} bytes): on the draft but not in files, removed`;
  const size = `${step.file.size} bytes`;
  switch (step.kind) {
    case 'keep':
      return `(${size}): already uploaded, kept`;
    case 'upload':
      return `(${size}): uploaded`;
    case 'replace':
      return step.asset.size === step.file.size
        ? `(${size}): replaced the asset of that name, whose bytes differ`
        : `(${size}): replaced the ${step.asset.size}-byte asset of that name`;
    case 'locked':
      return step.asset
        ? `(${size}): the published release has ${step.asset.size === step.file.size ? 'other bytes' : `a ${step.asset.size}-byte asset`} of that name; a published release is never modified`
        : `(${size}): missing from the published release, which is never modified`;
  }
}

/** The name a step is about. */
export const stepName = (step: AssetStep): string => (step.kind === 'remove' ? step.asset.name : step.file.name);

/** One line per step, for the log. */
export function describeStep(step: AssetStep): string {
  return `${stepName(step)} ${stepDetail(step)}`;
}
