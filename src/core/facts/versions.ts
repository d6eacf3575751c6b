/** What the next version is counted from: published releases and the labels of the pull requests released, as gathered from GitHub. */

export interface PublishedRelease {
  tag: string;
  prerelease: boolean;
}

export interface VersionPullRequest {
  number: number;
  title: string;
  labels: string[];
}
