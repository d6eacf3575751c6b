/**
 * The merged pull requests of this repository that brought a commit, with their labels and
 * label history: where an emergency is declared for a deployment. One GraphQL request, plus
 * one compare per emergency-labelled pull request whose merge commit is not the commit itself.
 */
import { FactError } from '../core/errors.js';
import type { GitHub } from '../core/github/client.js';
import type { Actor, LabelEvent, LabelledPullRequest } from '../core/labels.js';
import type { RepoRef } from './deployments.js';

export interface CommitPullRequest extends LabelledPullRequest {
  title: string;
  url: string;
}

export interface CommitFacts {
  /** Full SHA the ref resolves to. */
  sha: string;
  pullRequests: CommitPullRequest[];
}

const PULL_REQUEST_FIELDS = /* GraphQL */ `
  number
  title
  url
  merged
  baseRepository { nameWithOwner }
  mergeCommit { oid }
  labels(first: 100) { totalCount nodes { name } }
  timelineItems(last: 100, itemTypes: [LABELED_EVENT, UNLABELED_EVENT]) {
    nodes {
      __typename
      ... on LabeledEvent { createdAt actor { login __typename } label { name } }
      ... on UnlabeledEvent { createdAt actor { login __typename } label { name } }
    }
  }
`;

const COMMIT_QUERY = /* GraphQL */ `
  query DeployCommit($owner: String!, $repo: String!, $ref: String!, $withPulls: Boolean!) {
    repository(owner: $owner, name: $repo) {
      object(expression: $ref) {
        __typename
        ... on Commit { oid associatedPullRequests(first: 10) @include(if: $withPulls) { nodes { ${PULL_REQUEST_FIELDS} } } }
        ... on Tag { target { __typename oid } }
      }
    }
  }
`;

interface RawActor {
  login: string;
  __typename: string;
}

interface RawPullRequest {
  number: number;
  title: string;
  url: string;
  merged: boolean;
  baseRepository: { nameWithOwner: string } | null;
  mergeCommit: { oid: string } | null;
  labels: { totalCount: number; nodes: Array<{ name: string }> };
  timelineItems: { nodes: Array<{ __typename: string; createdAt?: string; actor?: RawActor | null; label?: { name: string } }> };
}

interface RawObject {
  __typename: string;
  oid?: string;
  associatedPullRequests?: { nodes: Array<RawPullRequest | null> };
  target?: { __typename: string; oid: string };
}

function toActor(raw: RawActor | null | undefined): Actor {
  if (!raw) return { login: 'ghost', isBot: false };
  const isBot = raw.__typename === 'Bot' || /\[bot\]$/i.test(raw.login);
  return { login: isBot && !/\[bot\]$/i.test(raw.login) ? `${raw.login}[bot]` : raw.login, isBot };
}

function toPullRequest(raw: RawPullRequest): CommitPullRequest {
  if (raw.labels.totalCount > raw.labels.nodes.length) {
    throw new FactError(`Pull request #${raw.number} has ${raw.labels.totalCount} labels; Tollgate reads at most 100 and cannot establish whether an emergency was declared.`);
  }
  const labelEvents: LabelEvent[] = [];
  for (const item of raw.timelineItems.nodes) {
    if ((item.__typename === 'LabeledEvent' || item.__typename === 'UnlabeledEvent') && item.createdAt && item.label) {
      labelEvents.push({
        action: item.__typename === 'LabeledEvent' ? 'labeled' : 'unlabeled',
        label: item.label.name,
        actor: toActor(item.actor),
        at: new Date(item.createdAt)
      });
    }
  }
  return { number: raw.number, title: raw.title, url: raw.url, labels: raw.labels.nodes.map((l) => l.name), labelEvents };
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
 * Resolves `ref` to a commit and, with `withPulls`, the merged pull requests of this repository
 * that brought it: those whose merge commit is the commit or contains it. Pull requests of forks,
 * unmerged ones and ones whose merge commit does not contain the commit are left out.
 * `emergencyLabels` limits the (costlier) containment check to pull requests that carry one.
 */
export async function readCommit(gh: GitHub, repo: RepoRef, ref: string, withPulls: boolean, emergencyLabels: string[] = []): Promise<CommitFacts> {
  let object = await readObject(gh, repo, ref, withPulls);
  if (object.__typename === 'Tag' && object.target?.__typename === 'Commit') object = await readObject(gh, repo, object.target.oid, withPulls);
  if (object.__typename !== 'Commit' || !object.oid) {
    throw new FactError(`The ref ${JSON.stringify(ref)} is not a commit in ${repo.owner}/${repo.repo}, so the deploy gate cannot be checked.`);
  }
  const sha = object.oid;
  const fullName = `${repo.owner}/${repo.repo}`.toLowerCase();
  const wanted = new Set(emergencyLabels.map((l) => l.toLowerCase()));
  const pullRequests: CommitPullRequest[] = [];
  for (const raw of object.associatedPullRequests?.nodes ?? []) {
    if (!raw || !raw.merged || !raw.mergeCommit) continue;
    if (raw.baseRepository?.nameWithOwner.toLowerCase() !== fullName) continue;
    // Only a pull request carrying an emergency label can change the decision: check that it brought the commit.
    if (!raw.labels.nodes.some((l) => wanted.has(l.name.toLowerCase()))) continue;
    if (raw.mergeCommit.oid !== sha && !(await contains(gh, repo, raw.mergeCommit.oid, sha))) continue;
    pullRequests.push(toPullRequest(raw));
  }
  return { sha, pullRequests };
}

/** True when `descendant` is `ancestor` or has it in its history. */
export async function contains(gh: GitHub, repo: RepoRef, descendant: string, ancestor: string): Promise<boolean> {
  if (descendant === ancestor) return true;
  const response = await gh.call(`Comparing ${ancestor.slice(0, 7)} with ${descendant.slice(0, 7)}`, (rest) =>
    rest.rest.repos.compareCommitsWithBasehead({ ...repo, basehead: `${ancestor}...${descendant}`, per_page: 1 })
  );
  return response.data.status === 'ahead' || response.data.status === 'identical';
}
