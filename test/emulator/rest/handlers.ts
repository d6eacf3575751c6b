/**
 * REST operation handlers, keyed by GitHub's operationId, with the token
 * permission each one needs.
 */
import { HttpError } from '../errors.js';
import { hasPermission, roleAtLeast } from '../state.js';
import type { AccessLevel, Acting, DeploymentInput, DeploymentStatusInput, ReleaseInput, Repo, RepoRole, State, Token } from '../state.js';
import type { Operation } from './contract.js';
import * as json from './serialize.js';
import type { Urls } from './serialize.js';

export interface RestRequest {
  state: State;
  urls: Urls;
  token: Token;
  operation: Operation;
  path: Record<string, unknown>;
  query: Record<string, unknown>;
  /** The query string as sent, for pagination links. */
  rawQuery: URLSearchParams;
  /** Parsed JSON; for an upload, the file's bytes as a Buffer. */
  body: unknown;
  /** The request's Content-Type header. */
  contentType?: string | undefined;
  repo: Repo | undefined;
  /** Base URL of this resource for `link` headers (GitHub uses /repositories/{id}/...). */
  linkBase: string;
}

export interface RestResult {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/** Any one of these grants access; `user-only`: not available to installation tokens. */
export type PermissionRule = Array<[string, AccessLevel]> | 'none' | 'user-only';

interface Handler {
  permission: PermissionRule;
  handle: (r: RestRequest) => RestResult;
}

function repoOf(r: RestRequest): Repo {
  if (!r.repo) throw HttpError.notFound();
  return r.repo;
}

function acting(r: RestRequest): Acting {
  return { account: r.token.account, app: r.token.app };
}

function intParam(r: RestRequest, name: string): number {
  const value = r.path[name];
  return typeof value === 'number' ? value : Number(value);
}

/** One page of a list, with GitHub's `link` header. */
export function paginate<T>(r: RestRequest, items: T[]): { items: T[]; headers: Record<string, string> } {
  const perPage = Math.min(100, Math.max(1, typeof r.query.per_page === 'number' ? r.query.per_page : 30));
  const page = Math.max(1, typeof r.query.page === 'number' ? r.query.page : 1);
  const lastPage = Math.max(1, Math.ceil(items.length / perPage));
  const slice = items.slice((page - 1) * perPage, page * perPage);
  const headers: Record<string, string> = {};
  const link = (n: number, rel: string): string => {
    const params = new URLSearchParams(r.rawQuery);
    params.delete('page');
    params.append('page', String(n));
    return `<${r.linkBase}?${params.toString()}>; rel="${rel}"`;
  };
  const parts: string[] = [];
  if (page > 1) parts.push(link(Math.min(page - 1, lastPage), 'prev'));
  if (page < lastPage) parts.push(link(page + 1, 'next'), link(lastPage, 'last'));
  if (page > 1) parts.push(link(1, 'first'));
  if (parts.length > 0) headers.link = parts.join(', ');
  return { items: slice, headers };
}

function list<T>(r: RestRequest, items: T[], toJson: (item: T) => unknown): RestResult {
  const { items: page, headers } = paginate(r, items);
  return { status: 200, body: page.map(toJson), headers };
}

/** GitHub keeps at most 65,536 characters in a comment and refuses an empty one. */
const COMMENT_LIMIT = 65_536;
function commentBody(r: RestRequest): string {
  const body = (r.body as { body?: unknown } | null)?.body;
  if (typeof body !== 'string' || body.trim() === '') throw HttpError.validation([{ resource: 'IssueComment', code: 'missing_field', field: 'body' }]);
  if ([...body].length > COMMENT_LIMIT) {
    throw HttpError.validation([{ resource: 'IssueComment', code: 'custom', field: 'body', message: `Body is too long (maximum is ${COMMENT_LIMIT} characters)` }]);
  }
  return body;
}

function canPush(token: Token): boolean {
  return hasPermission(token, 'contents', 'write');
}

function noCommit(ref: string): HttpError {
  return new HttpError(422, { message: `No commit found for SHA: ${ref}` });
}

const LEGACY_PERMISSION: Record<RepoRole | 'none', string> = {
  admin: 'admin',
  maintain: 'write',
  write: 'write',
  triage: 'read',
  read: 'read',
  none: 'none'
};

const READ_DEPLOYMENTS: PermissionRule = [['deployments', 'read']];
const WRITE_DEPLOYMENTS: PermissionRule = [['deployments', 'write']];
const READ_CONTENTS: PermissionRule = [['contents', 'read']];
const WRITE_CONTENTS: PermissionRule = [['contents', 'write']];
const READ_PULLS: PermissionRule = [['pull_requests', 'read']];
const READ_ISSUES_OR_PULLS: PermissionRule = [['issues', 'read'], ['pull_requests', 'read']];
const WRITE_ISSUES_OR_PULLS: PermissionRule = [['issues', 'write'], ['pull_requests', 'write']];
const METADATA: PermissionRule = [['metadata', 'read']];

export const HANDLERS: Record<string, Handler> = {
  'repos/get': {
    permission: METADATA,
    handle: (r) => ({ status: 200, body: json.repository(repoOf(r), r.urls, r.token) })
  },

  // -- deployments ------------------------------------------------------------
  'repos/list-deployments': {
    permission: READ_DEPLOYMENTS,
    handle: (r) => {
      const repo = repoOf(r);
      const q = r.query;
      const items = repo.deployments
        .filter((d) => (q.sha === undefined || d.sha === q.sha) && (q.ref === undefined || d.ref === q.ref) && (q.task === undefined || d.task === q.task))
        .filter((d) => q.environment === undefined || q.environment === null || d.environment === q.environment)
        .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || b.id - a.id);
      return list(r, items, (d) => json.deployment(repo, d, r.urls));
    }
  },
  'repos/create-deployment': {
    permission: WRITE_DEPLOYMENTS,
    handle: (r) => {
      const repo = repoOf(r);
      const result = repo.createDeployment(r.body as DeploymentInput, acting(r));
      if (result.status === 202) return { status: 202, body: { message: result.message } };
      return { status: 201, body: json.deployment(repo, result.deployment, r.urls) };
    }
  },
  'repos/get-deployment': {
    permission: READ_DEPLOYMENTS,
    handle: (r) => {
      const repo = repoOf(r);
      const d = repo.deployment(intParam(r, 'deployment_id'));
      if (!d) throw HttpError.notFound();
      return { status: 200, body: json.deployment(repo, d, r.urls) };
    }
  },
  'repos/delete-deployment': {
    permission: WRITE_DEPLOYMENTS,
    handle: (r) => {
      repoOf(r).deleteDeployment(intParam(r, 'deployment_id'));
      return { status: 204 };
    }
  },
  'repos/list-deployment-statuses': {
    permission: READ_DEPLOYMENTS,
    handle: (r) => {
      const repo = repoOf(r);
      const d = repo.deployment(intParam(r, 'deployment_id'));
      if (!d) throw HttpError.notFound();
      return list(r, [...d.statuses].reverse(), (s) => json.deploymentStatus(repo, d, s, r.urls));
    }
  },
  'repos/create-deployment-status': {
    permission: WRITE_DEPLOYMENTS,
    handle: (r) => {
      const repo = repoOf(r);
      const d = repo.deployment(intParam(r, 'deployment_id'));
      if (!d) throw HttpError.notFound();
      const status = repo.createDeploymentStatus(d, r.body as DeploymentStatusInput, acting(r));
      return { status: 201, body: json.deploymentStatus(repo, d, status, r.urls) };
    }
  },
  'repos/get-deployment-status': {
    permission: READ_DEPLOYMENTS,
    handle: (r) => {
      const repo = repoOf(r);
      const d = repo.deployment(intParam(r, 'deployment_id'));
      const s = d?.statuses.find((x) => x.id === intParam(r, 'status_id'));
      if (!d || !s) throw HttpError.notFound();
      return { status: 200, body: json.deploymentStatus(repo, d, s, r.urls) };
    }
  },

  // -- environments -----------------------------------------------------------
  'repos/get-all-environments': {
    permission: [['actions', 'read']],
    handle: (r) => {
      const repo = repoOf(r);
      const all = [...repo.environments.values()];
      const { items, headers } = paginate(r, all);
      return { status: 200, body: { total_count: all.length, environments: items.map((e) => json.environment(repo, e, r.urls)) }, headers };
    }
  },
  'repos/get-environment': {
    permission: [['actions', 'read']],
    handle: (r) => {
      const repo = repoOf(r);
      const env = repo.environment(String(r.path.environment_name));
      if (!env) throw HttpError.notFound();
      return { status: 200, body: json.environment(repo, env, r.urls) };
    }
  },

  // -- releases ---------------------------------------------------------------
  'repos/list-releases': {
    permission: READ_CONTENTS,
    handle: (r) => {
      const repo = repoOf(r);
      // Only users with push access see drafts.
      const items = repo.releasesNewestFirst().filter((rel) => !rel.draft || canPush(r.token));
      return list(r, items, (rel) => json.release(repo, rel, r.urls));
    }
  },
  'repos/create-release': {
    permission: WRITE_CONTENTS,
    handle: (r) => {
      const repo = repoOf(r);
      const body = r.body as ReleaseInput & { discussion_category_name?: string };
      const release = repo.createRelease(body, acting(r));
      return { status: 201, body: json.release(repo, release, r.urls) };
    }
  },
  'repos/get-latest-release': {
    permission: READ_CONTENTS,
    handle: (r) => {
      const repo = repoOf(r);
      const latest = repo.latestRelease();
      if (!latest) throw HttpError.notFound();
      return { status: 200, body: json.release(repo, latest, r.urls) };
    }
  },
  'repos/get-release-by-tag': {
    permission: READ_CONTENTS,
    handle: (r) => {
      const repo = repoOf(r);
      const found = repo.releases.find((rel) => rel.tagName === r.path.tag && !rel.draft);
      if (!found) throw HttpError.notFound();
      return { status: 200, body: json.release(repo, found, r.urls) };
    }
  },
  'repos/get-release': {
    permission: READ_CONTENTS,
    handle: (r) => {
      const repo = repoOf(r);
      const found = repo.release(intParam(r, 'release_id'));
      if (!found || (found.draft && !canPush(r.token))) throw HttpError.notFound();
      return { status: 200, body: json.release(repo, found, r.urls) };
    }
  },
  'repos/update-release': {
    permission: WRITE_CONTENTS,
    handle: (r) => {
      const repo = repoOf(r);
      const found = repo.release(intParam(r, 'release_id'));
      if (!found) throw HttpError.notFound();
      repo.updateRelease(found, r.body as Partial<ReleaseInput>, acting(r));
      return { status: 200, body: json.release(repo, found, r.urls) };
    }
  },
  'repos/delete-release': {
    permission: WRITE_CONTENTS,
    handle: (r) => {
      const repo = repoOf(r);
      const found = repo.release(intParam(r, 'release_id'));
      if (!found) throw HttpError.notFound();
      repo.deleteRelease(found);
      return { status: 204 };
    }
  },
  'repos/list-release-assets': {
    permission: READ_CONTENTS,
    handle: (r) => {
      const repo = repoOf(r);
      const release = repo.release(intParam(r, 'release_id'));
      if (!release || (release.draft && !canPush(r.token))) throw HttpError.notFound();
      return list(r, release.assets, (a) => json.releaseAsset(repo, release, a, r.urls));
    }
  },
  'repos/upload-release-asset': {
    permission: WRITE_CONTENTS,
    handle: (r) => {
      const repo = repoOf(r);
      const release = repo.release(intParam(r, 'release_id'));
      if (!release) throw HttpError.notFound();
      const data = Buffer.isBuffer(r.body) ? r.body : Buffer.alloc(0);
      const label = typeof r.query.label === 'string' ? r.query.label : undefined;
      const asset = repo.uploadAsset(release, { name: String(r.query.name), ...(label !== undefined ? { label } : {}), contentType: r.contentType ?? 'application/octet-stream', data }, acting(r));
      return { status: 201, body: json.releaseAsset(repo, release, asset, r.urls) };
    }
  },
  'repos/get-release-asset': {
    permission: READ_CONTENTS,
    handle: (r) => {
      const repo = repoOf(r);
      const found = repo.findAsset(intParam(r, 'asset_id'));
      if (!found || (found.release.draft && !canPush(r.token))) throw HttpError.notFound();
      return { status: 200, body: json.releaseAsset(repo, found.release, found.asset, r.urls) };
    }
  },
  'repos/delete-release-asset': {
    permission: WRITE_CONTENTS,
    handle: (r) => {
      const repo = repoOf(r);
      const found = repo.findAsset(intParam(r, 'asset_id'));
      if (!found) throw HttpError.notFound();
      repo.deleteAsset(found.release, found.asset);
      return { status: 204 };
    }
  },
  'repos/generate-release-notes': {
    permission: WRITE_CONTENTS,
    handle: (r) => {
      const body = r.body as { tag_name: string; target_commitish?: string; previous_tag_name?: string };
      return { status: 200, body: repoOf(r).generateReleaseNotes(body, r.urls.web) };
    }
  },

  // -- git ----------------------------------------------------------------------
  'git/get-ref': {
    permission: READ_CONTENTS,
    handle: (r) => {
      const repo = repoOf(r);
      const ref = String(r.path.ref);
      const found = refObject(repo, `refs/${ref}`);
      if (!found) throw HttpError.notFound();
      return { status: 200, body: json.gitRef(repo, `refs/${ref}`, found, r.urls) };
    }
  },
  'git/create-ref': {
    permission: WRITE_CONTENTS,
    handle: (r) => {
      const repo = repoOf(r);
      const { ref, sha } = r.body as { ref: string; sha: string };
      // GitHub: "ref ... If it doesn't start with 'refs' and have at least two slashes, it will be rejected."
      if (!/^refs\/[^/]+\/.+/.test(ref)) {
        throw new HttpError(422, { message: `${ref} is not a valid ref name.` });
      }
      if (refObject(repo, ref)) throw new HttpError(422, { message: 'Reference already exists' });
      const commit = repo.commitOf(sha);
      if (!commit || commit.sha !== sha.toLowerCase() || sha.length !== 40) throw new HttpError(422, { message: 'Object does not exist' });
      if (ref.startsWith('refs/heads/')) repo.branch(ref.slice('refs/heads/'.length), commit.sha);
      else if (ref.startsWith('refs/tags/')) repo.tag(ref.slice('refs/tags/'.length), commit.sha);
      else throw new HttpError(422, { message: `${ref} is not a valid ref name.` });
      const created = refObject(repo, ref)!;
      return { status: 201, body: json.gitRef(repo, ref, created, r.urls) };
    }
  },
  'git/list-matching-refs': {
    permission: READ_CONTENTS,
    handle: (r) => {
      const repo = repoOf(r);
      const prefix = `refs/${String(r.path.ref)}`;
      const names = [...[...repo.branches.keys()].map((b) => `refs/heads/${b}`), ...[...repo.tags.keys()].map((t) => `refs/tags/${t}`)]
        .filter((name) => name.startsWith(prefix))
        .sort();
      return {
        status: 200,
        body: names.map((name) => json.gitRef(repo, name, refObject(repo, name) ?? { type: 'commit', sha: '' }, r.urls))
      };
    }
  },
  'git/get-tag': {
    permission: READ_CONTENTS,
    handle: (r) => {
      const repo = repoOf(r);
      const tag = repo.tagObjects.get(String(r.path.tag_sha).toLowerCase());
      if (!tag) throw HttpError.notFound();
      return { status: 200, body: json.gitTag(repo, tag, r.urls) };
    }
  },
  'repos/get-commit': {
    permission: READ_CONTENTS,
    handle: (r) => {
      const repo = repoOf(r);
      const ref = String(r.path.ref);
      const sha = repo.resolve(ref);
      const commit = sha ? repo.commitOf(sha) : undefined;
      if (!commit) throw noCommit(ref);
      return { status: 200, body: json.commit(repo, commit, r.urls, { files: true }) };
    }
  },
  'repos/compare-commits-with-basehead': {
    permission: READ_CONTENTS,
    handle: (r) => {
      const repo = repoOf(r);
      const basehead = String(r.path.basehead);
      const m = /^(.+?)\.\.\.?(.+)$/.exec(basehead);
      if (!m || !m[1] || !m[2]) throw HttpError.notFound();
      const baseSha = repo.resolve(m[1]);
      const headSha = repo.resolve(m[2]);
      if (!baseSha || !headSha) throw HttpError.notFound();
      const result = repo.compare(baseSha, headSha);
      const baseCommit = repo.commitOf(baseSha);
      const mergeBase = result.mergeBase ? repo.commitOf(result.mergeBase) : undefined;
      if (!baseCommit || !mergeBase) throw HttpError.notFound();
      const paged = r.query.page !== undefined || r.query.per_page !== undefined;
      const { items, headers } = paged ? paginate(r, result.commits) : { items: result.commits.slice(0, 250), headers: {} };
      const files = new Map<string, (typeof result.commits)[number]['files'][number]>();
      for (const c of result.commits) for (const f of c.files) files.set(f.filename, f);
      const api = `${r.urls.api}/repos/${repo.fullName}`;
      const html = `${r.urls.web}/${repo.fullName}`;
      return {
        status: 200,
        headers,
        body: {
          url: `${api}/compare/${basehead}`,
          html_url: `${html}/compare/${basehead}`,
          permalink_url: `${html}/compare/${repo.owner.login}:${baseSha.slice(0, 7)}...${repo.owner.login}:${headSha.slice(0, 7)}`,
          diff_url: `${html}/compare/${basehead}.diff`,
          patch_url: `${html}/compare/${basehead}.patch`,
          base_commit: json.commit(repo, baseCommit, r.urls),
          merge_base_commit: json.commit(repo, mergeBase, r.urls),
          status: result.status,
          ahead_by: result.aheadBy,
          behind_by: result.behindBy,
          total_commits: result.aheadBy,
          commits: items.map((c) => json.commit(repo, c, r.urls)),
          files: [...files.values()].slice(0, 300).map((f) => json.diffEntry(repo, headSha, f, r.urls))
        }
      };
    }
  },
  'repos/list-pull-requests-associated-with-commit': {
    permission: READ_PULLS,
    handle: (r) => {
      const repo = repoOf(r);
      const ref = String(r.path.commit_sha);
      const sha = repo.resolve(ref);
      if (!sha) throw noCommit(ref);
      // Every pull request of the fork network that holds the commit; deleted forks' are gone.
      const prs = r.state.associatedPullRequests(sha, r).filter((p) => !p.repo.deleted);
      prs.sort((a, b) => a.pr.createdAt.getTime() - b.pr.createdAt.getTime() || a.pr.id - b.pr.id);
      return list(r, prs, (p) => json.pullRequest(p.repo, p.pr, r.urls));
    }
  },
  'repos/list-activities': {
    permission: READ_CONTENTS,
    handle: (r) => listActivities(r, repoOf(r))
  },

  // -- pull requests and issues -------------------------------------------------------------
  'pulls/list': {
    permission: READ_PULLS,
    handle: (r) => {
      const repo = repoOf(r);
      const q = r.query;
      const state = (q.state as string | undefined) ?? 'open';
      const sort = (q.sort as string | undefined) ?? 'created';
      const direction = (q.direction as string | undefined) ?? (sort === 'created' ? 'desc' : 'asc');
      let prs = repo.pulls.filter((p) => state === 'all' || p.state === state);
      if (typeof q.base === 'string') prs = prs.filter((p) => p.base === q.base);
      if (typeof q.head === 'string') {
        const [owner, branch] = q.head.includes(':') ? q.head.split(':', 2) : [repo.owner.login, q.head];
        prs = prs.filter((p) => p.head === branch && owner?.toLowerCase() === repo.owner.login.toLowerCase());
      }
      const key = (p: (typeof prs)[number]): number => (sort === 'updated' ? p.updatedAt.getTime() : p.createdAt.getTime());
      prs = [...prs].sort((a, b) => key(a) - key(b) || a.number - b.number);
      if (direction === 'desc') prs.reverse();
      return list(r, prs, (pr) => json.pullRequest(repo, pr, r.urls));
    }
  },
  'pulls/get': {
    permission: READ_PULLS,
    handle: (r) => {
      const repo = repoOf(r);
      const pr = repo.pullRequest(intParam(r, 'pull_number'));
      if (!pr) throw HttpError.notFound();
      return { status: 200, body: json.pullRequest(repo, pr, r.urls, { full: true }) };
    }
  },
  'pulls/list-files': {
    permission: READ_PULLS,
    handle: (r) => {
      const repo = repoOf(r);
      const pr = repo.pullRequest(intParam(r, 'pull_number'));
      if (!pr) throw HttpError.notFound();
      return list(r, pr.files.slice(0, 3000), (f) => json.diffEntry(repo, pr.headSha, f, r.urls));
    }
  },
  'issues/list-events-for-timeline': {
    permission: READ_ISSUES_OR_PULLS,
    handle: (r) => {
      const repo = repoOf(r);
      const pr = repo.pullRequest(intParam(r, 'issue_number'));
      if (!pr) throw HttpError.notFound();
      return list(r, pr.events, (e) => json.timelineEvent(repo, pr, e, r.urls));
    }
  },
  'issues/list-labels-on-issue': {
    permission: READ_ISSUES_OR_PULLS,
    handle: (r) => {
      const repo = repoOf(r);
      const pr = repo.pullRequest(intParam(r, 'issue_number'));
      if (!pr) throw HttpError.notFound();
      return list(r, pr.labels, (l) => json.label(repo, l, r.urls));
    }
  },
  'issues/add-labels': {
    permission: WRITE_ISSUES_OR_PULLS,
    handle: (r) => {
      const repo = repoOf(r);
      const pr = repo.pullRequest(intParam(r, 'issue_number'));
      if (!pr) throw HttpError.notFound();
      const body = (r.body ?? {}) as { labels?: Array<string | { name: string }> };
      for (const label of body.labels ?? []) repo.applyLabel(pr, typeof label === 'string' ? label : label.name, acting(r));
      return { status: 200, body: pr.labels.map((l) => json.label(repo, l, r.urls)) };
    }
  },
  'issues/remove-label': {
    permission: WRITE_ISSUES_OR_PULLS,
    handle: (r) => {
      const repo = repoOf(r);
      const pr = repo.pullRequest(intParam(r, 'issue_number'));
      if (!pr) throw HttpError.notFound();
      if (!repo.removeLabel(pr, String(r.path.name), acting(r))) throw new HttpError(404, { message: 'Label does not exist' });
      return { status: 200, body: pr.labels.map((l) => json.label(repo, l, r.urls)) };
    }
  },

  // -- comments (a pull request is an issue) --------------------------------------------------
  'issues/list-comments': {
    permission: READ_ISSUES_OR_PULLS,
    handle: (r) => {
      const repo = repoOf(r);
      const number = intParam(r, 'issue_number');
      if (!repo.pullRequest(number)) throw HttpError.notFound();
      return list(r, repo.comments.filter((c) => c.issueNumber === number), (c) => json.issueComment(repo, c, r.urls));
    }
  },
  'issues/create-comment': {
    permission: WRITE_ISSUES_OR_PULLS,
    handle: (r) => {
      const repo = repoOf(r);
      const number = intParam(r, 'issue_number');
      if (!repo.pullRequest(number)) throw HttpError.notFound();
      const body = commentBody(r);
      return { status: 201, body: json.issueComment(repo, repo.addComment(number, body, acting(r)), r.urls) };
    }
  },
  'issues/get-comment': {
    permission: READ_ISSUES_OR_PULLS,
    handle: (r) => {
      const repo = repoOf(r);
      const comment = repo.comments.find((c) => c.id === intParam(r, 'comment_id'));
      if (!comment) throw HttpError.notFound();
      return { status: 200, body: json.issueComment(repo, comment, r.urls) };
    }
  },
  'issues/update-comment': {
    permission: WRITE_ISSUES_OR_PULLS,
    handle: (r) => {
      const repo = repoOf(r);
      const comment = repo.comments.find((c) => c.id === intParam(r, 'comment_id'));
      if (!comment) throw HttpError.notFound();
      comment.body = commentBody(r);
      comment.updatedAt = r.state.clock.now();
      return { status: 200, body: json.issueComment(repo, comment, r.urls) };
    }
  },

  // -- people ---------------------------------------------------------------------------------
  'repos/get-collaborator-permission-level': {
    permission: METADATA,
    handle: (r) => {
      const repo = repoOf(r);
      const account = r.state.findAccount(String(r.path.username));
      if (!account || account.type === 'Organization') throw HttpError.notFound();
      const role: RepoRole | 'none' = repo.roleOf(account.login) ?? (repo.isPrivate ? 'none' : 'read');
      const asRole = role === 'none' ? null : role;
      return {
        status: 200,
        body: {
          permission: LEGACY_PERMISSION[role],
          role_name: role,
          user: {
            ...json.simpleUser(account, r.urls),
            permissions: {
              admin: roleAtLeast(asRole, 'admin'),
              maintain: roleAtLeast(asRole, 'maintain'),
              push: roleAtLeast(asRole, 'write'),
              triage: roleAtLeast(asRole, 'triage'),
              pull: roleAtLeast(asRole, 'read')
            },
            role_name: role
          }
        }
      };
    }
  },
  'teams/get-by-name': {
    permission: [['members', 'read']],
    handle: (r) => {
      const org = r.state.org(String(r.path.org));
      const team = org?.findTeam(String(r.path.team_slug));
      // A team the token cannot see does not exist for it.
      if (!org || !team || !r.state.canSeeTeam(r.token, team)) throw HttpError.notFound();
      return { status: 200, body: json.team(team, r.urls) };
    }
  },
  'teams/get-membership-for-user-in-org': {
    permission: [['members', 'read']],
    handle: (r) => {
      const org = r.state.org(String(r.path.org));
      const team = org?.findTeam(String(r.path.team_slug));
      const member = team?.membership(String(r.path.username));
      // GitHub: "the team must be visible to the authenticated user", else 404 like a non-member.
      if (!team || !member || !r.state.canSeeTeam(r.token, team)) throw HttpError.notFound();
      return {
        status: 200,
        body: { url: `${r.urls.api}/organizations/${org?.account.id ?? 0}/team/${team.id}/memberships/${member.account.login}`, role: member.role, state: 'active' }
      };
    }
  },
  'rate-limit/get': {
    permission: 'none',
    handle: () => {
      throw new Error('served by the server');
    }
  },
  'users/get-authenticated': {
    permission: 'user-only',
    handle: (r) => {
      const a = r.token.account;
      const created = a.createdAt.toISOString().replace(/\.\d{3}Z$/, 'Z');
      return {
        status: 200,
        body: {
          ...json.simpleUser(a, r.urls),
          name: a.name,
          company: null,
          blog: '',
          location: null,
          email: a.email,
          hireable: null,
          bio: null,
          twitter_username: null,
          public_repos: 0,
          public_gists: 0,
          followers: 0,
          following: 0,
          created_at: created,
          updated_at: created,
          private_gists: 0,
          total_private_repos: 0,
          owned_private_repos: 0,
          disk_usage: 0,
          collaborators: 0,
          two_factor_authentication: true,
          user_view_type: 'private'
        }
      };
    }
  }
};

/**
 * GET /repos/{owner}/{repo}/activity: pushes, force pushes, branch creations and deletions and
 * merges, newest first by default, filtered by `ref` (`refs/heads/x` or `x`), `activity_type`,
 * `actor` and `time_period`, paginated by `before` / `after` cursors with a `link` header.
 */
function listActivities(r: RestRequest, repo: Repo): RestResult {
  const q = r.query;
  const ref = typeof q.ref === 'string' ? (q.ref.startsWith('refs/') ? q.ref : `refs/heads/${q.ref}`) : undefined;
  const periods: Record<string, number> = { day: 1, week: 7, month: 30, quarter: 91, year: 365 };
  const since = typeof q.time_period === 'string' ? r.state.clock.now().getTime() - (periods[q.time_period] ?? 0) * 86_400_000 : undefined;
  const matching = repo.activities.filter(
    (a) =>
      (ref === undefined || a.ref === ref) &&
      (q.activity_type === undefined || a.type === q.activity_type) &&
      (typeof q.actor !== 'string' || a.actor.login.toLowerCase() === q.actor.toLowerCase()) &&
      (since === undefined || a.at.getTime() >= since)
  );
  const ordered = [...matching].sort((a, b) => a.at.getTime() - b.at.getTime() || a.id - b.id);
  if (q.direction !== 'asc') ordered.reverse();
  const perPage = Math.min(100, Math.max(1, typeof q.per_page === 'number' ? q.per_page : 30));
  const cursor = (a: { id: number }): string => Buffer.from(`activity:${a.id}`).toString('base64url');
  const position = (value: unknown, name: string): number => {
    const id = /^activity:(\d+)$/.exec(Buffer.from(String(value), 'base64url').toString('utf8'))?.[1];
    const index = id === undefined ? -1 : ordered.findIndex((a) => a.id === Number(id));
    if (index < 0) throw HttpError.validation([{ resource: 'Activity', code: 'invalid', field: name }], `${name} is not a cursor of this list`);
    return index;
  };
  let start = 0;
  let end = ordered.length;
  if (q.after !== undefined) start = position(q.after, 'after') + 1;
  if (q.before !== undefined) {
    end = position(q.before, 'before');
    start = Math.max(start, end - perPage);
  }
  end = Math.min(end, start + perPage);
  const page = ordered.slice(start, Math.max(start, end));
  const link = (rel: string, param: 'before' | 'after', at: { id: number }): string => {
    const params = new URLSearchParams(r.rawQuery);
    params.delete('before');
    params.delete('after');
    params.delete('page');
    params.set(param, cursor(at));
    return `<${r.linkBase}?${params.toString()}>; rel="${rel}"`;
  };
  const parts: string[] = [];
  const firstOfPage = page[0];
  const lastOfPage = page[page.length - 1];
  if (lastOfPage && end < ordered.length) parts.push(link('next', 'after', lastOfPage));
  if (firstOfPage && start > 0) parts.push(link('prev', 'before', firstOfPage));
  const headers: Record<string, string> = parts.length > 0 ? { link: parts.join(', ') } : {};
  return { status: 200, body: page.map((a) => json.activity(a, r.urls)), headers };
}

/** What a ref name points at: an annotated tag object or a commit. */
function refObject(repo: Repo, name: string): { type: 'commit' | 'tag'; sha: string } | undefined {
  if (name.startsWith('refs/heads/')) {
    const sha = repo.branches.get(name.slice('refs/heads/'.length));
    return sha ? { type: 'commit', sha } : undefined;
  }
  if (name.startsWith('refs/tags/')) {
    const tag = repo.tags.get(name.slice('refs/tags/'.length));
    if (!tag) return undefined;
    return tag.annotated ? { type: 'tag', sha: tag.annotated.sha } : { type: 'commit', sha: tag.commit };
  }
  return undefined;
}

export function permissionHeader(rule: PermissionRule): string | undefined {
  if (!Array.isArray(rule)) return undefined;
  return rule.map(([name, level]) => `${name}=${level}`).join('; ');
}
