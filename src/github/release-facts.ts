/**
 * Gathers the facts a release decision needs, live from GitHub (never from the event payload):
 * the commits in the range with the merged pull requests that brought them, each pull request's
 * labels and label history, who the approvers are now, and where the target is deployed.
 *
 * Commits come 100 per GraphQL request together with their pull requests, labels and label
 * events, so the request count grows with the number of commits / 100, not with pull requests.
 */
import { ApiError, FactError } from '../core/errors.js';
import type { GitHub } from '../core/github/client.js';
import { currentApplications } from '../release/approvals.js';
import type {
  Actor,
  Approver,
  CommitFacts,
  LabelEvent,
  PersonFacts,
  PullRequestFacts,
  ReleaseFacts,
  ReleasePolicy
} from '../release/model.js';
import type { RepoRef } from './deployments.js';
import { isTeamMember } from './teams.js';
import { gatherEnvironment } from './environments.js';

const PULL_REQUEST_FIELDS = /* GraphQL */ `
  fragment PullRequestFacts on PullRequest {
    number
    title
    url
    merged
    mergedAt
    baseRefName
    isCrossRepository
    mergeCommit { oid }
    author { login __typename }
    labels(first: 100) { totalCount nodes { name } }
    commits(last: 1) { nodes { commit { oid committedDate } } }
    timelineItems(last: 100, itemTypes: [LABELED_EVENT, UNLABELED_EVENT, HEAD_REF_FORCE_PUSHED_EVENT]) {
      pageInfo { hasPreviousPage }
      nodes {
        __typename
        ... on LabeledEvent { createdAt actor { login __typename } label { name } }
        ... on UnlabeledEvent { createdAt actor { login __typename } label { name } }
        ... on HeadRefForcePushedEvent { createdAt }
      }
    }
    files(first: 100) @include(if: $withFiles) { totalCount nodes { path } }
  }
`;

const COMMIT_FIELDS = /* GraphQL */ `
  oid
  messageHeadline
  associatedPullRequests(first: 10) { nodes { ...PullRequestFacts } }
`;

const START_QUERY = /* GraphQL */ `
  query ReleaseStart($owner: String!, $repo: String!, $target: String!, $tag: String!) {
    repository(owner: $owner, name: $repo) {
      target: object(expression: $target) {
        __typename
        ... on Commit { oid }
        ... on Tag { target { __typename ... on Commit { oid } ... on Tag { target { __typename ... on Commit { oid } } } } }
      }
      latestRelease { tagName tagCommit { oid } }
      requested: release(tagName: $tag) { databaseId isDraft url tagCommit { oid } }
    }
  }
`;

const RANGE_QUERY = /* GraphQL */ `
  query ReleaseRange($owner: String!, $repo: String!, $base: String!, $head: String!, $cursor: String, $withFiles: Boolean!) {
    repository(owner: $owner, name: $repo) {
      ref(qualifiedName: $base) {
        compare(headRef: $head) {
          commits(first: 100, after: $cursor) {
            pageInfo { hasNextPage endCursor }
            nodes { ${COMMIT_FIELDS} }
          }
        }
      }
    }
  }
  ${PULL_REQUEST_FIELDS}
`;

const TARGET_QUERY = /* GraphQL */ `
  query ReleaseTarget($owner: String!, $repo: String!, $head: GitObjectID!, $withFiles: Boolean!) {
    repository(owner: $owner, name: $repo) {
      object(oid: $head) { ... on Commit { ${COMMIT_FIELDS} } }
    }
  }
  ${PULL_REQUEST_FIELDS}
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
  mergedAt: string | null;
  baseRefName: string;
  isCrossRepository: boolean;
  mergeCommit: { oid: string } | null;
  author: RawActor | null;
  labels: { totalCount: number; nodes: Array<{ name: string }> };
  commits: { nodes: Array<{ commit: { oid: string; committedDate: string } }> };
  timelineItems: {
    pageInfo: { hasPreviousPage: boolean };
    nodes: Array<{ __typename: string; createdAt?: string; actor?: RawActor | null; label?: { name: string } }>;
  };
  files?: { totalCount: number; nodes: Array<{ path: string }> };
}

interface RawCommit {
  oid: string;
  messageHeadline: string;
  associatedPullRequests: { nodes: RawPullRequest[] };
}

interface CommitPage {
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  nodes: RawCommit[];
}

export interface ReleaseStart {
  /** Full SHA of the target. */
  target: string;
  latestRelease: { tag: string; sha: string | null } | null;
  /** A published release that already has the requested tag. */
  existing: { id: number; url: string; sha: string | null } | null;
}

/** `object(expression:)` answers a commit, or for an annotated tag the tag object. */
interface TargetObject {
  __typename: string;
  oid?: string;
  target?: TargetObject;
}

/** Resolves the target commit, the latest release and any published release of the tag (one request). */
export async function gatherStart(gh: GitHub, repo: RepoRef, target: string, tag: string): Promise<ReleaseStart> {
  const result = await gh.graphql<{
    repository: {
      target: TargetObject | null;
      latestRelease: { tagName: string; tagCommit: { oid: string } | null } | null;
      requested: { databaseId: number; isDraft: boolean; url: string; tagCommit: { oid: string } | null } | null;
    } | null;
  }>('Reading the release target and latest release', START_QUERY, { owner: repo.owner, repo: repo.repo, target, tag });
  const repository = result.repository;
  if (!repository) throw new FactError(`Repository ${repo.owner}/${repo.repo} cannot be read with this token.`);
  // An annotated tag names its tag object: the commit is what it points at.
  let object = repository.target;
  while (object && object.__typename === 'Tag') object = object.target ?? null;
  if (!object || object.__typename !== 'Commit' || !object.oid) {
    throw new FactError(`The release target ${JSON.stringify(target)} is not a commit in ${repo.owner}/${repo.repo}.`);
  }
  const requested = repository.requested;
  return {
    target: object.oid,
    latestRelease: repository.latestRelease ? { tag: repository.latestRelease.tagName, sha: repository.latestRelease.tagCommit?.oid ?? null } : null,
    existing: requested && !requested.isDraft ? { id: requested.databaseId, url: requested.url, sha: requested.tagCommit?.oid ?? null } : null
  };
}

export interface GatherRequest {
  target: string;
  previousTag: string | null;
  policy: ReleasePolicy;
}

/** Gathers every fact the decision needs. Any fact that cannot be read throws: nothing is released. */
export async function gatherReleaseFacts(gh: GitHub, repo: RepoRef, request: GatherRequest): Promise<ReleaseFacts> {
  const { policy, target, previousTag } = request;
  const withFiles = policy.approval.standardChangePaths.length > 0;
  const vars = { owner: repo.owner, repo: repo.repo, withFiles };

  const rawCommits: RawCommit[] = [];
  if (policy.approval.scope === 'latest') {
    const result = await gh.graphql<{ repository: { object: RawCommit | null } | null }>(
      'Reading the pull request that brought the target',
      TARGET_QUERY,
      { ...vars, head: target }
    );
    const commit = result.repository?.object;
    if (!commit?.oid) throw new FactError(`Commit ${target} cannot be read.`);
    rawCommits.push(commit);
  } else if (previousTag) {
    await paginate(async (cursor) => {
      const result = await gh.graphql<{ repository: { ref: { compare: { commits: CommitPage } | null } | null } | null }>(
        `Reading the commits from ${previousTag} to ${target.slice(0, 7)}`,
        RANGE_QUERY,
        { ...vars, base: `refs/tags/${previousTag}`, head: target, cursor }
      );
      const ref = result.repository?.ref;
      if (!ref) throw new FactError(`The previous tag ${previousTag} does not exist, so the range of changes to release cannot be established.`);
      if (!ref.compare) throw new FactError(`GitHub cannot compare ${previousTag} with ${target}.`);
      rawCommits.push(...ref.compare.commits.nodes);
      return ref.compare.commits.pageInfo;
    });
  } else {
    // Every repository's history starts with commits nobody approved through a pull request.
    throw new FactError(
      `There is no published release to start from, so the pull requests to approve cannot be established. ` +
        `Set 'previous-tag' to the tag after which every change needs approval, or use 'approval-scope: latest'.`
    );
  }

  const pullRequests = new Map<number, PullRequestFacts>();
  const commits: CommitFacts[] = [];
  for (const raw of rawCommits) {
    const merged = raw.associatedPullRequests.nodes.filter((pr) => pr.merged);
    for (const pr of merged) if (!pullRequests.has(pr.number)) pullRequests.set(pr.number, toPullRequest(pr, `${repo.owner}/${repo.repo}`));
    commits.push({ sha: raw.oid, headline: raw.messageHeadline, pullRequests: merged.map((pr) => pr.number), ignored: [], rechecked: false });
  }
  // Compare lists oldest first: the facts are newest first.
  if (policy.approval.scope === 'all') commits.reverse();

  const prs = [...pullRequests.values()].sort((a, b) => a.number - b.number);
  const [people, deployments] = await Promise.all([
    gatherPeople(gh, repo, prs, policy),
    Promise.all(policy.requireDeployment.map((environment) => gatherEnvironment(gh, repo, target, environment)))
  ]);
  return { target, previousTag, commits, pullRequests: prs, people, deployments };
}

async function paginate(fetchPage: (cursor: string | null) => Promise<{ hasNextPage: boolean; endCursor: string | null }>): Promise<void> {
  let cursor: string | null = null;
  for (;;) {
    const info = await fetchPage(cursor);
    if (!info.hasNextPage || !info.endCursor) return;
    cursor = info.endCursor;
  }
}

/** GraphQL names bots without the `[bot]` suffix that REST and users write (`dependabot[bot]`): add it back. */
function toActor(raw: RawActor | null | undefined): Actor {
  if (!raw) return { login: 'ghost', isBot: false };
  const isBot = raw.__typename === 'Bot' || /\[bot\]$/i.test(raw.login);
  return { login: isBot && !/\[bot\]$/i.test(raw.login) ? `${raw.login}[bot]` : raw.login, isBot };
}

function toPullRequest(raw: RawPullRequest, repository: string): PullRequestFacts {
  const events: LabelEvent[] = [];
  let lastPush = raw.commits.nodes[0]?.commit.committedDate ?? raw.mergedAt ?? '1970-01-01T00:00:00Z';
  for (const item of raw.timelineItems.nodes) {
    if (item.__typename === 'HeadRefForcePushedEvent' && item.createdAt && item.createdAt > lastPush) lastPush = item.createdAt;
    if ((item.__typename === 'LabeledEvent' || item.__typename === 'UnlabeledEvent') && item.createdAt && item.label) {
      events.push({
        action: item.__typename === 'LabeledEvent' ? 'labeled' : 'unlabeled',
        label: item.label.name,
        actor: toActor(item.actor),
        at: new Date(item.createdAt)
      });
    }
  }
  events.sort((a, b) => a.at.getTime() - b.at.getTime());
  if (raw.labels.totalCount > raw.labels.nodes.length) {
    throw new FactError(`Pull request #${raw.number} has ${raw.labels.totalCount} labels; Tollgate reads at most 100 and cannot establish its approvals.`);
  }
  const files =
    raw.files && raw.files.totalCount <= raw.files.nodes.length
      ? raw.files.nodes.map((f) => ({ path: f.path, previousPath: null, change: 'modified' as const }))
      : null;
  return {
    repository,
    number: raw.number,
    title: raw.title,
    url: raw.url,
    author: toActor(raw.author),
    baseRef: raw.baseRefName,
    mergedAt: raw.mergedAt ? new Date(raw.mergedAt) : null,
    mergeCommit: raw.mergeCommit?.oid ?? null,
    fromFork: raw.isCrossRepository,
    lastPushAt: new Date(lastPush),
    pushSource: 'head commit date or last force push',
    pushes: null,
    commits: null,
    labels: raw.labels.nodes.map((l) => l.name),
    // The newest 100 label events hold the last application of every label applied now, unless
    // a label's application is older than that window: then its applier stays unknown and it does not count.
    labelEvents: events,
    files
  };
}

/** Team membership and repository permission of everyone who applied an approval or emergency label, checked now. */
async function gatherPeople(gh: GitHub, repo: RepoRef, prs: PullRequestFacts[], policy: ReleasePolicy): Promise<Record<string, PersonFacts>> {
  const { approval } = policy;
  const appliers = new Map<string, Actor>();
  for (const pr of prs) {
    for (const application of currentApplications(pr, [...approval.labels, ...approval.emergencyLabels])) {
      if (application.actor && !application.actor.isBot) appliers.set(application.actor.login.toLowerCase(), application.actor);
    }
  }
  // A team matters for someone only in a list that does not already name them by login.
  const teamsFor = (login: string) =>
    uniqueTeams(
      [approval.approvers, approval.emergencyApprovers].flatMap((list) =>
        list.some((a) => a.kind === 'user' && a.login.toLowerCase() === login.toLowerCase()) ? [] : list
      )
    );
  const people: Record<string, PersonFacts> = {};
  await Promise.all(
    [...appliers.values()].map(async (actor) => {
      const person: PersonFacts = { login: actor.login, teams: [] };
      const checks: Array<Promise<void>> = teamsFor(actor.login).map(async (team) => {
        if (await isTeamMember(gh, team, actor.login)) person.teams.push(`${team.org}/${team.slug}`.toLowerCase());
      });
      if (approval.approvers.length === 0) {
        checks.push(
          permissionOf(gh, repo, actor.login).then((permission) => {
            person.permission = permission;
          })
        );
      }
      await Promise.all(checks);
      person.teams.sort();
      people[actor.login.toLowerCase()] = person;
    })
  );
  return people;
}

function uniqueTeams(approvers: Approver[]): Array<{ org: string; slug: string }> {
  const seen = new Map<string, { org: string; slug: string }>();
  for (const a of approvers) if (a.kind === 'team') seen.set(`${a.org}/${a.slug}`.toLowerCase(), { org: a.org, slug: a.slug });
  return [...seen.values()];
}

async function permissionOf(gh: GitHub, repo: RepoRef, login: string): Promise<NonNullable<PersonFacts['permission']>> {
  try {
    const response = await gh.call(`Reading ${login}'s permission on ${repo.owner}/${repo.repo}`, (rest) =>
      rest.rest.repos.getCollaboratorPermissionLevel({ ...repo, username: login })
    );
    const data = response.data as { permission: string; role_name?: string };
    const role = (data.role_name ?? data.permission).toLowerCase();
    if (role === 'admin' || role === 'maintain' || role === 'write' || role === 'triage' || role === 'read') return role;
    return data.permission === 'admin' || data.permission === 'write' || data.permission === 'read' ? data.permission : 'none';
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return 'none';
    if (error instanceof ApiError && error.status === 403) {
      throw new FactError(`The token cannot read ${login}'s permission on the repository (HTTP 403), so their approval cannot be checked.`);
    }
    throw error;
  }
}
