/** A commit in a release's range and the pull requests that vouch for it, as gathered from GitHub. */

/** A pull request an association named that does not vouch for the commit, and why. */
export interface IgnoredAssociation {
  /** `owner/name#number`. */
  pullRequest: string;
  why: string;
}

export interface CommitFacts {
  sha: string;
  headline: string;
  /** Merged pull requests of this repository that brought this commit into the range (numbers into `pullRequests`). */
  pullRequests: number[];
  /** Pull requests GitHub associates with the commit that do not vouch for it (other branches, forks, closed, ...). */
  ignored: IgnoredAssociation[];
  /** True when the association was empty and was read again (REST `commits/{sha}/pulls`) before deciding. */
  rechecked: boolean;
}
