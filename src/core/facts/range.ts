/** Where a release's range could start: tags compared with the target, as gathered from GitHub. */

/** GitHub's comparison of a base with a head: `ahead` means the head is ahead of the base. */
export type CompareStatus = 'ahead' | 'behind' | 'identical' | 'diverged';

export interface RangeFacts {
  /** The `previous-tag` input, or null to start from the latest release that is an ancestor of the target. */
  previousTag: string | null;
  /** previous-tag compared with the target (base previous-tag, head target); null when the tag does not exist. */
  previousToTarget: CompareStatus | null;
  /**
   * Published, non-prerelease releases whose tag exists, newest first, each compared with the target
   * (base release tag, head target) and, when `previousTag` is set, with it (base release tag, head previous-tag).
   */
  releases: Array<{ tag: string; toTarget: CompareStatus; toPrevious: CompareStatus | null }>;
}
