/** Release assets: a file on the runner to upload, and an asset a release already has on GitHub. */

/** A file on the runner to upload as a release asset. */
export interface AssetFile {
  /** Absolute path on the runner. */
  path: string;
  /** The asset's name on the release: the file name. */
  name: string;
  size: number;
}

/** An asset a release already has on GitHub. */
export interface ExistingAsset {
  id: number;
  name: string;
  size: number;
  url: string;
  /** GitHub's `sha256:<hex>` of the asset's bytes; null when GitHub gives none. */
  digest: string | null;
}
