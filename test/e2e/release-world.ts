/**
 * Shared set-up of the release-action end-to-end tests: one GitHub emulator per test file,
 * a fresh repository per test in it, seeding helpers that tell a repository's story (pull
 * requests opened, approved, merged, deployed), and a runner for the committed release bundle.
 *
 * The bundle runs on real time, so every seeded timestamp lies in the past (the emulator's
 * clock starts days ago and moves forward as the story is told) and every schedule input is
 * built from `new Date()`.
 */
import { afterAll, afterEach, beforeAll, beforeEach } from '@jest/globals';
import { startEmulator } from '../emulator/index.js';
import type { Deployment, DeploymentState, Emulator, FileInput, LogEntry, PullRequest, Repo } from '../emulator/index.js';
import { runBundle, webhookPayload } from '../support/run-bundle.js';
import type { RunResult } from '../support/run-bundle.js';

/** The org every test repository lives in. */
export const ORG = 'acme';

/** Like a workflow's GITHUB_TOKEN with the permissions the README asks for (no `members`). */
export const GITHUB_TOKEN = 'ghs_workflow_token';
/** A GitHub App installation token that can also read organization membership. */
export const APP_TOKEN = 'ghs_app_token_members';
/** What the README asks for a dry run: reading only. */
export const READ_ONLY_TOKEN = 'ghs_read_only_token';
/** The deploy job's GITHUB_TOKEN (`deployments: write`). */
export const DEPLOY_TOKEN = 'ghs_deploy_token';

/** Exactly what the README's Permissions table asks for release-action. */
const RELEASE_PERMISSIONS = { contents: 'write', 'pull-requests': 'read', deployments: 'read' } as const;

/** Users of the stories: approvers, a release manager team, authors. */
export const APPROVER = 'alice';
export const SECOND_APPROVER = 'bob';
export const AUTHOR = 'carol';
export const OUTSIDER = 'mallory';
export const TEAM = `${ORG}/release-managers`;

export interface Reason {
  code: string;
  message: string;
  pull_request?: number;
}

export interface ReleaseRun extends RunResult {
  /** The `reasons` output, parsed. */
  reasons: Reason[];
  /** The `approvals` output, parsed. */
  approvals: Record<string, Array<{ login: string; at: string }>>;
}

export class World {
  private count = 0;
  /** The repository of the current test. */
  repo!: Repo;

  private constructor(readonly gh: Emulator) {}

  static async start(): Promise<World> {
    const gh = await startEmulator();
    gh.warmGraphql();
    gh.state.addToken(GITHUB_TOKEN, 'github-actions[bot]', RELEASE_PERMISSIONS);
    gh.state.addToken(APP_TOKEN, 'tollgate-release[bot]', { ...RELEASE_PERMISSIONS, members: 'read' });
    gh.state.addToken(READ_ONLY_TOKEN, 'github-actions[bot]', { ...RELEASE_PERMISSIONS, contents: 'read' });
    gh.state.addToken(DEPLOY_TOKEN, 'github-actions[bot]', { contents: 'read', deployments: 'write' });
    gh.state.createOrg(ORG).team('release-managers').addMember('rita').addMember('ralph');
    return new World(gh);
  }

  /**
   * A new repository for the next test, with history starting ten days ago: an initial commit
   * released as v1.0.0. The clock stays frozen: `tick()` moves it on.
   */
  fresh(options: { previousRelease?: boolean } = {}): Repo {
    const { gh } = this;
    gh.clearLog();
    gh.faults.clear();
    gh.rateLimits.reset();
    gh.state.clock.set(new Date(Date.now() - 10 * 86_400_000));
    this.count += 1;
    const repo = gh.state.createRepo(ORG, `shop-${this.count}`);
    repo.setPermission(APPROVER, 'write');
    repo.setPermission(SECOND_APPROVER, 'write');
    repo.setPermission(AUTHOR, 'write');
    // The team made its approval label before anyone could apply it.
    repo.ensureLabel('release-approved');
    if (options.previousRelease ?? true) {
      this.tick();
      repo.addRelease({ tag_name: 'v1.0.0', by: APPROVER, target_commitish: repo.tip('main') });
    }
    this.tick();
    this.repo = repo;
    return repo;
  }

  /** Moves the emulated clock forward (default: ten minutes). */
  tick(minutes = 10): void {
    this.gh.state.clock.advance({ minutes });
  }

  /** Opens a pull request by `author` (default: AUTHOR). */
  open(title: string, options: { author?: string; files?: FileInput[]; commits?: number } = {}): PullRequest {
    const pr = this.repo.openPullRequest({
      author: options.author ?? AUTHOR,
      title,
      ...(options.files ? { files: options.files } : {}),
      ...(options.commits ? { commits: options.commits } : {})
    });
    this.tick();
    return pr;
  }

  label(pr: PullRequest, label: string, by: string): void {
    this.repo.label(pr, label, { by });
    this.tick();
  }

  merge(pr: PullRequest, method: 'merge' | 'squash' | 'rebase' = 'merge'): void {
    this.repo.merge(pr, { by: pr.author.type === 'Bot' ? APPROVER : pr.author.login, method });
    this.tick();
  }

  /** A pull request opened, labelled `release-approved` by `approver` after its last push, and merged. */
  approvedPr(title: string, options: { approver?: string; author?: string; files?: string[]; method?: 'merge' | 'squash' | 'rebase' } = {}): PullRequest {
    const pr = this.open(title, options);
    this.label(pr, 'release-approved', options.approver ?? APPROVER);
    this.merge(pr, options.method);
    return pr;
  }

  /** A commit pushed straight to main, without a pull request. */
  directPush(message: string): string {
    const commit = this.repo.commit({ message, author: AUTHOR, files: ['src/hotfix.ts'] });
    this.tick();
    return commit.sha;
  }

  /**
   * A pull request into another branch than main (created at main's tip when missing), from a
   * head branch that may already hold commits (`head`), e.g. a commit that was also pushed to main.
   */
  sidePr(title: string, options: { base: string; head?: string; author?: string; files?: string[]; approver?: string; at?: string }): PullRequest {
    if (!this.repo.branches.has(options.base)) this.repo.branch(options.base, options.at ?? this.target);
    const pr = this.repo.openPullRequest({
      author: options.author ?? AUTHOR,
      title,
      base: options.base,
      ...(options.head ? { head: options.head } : {}),
      ...(options.files ? { files: options.files } : {})
    });
    this.tick();
    if (options.approver) this.label(pr, 'release-approved', options.approver);
    this.merge(pr);
    return pr;
  }

  /** A fork of the current repository, owned by `owner` (its pull requests number from #1). */
  fork(owner: string): Repo {
    return this.gh.state.fork(this.repo, owner);
  }

  /** A pull request into main from a branch of `fork`, opened by the fork's owner. */
  forkPr(fork: Repo, title: string, options: { files?: string[] } = {}): PullRequest {
    const pr = this.repo.openPullRequest({ author: fork.owner.login, title, from: fork, ...(options.files ? { files: options.files } : {}) });
    this.tick();
    return pr;
  }

  /**
   * Pushes a commit to the pull request's branch now whose date says it was made `daysAgo`
   * days ago (a committer date is whatever the committer's tooling sets).
   */
  backdatedPush(pr: PullRequest, options: { daysAgo?: number; by?: string; files?: string[] } = {}): void {
    const now = this.gh.state.clock.now();
    this.repo.push(pr, {
      by: options.by ?? pr.author.login,
      at: new Date(now.getTime() - (options.daysAgo ?? 5) * 86_400_000),
      pushedAt: now,
      ...(options.files ? { files: options.files } : {})
    });
    this.tick();
  }

  /**
   * Puts a commit on the pull request's branch that `author` wrote and `committer` committed (as
   * a cherry-pick or an amend does: git keeps the author, the committer is who picked it), pushed
   * by `by`. Returns its sha.
   */
  pushCommittedBy(pr: PullRequest, options: { author: string; committer: string; by: string; files?: string[] }): string {
    // Made on a side branch, then pushed to the pull request's branch by `by`.
    const side = `picks/${pr.number}`;
    this.repo.branch(side, pr.headSha, { by: options.committer });
    const commit = this.repo.commit({
      branch: side,
      message: `Fix the rounding in ${pr.title}`,
      author: options.author,
      committer: options.committer,
      pushedBy: options.committer,
      files: options.files ?? [`src/change-${pr.number}.ts`]
    });
    this.repo.push(pr, { force: true, to: commit.sha, by: options.by });
    this.tick();
    return commit.sha;
  }

  /** GitHub's "Update branch" button on a pull request, pressed by `by`. */
  updateBranch(pr: PullRequest, by: string): void {
    this.repo.updateBranch(pr, { by });
    this.tick();
  }

  /** The commit to release: main's tip. */
  get target(): string {
    return this.repo.tip('main');
  }

  get repository(): string {
    return this.repo.fullName;
  }

  /** Records a deployment of `ref` (default: the target) with a final status, as a deploy job would. */
  deploy(state: DeploymentState = 'success', options: { ref?: string; environment?: string } = {}): Deployment {
    const deployment = this.repo.deploy({
      ref: options.ref ?? this.target,
      environment: options.environment ?? 'production',
      by: 'github-actions[bot]',
      state,
      environmentUrl: 'https://shop.example.com'
    });
    this.tick();
    return deployment;
  }

  /** Records a deployment with the committed deploy-action bundle, as a deploy job does. */
  async deployWithBundle(ref: string, environment = 'production'): Promise<number> {
    const result = await runBundle('deploy', {
      apiUrl: this.gh.apiUrl,
      graphqlUrl: this.gh.graphqlUrl,
      token: DEPLOY_TOKEN,
      repository: this.repository,
      sha: ref,
      inputs: { environment, 'environment-url': 'https://shop.example.com' }
    });
    if (result.exitCode !== 0) throw new Error(`deploy-action failed: ${result.errors.join('; ')}`);
    this.tick();
    return Number(result.outputs['deployment-id']);
  }

  /** Adds a status to a deployment (e.g. `inactive` when a newer deployment replaced it). */
  setDeploymentState(deployment: Deployment, state: DeploymentState): void {
    this.repo.createDeploymentStatus(deployment, { state }, this.gh.state.acting({ by: 'github-actions[bot]' }));
    this.tick();
  }

  /** Runs the release bundle in the current repository. */
  async release(
    inputs: Record<string, string>,
    options: {
      token?: string;
      node?: string;
      sha?: string;
      ghes?: boolean;
      event?: { name: string; payload: Record<string, unknown> };
      env?: Record<string, string>;
      /** Another repository than the current one. */
      repo?: Repo;
    } = {}
  ): Promise<ReleaseRun> {
    const { gh } = this;
    const repo = options.repo ?? this.repo;
    const result = await runBundle('release', {
      apiUrl: options.ghes ? gh.ghesApiUrl : gh.apiUrl,
      graphqlUrl: options.ghes ? gh.ghesGraphqlUrl : gh.graphqlUrl,
      token: options.token ?? GITHUB_TOKEN,
      repository: repo.fullName,
      sha: options.sha ?? repo.tip('main'),
      inputs: { tag: 'v1.1.0', approvers: APPROVER, ...inputs },
      event: options.event ?? { name: 'workflow_dispatch', payload: webhookPayload('workflow_dispatch') },
      ...(options.node ? { node: options.node } : {}),
      ...(options.env ? { env: options.env } : {})
    });
    return {
      ...result,
      reasons: result.outputs['reasons'] ? (JSON.parse(result.outputs['reasons']) as Reason[]) : [],
      approvals: result.outputs['approvals'] ? (JSON.parse(result.outputs['approvals']) as ReleaseRun['approvals']) : {}
    };
  }

  /** Requests that create or change a release (POST .../releases, PATCH .../releases/{id}). */
  releaseWrites(): LogEntry[] {
    return this.gh.log.filter(
      (e) => (e.method === 'POST' && /\/releases$/.test(e.path)) || (e.method === 'PATCH' && /\/releases\/\d+$/.test(e.path))
    );
  }

  /** Releases of the current repository, by tag. */
  releases(tag?: string): Repo['releases'] {
    return this.repo.releases.filter((r) => tag === undefined || r.tagName === tag);
  }

  async close(): Promise<void> {
    await this.gh.close();
  }
}

/** The codes of the reasons, in order. */
export const codes = (run: ReleaseRun): string[] => run.reasons.map((r) => r.code);

/** Dates relative to now for schedule inputs, in UTC. */
export const DAY_NAMES = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const;

export function utcDay(offsetDays: number, from = new Date()): Date {
  return new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), from.getUTCDate() + offsetDays));
}

/** `2026-11-25` for a UTC date. */
export const ymd = (date: Date): string => date.toISOString().slice(0, 10);

/** A window open now: every hour of yesterday, today and tomorrow (UTC weekdays). */
export function windowOpenNow(now = new Date()): string {
  const days = [-1, 0, 1].map((d) => DAY_NAMES[utcDay(d, now).getUTCDay()]);
  return `${days.join(',')} 00:00-24:00`;
}

/**
 * A window three days from today 09:00-10:00 UTC (never today or a neighbour), and when it
 * next opens.
 */
export function windowLater(now = new Date()): { rule: string; opens: Date } {
  const day = utcDay(3, now);
  return { rule: `${DAY_NAMES[day.getUTCDay()]} 09:00-10:00`, opens: new Date(day.getTime() + 9 * 3_600_000) };
}

/** A freeze of whole days from yesterday to tomorrow, and when it ends (the day after tomorrow, 00:00 UTC). */
export function freezeNow(now = new Date()): { rule: string; ends: Date } {
  return { rule: `${ymd(utcDay(-1, now))} - ${ymd(utcDay(1, now))}`, ends: utcDay(2, now) };
}

/**
 * The lifecycle every release end-to-end file shares: one emulator per file, a fresh repository
 * per test, and no request GitHub would reject. The world is ready inside tests and hooks.
 */
export function useWorld(): World {
  let real: World | undefined;
  beforeAll(async () => {
    real = await World.start();
  });
  afterAll(async () => {
    await real?.close();
  });
  beforeEach(() => {
    real!.fresh();
  });
  afterEach(() => {
    real!.gh.assertNoViolations();
  });
  return new Proxy({} as World, {
    get: (_target, property) => {
      const value: unknown = Reflect.get(real!, property);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(real) : value;
    },
    set: (_target, property, value) => Reflect.set(real!, property, value)
  });
}
