/**
 * The details of the pull requests that vouch for a release's commits: their commits (who
 * authored and committed each, which only merge the base in), changed files with the old path of
 * renames, complete label history and current labels, and what GitHub recorded about pushes to
 * a fork's branch (force pushes, the head commit's check suites).
 *
 * Up to 100 pull requests are read per request by node id. Their connections are not nested in
 * another connection, so GitHub charges each once, whatever its `first`: one point per batch. A
 * connection that is full is read on in follow-up requests, up to 50 pull requests each.
 */
import type { GitHub } from '../core/github/client.js';
import type { ChangedFile, Push, PullRequestCommit } from '../core/facts/pull-requests.js';
import type { Actor, LabelEvent } from '../core/labels.js';
import type { RepoRef } from './deployments.js';

export const DETAILS_PER_REQUEST = 100;
const FOLLOW_UPS_PER_REQUEST = 50;
const TIMELINE_TYPES = '[LABELED_EVENT, UNLABELED_EVENT, HEAD_REF_FORCE_PUSHED_EVENT, BASE_REF_CHANGED_EVENT]';

const LABELS = 'pageInfo { hasNextPage endCursor } nodes { name }';
const COMMITS = `totalCount pageInfo { hasNextPage endCursor }
      nodes { commit { id oid messageHeadline author { email user { login } } committer { email user { login } } } }`;
const FILES = 'totalCount pageInfo { hasNextPage endCursor } nodes { path changeType }';
const TIMELINE = `pageInfo { hasPreviousPage startCursor }
      nodes {
        __typename
        ... on LabeledEvent { createdAt actor { login __typename } label { name } }
        ... on UnlabeledEvent { createdAt actor { login __typename } label { name } }
        ... on HeadRefForcePushedEvent { createdAt actor { login __typename } afterCommit { oid } }
        ... on BaseRefChangedEvent { createdAt actor { login __typename } previousRefName currentRefName }
      }`;

export const DETAILS_QUERY = /* GraphQL */ `
  query ReleasePullRequests($ids: [ID!]!, $withFiles: Boolean!, $withCommits: Boolean!) {
    nodes(ids: $ids) {
      ... on PullRequest {
        id
        number
        title
        url
        createdAt
        mergedAt
        baseRefName
        headRefName
        headRefOid
        isCrossRepository
        baseRepository { nameWithOwner }
        mergeCommit { oid }
        author { login __typename }
        labels(first: 100) { ${LABELS} }
        commits(first: 100) @include(if: $withCommits) { ${COMMITS} }
        files(first: 100) @include(if: $withFiles) { ${FILES} }
        timelineItems(last: 100, itemTypes: ${TIMELINE_TYPES}) { ${TIMELINE} }
        head: commits(last: 1) @include(if: $withCommits) { nodes { commit { oid checkSuites(first: 20) { nodes { createdAt } } } } }
      }
    }
  }
`;

/** Which connection a follow-up reads on, and how. */
const MORE = {
  labels: { field: 'labels', args: 'first: 100, after: $c', body: LABELS },
  commits: { field: 'commits', args: 'first: 100, after: $c', body: COMMITS },
  files: { field: 'files', args: 'first: 100, after: $c', body: FILES },
  timeline: { field: 'timelineItems', args: `last: 100, before: $c, itemTypes: ${TIMELINE_TYPES}`, body: TIMELINE }
} as const;
type MoreKind = keyof typeof MORE;

/** A follow-up document: `count` pull requests by id, each with one connection read on from a cursor. */
export function followUpQuery(kind: MoreKind, count: number): string {
  const { field, args, body } = MORE[kind];
  const vars = Array.from({ length: count }, (_, i) => `$id${i}: ID!, $c${i}: String`).join(', ');
  const parts = Array.from(
    { length: count },
    (_, i) => `p${i}: node(id: $id${i}) { ... on PullRequest { ${field}(${args.replace('$c', `$c${i}`)}) { ${body} } } }`
  );
  return `query ReleasePullRequestsMore(${vars}) {\n  ${parts.join('\n  ')}\n}`;
}

export const PARENTS_QUERY = /* GraphQL */ `
  query ReleaseMergeParents($ids: [ID!]!) {
    nodes(ids: $ids) { ... on Commit { oid parents(first: 2) { nodes { oid } } } }
  }
`;

interface RawActor {
  login: string;
  __typename: string;
}
interface RawGitActor {
  email: string | null;
  user: { login: string } | null;
}
interface RawCommitNode {
  commit: { id: string; oid: string; messageHeadline: string; author: RawGitActor | null; committer: RawGitActor | null };
}
interface RawTimelineItem {
  __typename: string;
  createdAt?: string;
  actor?: RawActor | null;
  label?: { name: string };
  afterCommit?: { oid: string } | null;
  previousRefName?: string;
  currentRefName?: string;
}
interface Page<T> {
  totalCount?: number;
  pageInfo: { hasNextPage?: boolean; endCursor?: string | null; hasPreviousPage?: boolean; startCursor?: string | null };
  nodes: T[];
}
interface RawDetails {
  id: string;
  number: number;
  title: string;
  url: string;
  createdAt: string;
  mergedAt: string | null;
  baseRefName: string;
  headRefName: string;
  headRefOid: string;
  isCrossRepository: boolean;
  baseRepository: { nameWithOwner: string } | null;
  mergeCommit: { oid: string } | null;
  author: RawActor | null;
  labels: Page<{ name: string }>;
  commits?: Page<RawCommitNode>;
  files?: Page<{ path: string; changeType: string }>;
  timelineItems: Page<RawTimelineItem>;
  head?: { nodes: Array<{ commit: { oid: string; checkSuites: { nodes: Array<{ createdAt: string }> } } }> };
}

/** Everything read about one pull request, before its pushes are bounded. */
export interface PullRequestDetails {
  id: string;
  repository: string;
  number: number;
  title: string;
  url: string;
  author: Actor;
  createdAt: Date;
  mergedAt: Date | null;
  baseRef: string;
  headRef: string;
  headSha: string;
  mergeCommit: string | null;
  fromFork: boolean;
  labels: string[];
  labelEvents: LabelEvent[];
  /** Null when not asked for, or when GitHub lists fewer than the pull request has (it lists at most 250). */
  commits: PullRequestCommit[] | null;
  /** Null when not asked for, or when GitHub lists fewer than the pull request changes (at most 3,000). */
  files: ChangedFile[] | null;
  /** Force pushes the timeline records, oldest first. */
  forcePushes: Push[];
  /** When check suites were created for the head commit, oldest first. */
  headCheckSuites: Date[];
  /** Changes of the base branch the timeline records, oldest first: each changes what the pull request brings, without a push. */
  baseChanges: BaseChange[];
}

export interface BaseChange {
  at: Date;
  actor: Actor | null;
  from: string;
  to: string;
}

/**
 * Who a label event or pull request names when GitHub shows no actor (a deleted account). Not a
 * login anyone can have or list as an approver (REST shows such an account as `ghost`), so
 * nothing it did counts.
 */
export const DELETED_ACCOUNT = '(deleted account)';

/** GraphQL names bots without the `[bot]` suffix that REST and users write (`dependabot[bot]`): add it back. */
export function toActor(raw: RawActor | null | undefined): Actor {
  if (!raw) return { login: DELETED_ACCOUNT, isBot: false };
  const isBot = raw.__typename === 'Bot' || /\[bot\]$/i.test(raw.login);
  return { login: isBot && !/\[bot\]$/i.test(raw.login) ? `${raw.login}[bot]` : raw.login, isBot };
}

/**
 * The account GitHub attributes a commit's author or committer to: the user it maps the email to,
 * or, for a bot (GraphQL's `user` is a User, never a Bot), the login in its noreply address
 * (`49699333+dependabot[bot]@users.noreply.github.com`). Null when the email maps to nobody.
 */
export function gitActor(raw: RawGitActor | null): Actor | null {
  if (!raw) return null;
  if (raw.user) return { login: raw.user.login, isBot: /\[bot\]$/i.test(raw.user.login) };
  const noreply = /^(?:\d+\+)?([^@+]+)@users\.noreply\.github\.com$/i.exec(raw.email ?? '');
  const login = noreply?.[1];
  return login ? { login, isBot: /\[bot\]$/i.test(login) } : null;
}

const CHANGE: Record<string, ChangedFile['change']> = {
  ADDED: 'added',
  DELETED: 'removed',
  RENAMED: 'renamed',
  COPIED: 'copied',
  MODIFIED: 'modified',
  CHANGED: 'changed'
};

/**
 * What to read besides identity, labels and complete label history: changed files, and commits
 * with the head commit's check suites (`withCommits`, default true: release-action's approvals
 * need them; deploy-action's emergency does not).
 */
export interface DetailsOptions {
  withFiles: boolean;
  withCommits?: boolean;
}

/** The details of pull requests by node id, every connection complete. */
export async function readPullRequestDetails(gh: GitHub, repo: RepoRef, ids: string[], options: DetailsOptions): Promise<PullRequestDetails[]> {
  const withCommits = options.withCommits ?? true;
  const raws: RawDetails[] = [];
  for (let i = 0; i < ids.length; i += DETAILS_PER_REQUEST) {
    const batch = ids.slice(i, i + DETAILS_PER_REQUEST);
    const result = await gh.graphql<{ nodes: Array<RawDetails | null> }>(
      `Reading ${batch.length} pull request${batch.length === 1 ? '' : 's'}`,
      DETAILS_QUERY,
      { ids: batch, withFiles: options.withFiles, withCommits }
    );
    result.nodes.forEach((node, index) => {
      if (!node) throw new Error(`GitHub did not return pull request ${batch[index] ?? '?'}`);
      raws.push(node);
    });
  }
  await completeConnections(gh, raws, options.withFiles);
  const details = raws.map((raw) => toDetails(raw, options.withFiles));
  if (withCommits) await markBaseMerges(gh, details);
  if (options.withFiles) await readRenames(gh, repo, details);
  return details;
}

/** Reads on every connection a first page did not hold. */
async function completeConnections(gh: GitHub, raws: RawDetails[], withFiles: boolean): Promise<void> {
  const pending = (kind: MoreKind, raw: RawDetails): string | null => {
    if (kind === 'labels') return raw.labels.pageInfo.hasNextPage ? (raw.labels.pageInfo.endCursor ?? null) : null;
    if (kind === 'commits') return raw.commits?.pageInfo.hasNextPage ? (raw.commits.pageInfo.endCursor ?? null) : null;
    if (kind === 'files') return withFiles && raw.files?.pageInfo.hasNextPage ? (raw.files.pageInfo.endCursor ?? null) : null;
    return raw.timelineItems.pageInfo.hasPreviousPage ? (raw.timelineItems.pageInfo.startCursor ?? null) : null;
  };
  for (const kind of Object.keys(MORE) as MoreKind[]) {
    for (;;) {
      const open = raws.map((raw) => ({ raw, cursor: pending(kind, raw) })).filter((x): x is { raw: RawDetails; cursor: string } => x.cursor !== null);
      if (open.length === 0) break;
      for (let i = 0; i < open.length; i += FOLLOW_UPS_PER_REQUEST) {
        const batch = open.slice(i, i + FOLLOW_UPS_PER_REQUEST);
        const variables: Record<string, unknown> = {};
        batch.forEach((x, j) => {
          variables[`id${j}`] = x.raw.id;
          variables[`c${j}`] = x.cursor;
        });
        const result = await gh.graphql<Record<string, Record<string, Page<never>> | null>>(
          `Reading more ${kind === 'timeline' ? 'label history' : kind} of ${batch.length} pull request${batch.length === 1 ? '' : 's'}`,
          followUpQuery(kind, batch.length),
          variables
        );
        batch.forEach((x, j) => {
          const page = result[`p${j}`]?.[MORE[kind].field];
          if (!page) throw new Error(`GitHub did not return more ${kind} of pull request #${x.raw.number}`);
          append(kind, x.raw, page);
        });
      }
    }
  }
}

function append(kind: MoreKind, raw: RawDetails, page: Page<never>): void {
  if (kind === 'timeline') {
    raw.timelineItems = { pageInfo: page.pageInfo, nodes: [...(page.nodes as RawTimelineItem[]), ...raw.timelineItems.nodes] };
  } else if (kind === 'labels') {
    raw.labels = { pageInfo: page.pageInfo, nodes: [...raw.labels.nodes, ...(page.nodes as Array<{ name: string }>)] };
  } else if (kind === 'commits' && raw.commits) {
    raw.commits = { ...raw.commits, pageInfo: page.pageInfo, nodes: [...raw.commits.nodes, ...(page.nodes as RawCommitNode[])] };
  } else if (raw.files) {
    raw.files = { ...raw.files, pageInfo: page.pageInfo, nodes: [...raw.files.nodes, ...(page.nodes as Array<{ path: string; changeType: string }>)] };
  }
}

/** Commit ids (for the merge-parent check), by sha. */
const commitIds = new WeakMap<PullRequestDetails, Map<string, string>>();

function toDetails(raw: RawDetails, withFiles: boolean): PullRequestDetails {
  const labelEvents: LabelEvent[] = [];
  const forcePushes: Push[] = [];
  const baseChanges: BaseChange[] = [];
  for (const item of raw.timelineItems.nodes) {
    if (!item.createdAt) continue;
    if ((item.__typename === 'LabeledEvent' || item.__typename === 'UnlabeledEvent') && item.label) {
      labelEvents.push({ action: item.__typename === 'LabeledEvent' ? 'labeled' : 'unlabeled', label: item.label.name, actor: toActor(item.actor), at: new Date(item.createdAt) });
    } else if (item.__typename === 'HeadRefForcePushedEvent') {
      forcePushes.push({ at: new Date(item.createdAt), actor: item.actor ? toActor(item.actor) : null, kind: 'force-push', after: item.afterCommit?.oid ?? null });
    } else if (item.__typename === 'BaseRefChangedEvent') {
      baseChanges.push({ at: new Date(item.createdAt), actor: item.actor ? toActor(item.actor) : null, from: item.previousRefName ?? '?', to: item.currentRefName ?? '?' });
    }
  }
  // Stable: equal times keep the timeline's order.
  labelEvents.sort((a, b) => a.at.getTime() - b.at.getTime());
  forcePushes.sort((a, b) => a.at.getTime() - b.at.getTime());
  baseChanges.sort((a, b) => a.at.getTime() - b.at.getTime());
  const ids = new Map<string, string>();
  const commits: PullRequestCommit[] = (raw.commits?.nodes ?? []).map(({ commit }) => {
    ids.set(commit.oid, commit.id);
    return { sha: commit.oid, headline: commit.messageHeadline, author: gitActor(commit.author), committer: gitActor(commit.committer), mergesBase: false };
  });
  const head = raw.head?.nodes[0]?.commit;
  // GitHub stops listing a pull request's commits at 250 and its files at 3,000: a partial list is no list.
  const allCommits = raw.commits !== undefined && (raw.commits.totalCount ?? commits.length) <= commits.length;
  const files = withFiles && raw.files && (raw.files.totalCount ?? raw.files.nodes.length) <= raw.files.nodes.length ? raw.files : null;
  const details: PullRequestDetails = {
    id: raw.id,
    repository: raw.baseRepository?.nameWithOwner ?? '',
    number: raw.number,
    title: raw.title,
    url: raw.url,
    author: toActor(raw.author),
    createdAt: new Date(raw.createdAt),
    mergedAt: raw.mergedAt ? new Date(raw.mergedAt) : null,
    baseRef: raw.baseRefName,
    headRef: raw.headRefName,
    headSha: raw.headRefOid,
    mergeCommit: raw.mergeCommit?.oid ?? null,
    fromFork: raw.isCrossRepository,
    labels: raw.labels.nodes.map((l) => l.name),
    labelEvents,
    commits: allCommits ? commits : null,
    files: files ? files.nodes.map((f) => ({ path: f.path, previousPath: null, change: CHANGE[f.changeType] ?? 'changed' })) : null,
    forcePushes,
    baseChanges,
    headCheckSuites:
      head && head.oid === raw.headRefOid ? head.checkSuites.nodes.map((s) => new Date(s.createdAt)).sort((a, b) => a.getTime() - b.getTime()) : []
  };
  commitIds.set(details, ids);
  return details;
}

/** `Merge branch 'main' into topic`, `Merge remote-tracking branch 'origin/main'`: the branch merged in. */
function mergedBranch(headline: string): string | null {
  return /^Merge (?:remote-tracking )?branch '([^']+)'/.exec(headline)?.[1] ?? null;
}

/**
 * Marks the commits that only merge the base branch in (GitHub's "Update branch", or a local
 * `git merge main`): a merge commit one of whose parents is not a commit of the pull request, so
 * it comes from the base. Only commits whose message says they merge the base are checked.
 */
async function markBaseMerges(gh: GitHub, details: PullRequestDetails[]): Promise<void> {
  const candidates: Array<{ pr: PullRequestDetails; commit: PullRequestCommit; id: string }> = [];
  for (const pr of details) {
    const ids = commitIds.get(pr);
    for (const commit of pr.commits ?? []) {
      const branch = mergedBranch(commit.headline);
      const id = ids?.get(commit.sha);
      if (id && branch !== null && (branch === pr.baseRef || branch.endsWith(`/${pr.baseRef}`))) candidates.push({ pr, commit, id });
    }
  }
  for (let i = 0; i < candidates.length; i += DETAILS_PER_REQUEST) {
    const batch = candidates.slice(i, i + DETAILS_PER_REQUEST);
    const result = await gh.graphql<{ nodes: Array<{ oid: string; parents: { nodes: Array<{ oid: string }> } } | null> }>(
      `Reading the parents of ${batch.length} merge commit${batch.length === 1 ? '' : 's'}`,
      PARENTS_QUERY,
      { ids: batch.map((c) => c.id) }
    );
    batch.forEach(({ pr, commit }, j) => {
      const parents = result.nodes[j]?.parents.nodes.map((p) => p.oid) ?? [];
      const own = new Set((pr.commits ?? []).map((c) => c.sha));
      commit.mergesBase = parents.length >= 2 && parents.some((p) => !own.has(p));
    });
  }
}

interface RestFile {
  filename: string;
  status: ChangedFile['change'];
  previous_filename?: string;
}

/** GraphQL gives a rename's new path only: for pull requests with renames or copies, REST gives the old one. */
async function readRenames(gh: GitHub, repo: RepoRef, details: PullRequestDetails[]): Promise<void> {
  for (const pr of details) {
    if (!pr.files?.some((f) => f.change === 'renamed' || f.change === 'copied')) continue;
    const expected = pr.files.length;
    const files: ChangedFile[] = [];
    for (let page = 1; page <= 30; page++) {
      const response = await gh.call(`Reading the files of pull request #${pr.number}`, (rest) =>
        rest.rest.pulls.listFiles({ ...repo, pull_number: pr.number, per_page: 100, page })
      );
      const list = response.data as unknown as RestFile[];
      for (const f of list) files.push({ path: f.filename, previousPath: f.previous_filename ?? null, change: f.status });
      if (list.length < 100) break;
    }
    pr.files = files.length >= expected ? files : null;
  }
}
