/**
 * GraphQL objects over the emulator's model. Each object carries its
 * `__typename` and its fields as values or as functions of the field's
 * arguments; a field an object does not carry is not implemented and fails
 * loudly (see run.ts), never as a silent null.
 */
import { GraphQLError } from 'graphql';
import { isoSeconds } from '../clock.js';
import { hasPermission, roleAtLeast } from '../state.js';
import type {
  Account,
  Commit,
  Deployment,
  DeploymentStatus,
  GitPerson,
  Issue,
  IssueEvent,
  Label,
  Org,
  PullRequest,
  Release,
  Repo,
  State,
  TagObject,
  Team,
  Token
} from '../state.js';
import type { Urls } from '../rest/serialize.js';

export interface GqlContext {
  state: State;
  token: Token;
  urls: Urls;
  unimplemented: string[];
}

export type Args = Record<string, unknown>;
export type GqlNode = { __typename: string; [field: string]: unknown };

const MAX_PAGE = 100;

export function gqlError(type: string, message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { type } });
}

/** Read access through any one of `permissions` (e.g. labels: `issues` or `pull_requests`, as GitHub grants them). */
function requirePermission(ctx: GqlContext, ...permissions: string[]): void {
  if (!permissions.some((permission) => hasPermission(ctx.token, permission, 'read'))) {
    throw gqlError('FORBIDDEN', ctx.token.kind === 'installation' ? 'Resource not accessible by integration' : 'Resource not accessible by personal access token');
  }
}

const iso = (d: Date): string => isoSeconds(d);
const b64 = (s: string): string => Buffer.from(s).toString('base64');

// ---------------------------------------------------------------------------
// Connections

function encodeCursor(index: number): string {
  return b64(`cursor:v2:${index}`);
}

function decodeCursor(cursor: unknown, name: string): number {
  if (typeof cursor !== 'string') throw gqlError('INVALID_CURSOR_ARGUMENTS', `\`${name}\` does not appear to be a valid cursor.`);
  const text = Buffer.from(cursor, 'base64').toString('utf8');
  const m = /^cursor:v2:(\d+)$/.exec(text);
  if (!m) throw gqlError('INVALID_CURSOR_ARGUMENTS', `\`${name}\` does not appear to be a valid cursor.`);
  return Number(m[1]);
}

/** A Relay connection over a complete list, honouring first/last/after/before. */
export function connection<T>(items: T[], args: Args, toNode: (item: T) => GqlNode, extra: Record<string, unknown> = {}): GqlNode {
  const first = typeof args.first === 'number' ? args.first : undefined;
  const last = typeof args.last === 'number' ? args.last : undefined;
  for (const [name, value] of [['first', first], ['last', last]] as const) {
    if (value !== undefined && value > MAX_PAGE) throw gqlError('EXCESSIVE_PAGINATION', `Requesting ${value} records on the connection exceeds the \`${name}\` limit of ${MAX_PAGE} records.`);
    if (value !== undefined && value < 0) throw gqlError('INVALID_PAGINATION', `\`${name}\` must be non-negative.`);
  }
  let start = 0;
  let end = items.length;
  if (args.after != null) start = Math.max(start, decodeCursor(args.after, 'after') + 1);
  if (args.before != null) end = Math.min(end, decodeCursor(args.before, 'before'));
  if (typeof args.skip === 'number') start += args.skip;
  if (end < start) end = start;
  if (first !== undefined) end = Math.min(end, start + first);
  if (last !== undefined) start = Math.max(start, end - last);
  const slice = items.slice(start, end);
  const nodes = slice.map(toNode);
  const edges = nodes.map((node, i) => ({ __typename: 'Edge', cursor: encodeCursor(start + i), node }));
  return {
    __typename: 'Connection',
    nodes,
    edges,
    totalCount: items.length,
    pageInfo: {
      __typename: 'PageInfo',
      hasNextPage: end < items.length,
      hasPreviousPage: start > 0,
      startCursor: slice.length > 0 ? encodeCursor(start) : null,
      endCursor: slice.length > 0 ? encodeCursor(end - 1) : null
    },
    ...extra
  };
}

function ordered<T>(items: T[], orderBy: unknown, dateOf: (item: T) => Date, tie: (item: T) => number): T[] {
  const order = (orderBy ?? {}) as { direction?: string };
  const sorted = [...items].sort((a, b) => dateOf(a).getTime() - dateOf(b).getTime() || tie(a) - tie(b));
  return order.direction === 'DESC' ? sorted.reverse() : sorted;
}

// ---------------------------------------------------------------------------
// Actors

function botSlug(account: Account): string {
  return account.app?.slug ?? account.login.replace(/\[bot\]$/, '');
}

/** An Actor as GraphQL shows it: bots are `Bot` and their login has no `[bot]` suffix. */
export function actorNode(account: Account, ctx: GqlContext): GqlNode {
  const bot = account.type === 'Bot';
  const login = bot ? botSlug(account) : account.login;
  const url = bot ? `${ctx.urls.web}/apps/${login}` : `${ctx.urls.web}/${account.login}`;
  const node: GqlNode = {
    __typename: bot ? 'Bot' : account.type === 'Organization' ? 'Organization' : 'User',
    id: account.nodeId,
    databaseId: account.id,
    login,
    url,
    resourcePath: new URL(url).pathname,
    avatarUrl: `https://avatars.githubusercontent.com/${bot && account.app ? `in/${account.app.id}` : `u/${account.id}`}?v=4`,
    createdAt: iso(account.createdAt),
    updatedAt: iso(account.createdAt)
  };
  if (!bot) {
    node.name = account.name;
    node.email = account.email ?? '';
  }
  return node;
}

/** A `User`-typed field: bots are not users, so they resolve to null; so do deleted accounts. */
function userOrNull(account: Account | null, ctx: GqlContext): GqlNode | null {
  return account && account.type === 'User' && !account.deleted ? actorNode(account, ctx) : null;
}

/** An `Actor` field: null for a deleted account (GitHub shows its past actions without an actor). */
function actorOrNull(account: Account, ctx: GqlContext): GqlNode | null {
  return account.deleted ? null : actorNode(account, ctx);
}

function gitActor(person: GitPerson, account: Account | null, ctx: GqlContext): GqlNode {
  return {
    __typename: 'GitActor',
    name: person.name,
    email: person.email,
    date: iso(person.date),
    user: userOrNull(account, ctx),
    avatarUrl: `https://avatars.githubusercontent.com/u/${account?.id ?? 0}?v=4`
  };
}

// ---------------------------------------------------------------------------
// Git objects

export function commitNode(repo: Repo, commit: Commit, ctx: GqlContext): GqlNode {
  const [headline = '', ...rest] = commit.message.split('\n');
  const url = `${ctx.urls.web}/${repo.fullName}/commit/${commit.sha}`;
  const additions = commit.files.reduce((n, f) => n + f.additions, 0);
  const deletions = commit.files.reduce((n, f) => n + f.deletions, 0);
  return {
    __typename: 'Commit',
    id: `C_${b64(`${repo.id}:${commit.sha}`)}`,
    oid: commit.sha,
    abbreviatedOid: commit.sha.slice(0, 7),
    message: commit.message,
    messageHeadline: headline,
    messageBody: rest.join('\n').replace(/^\n+/, ''),
    committedDate: iso(commit.committer.date),
    authoredDate: iso(commit.author.date),
    pushedDate: null,
    authoredByCommitter: commit.author.email === commit.committer.email,
    committedViaWeb: commit.committer.email === 'noreply@github.com',
    url,
    commitUrl: url,
    resourcePath: new URL(url).pathname,
    commitResourcePath: new URL(url).pathname,
    tarballUrl: `${ctx.urls.web}/${repo.fullName}/tarball/${commit.sha}`,
    zipballUrl: `${ctx.urls.web}/${repo.fullName}/zipball/${commit.sha}`,
    treeUrl: `${ctx.urls.web}/${repo.fullName}/tree/${commit.sha}`,
    additions,
    deletions,
    changedFiles: commit.files.length,
    changedFilesIfAvailable: commit.files.length,
    author: gitActor(commit.author, commit.authorAccount, ctx),
    committer: gitActor(commit.committer, commit.committerAccount, ctx),
    repository: () => repositoryNode(repo, ctx),
    parents: (args: Args) =>
      connection(
        commit.parents.map((sha) => repo.commitOf(sha)).filter((c): c is Commit => c !== undefined),
        args,
        (c) => commitNode(repo, c, ctx)
      ),
    history: (args: Args) => {
      if (args.path != null || args.author != null) throw gqlError('NOT_IMPLEMENTED', 'The emulator does not implement Commit.history(path:, author:)');
      const options: { since?: Date; until?: Date } = {};
      if (typeof args.since === 'string') options.since = new Date(args.since);
      if (typeof args.until === 'string') options.until = new Date(args.until);
      return connection(repo.log(commit.sha, options), args, (c) => commitNode(repo, c, ctx));
    },
    associatedPullRequests: (args: Args) => {
      requirePermission(ctx, 'pull_requests');
      const found = ordered(ctx.state.associatedPullRequests(commit.sha, ctx), args.orderBy, (p) => p.pr.createdAt, (p) => p.pr.id);
      // A pull request of a repository nobody can see any more (a deleted fork) is a null node.
      return connection(found, args, (p) => (p.repo.deleted ? (null as unknown as GqlNode) : pullRequestNode(p.repo, p.pr, ctx)));
    },
    checkSuites: (args: Args) => {
      const suites = repo.checkSuites.filter((c) => c.sha === commit.sha);
      return connection(suites, args, (c) => ({
        __typename: 'CheckSuite',
        id: c.nodeId,
        databaseId: c.id,
        createdAt: iso(c.createdAt),
        updatedAt: iso(c.createdAt),
        status: 'COMPLETED',
        conclusion: 'SUCCESS'
      }));
    },
    deployments: (args: Args) => deploymentsConnection(repo, repo.deployments.filter((d) => d.sha === commit.sha), args, ctx)
  };
}

function tagNode(repo: Repo, tag: TagObject, ctx: GqlContext): GqlNode {
  const url = `${ctx.urls.web}/${repo.fullName}/commit/${tag.target}`;
  return {
    __typename: 'Tag',
    id: tag.nodeId,
    oid: tag.sha,
    abbreviatedOid: tag.sha.slice(0, 7),
    name: tag.tag,
    message: tag.message,
    tagger: gitActor(tag.tagger, null, ctx),
    commitUrl: url,
    commitResourcePath: new URL(url).pathname,
    repository: () => repositoryNode(repo, ctx),
    target: () => {
      const commit = repo.commitOf(tag.target);
      return commit ? commitNode(repo, commit, ctx) : null;
    }
  };
}

/** A GitObject by sha: a commit or an annotated tag. */
function objectNode(repo: Repo, sha: string, ctx: GqlContext): GqlNode | null {
  const commit = repo.commitOf(sha);
  if (commit) return commitNode(repo, commit, ctx);
  const tag = repo.tagObjects.get(sha.toLowerCase());
  return tag ? tagNode(repo, tag, ctx) : null;
}

export function refNode(repo: Repo, qualified: string, ctx: GqlContext): GqlNode | null {
  const isTag = qualified.startsWith('refs/tags/');
  const prefix = isTag ? 'refs/tags/' : 'refs/heads/';
  const name = qualified.slice(prefix.length);
  const tag = isTag ? repo.tags.get(name) : undefined;
  const sha = isTag ? tag?.commit : repo.branches.get(name);
  if (!sha) return null;
  return {
    __typename: 'Ref',
    id: `REF_${b64(`${repo.id}:${qualified}`)}`,
    name,
    prefix,
    repository: () => repositoryNode(repo, ctx),
    target: () => {
      if (tag?.annotated) return tagNode(repo, tag.annotated, ctx);
      const commit = repo.commitOf(sha);
      return commit ? commitNode(repo, commit, ctx) : null;
    },
    compare: (args: Args) => {
      requirePermission(ctx, 'contents');
      const headSha = repo.resolve(String(args.headRef));
      if (!headSha) return null;
      return comparisonNode(repo, sha, headSha, ctx);
    },
    associatedPullRequests: (args: Args) => {
      requirePermission(ctx, 'pull_requests');
      let prs = repo.pulls.filter((p) => (isTag ? false : p.head === name));
      if (Array.isArray(args.states)) prs = prs.filter((p) => (args.states as string[]).includes(prState(p)));
      return connection(ordered(prs, args.orderBy, (p) => p.createdAt, (p) => p.number), args, (pr) => pullRequestNode(repo, pr, ctx));
    }
  };
}

function comparisonNode(repo: Repo, base: string, head: string, ctx: GqlContext): GqlNode {
  const result = repo.compare(base, head);
  return {
    __typename: 'Comparison',
    id: `CMP_${b64(`${repo.id}:${base}...${head}`)}`,
    status: result.status.toUpperCase(),
    aheadBy: result.aheadBy,
    behindBy: result.behindBy,
    baseTarget: () => objectNode(repo, base, ctx),
    headTarget: () => objectNode(repo, head, ctx),
    commits: (args: Args) =>
      connection(result.commits, args, (c) => commitNode(repo, c, ctx), {
        authorCount: new Set(result.commits.map((c) => c.author.email)).size
      })
  };
}

// ---------------------------------------------------------------------------
// Pull requests

function prState(pr: PullRequest): string {
  return pr.merged ? 'MERGED' : pr.state === 'open' ? 'OPEN' : 'CLOSED';
}

function labelNode(repo: Repo, label: Label, ctx: GqlContext): GqlNode {
  const url = `${ctx.urls.web}/${repo.fullName}/labels/${encodeURIComponent(label.name)}`;
  return {
    __typename: 'Label',
    id: label.nodeId,
    name: label.name,
    color: label.color,
    description: label.description,
    isDefault: label.default,
    url,
    resourcePath: new URL(url).pathname
  };
}

const ITEM_TYPES: Record<IssueEvent['kind'], string> = {
  labeled: 'LABELED_EVENT',
  unlabeled: 'UNLABELED_EVENT',
  head_ref_force_pushed: 'HEAD_REF_FORCE_PUSHED_EVENT',
  committed: 'PULL_REQUEST_COMMIT',
  merged: 'MERGED_EVENT',
  closed: 'CLOSED_EVENT',
  reopened: 'REOPENED_EVENT',
  base_ref_changed: 'BASE_REF_CHANGED_EVENT'
};

function pullRequestCommitNode(repo: Repo, pr: PullRequest, sha: string, ctx: GqlContext): GqlNode {
  const commit = repo.commitOf(sha);
  return {
    __typename: 'PullRequestCommit',
    id: `PURC_${b64(`${pr.id}:${sha}`)}`,
    url: `${ctx.urls.web}/${repo.fullName}/pull/${pr.number}/commits/${sha}`,
    commit: commit ? commitNode(repo, commit, ctx) : null,
    pullRequest: () => pullRequestNode(repo, pr, ctx)
  };
}

function timelineNode(repo: Repo, pr: PullRequest, event: IssueEvent, ctx: GqlContext): GqlNode {
  const prUrl = `${ctx.urls.web}/${repo.fullName}/pull/${pr.number}`;
  switch (event.kind) {
    case 'committed':
      return pullRequestCommitNode(repo, pr, event.sha, ctx);
    case 'labeled':
    case 'unlabeled':
      return {
        __typename: event.kind === 'labeled' ? 'LabeledEvent' : 'UnlabeledEvent',
        id: event.nodeId,
        createdAt: iso(event.createdAt),
        actor: actorOrNull(event.actor, ctx),
        label: labelNode(repo, event.label, ctx),
        labelable: () => pullRequestNode(repo, pr, ctx)
      };
    case 'base_ref_changed':
      return {
        __typename: 'BaseRefChangedEvent',
        id: event.nodeId,
        createdAt: iso(event.createdAt),
        actor: actorOrNull(event.actor, ctx),
        previousRefName: event.previousRefName,
        currentRefName: event.currentRefName,
        pullRequest: () => pullRequestNode(repo, pr, ctx)
      };
    case 'head_ref_force_pushed': {
      const before = repo.commitOf(event.before);
      const after = repo.commitOf(event.after);
      return {
        __typename: 'HeadRefForcePushedEvent',
        id: event.nodeId,
        createdAt: iso(event.createdAt),
        actor: actorOrNull(event.actor, ctx),
        beforeCommit: before ? commitNode(repo, before, ctx) : null,
        afterCommit: after ? commitNode(repo, after, ctx) : null,
        pullRequest: () => pullRequestNode(repo, pr, ctx),
        ref: () => (pr.headRepo.deleted ? null : refNode(pr.headRepo, `refs/heads/${pr.head}`, ctx))
      };
    }
    case 'merged': {
      const commit = repo.commitOf(event.commit);
      return {
        __typename: 'MergedEvent',
        id: event.nodeId,
        createdAt: iso(event.createdAt),
        actor: actorNode(event.actor, ctx),
        commit: commit ? commitNode(repo, commit, ctx) : null,
        mergeRefName: pr.base,
        mergeRef: () => refNode(repo, `refs/heads/${pr.base}`, ctx),
        pullRequest: () => pullRequestNode(repo, pr, ctx),
        url: `${prUrl}#event-${event.id}`
      };
    }
    case 'closed':
    case 'reopened':
      return {
        __typename: event.kind === 'closed' ? 'ClosedEvent' : 'ReopenedEvent',
        id: event.nodeId,
        createdAt: iso(event.createdAt),
        actor: actorNode(event.actor, ctx),
        closable: () => pullRequestNode(repo, pr, ctx),
        stateReason: null,
        url: `${prUrl}#event-${event.id}`
      };
  }
}

export function pullRequestNode(repo: Repo, pr: PullRequest, ctx: GqlContext): GqlNode {
  const url = `${ctx.urls.web}/${repo.fullName}/pull/${pr.number}`;
  const role = repo.roleOf(pr.author.login);
  return {
    __typename: 'PullRequest',
    id: pr.nodeId,
    databaseId: pr.id,
    number: pr.number,
    title: pr.title,
    body: pr.body ?? '',
    bodyText: pr.body ?? '',
    url,
    permalink: url,
    resourcePath: new URL(url).pathname,
    state: prState(pr),
    merged: pr.merged,
    mergedAt: pr.mergedAt ? iso(pr.mergedAt) : null,
    closed: pr.state === 'closed',
    closedAt: pr.closedAt ? iso(pr.closedAt) : null,
    createdAt: iso(pr.createdAt),
    updatedAt: iso(pr.updatedAt),
    publishedAt: iso(pr.createdAt),
    isDraft: pr.draft,
    isCrossRepository: pr.headRepo !== repo,
    baseRefName: pr.base,
    headRefName: pr.head,
    headRefOid: pr.headSha,
    baseRefOid: pr.merged ? pr.baseSha : (repo.branches.get(pr.base) ?? pr.baseSha),
    additions: pr.files.reduce((n, f) => n + f.additions, 0),
    deletions: pr.files.reduce((n, f) => n + f.deletions, 0),
    changedFiles: pr.files.length,
    authorAssociation: repo.owner === pr.author ? 'OWNER' : role ? (roleAtLeast(role, 'write') ? 'COLLABORATOR' : 'CONTRIBUTOR') : 'NONE',
    author: actorOrNull(pr.author, ctx),
    mergedBy: pr.mergedBy ? actorOrNull(pr.mergedBy, ctx) : null,
    repository: () => repositoryNode(repo, ctx),
    baseRepository: () => repositoryNode(repo, ctx),
    headRepository: () => (pr.headRepo.deleted ? null : repositoryNode(pr.headRepo, ctx)),
    headRepositoryOwner: () => (pr.headRepo.deleted ? null : actorNode(pr.headRepo.owner, ctx)),
    headRef: () => (pr.headRepo.deleted ? null : refNode(pr.headRepo, `refs/heads/${pr.head}`, ctx)),
    baseRef: () => refNode(repo, `refs/heads/${pr.base}`, ctx),
    mergeCommit: () => {
      const commit = pr.mergeCommitSha ? repo.commitOf(pr.mergeCommitSha) : undefined;
      return commit ? commitNode(repo, commit, ctx) : null;
    },
    labels: (args: Args) => connection(ordered(pr.labels, args.orderBy, () => new Date(0), (l) => pr.labels.indexOf(l)), args, (l) => labelNode(repo, l, ctx)),
    // GitHub lists at most 250 commits of a pull request; totalCount is the real number.
    commits: (args: Args) => connection(pr.commits.slice(0, 250), args, (sha) => pullRequestCommitNode(repo, pr, sha, ctx), { totalCount: pr.commits.length }),
    files: (args: Args) =>
      connection(pr.files.slice(0, 3000), args, (f) => ({
        __typename: 'PullRequestChangedFile',
        path: f.filename,
        additions: f.additions,
        deletions: f.deletions,
        changeType: f.status === 'removed' ? 'DELETED' : f.status === 'added' ? 'ADDED' : f.status === 'renamed' ? 'RENAMED' : 'MODIFIED'
      })),
    timelineItems: (args: Args) => {
      const types = Array.isArray(args.itemTypes) ? new Set(args.itemTypes as string[]) : null;
      const since = typeof args.since === 'string' ? new Date(args.since) : null;
      const typed = pr.events.filter((e) => !types || types.has(ITEM_TYPES[e.kind]));
      const items = since ? typed.filter((e) => e.createdAt >= since) : typed;
      const conn = connection(items, args, (e) => timelineNode(repo, pr, e, ctx));
      const nodes = conn.nodes as unknown[];
      return { ...conn, filteredCount: items.length, pageCount: nodes.length, updatedAt: iso(pr.updatedAt) };
    }
  };
}

// ---------------------------------------------------------------------------
// Deployments and releases

const DEPLOYMENT_STATE: Record<string, string> = {
  success: 'ACTIVE',
  error: 'ERROR',
  failure: 'FAILURE',
  pending: 'PENDING',
  queued: 'QUEUED',
  in_progress: 'IN_PROGRESS'
};

function deploymentStatusNode(repo: Repo, d: Deployment, s: DeploymentStatus, ctx: GqlContext): GqlNode {
  return {
    __typename: 'DeploymentStatus',
    id: s.nodeId,
    state: s.state.toUpperCase(),
    description: s.description,
    environment: s.environment,
    environmentUrl: s.environmentUrl || null,
    logUrl: s.logUrl || null,
    createdAt: iso(s.createdAt),
    updatedAt: iso(s.updatedAt),
    creator: actorNode(s.creator, ctx),
    deployment: () => deploymentNode(repo, d, ctx)
  };
}

function deploymentNode(repo: Repo, d: Deployment, ctx: GqlContext): GqlNode {
  const latest = d.statuses[d.statuses.length - 1];
  const state = !latest ? 'PENDING' : latest.state === 'inactive' ? (d.transient ? 'DESTROYED' : 'INACTIVE') : (DEPLOYMENT_STATE[latest.state] ?? 'PENDING');
  return {
    __typename: 'Deployment',
    id: d.nodeId,
    databaseId: d.id,
    commitOid: d.sha,
    commit: () => {
      const commit = repo.commitOf(d.sha);
      return commit ? commitNode(repo, commit, ctx) : null;
    },
    environment: d.environment,
    originalEnvironment: d.originalEnvironment,
    latestEnvironment: latest?.environment ?? d.environment,
    state,
    task: d.task,
    description: d.description,
    payload: typeof d.payload === 'string' ? d.payload : JSON.stringify(d.payload),
    createdAt: iso(d.createdAt),
    updatedAt: iso(d.updatedAt),
    creator: actorNode(d.creator, ctx),
    repository: () => repositoryNode(repo, ctx),
    ref: () => {
      const resolved = repo.resolveRef(d.ref);
      if (resolved?.kind === 'branch') return refNode(repo, `refs/heads/${resolved.name}`, ctx);
      if (resolved?.kind === 'tag') return refNode(repo, `refs/tags/${resolved.name}`, ctx);
      return null;
    },
    latestStatus: latest ? deploymentStatusNode(repo, d, latest, ctx) : null,
    statuses: (args: Args) => connection([...d.statuses].reverse(), args, (s) => deploymentStatusNode(repo, d, s, ctx))
  };
}

function deploymentsConnection(repo: Repo, list: Deployment[], args: Args, ctx: GqlContext): GqlNode {
  requirePermission(ctx, 'deployments');
  const envs = Array.isArray(args.environments) ? new Set((args.environments as string[]).map((e) => e.toLowerCase())) : null;
  const filtered = list.filter((d) => !envs || envs.has(d.environment.toLowerCase()));
  return connection(ordered(filtered, args.orderBy, (d) => d.createdAt, (d) => d.id), args, (d) => deploymentNode(repo, d, ctx));
}

function canSeeDrafts(ctx: GqlContext): boolean {
  return hasPermission(ctx.token, 'contents', 'write');
}

function releaseNode(repo: Repo, r: Release, ctx: GqlContext): GqlNode {
  const url = `${ctx.urls.web}/${repo.fullName}/releases/tag/${r.draft ? r.untaggedSlug : encodeURIComponent(r.tagName)}`;
  return {
    __typename: 'Release',
    id: r.nodeId,
    databaseId: r.id,
    tagName: r.tagName,
    name: r.name,
    description: r.body,
    isDraft: r.draft,
    isPrerelease: r.prerelease,
    isLatest: repo.latestRelease() === r,
    createdAt: iso(r.createdAt),
    publishedAt: r.publishedAt ? iso(r.publishedAt) : null,
    updatedAt: iso(r.updatedAt),
    url,
    resourcePath: new URL(url).pathname,
    author: userOrNull(r.author, ctx),
    repository: () => repositoryNode(repo, ctx),
    tag: () => refNode(repo, `refs/tags/${r.tagName}`, ctx),
    tagCommit: () => {
      const sha = repo.tags.get(r.tagName)?.commit;
      const commit = sha ? repo.commitOf(sha) : undefined;
      return commit ? commitNode(repo, commit, ctx) : null;
    }
  };
}

// ---------------------------------------------------------------------------
// Repositories, organisations, root

export function repositoryNode(repo: Repo, ctx: GqlContext): GqlNode {
  const url = `${ctx.urls.web}/${repo.fullName}`;
  return {
    __typename: 'Repository',
    id: repo.nodeId,
    databaseId: repo.id,
    name: repo.name,
    nameWithOwner: repo.fullName,
    description: repo.description,
    url,
    resourcePath: new URL(url).pathname,
    isPrivate: repo.isPrivate,
    isArchived: false,
    isInOrganization: repo.owner.type === 'Organization',
    visibility: repo.isPrivate ? 'PRIVATE' : 'PUBLIC',
    createdAt: iso(repo.createdAt),
    updatedAt: iso(repo.createdAt),
    owner: () => (repo.owner.type === 'Organization' ? organizationNode(ctx.state.createOrg(repo.owner.login), ctx) : actorNode(repo.owner, ctx)),
    defaultBranchRef: () => refNode(repo, `refs/heads/${repo.defaultBranch}`, ctx),
    ref: (args: Args) => {
      requirePermission(ctx, 'contents');
      const name = String(args.qualifiedName);
      if (name.startsWith('refs/')) return refNode(repo, name, ctx);
      if (repo.branches.has(name)) return refNode(repo, `refs/heads/${name}`, ctx);
      if (repo.tags.has(name)) return refNode(repo, `refs/tags/${name}`, ctx);
      return null;
    },
    refs: (args: Args) => {
      requirePermission(ctx, 'contents');
      const prefix = String(args.refPrefix);
      const names =
        prefix === 'refs/tags/' ? [...repo.tags.keys()].map((n) => `refs/tags/${n}`) : prefix === 'refs/heads/' ? [...repo.branches.keys()].map((n) => `refs/heads/${n}`) : [];
      const query = typeof args.query === 'string' ? args.query : '';
      const filtered = names.filter((n) => n.slice(prefix.length).includes(query)).sort();
      if ((args.direction ?? (args.orderBy as { direction?: string } | undefined)?.direction) === 'DESC') filtered.reverse();
      return connection(filtered, args, (n) => refNode(repo, n, ctx) as GqlNode);
    },
    object: (args: Args) => {
      requirePermission(ctx, 'contents');
      if (typeof args.oid === 'string') return objectNode(repo, args.oid, ctx);
      if (typeof args.expression !== 'string') return null;
      const expression = args.expression;
      if (expression.includes(':')) throw gqlError('NOT_IMPLEMENTED', 'The emulator does not implement Repository.object(expression: "<rev>:<path>")');
      const tagName = expression.startsWith('refs/tags/') ? expression.slice('refs/tags/'.length) : expression;
      const tag = repo.tags.get(tagName);
      if (tag?.annotated && !repo.branches.has(expression)) return tagNode(repo, tag.annotated, ctx);
      const sha = repo.resolve(expression);
      return sha ? objectNode(repo, sha, ctx) : null;
    },
    latestRelease: () => {
      requirePermission(ctx, 'contents');
      const latest = repo.latestRelease();
      return latest ? releaseNode(repo, latest, ctx) : null;
    },
    release: (args: Args) => {
      requirePermission(ctx, 'contents');
      const found = repo.releases.find((r) => r.tagName === args.tagName && !r.draft);
      return found ? releaseNode(repo, found, ctx) : null;
    },
    releases: (args: Args) => {
      requirePermission(ctx, 'contents');
      const visible = repo.releases.filter((r) => !r.draft || canSeeDrafts(ctx));
      const order = (args.orderBy ?? { field: 'CREATED_AT', direction: 'ASC' }) as { field?: string; direction?: string };
      const sorted =
        order.field === 'NAME'
          ? [...visible].sort((a, b) => (a.name ?? a.tagName).localeCompare(b.name ?? b.tagName))
          : ordered(visible, undefined, (r) => r.createdAt, (r) => r.id);
      if (order.direction === 'DESC') sorted.reverse();
      return connection(sorted, args, (r) => releaseNode(repo, r, ctx));
    },
    // GitHub matches label names case-insensitively; `query` filters by a part of the name.
    label: (args: Args) => {
      requirePermission(ctx, 'issues', 'pull_requests');
      const label = repo.labels.get(String(args.name).toLowerCase());
      return label ? labelNode(repo, label, ctx) : null;
    },
    labels: (args: Args) => {
      requirePermission(ctx, 'issues', 'pull_requests');
      const query = typeof args.query === 'string' ? args.query.toLowerCase() : '';
      const list = [...repo.labels.values()].filter((l) => l.name.toLowerCase().includes(query)).sort((a, b) => a.name.localeCompare(b.name));
      return connection(list, args, (l) => labelNode(repo, l, ctx));
    },
    deployments: (args: Args) => deploymentsConnection(repo, repo.deployments, args, ctx),
    environment: (args: Args) => {
      const env = repo.environment(String(args.name));
      return env ? { __typename: 'Environment', id: env.nodeId, databaseId: env.id, name: env.name } : null;
    },
    pullRequest: (args: Args) => {
      requirePermission(ctx, 'pull_requests');
      const pr = repo.pullRequest(Number(args.number));
      if (!pr) throw gqlError('NOT_FOUND', `Could not resolve to a PullRequest with the number of ${String(args.number)}.`);
      return pullRequestNode(repo, pr, ctx);
    },
    issueOrPullRequest: (args: Args) => {
      requirePermission(ctx, 'pull_requests');
      const pr = repo.pullRequest(Number(args.number));
      if (!pr) throw gqlError('NOT_FOUND', `Could not resolve to an issue or pull request with the number of ${String(args.number)}.`);
      return pullRequestNode(repo, pr, ctx);
    },
    issues: (args: Args) => {
      requirePermission(ctx, 'issues');
      const filter = (args.filterBy ?? {}) as { labels?: string[]; states?: string[]; since?: string };
      let issues = repo.issues;
      const states = (args.states as string[] | undefined) ?? filter.states;
      if (Array.isArray(states)) issues = issues.filter((i) => states.includes(i.state.toUpperCase()));
      const labels = (args.labels as string[] | undefined) ?? filter.labels;
      if (Array.isArray(labels)) {
        const wanted = labels.map((l) => l.toLowerCase());
        issues = issues.filter((i) => i.labels.some((l) => wanted.includes(l.name.toLowerCase())));
      }
      if (typeof filter.since === 'string') {
        const since = new Date(filter.since).getTime();
        issues = issues.filter((i) => i.updatedAt.getTime() >= since);
      }
      const order = args.orderBy as { field?: string; direction?: string } | undefined;
      const sorted = ordered(issues, order, (i) => (order?.field === 'UPDATED_AT' ? i.updatedAt : i.createdAt), (i) => i.number);
      return connection(sorted, args, (issue) => issueNode(repo, issue, ctx));
    },
    pullRequests: (args: Args) => {
      requirePermission(ctx, 'pull_requests');
      let prs = repo.pulls;
      if (Array.isArray(args.states)) prs = prs.filter((p) => (args.states as string[]).includes(prState(p)));
      if (typeof args.baseRefName === 'string') prs = prs.filter((p) => p.base === args.baseRefName);
      if (typeof args.headRefName === 'string') prs = prs.filter((p) => p.head === args.headRefName);
      if (Array.isArray(args.labels)) {
        const wanted = (args.labels as string[]).map((l) => l.toLowerCase());
        prs = prs.filter((p) => p.labels.some((l) => wanted.includes(l.name.toLowerCase())));
      }
      const order = args.orderBy as { field?: string; direction?: string } | undefined;
      const sorted = ordered(prs, order, (p) => (order?.field === 'UPDATED_AT' ? p.updatedAt : p.createdAt), (p) => p.number);
      return connection(sorted, args, (pr) => pullRequestNode(repo, pr, ctx));
    }
  };
}

function issueNode(repo: Repo, issue: Issue, ctx: GqlContext): GqlNode {
  const url = `${ctx.urls.web}/${repo.fullName}/issues/${issue.number}`;
  return {
    __typename: 'Issue',
    id: issue.nodeId,
    databaseId: issue.id,
    number: issue.number,
    title: issue.title,
    url,
    resourcePath: new URL(url).pathname,
    state: issue.state.toUpperCase(),
    closed: issue.state === 'closed',
    createdAt: iso(issue.createdAt),
    updatedAt: iso(issue.updatedAt),
    closedAt: issue.closedAt ? iso(issue.closedAt) : null,
    author: actorNode(issue.author, ctx),
    labels: (args: Args) => connection(issue.labels, args, (label) => labelNode(repo, label, ctx))
  };
}

function teamNode(team: Team, ctx: GqlContext): GqlNode {
  const url = `${ctx.urls.web}/orgs/${team.org.login}/teams/${team.slug}`;
  return {
    __typename: 'Team',
    id: `T_${b64(String(team.id))}`,
    databaseId: team.id,
    slug: team.slug,
    name: team.name,
    combinedSlug: `${team.org.login}/${team.slug}`,
    createdAt: iso(team.createdAt),
    updatedAt: iso(team.createdAt),
    url,
    resourcePath: new URL(url).pathname,
    organization: () => organizationNode(team.org, ctx),
    members: (args: Args) => {
      let members = [...team.members.values()];
      if (typeof args.query === 'string' && args.query !== '') {
        const q = args.query.toLowerCase();
        members = members.filter((m) => m.account.login.toLowerCase().includes(q) || (m.account.name ?? '').toLowerCase().includes(q));
      }
      if (args.role === 'MAINTAINER') members = members.filter((m) => m.role === 'maintainer');
      if (args.role === 'MEMBER') members = members.filter((m) => m.role === 'member');
      members.sort((a, b) => a.account.login.localeCompare(b.account.login));
      const conn = connection(members, args, (m) => ({ ...actorNode(m.account, ctx), memberRole: m.role }));
      const edges = (conn.edges as Array<{ cursor: string; node: GqlNode }>).map((edge) => ({
        ...edge,
        __typename: 'TeamMemberEdge',
        role: edge.node.memberRole === 'maintainer' ? 'MAINTAINER' : 'MEMBER',
        memberAccessUrl: `${url}/members`
      }));
      return { ...conn, edges };
    }
  };
}

function organizationNode(org: Org, ctx: GqlContext): GqlNode {
  const url = `${ctx.urls.web}/${org.login}`;
  return {
    __typename: 'Organization',
    id: org.account.nodeId,
    databaseId: org.account.id,
    login: org.login,
    name: org.account.name,
    url,
    resourcePath: new URL(url).pathname,
    avatarUrl: `https://avatars.githubusercontent.com/u/${org.account.id}?v=4`,
    createdAt: iso(org.account.createdAt),
    updatedAt: iso(org.account.createdAt),
    team: (args: Args) => {
      requirePermission(ctx, 'members');
      const team = org.findTeam(String(args.slug));
      return team && ctx.state.canSeeTeam(ctx.token, team) ? teamNode(team, ctx) : null;
    },
    teams: (args: Args) => {
      requirePermission(ctx, 'members');
      let teams = [...org.teams.values()].filter((t) => ctx.state.canSeeTeam(ctx.token, t));
      if (Array.isArray(args.userLogins)) {
        const logins = (args.userLogins as string[]).map((l) => l.toLowerCase());
        teams = teams.filter((t) => logins.some((l) => t.members.has(l)));
      }
      return connection(teams, args, (t) => teamNode(t, ctx));
    },
    repository: (args: Args) => {
      const repo = ctx.state.repo(org.login, String(args.name));
      return repo ? repositoryNode(repo, ctx) : null;
    }
  };
}

/** `node(id:)` / `nodes(ids:)`: pull requests and commits (what Tollgate asks for by id); unknown or invisible ids are null. */
function nodeById(id: string, ctx: GqlContext): GqlNode | null {
  const found = ctx.state.pullRequestByNodeId(id);
  if (found && !found.repo.deleted) {
    requirePermission(ctx, 'pull_requests');
    return pullRequestNode(found.repo, found.pr, ctx);
  }
  if (/^PR_/.test(id)) return null;
  // Commit ids are `C_` + base64 of `<repository id>:<sha>` (see commitNode).
  const commit = /^(\d+):([0-9a-f]{40})$/.exec(id.startsWith('C_') ? Buffer.from(id.slice(2), 'base64').toString('utf8') : '');
  if (commit) {
    requirePermission(ctx, 'contents');
    const repo = ctx.state.repoById(Number(commit[1]));
    const found = repo?.commitOf(commit[2] ?? '');
    return repo && found ? commitNode(repo, found, ctx) : null;
  }
  ctx.unimplemented.push(`Query.node(id: ${id.slice(0, 12)}…)`);
  throw gqlError('NOT_IMPLEMENTED', `The emulator resolves only pull request ids in node(id:) and nodes(ids:), not ${id}`);
}

export function rootValue(ctx: GqlContext, rate: { limit: number; remaining: number; used: number; resetAt: Date; cost: number; nodeCount: number }): GqlNode {
  return {
    __typename: 'Query',
    repository: (args: Args) => {
      const repo = ctx.state.repo(String(args.owner), String(args.name));
      if (!repo) throw gqlError('NOT_FOUND', `Could not resolve to a Repository with the name '${String(args.owner)}/${String(args.name)}'.`);
      return repositoryNode(repo, ctx);
    },
    organization: (args: Args) => {
      const org = ctx.state.org(String(args.login));
      if (!org) throw gqlError('NOT_FOUND', `Could not resolve to an Organization with the login of '${String(args.login)}'.`);
      return organizationNode(org, ctx);
    },
    user: (args: Args) => {
      const account = ctx.state.findAccount(String(args.login));
      if (!account || account.type !== 'User') throw gqlError('NOT_FOUND', `Could not resolve to a User with the login of '${String(args.login)}'.`);
      return actorNode(account, ctx);
    },
    viewer: () => ({ ...actorNode(ctx.token.account, ctx), __typename: 'User', login: ctx.token.account.login }),
    node: (args: Args) => nodeById(String(args.id), ctx) ?? gqlError('NOT_FOUND', `Could not resolve to a node with the global id of '${String(args.id)}'`),
    nodes: (args: Args) => {
      const ids = (args.ids as string[] | undefined) ?? [];
      if (ids.length > 100) throw gqlError('EXCESSIVE_PAGINATION', `You may not request more than 100 nodes at once (${ids.length} requested).`);
      // An id that resolves to nothing is an error at its place in the list, as on GitHub.
      return ids.map((id) => nodeById(id, ctx) ?? gqlError('NOT_FOUND', `Could not resolve to a node with the global id of '${id}'`));
    },
    rateLimit: () => ({
      __typename: 'RateLimit',
      cost: rate.cost,
      limit: rate.limit,
      remaining: rate.remaining,
      used: rate.used,
      nodeCount: rate.nodeCount,
      resetAt: iso(rate.resetAt)
    })
  };
}
