/**
 * The emulator's model of GitHub: accounts, tokens, organisations and teams,
 * repositories with a commit graph, refs, pull requests, labels and their
 * timeline, deployments, environments and releases. Tests seed it through the
 * helpers here; the REST and GraphQL layers read and change the same objects.
 */
import type { SecondaryLimits } from './ratelimit.js';
import { createHash } from 'node:crypto';
import { Clock, toDate } from './clock.js';
import type { DateInput } from './clock.js';
import { HttpError } from './errors.js';

// ---------------------------------------------------------------------------
// Accounts, apps, tokens

export type AccountType = 'User' | 'Bot' | 'Organization';

export interface Account {
  id: number;
  nodeId: string;
  login: string;
  type: AccountType;
  name: string | null;
  email: string | null;
  createdAt: Date;
  /** For bots: the GitHub App the bot belongs to. */
  app: App | null;
  /** A deleted account: GraphQL shows its past actions with a null actor, REST as `ghost`. */
  deleted?: boolean;
}

export interface App {
  id: number;
  nodeId: string;
  slug: string;
  name: string;
  owner: Account;
  bot: Account;
  createdAt: Date;
}

export type AccessLevel = 'read' | 'write' | 'admin';
/** Permission name → level, like a GitHub App installation (`pull-requests` and `pull_requests` both work). */
export type TokenPermissions = Record<string, AccessLevel>;

export interface Token {
  token: string;
  account: Account;
  /** Keys normalised to GitHub App spelling (`pull_requests`). */
  permissions: Record<string, AccessLevel>;
  /** `installation`: an app installation token such as GITHUB_TOKEN; `user`: a personal token. */
  kind: 'installation' | 'user';
  /** The app acting: the bot's app for installation tokens, or an app acting for a user. */
  app: App | null;
  /** For installation tokens: the organisations the app is installed on (null: every one). */
  installedOn: string[] | null;
  /** `owner/name` of the repository a workflow's GITHUB_TOKEN belongs to: its budget is that repository's. */
  repository?: string;
  /** Hourly primary budgets (REST requests, GraphQL points), and any secondary limits changed for this token. */
  limits: { core: number; graphql: number; secondary?: Partial<SecondaryLimits> };
}

export interface TokenOptions {
  kind?: 'installation' | 'user';
  /** Slug of a GitHub App this token acts through (recorded as `performed_via_github_app`). */
  app?: string;
  /** Installation tokens: the organisations the app is installed on; it sees only their teams (default: every one). */
  installedOn?: string[];
  /**
   * `owner/name`: the repository whose workflow this GITHUB_TOKEN belongs to. Every token bound to
   * the same repository draws on one budget, as GitHub's per-repository limit does.
   */
  repository?: string;
  /** Hourly budgets (default: 1,000 each for a GITHUB_TOKEN, i.e. `github-actions[bot]`; 5,000 otherwise). */
  limits?: { core?: number; graphql?: number; secondary?: Partial<SecondaryLimits> };
}

/** What a workflow's GITHUB_TOKEN gets with the permissive default (no `members`). */
export const GITHUB_TOKEN_PERMISSIONS: TokenPermissions = {
  actions: 'write',
  checks: 'write',
  contents: 'write',
  deployments: 'write',
  discussions: 'write',
  issues: 'write',
  metadata: 'read',
  packages: 'write',
  pages: 'write',
  'pull-requests': 'write',
  'repository-projects': 'write',
  'security-events': 'write',
  statuses: 'write'
};

const LEVEL: Record<AccessLevel, number> = { read: 1, write: 2, admin: 3 };

export function normalisePermission(name: string): string {
  return name.trim().toLowerCase().replace(/-/g, '_');
}

export function hasPermission(token: Token, name: string, level: AccessLevel): boolean {
  const key = normalisePermission(name);
  // Every installation can read metadata.
  if (key === 'metadata' && level === 'read') return true;
  const granted = token.permissions[key];
  return granted !== undefined && LEVEL[granted] >= LEVEL[level];
}

// ---------------------------------------------------------------------------
// Git objects

export interface GitPerson {
  name: string;
  email: string;
  date: Date;
}

export type FileStatus = 'added' | 'removed' | 'modified' | 'renamed';

export interface FileChange {
  filename: string;
  status: FileStatus;
  additions: number;
  deletions: number;
  previousFilename?: string;
}

/** A file in a seeding helper: a path (modified, 1 line each way) or a full change. */
export type FileInput = string | (Partial<FileChange> & { filename: string });

export interface Commit {
  sha: string;
  tree: string;
  parents: string[];
  message: string;
  author: GitPerson;
  committer: GitPerson;
  /** The GitHub account the author email belongs to, if any. */
  authorAccount: Account | null;
  committerAccount: Account | null;
  files: FileChange[];
  /** Creation order, to break ties between equal dates. */
  seq: number;
}

export interface TagObject {
  sha: string;
  nodeId: string;
  tag: string;
  message: string;
  tagger: GitPerson;
  /** The tagged commit. */
  target: string;
}

export interface TagRef {
  name: string;
  /** The commit the tag points at (peeled). */
  commit: string;
  /** The annotated tag object, or null for a lightweight tag. */
  annotated: TagObject | null;
}

export interface Label {
  id: number;
  nodeId: string;
  name: string;
  color: string;
  description: string | null;
  default: boolean;
}

// ---------------------------------------------------------------------------
// Pull requests and their timeline

interface EventBase {
  id: number;
  nodeId: string;
  createdAt: Date;
}

export interface LabelEvent extends EventBase {
  kind: 'labeled' | 'unlabeled';
  actor: Account;
  label: Label;
  app: App | null;
}

export interface ForcePushEvent extends EventBase {
  kind: 'head_ref_force_pushed';
  actor: Account;
  before: string;
  after: string;
}

export interface CommittedEvent extends EventBase {
  kind: 'committed';
  sha: string;
}

export interface MergedEvent extends EventBase {
  kind: 'merged';
  actor: Account;
  commit: string;
}

export interface ClosedEvent extends EventBase {
  kind: 'closed' | 'reopened';
  actor: Account;
  commit: string | null;
}

/** Someone changed the pull request's base branch: what it brings changed, without a push. */
export interface BaseRefChangedEvent extends EventBase {
  kind: 'base_ref_changed';
  actor: Account;
  previousRefName: string;
  currentRefName: string;
}

export type IssueEvent = LabelEvent | ForcePushEvent | CommittedEvent | MergedEvent | ClosedEvent | BaseRefChangedEvent;

/** An entry of the repository activity API: what moved a branch, who and when. */
export type ActivityType = 'push' | 'force_push' | 'branch_creation' | 'branch_deletion' | 'pr_merge' | 'merge_queue_merge';

export interface Activity {
  id: number;
  nodeId: string;
  /** `refs/heads/<branch>`. */
  ref: string;
  before: string;
  after: string;
  type: ActivityType;
  actor: Account;
  at: Date;
}

/** A check suite GitHub created for a pushed commit (e.g. a workflow run). */
export interface CheckSuite {
  id: number;
  nodeId: string;
  sha: string;
  app: App | null;
  createdAt: Date;
}

export const ZERO_SHA = '0000000000000000000000000000000000000000';

export type MergeMethod = 'merge' | 'squash' | 'rebase';

export interface PullRequest {
  id: number;
  nodeId: string;
  number: number;
  title: string;
  body: string | null;
  author: Account;
  base: string;
  head: string;
  headSha: string;
  /** Base branch tip when the pull request was opened. */
  baseSha: string;
  /** The head branch's commits, oldest first. */
  commits: string[];
  files: FileChange[];
  state: 'open' | 'closed';
  draft: boolean;
  merged: boolean;
  mergedAt: Date | null;
  mergedBy: Account | null;
  mergeMethod: MergeMethod | null;
  mergeCommitSha: string | null;
  /** Commits the merge created on the base branch (merge commit, squash commit or rebased copies). */
  landedShas: string[];
  createdAt: Date;
  updatedAt: Date;
  closedAt: Date | null;
  labels: Label[];
  events: IssueEvent[];
  /** The repository holding the head branch: this one, or a fork. */
  headRepo: Repo;
}

/** An issue (not a pull request): numbered with the pull requests, as on GitHub. */
export interface Issue {
  id: number;
  nodeId: string;
  number: number;
  title: string;
  author: Account;
  state: 'open' | 'closed';
  createdAt: Date;
  updatedAt: Date;
  closedAt: Date | null;
  labels: Label[];
}

// ---------------------------------------------------------------------------
// Deployments, environments, releases

export type DeploymentState = 'error' | 'failure' | 'inactive' | 'in_progress' | 'queued' | 'pending' | 'success';

export interface DeploymentStatus {
  id: number;
  nodeId: string;
  state: DeploymentState;
  description: string;
  environment: string;
  environmentUrl: string;
  logUrl: string;
  targetUrl: string;
  creator: Account;
  app: App | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface Deployment {
  id: number;
  nodeId: string;
  sha: string;
  ref: string;
  task: string;
  payload: Record<string, unknown> | string;
  environment: string;
  originalEnvironment: string;
  description: string | null;
  creator: Account;
  app: App | null;
  createdAt: Date;
  updatedAt: Date;
  transient: boolean;
  production: boolean;
  /** Oldest first. */
  statuses: DeploymentStatus[];
}

export interface Environment {
  id: number;
  nodeId: string;
  name: string;
  createdAt: Date;
  updatedAt: Date;
}

export type MakeLatest = 'true' | 'false' | 'legacy';

export interface Release {
  id: number;
  nodeId: string;
  tagName: string;
  targetCommitish: string;
  name: string | null;
  body: string | null;
  draft: boolean;
  prerelease: boolean;
  /** As GitHub defines it: the date of the release's commit, not when it was drafted. */
  createdAt: Date;
  publishedAt: Date | null;
  updatedAt: Date;
  author: Account;
  makeLatest: MakeLatest;
  /** The `untagged-...` slug drafts are addressed by on the web. */
  untaggedSlug: string;
  /** Files attached to the release, in upload order. */
  assets: ReleaseAsset[];
  /** Published while the repository had immutable releases on: tag and assets are locked for ever. */
  immutable: boolean;
}

/** A file attached to a release. */
export interface ReleaseAsset {
  id: number;
  nodeId: string;
  name: string;
  label: string | null;
  contentType: string;
  size: number;
  /** SHA-256 of the bytes, as GitHub reports it in `digest`. */
  digest: string;
  uploader: Account;
  createdAt: Date;
  updatedAt: Date;
}

export interface CommitStatus {
  sha: string;
  context: string;
  state: 'error' | 'failure' | 'pending' | 'success';
  createdAt: Date;
  seq: number;
}

export type RepoRole = 'admin' | 'maintain' | 'write' | 'triage' | 'read';
const ROLE_RANK: Record<RepoRole, number> = { read: 1, triage: 2, write: 3, maintain: 4, admin: 5 };

export function roleAtLeast(role: RepoRole | null, needed: RepoRole): boolean {
  return role !== null && ROLE_RANK[role] >= ROLE_RANK[needed];
}

// ---------------------------------------------------------------------------
// Seeding inputs

export interface ActorOptions {
  /** Login of who acts; created as a user (or bot, for `name[bot]`) when unknown. */
  by: string;
  /** When it happened; defaults to the clock. */
  at?: DateInput;
}

export interface CommitInput {
  message?: string;
  /** Branch to commit on (created when missing); defaults to the default branch when `parents` is not given. */
  branch?: string;
  /** Parent shas; default: the branch tip. */
  parents?: string[];
  /** Author login (default: the repository owner) or an explicit git identity. */
  author?: string | { name: string; email: string; login?: string };
  /** Committer login or identity (default: the author). `web-flow` is GitHub itself. */
  committer?: string | { name: string; email: string; login?: string };
  files?: FileInput[];
  /** Author and committer date (whatever the committer's tooling set). */
  at?: DateInput;
  /** When the commit was pushed to `branch` (the activity API's time); default: `at`, else the clock. */
  pushedAt?: DateInput;
  /** Who pushed it (default: the author's account, else the repository owner). */
  pushedBy?: string;
}

export interface PullRequestInput {
  author: string;
  title: string;
  body?: string;
  base?: string;
  /** Head branch name; default `topic/<number>`. */
  head?: string;
  /** Files changed (recorded on the first commit). */
  files?: FileInput[];
  /** How many commits (default 1), or their messages and files. */
  commits?: number | Array<string | { message: string; files?: FileInput[]; author?: string; at?: DateInput; pushedAt?: DateInput }>;
  labels?: string[];
  draft?: boolean;
  at?: DateInput;
  /** A fork of this repository that holds the head branch (a cross-repository pull request). */
  from?: Repo;
}

export interface MergeOptions extends ActorOptions {
  method?: MergeMethod;
  message?: string;
  /** Delete the head branch after the merge (a `branch_deletion` activity). */
  deleteBranch?: boolean;
}

export interface DeploymentInput {
  ref: string;
  environment?: string;
  task?: string;
  description?: string | null;
  payload?: Record<string, unknown> | string;
  transient_environment?: boolean;
  production_environment?: boolean;
  auto_merge?: boolean;
  required_contexts?: string[];
}

export interface DeploymentStatusInput {
  state: DeploymentState;
  description?: string;
  environment?: string;
  environment_url?: string;
  log_url?: string;
  target_url?: string;
  auto_inactive?: boolean;
}

export interface ReleaseInput {
  tag_name: string;
  target_commitish?: string;
  name?: string | null;
  body?: string | null;
  draft?: boolean;
  prerelease?: boolean;
  make_latest?: MakeLatest;
  generate_release_notes?: boolean;
}

export interface Acting {
  account: Account;
  app: App | null;
  at?: Date;
}

/** A comment on an issue or pull request (GitHub's "issue comment"). */
export interface IssueComment {
  id: number;
  nodeId: string;
  issueNumber: number;
  body: string;
  user: Account;
  app: App | null;
  createdAt: Date;
  updatedAt: Date;
}

// ---------------------------------------------------------------------------

const ID_BASE = {
  account: 1_000,
  app: 20_000,
  repo: 100_000,
  team: 9_000,
  pull: 7_000_000,
  label: 6_000_000,
  event: 5_000_000,
  deployment: 2_000_000,
  status: 3_000_000,
  release: 4_000_000,
  environment: 8_000_000,
  activity: 10_000_000,
  checkSuite: 11_000_000,
  comment: 12_000_000,
  asset: 13_000_000
} as const;
type IdKind = keyof typeof ID_BASE;

export const RELEASE_BODY_LIMIT = 125_000;
export const STATUS_DESCRIPTION_LIMIT = 140;

function nodeId(prefix: string, id: number): string {
  return `${prefix}_${Buffer.from(`0:${prefix}:${id}`).toString('base64url')}`;
}

function sha1(text: string): string {
  return createHash('sha1').update(text).digest('hex');
}

function toFileChange(file: FileInput): FileChange {
  if (typeof file === 'string') return { filename: file, status: 'modified', additions: 1, deletions: 1 };
  const change: FileChange = {
    filename: file.filename,
    status: file.status ?? 'modified',
    additions: file.additions ?? 1,
    deletions: file.deletions ?? (file.status === 'added' ? 0 : 1)
  };
  if (file.previousFilename !== undefined) change.previousFilename = file.previousFilename;
  return change;
}

export function isSha(value: string): boolean {
  return /^[0-9a-f]{40}$/i.test(value);
}

export class State {
  readonly clock = new Clock();
  readonly accounts = new Map<string, Account>();
  readonly apps = new Map<string, App>();
  readonly tokens = new Map<string, Token>();
  readonly orgs = new Map<string, Org>();
  readonly repos = new Map<string, Repo>();
  private readonly counters = new Map<IdKind, number>();
  private seqCounter = 0;
  /**
   * GitHub computes a merge's commit ↔ pull request association asynchronously: for this long
   * after a merge (on the emulated clock), the commits the merge created list no pull request.
   */
  associationDelayMs = 0;
  /** Like `associationDelayMs`, counted in reads: each commit a merge created answers an empty association this many times. */
  associationDelayReads = 0;
  /** Reads left before a landed commit's association appears (see `associationDelayReads`). */
  readonly pendingAssociations = new Map<string, number>();
  private readonly readsByRequest = new WeakMap<object, Set<string>>();

  /** Serial number generator for every kind of object, each kind in its own range. */
  nextId(kind: IdKind): number {
    const next = (this.counters.get(kind) ?? ID_BASE[kind]) + 1;
    this.counters.set(kind, next);
    return next;
  }

  nextSeq(): number {
    return ++this.seqCounter;
  }

  now(at?: DateInput): Date {
    return at === undefined ? this.clock.now() : toDate(at);
  }

  // -- accounts --------------------------------------------------------------

  /** Adds (or updates) an account. Logins ending in `[bot]` are bots of an app of the same slug. */
  addUser(login: string, options: { type?: AccountType; name?: string; email?: string } = {}): Account {
    const existing = this.accounts.get(login.toLowerCase());
    if (existing) {
      if (options.type) existing.type = options.type;
      if (options.name !== undefined) existing.name = options.name;
      if (options.email !== undefined) existing.email = options.email;
      return existing;
    }
    const type: AccountType = options.type ?? (login.endsWith('[bot]') ? 'Bot' : 'User');
    const id = this.nextId('account');
    const account: Account = {
      id,
      nodeId: nodeId(type === 'Bot' ? 'BOT' : type === 'Organization' ? 'O' : 'U', id),
      login,
      type,
      name: options.name ?? null,
      email: options.email ?? null,
      createdAt: this.clock.now(),
      app: null
    };
    this.accounts.set(login.toLowerCase(), account);
    if (type === 'Bot') account.app = this.appForBot(account);
    return account;
  }

  /** The account with this login, created as a user (or bot) when unknown. */
  user(login: string): Account {
    return this.accounts.get(login.toLowerCase()) ?? this.addUser(login);
  }

  findAccount(login: string): Account | undefined {
    return this.accounts.get(login.toLowerCase());
  }

  /** The GitHub App with this slug, with its `slug[bot]` account. */
  app(slug: string, options: { name?: string; owner?: string } = {}): App {
    const existing = this.apps.get(slug.toLowerCase());
    if (existing) return existing;
    const bot = this.accounts.get(`${slug}[bot]`.toLowerCase());
    if (bot) return this.appForBot(bot);
    return this.appForBot(this.addUser(`${slug}[bot]`, { type: 'Bot' }), options);
  }

  private appForBot(bot: Account, options: { name?: string; owner?: string } = {}): App {
    if (bot.app) return bot.app;
    const slug = bot.login.replace(/\[bot\]$/, '');
    const id = this.nextId('app');
    const ownerLogin = options.owner ?? (slug === 'github-actions' || slug === 'dependabot' ? 'github' : slug);
    const owner =
      this.accounts.get(ownerLogin.toLowerCase()) ?? this.addUser(ownerLogin, { type: 'Organization' });
    const app: App = {
      id,
      nodeId: nodeId('A', id),
      slug,
      name: options.name ?? (slug === 'github-actions' ? 'GitHub Actions' : slug),
      owner,
      bot,
      createdAt: this.clock.now()
    };
    bot.app = app;
    this.apps.set(slug.toLowerCase(), app);
    return app;
  }

  /**
   * Registers a token. `permissions` is an installation-style map (default: the
   * permissive GITHUB_TOKEN). Tokens of bots are installation tokens unless told otherwise.
   */
  addToken(token: string, login: string, permissions: TokenPermissions = GITHUB_TOKEN_PERMISSIONS, options: TokenOptions = {}): Token {
    const account = this.user(login);
    const kind = options.kind ?? (account.type === 'Bot' ? 'installation' : 'user');
    const app = options.app !== undefined ? this.app(options.app) : kind === 'installation' ? account.app : null;
    const normalised: Record<string, AccessLevel> = {};
    for (const [key, level] of Object.entries(permissions)) normalised[normalisePermission(key)] = level;
    const installedOn = options.installedOn ? options.installedOn.map((o) => o.toLowerCase()) : null;
    const standard = account.login === 'github-actions[bot]' && kind === 'installation' ? 1000 : 5000;
    const limits = { ...options.limits, core: options.limits?.core ?? standard, graphql: options.limits?.graphql ?? standard };
    const entry: Token = { token, account, permissions: normalised, kind, app, installedOn, limits, ...(options.repository ? { repository: options.repository } : {}) };
    this.tokens.set(token, entry);
    return entry;
  }

  removeToken(token: string): void {
    this.tokens.delete(token);
  }

  /**
   * Deletes a user account, as when someone deletes their GitHub account: its past labels,
   * pull requests and commits stay, shown with a null actor in GraphQL and as `ghost` in REST.
   */
  deleteUser(login: string): Account {
    const account = this.findAccount(login);
    if (!account) throw new Error(`No account ${login}`);
    account.deleted = true;
    return account;
  }

  /**
   * Whether a token can see a team: an installation sees the teams of the organisations it is
   * installed on; a person sees the visible (closed) teams of organisations they belong to and the
   * secret teams they are in. Invisible teams answer 404, as GitHub documents.
   */
  canSeeTeam(token: Token, team: Team): boolean {
    const org = team.org.login.toLowerCase();
    if (token.kind === 'installation') return token.installedOn === null || token.installedOn.includes(org);
    const login = token.account.login.toLowerCase();
    if (team.members.has(login)) return true;
    return team.privacy === 'closed' && team.org.members.has(login);
  }

  /**
   * Pull requests GitHub associates with a commit, as it does: in every repository of the fork
   * network, whatever their base branch or state (merged into other branches, closed, open, a
   * fork's own), except the commits a merge created while the association is still being computed.
   */
  associatedPullRequests(sha: string, request?: object): Array<{ repo: Repo; pr: PullRequest }> {
    const home = [...this.repos.values()].find((r) => r.commits.has(sha));
    if (!home) return [];
    const now = this.clock.now();
    const out: Array<{ repo: Repo; pr: PullRequest }> = [];
    let pending = false;
    // One request (e.g. a GraphQL query naming the commit twice) counts as one read.
    const seen = request ? (this.readsByRequest.get(request) ?? new Set<string>()) : null;
    if (request && seen) this.readsByRequest.set(request, seen);
    for (const repo of home.network()) {
      for (const pr of repo.pulls) {
        const inHead = pr.commits.includes(sha) || pr.headSha === sha;
        const landed = pr.landedShas.includes(sha);
        if (!inHead && !landed) continue;
        if (!inHead && landed && pr.mergedAt) {
          const reads = seen?.has(sha) ? 1 : (this.pendingAssociations.get(sha) ?? 0);
          const computing = this.associationDelayMs > 0 && now.getTime() - pr.mergedAt.getTime() < this.associationDelayMs;
          if (computing || reads > 0) {
            pending = pending || reads > 0;
            continue;
          }
        }
        out.push({ repo, pr });
      }
    }
    if (pending && !seen?.has(sha)) {
      seen?.add(sha);
      const left = (this.pendingAssociations.get(sha) ?? 1) - 1;
      if (left > 0) this.pendingAssociations.set(sha, left);
      else this.pendingAssociations.delete(sha);
    }
    return out;
  }

  /** A pull request by its GraphQL node id, in any repository. */
  pullRequestByNodeId(id: string): { repo: Repo; pr: PullRequest } | undefined {
    for (const repo of this.repos.values()) {
      const pr = repo.pulls.find((p) => p.nodeId === id);
      if (pr) return { repo, pr };
    }
    return undefined;
  }

  /**
   * Forks a repository: the fork shares its commits (one object network, as on GitHub) and starts
   * with its default branch; its pull requests are numbered on their own, from #1.
   */
  fork(parent: Repo, owner: string, name = parent.name): Repo {
    const key = `${owner}/${name}`.toLowerCase();
    if (this.repos.has(key)) throw new Error(`Repository ${owner}/${name} already exists`);
    const ownerAccount = this.findAccount(owner) ?? this.addUser(owner);
    const repo = new Repo(this, ownerAccount, name, { defaultBranch: parent.defaultBranch, private: parent.isPrivate }, parent);
    this.repos.set(key, repo);
    repo.branches.set(parent.defaultBranch, parent.tip(parent.defaultBranch));
    return repo;
  }

  /** Deletes a repository (e.g. a fork): its pull requests become `null` nodes in associations. */
  deleteRepo(repo: Repo): void {
    repo.deleted = true;
  }

  // -- organisations ----------------------------------------------------------

  createOrg(login: string, options: { name?: string } = {}): Org {
    const existing = this.orgs.get(login.toLowerCase());
    if (existing) return existing;
    const account = this.addUser(login, { type: 'Organization', ...(options.name ? { name: options.name } : {}) });
    const org = new Org(this, account);
    this.orgs.set(login.toLowerCase(), org);
    return org;
  }

  org(login: string): Org | undefined {
    return this.orgs.get(login.toLowerCase());
  }

  // -- repositories ------------------------------------------------------------

  /**
   * Creates a repository with one initial commit on its default branch. The
   * owner is created as an organisation unless an account with that login exists.
   */
  createRepo(
    owner: string,
    name: string,
    options: { defaultBranch?: string; private?: boolean; description?: string; empty?: boolean } = {}
  ): Repo {
    const key = `${owner}/${name}`.toLowerCase();
    if (this.repos.has(key)) throw new Error(`Repository ${owner}/${name} already exists`);
    const existing = this.findAccount(owner);
    const ownerAccount = existing ?? this.createOrg(owner).account;
    if (ownerAccount.type === 'Organization') this.createOrg(ownerAccount.login);
    const repo = new Repo(this, ownerAccount, name, options);
    this.repos.set(key, repo);
    if (!options.empty) repo.commit({ message: 'Initial commit', files: [{ filename: 'README.md', status: 'added', additions: 1 }] });
    return repo;
  }

  repo(owner: string, name: string): Repo | undefined {
    return this.repos.get(`${owner}/${name}`.toLowerCase());
  }

  repoById(id: number): Repo | undefined {
    for (const repo of this.repos.values()) if (repo.id === id) return repo;
    return undefined;
  }

  /** The acting identity for seeding helpers. */
  acting(options: ActorOptions): Acting {
    const account = this.user(options.by);
    const acting: Acting = { account, app: account.type === 'Bot' ? account.app : null };
    if (options.at !== undefined) acting.at = toDate(options.at);
    return acting;
  }
}

export type TeamRole = 'member' | 'maintainer';

export type TeamPrivacy = 'closed' | 'secret';

export class Team {
  readonly members = new Map<string, { account: Account; role: TeamRole }>();
  constructor(
    readonly org: Org,
    readonly id: number,
    readonly slug: string,
    public name: string,
    readonly createdAt: Date,
    /** `closed`: visible to every member of the organisation; `secret`: only to its own members. */
    public privacy: TeamPrivacy = 'closed'
  ) {}

  addMember(login: string, role: TeamRole = 'member'): this {
    const account = this.org.state.user(login);
    this.members.set(login.toLowerCase(), { account, role });
    this.org.members.add(login.toLowerCase());
    return this;
  }

  removeMember(login: string): this {
    this.members.delete(login.toLowerCase());
    return this;
  }

  membership(login: string): { account: Account; role: TeamRole } | undefined {
    return this.members.get(login.toLowerCase());
  }
}

export class Org {
  readonly teams = new Map<string, Team>();
  readonly members = new Set<string>();
  constructor(
    readonly state: State,
    readonly account: Account
  ) {}

  get login(): string {
    return this.account.login;
  }

  /** The team with this slug, created when missing. */
  team(slug: string, options: { name?: string; privacy?: TeamPrivacy } = {}): Team {
    const existing = this.teams.get(slug.toLowerCase());
    if (existing) return existing;
    const team = new Team(this, this.state.nextId('team'), slug, options.name ?? slug, this.state.clock.now(), options.privacy ?? 'closed');
    this.teams.set(slug.toLowerCase(), team);
    return team;
  }

  findTeam(slug: string): Team | undefined {
    return this.teams.get(slug.toLowerCase());
  }

  addMember(login: string): this {
    this.state.user(login);
    this.members.add(login.toLowerCase());
    return this;
  }
}

export interface CompareResult {
  status: 'identical' | 'ahead' | 'behind' | 'diverged';
  aheadBy: number;
  behindBy: number;
  mergeBase: string | null;
  /** In head, not in base; oldest first. */
  commits: Commit[];
}

export type ResolvedRef =
  | { kind: 'branch'; name: string; sha: string }
  | { kind: 'tag'; name: string; sha: string; tag: TagRef }
  | { kind: 'commit'; sha: string };

export class Repo {
  readonly id: number;
  readonly nodeId: string;
  /** Shared by every repository of a fork network, as GitHub shares objects between forks. */
  readonly commits: Map<string, Commit>;
  /** Every push, force push, branch creation or deletion and merge, oldest first (the activity API). */
  readonly activities: Activity[] = [];
  readonly checkSuites: CheckSuite[] = [];
  readonly forks: Repo[] = [];
  deleted = false;
  readonly branches = new Map<string, string>();
  readonly tags = new Map<string, TagRef>();
  readonly tagObjects = new Map<string, TagObject>();
  readonly pulls: PullRequest[] = [];
  readonly issues: Issue[] = [];
  /** Comments on pull requests (issues are pull requests here), oldest first. */
  readonly comments: IssueComment[] = [];
  readonly labels = new Map<string, Label>();
  readonly roles = new Map<string, RepoRole>();
  readonly commitStatuses: CommitStatus[] = [];
  readonly deployments: Deployment[] = [];
  readonly environments = new Map<string, Environment>();
  readonly releases: Release[] = [];
  /** Set by `make_latest: true`; null means "decide by date". */
  latestReleaseId: number | null = null;
  /** The repository (or its organization) has immutable releases on: a release is locked when published. */
  immutableReleases = false;
  defaultBranch: string;
  isPrivate: boolean;
  description: string | null;
  readonly createdAt: Date;
  private issueCounter = 0;

  constructor(
    readonly state: State,
    readonly owner: Account,
    readonly name: string,
    options: { defaultBranch?: string; private?: boolean; description?: string },
    /** The repository this one is a fork of. */
    readonly parent: Repo | null = null
  ) {
    this.commits = parent ? parent.commits : new Map<string, Commit>();
    if (parent) parent.forks.push(this);
    this.id = state.nextId('repo');
    this.nodeId = nodeId('R', this.id);
    this.defaultBranch = options.defaultBranch ?? 'main';
    this.isPrivate = options.private ?? false;
    this.description = options.description ?? null;
    this.createdAt = state.clock.now();
  }

  get fullName(): string {
    return `${this.owner.login}/${this.name}`;
  }

  /** Every repository of this one's fork network: the root and all forks of forks. */
  network(): Repo[] {
    const rootOf = (repo: Repo): Repo => (repo.parent ? rootOf(repo.parent) : repo);
    const root = rootOf(this);
    const out: Repo[] = [];
    const walk = (repo: Repo): void => {
      out.push(repo);
      repo.forks.forEach(walk);
    };
    walk(root);
    return out;
  }

  /** Records what moved a branch, as the repository activity API lists it, and the check suite a push starts. */
  recordActivity(type: ActivityType, branch: string, before: string | undefined, after: string | undefined, actor: Account, at: Date): Activity {
    const id = this.state.nextId('activity');
    const activity: Activity = { id, nodeId: nodeId('RA', id), ref: `refs/heads/${branch}`, before: before ?? ZERO_SHA, after: after ?? ZERO_SHA, type, actor, at };
    this.activities.push(activity);
    if (after && type !== 'branch_deletion') this.addCheckSuite(after, at);
    return activity;
  }

  /** A check suite for a commit, as a workflow run on push or pull_request creates one. */
  addCheckSuite(sha: string, at: Date): CheckSuite {
    const id = this.state.nextId('checkSuite');
    const suite: CheckSuite = { id, nodeId: nodeId('CS', id), sha, app: this.state.app('github-actions'), createdAt: at };
    this.checkSuites.push(suite);
    return suite;
  }

  /** Deletes a branch (a `branch_deletion` activity). */
  deleteBranch(name: string, options: ActorOptions): this {
    const before = this.tip(name);
    this.branches.delete(name);
    this.recordActivity('branch_deletion', name, before, undefined, this.state.user(options.by), this.state.now(options.at));
    return this;
  }

  // -- people ---------------------------------------------------------------------

  /** Sets a collaborator's role (admin, maintain, write, triage, read). */
  setPermission(login: string, role: RepoRole | null): this {
    this.state.user(login);
    if (role === null) this.roles.delete(login.toLowerCase());
    else this.roles.set(login.toLowerCase(), role);
    return this;
  }

  /** A collaborator's role, or null for someone without one. */
  roleOf(login: string): RepoRole | null {
    const explicit = this.roles.get(login.toLowerCase());
    if (explicit) return explicit;
    if (this.owner.type !== 'Organization' && this.owner.login.toLowerCase() === login.toLowerCase()) return 'admin';
    return null;
  }

  // -- git --------------------------------------------------------------------------

  private gitPerson(author: CommitInput['author'], date: Date): { person: GitPerson; account: Account | null } {
    if (author !== undefined && typeof author !== 'string') {
      const account = author.login ? this.state.user(author.login) : null;
      return { person: { name: author.name, email: author.email, date }, account };
    }
    // GitHub commits web merges and edits as `web-flow`, named GitHub <noreply@github.com>.
    const account = author === 'web-flow' ? this.state.addUser('web-flow', { name: 'GitHub', email: 'noreply@github.com' }) : this.state.user(author ?? this.owner.login);
    return {
      person: { name: account.name ?? account.login, email: account.email ?? `${account.id}+${account.login}@users.noreply.github.com`, date },
      account
    };
  }

  /**
   * Adds a commit. Without `parents`, it goes on top of `branch` (default branch by default) and
   * moves it; moving a branch is a push (or a branch creation) in the activity API.
   */
  commit(input: CommitInput = {}, activity: ActivityType | null = null): Commit {
    const branch = input.branch ?? (input.parents === undefined ? this.defaultBranch : undefined);
    let parents = input.parents;
    if (parents === undefined) {
      const tip = branch !== undefined ? this.branches.get(branch) : undefined;
      parents = tip ? [tip] : branch !== undefined && branch !== this.defaultBranch && this.branches.has(this.defaultBranch) ? [this.tip(this.defaultBranch)] : [];
    }
    for (const parent of parents) if (!this.commits.has(parent)) throw new Error(`Unknown parent commit ${parent}`);
    const date = this.state.now(input.at);
    const message = input.message ?? `Commit ${this.commits.size + 1}`;
    const author = this.gitPerson(input.author, date);
    const committer = input.committer !== undefined ? this.gitPerson(input.committer, date) : author;
    const seq = this.state.nextSeq();
    const sha = sha1(`commit:${this.id}:${seq}:${parents.join(',')}:${message}`);
    const commit: Commit = {
      sha,
      tree: sha1(`tree:${sha}`),
      parents: [...parents],
      message,
      author: author.person,
      committer: { ...committer.person },
      authorAccount: author.account,
      committerAccount: committer.account,
      files: (input.files ?? []).map(toFileChange),
      seq
    };
    this.commits.set(sha, commit);
    if (branch !== undefined) {
      const before = this.branches.get(branch);
      this.branches.set(branch, sha);
      const pusher = input.pushedBy !== undefined ? this.state.user(input.pushedBy) : (author.account ?? this.owner);
      const pushedAt = input.pushedAt !== undefined ? toDate(input.pushedAt) : date;
      this.recordActivity(activity ?? (before === undefined ? 'branch_creation' : 'push'), branch, before, sha, pusher, pushedAt);
    }
    return commit;
  }

  /** Creates or moves a branch (default: at the default branch's tip), as `by` (default: the owner) pushes it. */
  branch(name: string, at?: string, options: Partial<ActorOptions> = {}): this {
    const sha = at === undefined ? this.tip(this.defaultBranch) : this.mustResolve(at);
    const before = this.branches.get(name);
    this.branches.set(name, sha);
    if (before !== sha) {
      const type: ActivityType = before === undefined ? 'branch_creation' : this.isAncestor(before, sha) ? 'push' : 'force_push';
      this.recordActivity(type, name, before, sha, this.state.user(options.by ?? this.owner.login), this.state.now(options.at));
    }
    return this;
  }

  /** The sha a branch points at. */
  tip(branch: string): string {
    const sha = this.branches.get(branch);
    if (!sha) throw new Error(`No branch ${branch} in ${this.fullName}`);
    return sha;
  }

  /** Creates a tag: lightweight, or annotated when `message` is given. */
  tag(name: string, at?: string, options: { message?: string; tagger?: string; at?: DateInput } = {}): TagRef {
    const commit = at === undefined ? this.tip(this.defaultBranch) : this.mustResolve(at);
    let annotated: TagObject | null = null;
    if (options.message !== undefined) {
      const date = this.state.now(options.at);
      const tagger = this.gitPerson(options.tagger, date).person;
      const sha = sha1(`tag:${this.id}:${name}:${commit}:${this.state.nextSeq()}`);
      annotated = { sha, nodeId: nodeId('TAG', this.state.nextSeq()), tag: name, message: options.message, tagger, target: commit };
      this.tagObjects.set(sha, annotated);
    }
    const ref: TagRef = { name, commit, annotated };
    this.tags.set(name, ref);
    return ref;
  }

  commitOf(sha: string): Commit | undefined {
    return this.commits.get(sha.toLowerCase());
  }

  /** Resolves a branch, tag, full or abbreviated sha, `refs/...` name or `HEAD`, with `~n` / `^` suffixes. */
  resolveRef(input: string): ResolvedRef | undefined {
    const suffix = /^(.*?)((?:~\d*|\^\d*)+)$/.exec(input);
    if (suffix && suffix[1] && suffix[2]) {
      const base = this.resolveRef(suffix[1]);
      if (!base) return undefined;
      let sha: string | undefined = base.sha;
      for (const step of suffix[2].match(/[~^]\d*/g) ?? []) {
        const n = step.length > 1 ? Number(step.slice(1)) : 1;
        if (step.startsWith('~')) for (let i = 0; i < n && sha; i++) sha = this.commits.get(sha)?.parents[0];
        else sha = n === 0 ? sha : this.commits.get(sha ?? '')?.parents[n - 1];
      }
      return sha ? { kind: 'commit', sha } : undefined;
    }
    if (input === 'HEAD') return { kind: 'branch', name: this.defaultBranch, sha: this.tip(this.defaultBranch) };
    if (input.startsWith('refs/heads/')) {
      const name = input.slice('refs/heads/'.length);
      const sha = this.branches.get(name);
      return sha ? { kind: 'branch', name, sha } : undefined;
    }
    if (input.startsWith('refs/tags/')) {
      const tag = this.tags.get(input.slice('refs/tags/'.length));
      return tag ? { kind: 'tag', name: tag.name, sha: tag.commit, tag } : undefined;
    }
    if (input.startsWith('heads/')) return this.resolveRef(`refs/${input}`);
    const branch = this.branches.get(input);
    if (branch) return { kind: 'branch', name: input, sha: branch };
    const tag = this.tags.get(input);
    if (tag) return { kind: 'tag', name: tag.name, sha: tag.commit, tag };
    if (/^[0-9a-f]{7,40}$/i.test(input)) {
      const lower = input.toLowerCase();
      if (this.commits.has(lower)) return { kind: 'commit', sha: lower };
      const matches = [...this.commits.keys()].filter((sha) => sha.startsWith(lower));
      if (matches.length === 1 && matches[0]) return { kind: 'commit', sha: matches[0] };
    }
    return undefined;
  }

  resolve(ref: string): string | undefined {
    return this.resolveRef(ref)?.sha;
  }

  mustResolve(ref: string): string {
    const sha = this.resolve(ref);
    if (!sha) throw new Error(`Cannot resolve ${ref} in ${this.fullName}`);
    return sha;
  }

  /** Every commit reachable from `sha`, itself included. */
  ancestors(sha: string): Set<string> {
    const seen = new Set<string>();
    const stack = [sha];
    while (stack.length > 0) {
      const next = stack.pop();
      if (next === undefined || seen.has(next)) continue;
      seen.add(next);
      const commit = this.commits.get(next);
      if (commit) stack.push(...commit.parents);
    }
    return seen;
  }

  isAncestor(ancestor: string, of: string): boolean {
    return this.ancestors(of).has(ancestor);
  }

  /** Orders commits so parents come before children, older before newer. */
  private topoOldestFirst(shas: Set<string>): Commit[] {
    const pendingParents = new Map<string, number>();
    const children = new Map<string, string[]>();
    for (const sha of shas) {
      const commit = this.commits.get(sha);
      if (!commit) continue;
      const inSet = commit.parents.filter((p) => shas.has(p));
      pendingParents.set(sha, inSet.length);
      for (const parent of inSet) (children.get(parent) ?? children.set(parent, []).get(parent))?.push(sha);
    }
    const byAge = (a: Commit, b: Commit): number => a.committer.date.getTime() - b.committer.date.getTime() || a.seq - b.seq;
    const ready = [...pendingParents].filter(([, n]) => n === 0).map(([sha]) => this.commits.get(sha) as Commit);
    const out: Commit[] = [];
    while (ready.length > 0) {
      ready.sort(byAge);
      const next = ready.shift() as Commit;
      out.push(next);
      for (const child of children.get(next.sha) ?? []) {
        const left = (pendingParents.get(child) ?? 1) - 1;
        pendingParents.set(child, left);
        if (left === 0) ready.push(this.commits.get(child) as Commit);
      }
    }
    return out;
  }

  /** Like `git log`: reachable commits, newest first. */
  log(sha: string, options: { since?: Date; until?: Date } = {}): Commit[] {
    const all = this.topoOldestFirst(this.ancestors(sha)).reverse();
    return all.filter(
      (c) =>
        (options.since === undefined || c.committer.date >= options.since) &&
        (options.until === undefined || c.committer.date <= options.until)
    );
  }

  mergeBase(a: string, b: string): string | null {
    const fromA = this.ancestors(a);
    const common = [...this.ancestors(b)].filter((sha) => fromA.has(sha));
    if (common.length === 0) return null;
    let best: string | null = null;
    let bestSize = -1;
    for (const sha of common) {
      const size = this.ancestors(sha).size;
      if (size > bestSize) {
        best = sha;
        bestSize = size;
      }
    }
    return best;
  }

  compare(base: string, head: string): CompareResult {
    const baseSet = this.ancestors(base);
    const headSet = this.ancestors(head);
    const ahead = new Set([...headSet].filter((sha) => !baseSet.has(sha)));
    const behindBy = [...baseSet].filter((sha) => !headSet.has(sha)).length;
    const status = ahead.size === 0 && behindBy === 0 ? 'identical' : behindBy === 0 ? 'ahead' : ahead.size === 0 ? 'behind' : 'diverged';
    return { status, aheadBy: ahead.size, behindBy, mergeBase: this.mergeBase(base, head), commits: this.topoOldestFirst(ahead) };
  }

  // -- labels -------------------------------------------------------------------------

  /** The repository label with this name (case-insensitive), created when missing. */
  ensureLabel(name: string, options: { color?: string; description?: string } = {}): Label {
    const existing = this.labels.get(name.toLowerCase());
    if (existing) return existing;
    const id = this.state.nextId('label');
    const label: Label = {
      id,
      nodeId: nodeId('LA', id),
      name,
      color: options.color ?? sha1(name).slice(0, 6),
      description: options.description ?? null,
      default: false
    };
    this.labels.set(name.toLowerCase(), label);
    return label;
  }

  // -- pull requests ---------------------------------------------------------------------

  /** Adds a comment to a pull request, as `acting`. */
  addComment(number: number, body: string, acting: Acting): IssueComment {
    const id = this.state.nextId('comment');
    const at = acting.at ?? this.state.clock.now();
    const comment: IssueComment = { id, nodeId: nodeId('IC_', id), issueNumber: number, body, user: acting.account, app: acting.app, createdAt: at, updatedAt: at };
    this.comments.push(comment);
    return comment;
  }

  pullRequest(number: number): PullRequest | undefined {
    return this.pulls.find((p) => p.number === number);
  }

  mustPull(pr: PullRequest | number): PullRequest {
    const found = typeof pr === 'number' ? this.pullRequest(pr) : pr;
    if (!found) throw new Error(`No pull request #${String(pr)} in ${this.fullName}`);
    return found;
  }

  private event<T extends IssueEvent>(pr: PullRequest, event: Omit<T, 'id' | 'nodeId'>, prefix: string): T {
    const id = this.state.nextId('event');
    const full = { ...event, id, nodeId: nodeId(prefix, id) } as T;
    pr.events.push(full);
    pr.events.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.id - b.id);
    return full;
  }

  /** Opens an issue with labels (for history: no API checks). */
  openIssue(input: { title: string; by: string; labels?: string[]; at?: DateInput }): Issue {
    const id = this.state.nextId('pull');
    const createdAt = this.state.now(input.at);
    const issue: Issue = {
      id,
      nodeId: nodeId('I', id),
      number: ++this.issueCounter,
      title: input.title,
      author: this.state.user(input.by),
      state: 'open',
      createdAt,
      updatedAt: createdAt,
      closedAt: null,
      labels: (input.labels ?? []).map((name) => this.ensureLabel(name))
    };
    this.issues.push(issue);
    return issue;
  }

  /** Closes an issue. */
  closeIssue(issue: Issue, options: { at?: DateInput } = {}): Issue {
    const at = this.state.now(options.at);
    issue.state = 'closed';
    issue.closedAt = at;
    issue.updatedAt = at;
    return issue;
  }

  /**
   * Opens a pull request from a new head branch with fresh commits; with `from`, the head branch
   * lives in that fork (its pushes are the fork's activity, not this repository's).
   */
  openPullRequest(input: PullRequestInput): PullRequest {
    const base = input.base ?? this.defaultBranch;
    const baseSha = this.tip(base);
    const number = ++this.issueCounter;
    const head = input.head ?? `topic/${number}`;
    const createdAt = this.state.now(input.at);
    const author = this.state.user(input.author);
    const headRepo = input.from ?? this;
    if (headRepo !== this && !this.network().includes(headRepo)) throw new Error(`${headRepo.fullName} is not a fork of ${this.fullName}`);
    const count = typeof input.commits === 'number' ? input.commits : input.head !== undefined && headRepo.branches.has(input.head) ? 0 : 1;
    const specs: Array<string | { message: string; files?: FileInput[]; author?: string; at?: DateInput; pushedAt?: DateInput }> = Array.isArray(input.commits)
      ? input.commits
      : Array.from({ length: count }, (_, i) => (count === 1 ? input.title : `${input.title} (${i + 1}/${count})`));
    // The branch starts at the base (its first push creates it), or is an existing branch whose
    // commits the base lacks: they are the pull request's first commits, as on GitHub.
    const startsAt = headRepo.branches.get(head) ?? baseSha;
    const already = startsAt === baseSha ? [] : this.compare(baseSha, startsAt).commits;
    if (specs.length === 0 && already.length === 0) throw new Error('A pull request needs at least one commit');
    const id = this.state.nextId('pull');
    const pr: PullRequest = {
      id,
      nodeId: nodeId('PR', id),
      number,
      title: input.title,
      body: input.body ?? null,
      author,
      base,
      head,
      headSha: baseSha,
      baseSha,
      commits: [],
      files: [],
      state: 'open',
      draft: input.draft ?? false,
      merged: false,
      mergedAt: null,
      mergedBy: null,
      mergeMethod: null,
      mergeCommitSha: null,
      landedShas: [],
      createdAt,
      updatedAt: createdAt,
      closedAt: null,
      labels: [],
      events: [],
      headRepo
    };
    pr.headSha = startsAt;
    for (const commit of already) {
      pr.commits.push(commit.sha);
      for (const file of commit.files) if (!pr.files.some((f) => f.filename === file.filename)) pr.files.push({ ...file });
      this.event<CommittedEvent>(pr, { kind: 'committed', sha: commit.sha, createdAt: commit.committer.date }, 'C');
    }
    this.pulls.push(pr);
    specs.forEach((spec, index) => {
      const detail = typeof spec === 'string' ? { message: spec } : spec;
      const files = detail.files ?? (index === 0 ? (input.files ?? [`src/change-${number}.ts`]) : []);
      const pushedAt = detail.pushedAt ?? (detail.at !== undefined && toDate(detail.at) > createdAt ? detail.at : createdAt);
      this.pushCommit(pr, { message: detail.message, files, author: detail.author ?? input.author, at: detail.at ?? createdAt, pushedAt });
    });
    for (const label of input.labels ?? []) this.label(pr, label, { by: input.author, at: createdAt });
    return pr;
  }

  private pushCommit(
    pr: PullRequest,
    input: { message: string; files: FileInput[]; author: string; at: DateInput; pushedAt?: DateInput; pushedBy?: string; parents?: string[]; committer?: string }
  ): Commit {
    const headRepo = pr.headRepo;
    const commitInput: CommitInput = { message: input.message, branch: pr.head, files: input.files, author: input.author, at: input.at };
    commitInput.parents = input.parents ?? [headRepo.branches.get(pr.head) ?? pr.headSha];
    if (input.pushedAt !== undefined) commitInput.pushedAt = input.pushedAt;
    if (input.pushedBy !== undefined) commitInput.pushedBy = input.pushedBy;
    if (input.committer !== undefined) commitInput.committer = input.committer;
    const commit = headRepo.commit(commitInput);
    // A pull request's workflow runs in the base repository: its check suite appears here too.
    if (headRepo !== this) this.addCheckSuite(commit.sha, toDate(input.pushedAt ?? input.at));
    pr.commits.push(commit.sha);
    pr.headSha = commit.sha;
    for (const file of commit.files) {
      const known = pr.files.find((f) => f.filename === file.filename);
      if (known) {
        known.additions += file.additions;
        known.deletions += file.deletions;
      } else pr.files.push({ ...file });
    }
    pr.updatedAt = commit.committer.date;
    this.event<CommittedEvent>(pr, { kind: 'committed', sha: commit.sha, createdAt: commit.committer.date }, 'C');
    return commit;
  }

  /**
   * Pushes to a pull request's head branch. `force: true` rewrites the branch
   * (a new single commit on the original base) and records `head_ref_force_pushed`.
   * `at` is the commit's date, which its author chooses; `pushedAt` (default: `at`) is when
   * GitHub received the push: backdate `at` to model a commit made earlier and pushed now.
   */
  /**
   * Changes an open pull request's base branch, as anyone with write access can ("Edit" next to the
   * title): its commits and files become those of its head that the new base lacks, and the
   * timeline records `base_ref_changed`. No push happens.
   */
  changeBase(prOrNumber: PullRequest | number, base: string, input: { by?: string; at?: DateInput } = {}): PullRequest {
    const pr = this.mustPull(prOrNumber);
    const previous = pr.base;
    const at = this.state.now(input.at);
    pr.base = base;
    pr.baseSha = this.tip(base);
    pr.commits = this.compare(pr.baseSha, pr.headSha).commits.map((c) => c.sha);
    const files: FileChange[] = [];
    for (const sha of pr.commits) {
      for (const file of this.commits.get(sha)?.files ?? []) if (!files.some((f) => f.filename === file.filename)) files.push({ ...file });
    }
    pr.files = files;
    pr.updatedAt = at;
    const actor = this.state.user(input.by ?? pr.author.login);
    this.event<BaseRefChangedEvent>(pr, { kind: 'base_ref_changed', actor, previousRefName: previous, currentRefName: base, createdAt: at }, 'BRCE');
    return pr;
  }

  push(
    prOrNumber: PullRequest | number,
    input: { message?: string; files?: FileInput[]; force?: boolean; to?: string; by?: string; author?: string; at?: DateInput; pushedAt?: DateInput } = {}
  ): Commit {
    const pr = this.mustPull(prOrNumber);
    const by = input.by ?? pr.author.login;
    const author = input.author ?? by;
    const at = this.state.now(input.at);
    const pushedAt = input.pushedAt !== undefined ? toDate(input.pushedAt) : at;
    if (input.force && input.to !== undefined) {
      // Force-pushes the branch back to a commit that already exists (e.g. an earlier head).
      const target = this.mustResolve(input.to);
      const before = pr.headSha;
      pr.headRepo.branches.set(pr.head, target);
      pr.headRepo.recordActivity('force_push', pr.head, before, target, this.state.user(by), pushedAt);
      pr.commits = this.compare(pr.baseSha, target).commits.map((c) => c.sha);
      pr.headSha = target;
      pr.updatedAt = pushedAt;
      this.event<ForcePushEvent>(pr, { kind: 'head_ref_force_pushed', actor: this.state.user(by), before, after: target, createdAt: pushedAt }, 'HRFPE');
      return this.commits.get(target) as Commit;
    }
    const message = input.message ?? (input.force ? `${pr.title} (rewritten)` : `Update ${pr.title}`);
    const files = input.files ?? [`src/change-${pr.number}.ts`];
    if (!input.force) return this.pushCommit(pr, { message, files, author, at, pushedAt, pushedBy: by });
    const before = pr.headSha;
    const commit = pr.headRepo.commit({ message, parents: [pr.baseSha], files, author, at, branch: pr.head, pushedAt, pushedBy: by }, 'force_push');
    if (pr.headRepo !== this) this.addCheckSuite(commit.sha, pushedAt);
    pr.commits = [commit.sha];
    pr.files = commit.files.map((f) => ({ ...f }));
    pr.headSha = commit.sha;
    pr.updatedAt = pushedAt;
    this.event<ForcePushEvent>(pr, { kind: 'head_ref_force_pushed', actor: this.state.user(by), before, after: commit.sha, createdAt: pushedAt }, 'HRFPE');
    return commit;
  }

  /**
   * GitHub's "Update branch" button: merges the base branch into the pull request's head, as `by`,
   * committed by GitHub (`web-flow`). The merge brings no code of the pull request's own.
   */
  updateBranch(prOrNumber: PullRequest | number, options: ActorOptions): Commit {
    const pr = this.mustPull(prOrNumber);
    const at = this.state.now(options.at);
    const baseTip = this.tip(pr.base);
    const commit = this.pushCommit(pr, {
      message: `Merge branch '${pr.base}' into ${pr.head}`,
      files: [],
      author: options.by,
      committer: 'web-flow',
      at,
      pushedBy: options.by,
      parents: [pr.headSha, baseTip]
    });
    return commit;
  }

  /** Merges a pull request like the merge button: a merge commit, a squash commit or rebased copies. */
  merge(prOrNumber: PullRequest | number, options: MergeOptions): PullRequest {
    const pr = this.mustPull(prOrNumber);
    if (pr.state !== 'open') throw new Error(`Pull request #${pr.number} is not open`);
    const method = options.method ?? 'merge';
    const by = this.state.user(options.by);
    const at = this.state.now(options.at);
    const baseTip = this.tip(pr.base);
    const landed: string[] = [];
    if (method === 'merge') {
      const commit = this.commit(
        {
          message: options.message ?? `Merge pull request #${pr.number} from ${pr.headRepo.owner.login}/${pr.head}\n\n${pr.title}`,
          parents: [baseTip, pr.headSha],
          branch: pr.base,
          author: by.login,
          committer: 'web-flow',
          pushedBy: by.login,
          files: pr.files,
          at
        },
        'pr_merge'
      );
      landed.push(commit.sha);
    } else if (method === 'squash') {
      const messages = pr.commits.map((sha) => `* ${this.commits.get(sha)?.message.split('\n')[0] ?? sha}`);
      const commit = this.commit(
        {
          message: options.message ?? `${pr.title} (#${pr.number})${pr.commits.length > 1 ? `\n\n${messages.join('\n\n')}` : ''}`,
          parents: [baseTip],
          branch: pr.base,
          author: pr.author.login,
          committer: 'web-flow',
          pushedBy: by.login,
          files: pr.files,
          at
        },
        'pr_merge'
      );
      landed.push(commit.sha);
    } else {
      let parent = baseTip;
      for (const sha of pr.commits) {
        const original = this.commits.get(sha);
        if (!original) continue;
        const copy = this.commit({ message: original.message, parents: [parent], files: original.files, at });
        copy.author = { ...original.author };
        copy.authorAccount = original.authorAccount;
        copy.committer = { name: by.name ?? by.login, email: `${by.id}+${by.login}@users.noreply.github.com`, date: at };
        copy.committerAccount = by;
        landed.push(copy.sha);
        parent = copy.sha;
      }
      this.branches.set(pr.base, parent);
      this.recordActivity('pr_merge', pr.base, baseTip, parent, by, at);
    }
    for (const sha of landed) {
      if (this.state.associationDelayReads > 0 && !pr.commits.includes(sha)) this.state.pendingAssociations.set(sha, this.state.associationDelayReads);
    }
    pr.state = 'closed';
    pr.merged = true;
    pr.mergedAt = at;
    pr.closedAt = at;
    pr.updatedAt = at;
    pr.mergedBy = by;
    pr.mergeMethod = method;
    pr.landedShas = landed;
    pr.mergeCommitSha = landed[landed.length - 1] ?? null;
    this.event<MergedEvent>(pr, { kind: 'merged', actor: by, commit: pr.mergeCommitSha ?? baseTip, createdAt: at }, 'ME');
    this.event<ClosedEvent>(pr, { kind: 'closed', actor: by, commit: null, createdAt: at }, 'CE');
    if (options.deleteBranch) pr.headRepo.deleteBranch(pr.head, { by: by.login, at });
    return pr;
  }

  /** Closes a pull request without merging. */
  close(prOrNumber: PullRequest | number, options: ActorOptions): PullRequest {
    const pr = this.mustPull(prOrNumber);
    const at = this.state.now(options.at);
    pr.state = 'closed';
    pr.closedAt = at;
    pr.updatedAt = at;
    this.event<ClosedEvent>(pr, { kind: 'closed', actor: this.state.user(options.by), commit: null, createdAt: at }, 'CE');
    return pr;
  }

  /** Adds a label to a pull request, as `by` (no event when it is already there, as on GitHub). */
  label(prOrNumber: PullRequest | number, name: string, options: ActorOptions & { app?: string }): LabelEvent | null {
    const acting = this.state.acting(options);
    if (options.app !== undefined) acting.app = this.state.app(options.app);
    return this.applyLabel(this.mustPull(prOrNumber), name, acting);
  }

  /** Removes a label from a pull request, as `by`. */
  unlabel(prOrNumber: PullRequest | number, name: string, options: ActorOptions & { app?: string }): LabelEvent {
    const acting = this.state.acting(options);
    if (options.app !== undefined) acting.app = this.state.app(options.app);
    const event = this.removeLabel(this.mustPull(prOrNumber), name, acting);
    if (!event) throw new Error(`Pull request #${String(prOrNumber)} has no label ${name}`);
    return event;
  }

  applyLabel(pr: PullRequest, name: string, acting: Acting): LabelEvent | null {
    if (pr.labels.some((l) => l.name.toLowerCase() === name.toLowerCase())) return null;
    const label = this.ensureLabel(name);
    const at = acting.at ?? this.state.clock.now();
    pr.labels.push(label);
    pr.updatedAt = at;
    return this.event<LabelEvent>(pr, { kind: 'labeled', actor: acting.account, label, app: acting.app, createdAt: at }, 'LE');
  }

  removeLabel(pr: PullRequest, name: string, acting: Acting): LabelEvent | null {
    const index = pr.labels.findIndex((l) => l.name.toLowerCase() === name.toLowerCase());
    const label = pr.labels[index];
    if (index < 0 || !label) return null;
    const at = acting.at ?? this.state.clock.now();
    pr.labels.splice(index, 1);
    pr.updatedAt = at;
    return this.event<LabelEvent>(pr, { kind: 'unlabeled', actor: acting.account, label, app: acting.app, createdAt: at }, 'UNLE');
  }

  /** Pull requests a commit belongs to: its head commits, or what a merge landed. */
  pullRequestsFor(sha: string): PullRequest[] {
    return this.pulls.filter((pr) => pr.commits.includes(sha) || pr.landedShas.includes(sha) || pr.headSha === sha);
  }

  // -- commit statuses -----------------------------------------------------------------

  /** Sets a commit status context (what `required_contexts` checks). */
  setCommitStatus(ref: string, context: string, state: CommitStatus['state'], options: { at?: DateInput } = {}): this {
    this.commitStatuses.push({ sha: this.mustResolve(ref), context, state, createdAt: this.state.now(options.at), seq: this.state.nextSeq() });
    return this;
  }

  /** The latest state of each context on a commit. */
  combinedStatus(sha: string): Map<string, CommitStatus['state']> {
    const out = new Map<string, CommitStatus['state']>();
    for (const status of [...this.commitStatuses].filter((s) => s.sha === sha).sort((a, b) => a.seq - b.seq)) out.set(status.context, status.state);
    return out;
  }

  // -- environments and deployments -------------------------------------------------------

  environment(name: string): Environment | undefined {
    return this.environments.get(name.toLowerCase());
  }

  ensureEnvironment(name: string, at?: Date): Environment {
    const existing = this.environment(name);
    if (existing) return existing;
    const id = this.state.nextId('environment');
    const when = at ?? this.state.clock.now();
    const env: Environment = { id, nodeId: nodeId('EN', id), name, createdAt: when, updatedAt: when };
    this.environments.set(name.toLowerCase(), env);
    return env;
  }

  deployment(id: number): Deployment | undefined {
    return this.deployments.find((d) => d.id === id);
  }

  /**
   * Creates a deployment with GitHub's rules: `auto_merge` (default true) and
   * `required_contexts` (default: every context on the commit) are enforced.
   */
  createDeployment(input: DeploymentInput, acting: Acting): { status: 201; deployment: Deployment } | { status: 202; message: string } {
    const resolved = this.resolveRef(input.ref);
    if (!resolved) throw new HttpError(422, { message: `No ref found for: ${input.ref}` });
    let sha = resolved.sha;
    const autoMerge = input.auto_merge ?? true;
    if (autoMerge) {
      const defaultTip = this.branches.get(this.defaultBranch);
      const isDefault = resolved.kind === 'branch' && resolved.name === this.defaultBranch;
      if (defaultTip && !isDefault && !this.isAncestor(defaultTip, sha)) {
        if (resolved.kind !== 'branch') {
          throw new HttpError(409, { message: `Conflict merging ${this.defaultBranch} into ${input.ref}.` });
        }
        this.commit({
          message: `Merge branch '${this.defaultBranch}' into ${resolved.name}`,
          parents: [sha, defaultTip],
          branch: resolved.name,
          author: acting.account.login
        });
        return { status: 202, message: `Auto-merged ${this.defaultBranch} into ${resolved.name} on deployment.` };
      }
    }
    const statuses = this.combinedStatus(sha);
    const required = input.required_contexts ?? [...statuses.keys()];
    const failing = required
      .map((context) => ({ context, state: statuses.get(context) ?? 'missing' }))
      .filter((c) => c.state !== 'success');
    if (failing.length > 0) {
      throw new HttpError(409, {
        message: `Conflict: Commit status checks failed for ${input.ref}.`,
        errors: [{ contexts: failing, resource: 'Deployment', field: 'required_contexts', code: 'invalid' }]
      });
    }
    sha = resolved.sha;
    const at = acting.at ?? this.state.clock.now();
    const environment = input.environment ?? 'production';
    this.ensureEnvironment(environment, at);
    const id = this.state.nextId('deployment');
    let payload: Record<string, unknown> | string = input.payload ?? {};
    if (typeof payload === 'string') {
      try {
        const parsed: unknown = JSON.parse(payload);
        if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) payload = parsed as Record<string, unknown>;
      } catch {
        // kept as the string it was
      }
      if (payload === '') payload = {};
    }
    const deployment: Deployment = {
      id,
      nodeId: nodeId('DE', id),
      sha,
      ref: input.ref,
      task: input.task ?? 'deploy',
      payload,
      environment,
      originalEnvironment: environment,
      description: input.description === undefined ? '' : input.description,
      creator: acting.account,
      app: acting.app,
      createdAt: at,
      updatedAt: at,
      transient: input.transient_environment ?? false,
      production: input.production_environment ?? environment.toLowerCase() === 'production',
      statuses: []
    };
    this.deployments.push(deployment);
    return { status: 201, deployment };
  }

  /** Adds a deployment status; `auto_inactive` (default true) follows GitHub's documented rule. */
  createDeploymentStatus(deployment: Deployment, input: DeploymentStatusInput, acting: Acting): DeploymentStatus {
    const description = input.description ?? '';
    if (description.length > STATUS_DESCRIPTION_LIMIT) {
      throw HttpError.validation(
        [{ resource: 'DeploymentStatus', code: 'custom', field: 'description', message: `description is too long (maximum is ${STATUS_DESCRIPTION_LIMIT} characters)` }],
        `deployment status description has ${description.length} characters; GitHub allows ${STATUS_DESCRIPTION_LIMIT}`
      );
    }
    const at = acting.at ?? this.state.clock.now();
    const previous = deployment.statuses[deployment.statuses.length - 1];
    const environment = input.environment ?? previous?.environment ?? deployment.environment;
    if (environment !== deployment.environment) {
      deployment.environment = environment;
    }
    this.ensureEnvironment(environment, at);
    const logUrl = input.log_url ?? input.target_url ?? '';
    const id = this.state.nextId('status');
    const status: DeploymentStatus = {
      id,
      nodeId: nodeId('DES', id),
      state: input.state,
      description,
      environment,
      environmentUrl: input.environment_url ?? '',
      logUrl,
      targetUrl: logUrl,
      creator: acting.account,
      app: acting.app,
      createdAt: at,
      updatedAt: at
    };
    deployment.statuses.push(status);
    deployment.updatedAt = at;
    const env = this.environment(environment);
    if (env) env.updatedAt = at;
    if (input.state === 'success' && (input.auto_inactive ?? true)) {
      for (const other of this.deployments) {
        if (other === deployment || other.id > deployment.id) continue;
        if (other.environment !== environment || other.transient || other.production) continue;
        if (other.statuses[other.statuses.length - 1]?.state !== 'success') continue;
        const inactiveId = this.state.nextId('status');
        other.statuses.push({
          ...status,
          id: inactiveId,
          nodeId: nodeId('DES', inactiveId),
          state: 'inactive',
          description: '',
          environmentUrl: other.statuses[other.statuses.length - 1]?.environmentUrl ?? '',
          logUrl: '',
          targetUrl: ''
        });
        other.updatedAt = at;
      }
    }
    return status;
  }

  /** GitHub refuses to delete an active deployment unless it is the only one. */
  deleteDeployment(id: number): void {
    const deployment = this.deployment(id);
    if (!deployment) throw HttpError.notFound();
    const latest = deployment.statuses[deployment.statuses.length - 1];
    const active = latest?.state !== 'inactive';
    const others = this.deployments.filter((d) => d !== deployment && d.environment === deployment.environment);
    if (active && others.length > 0) {
      throw new HttpError(422, { message: 'We cannot delete an active deployment unless it is the only deployment in a given environment.' });
    }
    this.deployments.splice(this.deployments.indexOf(deployment), 1);
  }

  /** Seeds a deployment (no auto-merge or status checks) with an optional first status. */
  deploy(
    input: { ref: string; environment?: string; state?: DeploymentState; environmentUrl?: string; transient?: boolean; production?: boolean; task?: string; description?: string } & ActorOptions
  ): Deployment {
    const acting = this.state.acting(input);
    const deploymentInput: DeploymentInput = { ref: input.ref, auto_merge: false, required_contexts: [] };
    if (input.environment !== undefined) deploymentInput.environment = input.environment;
    if (input.transient !== undefined) deploymentInput.transient_environment = input.transient;
    if (input.production !== undefined) deploymentInput.production_environment = input.production;
    if (input.task !== undefined) deploymentInput.task = input.task;
    if (input.description !== undefined) deploymentInput.description = input.description;
    const result = this.createDeployment(deploymentInput, acting);
    if (result.status !== 201) throw new Error(result.message);
    if (input.state) {
      const statusInput: DeploymentStatusInput = { state: input.state };
      if (input.environmentUrl !== undefined) statusInput.environment_url = input.environmentUrl;
      this.createDeploymentStatus(result.deployment, statusInput, acting);
    }
    return result.deployment;
  }

  // -- releases --------------------------------------------------------------------------------

  release(id: number): Release | undefined {
    return this.releases.find((r) => r.id === id);
  }

  /** Newest first, drafts included. */
  releasesNewestFirst(): Release[] {
    return [...this.releases].sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || b.id - a.id);
  }

  latestRelease(): Release | null {
    const eligible = this.releases.filter((r) => !r.draft && !r.prerelease);
    const explicit = eligible.find((r) => r.id === this.latestReleaseId);
    if (explicit) return explicit;
    const candidates = eligible.filter((r) => r.makeLatest !== 'false');
    candidates.sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || compareSemver(b.tagName, a.tagName) || b.id - a.id);
    return candidates[0] ?? null;
  }

  private publishedWithTag(tag: string, except?: Release): Release | undefined {
    return this.releases.find((r) => r !== except && !r.draft && r.tagName === tag);
  }

  private releaseDate(tag: string, target: string): Date {
    const sha = this.tags.get(tag)?.commit ?? this.resolve(target);
    const commit = sha ? this.commits.get(sha) : undefined;
    return commit ? commit.committer.date : this.state.clock.now();
  }

  private publish(release: Release, at: Date): void {
    if (!this.tags.has(release.tagName)) {
      const sha = this.resolve(release.targetCommitish);
      if (!sha) throw HttpError.validation([{ resource: 'Release', code: 'invalid', field: 'target_commitish' }]);
      this.tag(release.tagName, sha);
    }
    release.publishedAt = at;
    if (this.immutableReleases) release.immutable = true;
  }

  private applyMakeLatest(release: Release, makeLatest: MakeLatest | undefined): void {
    if (makeLatest !== undefined) release.makeLatest = makeLatest;
    if (release.draft || release.prerelease) return;
    const effective = makeLatest ?? 'true';
    if (effective === 'true') this.latestReleaseId = release.id;
    else if (effective === 'legacy') this.latestReleaseId = null;
    else if (this.latestReleaseId === release.id) this.latestReleaseId = null;
  }

  /** Creates a release with GitHub's rules (tag uniqueness among published releases, body limit, tag creation on publish). */
  createRelease(input: ReleaseInput, acting: Acting): Release {
    const draft = input.draft ?? false;
    if (!draft && this.publishedWithTag(input.tag_name)) {
      throw HttpError.validation([{ resource: 'Release', code: 'already_exists', field: 'tag_name' }]);
    }
    const target = input.target_commitish ?? this.defaultBranch;
    if (!this.tags.has(input.tag_name) && !this.resolve(target)) {
      throw HttpError.validation([{ resource: 'Release', code: 'invalid', field: 'target_commitish' }]);
    }
    let name = input.name ?? null;
    let body = input.body ?? null;
    if (input.generate_release_notes) {
      const notes = this.generateReleaseNotes({ tag_name: input.tag_name, target_commitish: target });
      name = name ?? notes.name;
      body = body ? `${body}\n\n${notes.body}` : notes.body;
    }
    checkBodyLength(body);
    const at = acting.at ?? this.state.clock.now();
    const id = this.state.nextId('release');
    const release: Release = {
      id,
      nodeId: nodeId('RE', id),
      tagName: input.tag_name,
      targetCommitish: target,
      name,
      body,
      draft,
      prerelease: input.prerelease ?? false,
      createdAt: this.releaseDate(input.tag_name, target),
      publishedAt: null,
      updatedAt: at,
      author: acting.account,
      makeLatest: input.make_latest ?? 'true',
      untaggedSlug: `untagged-${sha1(`release:${id}`).slice(0, 20)}`,
      assets: [],
      immutable: false
    };
    if (!draft) this.publish(release, at);
    this.releases.push(release);
    this.applyMakeLatest(release, input.make_latest);
    return release;
  }

  updateRelease(release: Release, input: Partial<ReleaseInput>, acting: Acting): Release {
    const tagName = input.tag_name ?? release.tagName;
    const draft = input.draft ?? release.draft;
    if (!draft && this.publishedWithTag(tagName, release)) {
      throw HttpError.validation([{ resource: 'Release', code: 'already_exists', field: 'tag_name' }]);
    }
    if (input.body !== undefined) checkBodyLength(input.body);
    const at = acting.at ?? this.state.clock.now();
    const wasDraft = release.draft;
    release.tagName = tagName;
    if (input.target_commitish !== undefined) release.targetCommitish = input.target_commitish;
    if (input.name !== undefined) release.name = input.name;
    if (input.body !== undefined) release.body = input.body;
    if (input.prerelease !== undefined) release.prerelease = input.prerelease;
    release.draft = draft;
    if (wasDraft && !draft) {
      this.publish(release, at);
      release.createdAt = this.releaseDate(release.tagName, release.targetCommitish);
    }
    if (!wasDraft && draft && release.immutable) {
      throw new HttpError(422, { message: 'Cannot unpublish an immutable release.' });
    }
    if (!wasDraft && draft) release.publishedAt = null;
    release.updatedAt = at;
    if (input.make_latest !== undefined || (wasDraft && !draft)) this.applyMakeLatest(release, input.make_latest);
    if ((release.draft || release.prerelease) && this.latestReleaseId === release.id) this.latestReleaseId = null;
    return release;
  }

  /** Attaches a file to a release, as the uploads host does: unique names, never to an immutable release. */
  uploadAsset(release: Release, input: { name: string; label?: string; contentType: string; data: Buffer }, acting: Acting): ReleaseAsset {
    if (release.immutable) throw new HttpError(422, { message: 'Cannot upload assets to an immutable release.' });
    if (release.assets.some((a) => a.name === input.name)) {
      throw HttpError.validation([{ resource: 'ReleaseAsset', code: 'already_exists', field: 'name' }]);
    }
    const id = this.state.nextId('asset');
    const at = acting.at ?? this.state.clock.now();
    const asset: ReleaseAsset = {
      id,
      nodeId: nodeId('RA_', id),
      name: input.name,
      label: input.label ?? null,
      contentType: input.contentType,
      size: input.data.length,
      digest: `sha256:${createHash('sha256').update(input.data).digest('hex')}`,
      uploader: acting.account,
      createdAt: at,
      updatedAt: at
    };
    release.assets.push(asset);
    return asset;
  }

  /** The release an asset belongs to, with the asset. */
  findAsset(id: number): { release: Release; asset: ReleaseAsset } | undefined {
    for (const release of this.releases) {
      const asset = release.assets.find((a) => a.id === id);
      if (asset) return { release, asset };
    }
    return undefined;
  }

  deleteAsset(release: Release, asset: ReleaseAsset): void {
    if (release.immutable) throw new HttpError(422, { message: 'Cannot delete assets of an immutable release.' });
    release.assets.splice(release.assets.indexOf(asset), 1);
  }

  deleteRelease(release: Release): void {
    this.releases.splice(this.releases.indexOf(release), 1);
    if (this.latestReleaseId === release.id) this.latestReleaseId = null;
  }

  /** Seeds a release (published unless `draft`), creating its tag as GitHub does. */
  addRelease(input: ReleaseInput & ActorOptions): Release {
    return this.createRelease(input, this.state.acting(input));
  }

  /**
   * GitHub's default release notes: merged pull requests whose commits are in
   * previous_tag_name..tag_name, new contributors, and the Full Changelog link.
   */
  generateReleaseNotes(input: { tag_name: string; target_commitish?: string; previous_tag_name?: string }, web = 'https://github.com'): { name: string; body: string } {
    const headSha = this.tags.get(input.tag_name)?.commit ?? this.resolve(input.target_commitish ?? this.defaultBranch);
    if (!headSha) throw HttpError.validation([{ resource: 'Release', code: 'invalid', field: 'target_commitish' }]);
    let previous = input.previous_tag_name;
    if (previous === undefined) {
      const prior = this.releasesNewestFirst().find(
        (r) => !r.draft && !r.prerelease && r.tagName !== input.tag_name && this.tags.has(r.tagName) && this.isAncestor(this.tags.get(r.tagName)?.commit ?? '', headSha)
      );
      previous = prior?.tagName;
    }
    const baseSha = previous !== undefined ? this.resolve(previous) : undefined;
    if (previous !== undefined && !baseSha) throw HttpError.notFound();
    const commits = baseSha ? this.compare(baseSha, headSha).commits : this.topoOldestFirst(this.ancestors(headSha));
    const seen = new Set<number>();
    const pulls: PullRequest[] = [];
    for (const commit of commits) {
      for (const pr of this.pullRequestsFor(commit.sha)) {
        if (pr.merged && pr.base === this.defaultBranch && !seen.has(pr.number)) {
          seen.add(pr.number);
          pulls.push(pr);
        }
      }
    }
    const repoUrl = `${web}/${this.fullName}`;
    const lines: string[] = [];
    if (pulls.length > 0) {
      lines.push("## What's Changed");
      for (const pr of pulls) lines.push(`* ${pr.title} by @${pr.author.login} in ${repoUrl}/pull/${pr.number}`);
      const firsts = pulls.filter((pr) => {
        const earlier = this.pulls.find((other) => other.merged && other.author === pr.author && other.mergedAt !== null && pr.mergedAt !== null && other.mergedAt < pr.mergedAt);
        return !earlier && pulls.find((p) => p.author === pr.author) === pr;
      });
      if (firsts.length > 0) {
        lines.push('', '## New Contributors');
        for (const pr of firsts) lines.push(`* @${pr.author.login} made their first contribution in ${repoUrl}/pull/${pr.number}`);
      }
      lines.push('');
    }
    lines.push(
      previous !== undefined
        ? `**Full Changelog**: ${repoUrl}/compare/${previous}...${input.tag_name}`
        : `**Full Changelog**: ${repoUrl}/commits/${input.tag_name}`
    );
    return { name: input.tag_name, body: lines.join('\n') };
  }
}

function checkBodyLength(body: string | null | undefined): void {
  if (body && body.length > RELEASE_BODY_LIMIT) {
    throw HttpError.validation(
      [{ resource: 'Release', code: 'custom', field: 'body', message: `body is too long (maximum is ${RELEASE_BODY_LIMIT} characters)` }],
      `release body has ${body.length} characters; GitHub allows ${RELEASE_BODY_LIMIT}`
    );
  }
}

/** Compares `v1.2.3`-style versions; non-versions compare equal. */
function compareSemver(a: string, b: string): number {
  const parse = (v: string): number[] | null => {
    const m = /^v?(\d+)\.(\d+)\.(\d+)/.exec(v);
    return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : null;
  };
  const pa = parse(a);
  const pb = parse(b);
  if (!pa || !pb) return 0;
  for (let i = 0; i < 3; i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}
