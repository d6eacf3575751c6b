/**
 * What GitHub records about a merged pull request: its changed files, commits, pushes and labels.
 * Facts the GitHub adapters gather and the release decision reads.
 */
import type { Actor, LabelEvent } from '../labels.js';

/** A file a pull request changes. */
export interface ChangedFile {
  path: string;
  /** The old path of a renamed or moved file (REST `previous_filename`); null otherwise. */
  previousPath: string | null;
  change: 'added' | 'modified' | 'removed' | 'renamed' | 'copied' | 'changed' | 'unchanged';
}

/** One commit of a pull request, as GitHub attributes it. */
export interface PullRequestCommit {
  sha: string;
  headline: string;
  /** The GitHub account the commit's author maps to; null when the author email maps to none. */
  author: Actor | null;
  /** The GitHub account of the committer; `web-flow` is GitHub itself (web edits, "Update branch"). Null when none. */
  committer: Actor | null;
  /**
   * True for a merge commit that only brings the pull request's base branch in (GitHub's
   * "Update branch", or merging the base locally): it adds no code of its own, so it does not
   * make its author a contributor.
   */
  mergesBase: boolean;
}

/** A push to a pull request's head branch, as GitHub recorded it. */
export interface Push {
  at: Date;
  /** Who pushed; null when the record does not say. */
  actor: Actor | null;
  kind: 'push' | 'force-push';
  /** The branch's head commit after the push, when recorded. */
  after: string | null;
}

export interface PullRequestFacts {
  /** `owner/name` of the repository the pull request belongs to (its base repository). */
  repository: string;
  number: number;
  title: string;
  url: string;
  author: Actor;
  /** The branch it was merged into. */
  baseRef: string;
  mergedAt: Date | null;
  /** The commit its merge created on the base branch (merge, squash or rebase), or null. */
  mergeCommit: string | null;
  /** True when the head branch lives in a fork (its pushes are not in this repository's activity). */
  fromFork: boolean;
  /**
   * When the head branch last changed, bounded by what GitHub records about pushes (not by
   * committer dates, which the committer sets): approvals before it are stale. Null when no
   * record bounds it: then no approval counts.
   */
  lastPushAt: Date | null;
  /** Where `lastPushAt` comes from, for the summary (e.g. `repository activity: push by @carol`). */
  pushSource: string;
  /** Every push GitHub recorded to the head branch, oldest first; null when no such record exists. */
  pushes: Push[] | null;
  /** The pull request's commits, oldest first; null when not gathered or not all could be read. */
  commits: PullRequestCommit[] | null;
  /** Labels on the pull request now. */
  labels: string[];
  /** Label events in chronological order (oldest first), complete. */
  labelEvents: LabelEvent[];
  /** Changed files, or null when not gathered or not all could be read. */
  files: ChangedFile[] | null;
}
