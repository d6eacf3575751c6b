/**
 * The commit a deployment ref names and, when an emergency could matter, the pull requests that
 * brought it, with their labels and complete label history: where an emergency is declared.
 *
 * Both parts are release-action's readers, so both actions judge alike: the association and the
 * vouching rule of range.ts (a merged pull request of this repository whose merge commit is the
 * deployed commit or in its history), and the label history of pull-request-details.ts (every
 * label and label event, batched by node id; a deleted account's events name no one).
 *
 * GraphQL: 1 request for the commit and its associations, 1 per 100 pull requests (plus
 * follow-ups for label histories over 100 events). REST: a compare per emergency-labelled pull
 * request whose merge commit is not the deployed commit itself, and the association read again
 * when it holds more than a page or is empty minutes after the commit was made.
 */
import { FactError } from '../core/errors.js';
import type { GitHub } from '../core/github/client.js';
import type { LabelledPullRequest } from '../core/labels.js';
import { containsCommit } from './compare.js';
import type { RepoRef } from './deployments.js';
import { readPullRequestDetails } from './pull-request-details.js';
import { ASSOCIATION_FIELDS, readRange, vouching, whyNotMerged, type RawCommit } from './range.js';

export interface CommitPullRequest extends LabelledPullRequest {
  title: string;
  url: string;
}

export interface CommitFacts {
  /** Full SHA the ref resolves to. */
  sha: string;
  /** The pull requests carrying an emergency label now that vouch for the commit. */
  pullRequests: CommitPullRequest[];
}

const COMMIT_QUERY = /* GraphQL */ `
  query DeployCommit($owner: String!, $repo: String!, $ref: String!, $withPulls: Boolean!) {
    repository(owner: $owner, name: $repo) {
      object(expression: $ref) {
        __typename
        ... on Commit { oid ... @include(if: $withPulls) { ${ASSOCIATION_FIELDS} } }
        ... on Tag { target { __typename oid } }
      }
    }
  }
`;

interface RawObject extends Partial<RawCommit> {
  __typename: string;
  oid?: string;
  target?: { __typename: string; oid: string };
}

async function readObject(gh: GitHub, repo: RepoRef, ref: string, withPulls: boolean): Promise<RawObject> {
  const result = await gh.graphql<{ repository: { object: RawObject | null } | null }>(
    `Reading commit ${ref}${withPulls ? ' and the pull requests that brought it' : ''}`,
    COMMIT_QUERY,
    { owner: repo.owner, repo: repo.repo, ref, withPulls }
  );
  if (!result.repository) throw new FactError(`Repository ${repo.owner}/${repo.repo} cannot be read with this token.`);
  const object = result.repository.object;
  if (!object) throw new FactError(`The ref ${JSON.stringify(ref)} is not a commit in ${repo.owner}/${repo.repo}, so the deploy gate cannot be checked.`);
  return object;
}

/**
 * Resolves `ref` to a commit and, with `withPulls`, the pull requests vouching for it that carry
 * one of `emergencyLabels` now. Only those can change the deploy gate's decision, so only their
 * merge commits are compared with the deployed commit.
 */
export async function readCommit(
  gh: GitHub,
  repo: RepoRef,
  ref: string,
  options: { withPulls: boolean; emergencyLabels: string[]; now: Date }
): Promise<CommitFacts> {
  const { withPulls } = options;
  let object = await readObject(gh, repo, ref, withPulls);
  if (object.__typename === 'Tag' && object.target?.__typename === 'Commit') object = await readObject(gh, repo, object.target.oid, withPulls);
  if (object.__typename !== 'Commit' || !object.oid) {
    throw new FactError(`The ref ${JSON.stringify(ref)} is not a commit in ${repo.owner}/${repo.repo}, so the deploy gate cannot be checked.`);
  }
  const sha = object.oid;
  if (!withPulls) return { sha, pullRequests: [] };

  const repository = `${repo.owner}/${repo.repo}`;
  const range = await readRange(gh, repo, {
    target: sha,
    previousTag: null,
    scope: 'latest',
    now: options.now,
    prefetched: { target: object as RawCommit, firstPage: null }
  });
  const commit = range.commits[0];
  if (!commit) throw new FactError(`Commit ${sha} cannot be read.`);
  const candidates = commit.associations.filter((a) => a !== null && whyNotMerged(a, repository) === null);
  if (candidates.length === 0) return { sha, pullRequests: [] };

  const wanted = new Set(options.emergencyLabels.map((l) => l.toLowerCase()));
  const details = (await readPullRequestDetails(gh, repo, [...new Set(candidates.map((a) => a!.id))], { withFiles: false, withCommits: false })).filter(
    (pr) => pr.labels.some((l) => wanted.has(l.toLowerCase()))
  );
  // The deployed commit and those merge commits (of emergency-labelled pull requests) in its history.
  const included = new Set([sha.toLowerCase()]);
  for (const pr of details) {
    if (pr.mergeCommit && (await containsCommit(gh, repo, sha, pr.mergeCommit, 'the deployed'))) included.add(pr.mergeCommit.toLowerCase());
  }
  const { vouchers } = vouching(commit, { shas: included, described: `the deployed commit ${sha.slice(0, 7)} and its history` }, repository);
  const vouched = new Set(vouchers.map((a) => a.id));
  return {
    sha,
    pullRequests: details
      .filter((pr) => vouched.has(pr.id))
      .map((pr) => ({ number: pr.number, title: pr.title, url: pr.url, labels: pr.labels, labelEvents: pr.labelEvents }))
  };
}
