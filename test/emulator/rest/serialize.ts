/**
 * JSON shapes of the REST API, built from the model the way GitHub's
 * description defines them (simple-user, repository, deployment, release, ...).
 */
import { isoSeconds } from '../clock.js';
import type {
  Account,
  Activity,
  App,
  Commit,
  Deployment,
  DeploymentStatus,
  Environment,
  FileChange,
  IssueComment,
  IssueEvent,
  Label,
  PullRequest,
  Release,
  ReleaseAsset,
  Repo,
  TagObject,
  Team,
  Token
} from '../state.js';

/** Where URLs in responses point: the API base the request used, and the web host. */
export interface Urls {
  api: string;
  web: string;
  /** Origin of `upload_url`: a host of its own (uploads.github.com), or `/api/uploads` on GitHub Enterprise Server. */
  uploads?: string;
}

type Json = Record<string, unknown>;

const enc = encodeURIComponent;
const iso = (date: Date): string => isoSeconds(date);
const isoOrNull = (date: Date | null): string | null => (date ? isoSeconds(date) : null);

export function simpleUser(account: Account, u: Urls): Json {
  const base = `${u.api}/users/${enc(account.login)}`;
  const bot = account.type === 'Bot';
  const slug = account.app?.slug ?? account.login.replace(/\[bot\]$/, '');
  return {
    login: account.login,
    id: account.id,
    node_id: account.nodeId,
    avatar_url: bot && account.app ? `https://avatars.githubusercontent.com/in/${account.app.id}?v=4` : `https://avatars.githubusercontent.com/u/${account.id}?v=4`,
    gravatar_id: '',
    url: base,
    html_url: bot ? `${u.web}/apps/${slug}` : `${u.web}/${account.login}`,
    followers_url: `${base}/followers`,
    following_url: `${base}/following{/other_user}`,
    gists_url: `${base}/gists{/gist_id}`,
    starred_url: `${base}/starred{/owner}{/repo}`,
    subscriptions_url: `${base}/subscriptions`,
    organizations_url: `${base}/orgs`,
    repos_url: `${base}/repos`,
    events_url: `${base}/events{/privacy}`,
    received_events_url: `${base}/received_events`,
    type: account.type,
    user_view_type: 'public',
    site_admin: false
  };
}

export function integration(app: App | null, u: Urls): Json | null {
  if (!app) return null;
  return {
    id: app.id,
    slug: app.slug,
    node_id: app.nodeId,
    client_id: `Iv1.${app.nodeId.slice(-16)}`,
    owner: simpleUser(app.owner, u),
    name: app.name,
    description: '',
    external_url: `${u.web}/apps/${app.slug}`,
    html_url: `${u.web}/apps/${app.slug}`,
    created_at: iso(app.createdAt),
    updated_at: iso(app.createdAt),
    permissions: { contents: 'write', deployments: 'write', issues: 'write', metadata: 'read', pull_requests: 'write' },
    events: []
  };
}

export function repository(repo: Repo, u: Urls, token?: Token): Json {
  const api = `${u.api}/repos/${repo.fullName}`;
  const html = `${u.web}/${repo.fullName}`;
  const host = new URL(u.web).host;
  const pushedAt = [...repo.commits.values()].reduce((latest, c) => (c.committer.date > latest ? c.committer.date : latest), repo.createdAt);
  const canWrite = token ? (token.permissions.contents === 'write' || token.permissions.contents === 'admin') : false;
  return {
    id: repo.id,
    node_id: repo.nodeId,
    name: repo.name,
    full_name: repo.fullName,
    private: repo.isPrivate,
    owner: simpleUser(repo.owner, u),
    html_url: html,
    description: repo.description,
    fork: false,
    url: api,
    archive_url: `${api}/{archive_format}{/ref}`,
    assignees_url: `${api}/assignees{/user}`,
    blobs_url: `${api}/git/blobs{/sha}`,
    branches_url: `${api}/branches{/branch}`,
    collaborators_url: `${api}/collaborators{/collaborator}`,
    comments_url: `${api}/comments{/number}`,
    commits_url: `${api}/commits{/sha}`,
    compare_url: `${api}/compare/{base}...{head}`,
    contents_url: `${api}/contents/{+path}`,
    contributors_url: `${api}/contributors`,
    deployments_url: `${api}/deployments`,
    downloads_url: `${api}/downloads`,
    events_url: `${api}/events`,
    forks_url: `${api}/forks`,
    git_commits_url: `${api}/git/commits{/sha}`,
    git_refs_url: `${api}/git/refs{/sha}`,
    git_tags_url: `${api}/git/tags{/sha}`,
    git_url: `git://${host}/${repo.fullName}.git`,
    issue_comment_url: `${api}/issues/comments{/number}`,
    issue_events_url: `${api}/issues/events{/number}`,
    issues_url: `${api}/issues{/number}`,
    keys_url: `${api}/keys{/key_id}`,
    labels_url: `${api}/labels{/name}`,
    languages_url: `${api}/languages`,
    merges_url: `${api}/merges`,
    milestones_url: `${api}/milestones{/number}`,
    notifications_url: `${api}/notifications{?since,all,participating}`,
    pulls_url: `${api}/pulls{/number}`,
    releases_url: `${api}/releases{/id}`,
    ssh_url: `git@${host}:${repo.fullName}.git`,
    stargazers_url: `${api}/stargazers`,
    statuses_url: `${api}/statuses/{sha}`,
    subscribers_url: `${api}/subscribers`,
    subscription_url: `${api}/subscription`,
    tags_url: `${api}/tags`,
    teams_url: `${api}/teams`,
    trees_url: `${api}/git/trees{/sha}`,
    clone_url: `${html}.git`,
    mirror_url: null,
    hooks_url: `${api}/hooks`,
    svn_url: html,
    homepage: null,
    language: 'TypeScript',
    forks_count: 0,
    forks: 0,
    stargazers_count: 0,
    watchers_count: 0,
    watchers: 0,
    size: 1,
    default_branch: repo.defaultBranch,
    open_issues_count: repo.pulls.filter((p) => p.state === 'open').length,
    open_issues: repo.pulls.filter((p) => p.state === 'open').length,
    is_template: false,
    topics: [],
    has_issues: true,
    has_projects: true,
    has_wiki: true,
    has_pages: false,
    has_downloads: true,
    has_discussions: false,
    archived: false,
    disabled: false,
    visibility: repo.isPrivate ? 'private' : 'public',
    pushed_at: iso(pushedAt),
    created_at: iso(repo.createdAt),
    updated_at: iso(pushedAt),
    permissions: { admin: false, maintain: false, push: canWrite, triage: canWrite, pull: true },
    allow_forking: true,
    web_commit_signoff_required: false,
    license: null,
    network_count: 0,
    subscribers_count: 0
  };
}

export function deployment(repo: Repo, d: Deployment, u: Urls): Json {
  const api = `${u.api}/repos/${repo.fullName}`;
  return {
    url: `${api}/deployments/${d.id}`,
    id: d.id,
    node_id: d.nodeId,
    sha: d.sha,
    ref: d.ref,
    task: d.task,
    payload: d.payload,
    original_environment: d.originalEnvironment,
    environment: d.environment,
    description: d.description,
    creator: simpleUser(d.creator, u),
    created_at: iso(d.createdAt),
    updated_at: iso(d.updatedAt),
    statuses_url: `${api}/deployments/${d.id}/statuses`,
    repository_url: api,
    transient_environment: d.transient,
    production_environment: d.production,
    performed_via_github_app: integration(d.app, u)
  };
}

export function deploymentStatus(repo: Repo, d: Deployment, s: DeploymentStatus, u: Urls): Json {
  const api = `${u.api}/repos/${repo.fullName}`;
  return {
    url: `${api}/deployments/${d.id}/statuses/${s.id}`,
    id: s.id,
    node_id: s.nodeId,
    state: s.state,
    creator: simpleUser(s.creator, u),
    description: s.description,
    environment: s.environment,
    target_url: s.targetUrl,
    created_at: iso(s.createdAt),
    updated_at: iso(s.updatedAt),
    deployment_url: `${api}/deployments/${d.id}`,
    repository_url: api,
    environment_url: s.environmentUrl,
    log_url: s.logUrl,
    performed_via_github_app: integration(s.app, u)
  };
}

export function environment(repo: Repo, env: Environment, u: Urls): Json {
  return {
    id: env.id,
    node_id: env.nodeId,
    name: env.name,
    url: `${u.api}/repos/${repo.fullName}/environments/${enc(env.name)}`,
    html_url: `${u.web}/${repo.fullName}/deployments/activity_log?environments_filter=${enc(env.name)}`,
    created_at: iso(env.createdAt),
    updated_at: iso(env.updatedAt),
    protection_rules: [],
    deployment_branch_policy: null
  };
}

export function release(repo: Repo, r: Release, u: Urls): Json {
  const api = `${u.api}/repos/${repo.fullName}`;
  const slug = r.draft ? r.untaggedSlug : enc(r.tagName);
  return {
    url: `${api}/releases/${r.id}`,
    assets_url: `${api}/releases/${r.id}/assets`,
    upload_url: `${u.uploads ?? u.api.replace('//api.', '//uploads.')}/repos/${repo.fullName}/releases/${r.id}/assets{?name,label}`,
    html_url: `${u.web}/${repo.fullName}/releases/tag/${slug}`,
    id: r.id,
    author: simpleUser(r.author, u),
    node_id: r.nodeId,
    tag_name: r.tagName,
    target_commitish: r.targetCommitish,
    name: r.name,
    draft: r.draft,
    immutable: r.immutable,
    prerelease: r.prerelease,
    created_at: iso(r.createdAt),
    updated_at: iso(r.updatedAt),
    published_at: isoOrNull(r.publishedAt),
    assets: r.assets.map((a) => releaseAsset(repo, r, a, u)),
    tarball_url: r.draft ? null : `${api}/tarball/${enc(r.tagName)}`,
    zipball_url: r.draft ? null : `${api}/zipball/${enc(r.tagName)}`,
    body: r.body
  };
}

export function releaseAsset(repo: Repo, r: Release, a: ReleaseAsset, u: Urls): Json {
  return {
    url: `${u.api}/repos/${repo.fullName}/releases/assets/${a.id}`,
    // Drafts have no public download URL by tag; GitHub serves them under the untagged slug.
    browser_download_url: `${u.web}/${repo.fullName}/releases/download/${r.draft ? r.untaggedSlug : enc(r.tagName)}/${enc(a.name)}`,
    id: a.id,
    node_id: a.nodeId,
    name: a.name,
    label: a.label,
    state: 'uploaded',
    content_type: a.contentType,
    size: a.size,
    digest: a.digest,
    download_count: 0,
    created_at: iso(a.createdAt),
    updated_at: iso(a.updatedAt),
    uploader: simpleUser(a.uploader, u)
  };
}

export function gitRef(repo: Repo, ref: string, object: { type: 'commit' | 'tag'; sha: string }, u: Urls): Json {
  const api = `${u.api}/repos/${repo.fullName}`;
  return {
    ref,
    node_id: `REF_${Buffer.from(`${repo.id}:${ref}`).toString('base64url')}`,
    url: `${api}/git/${ref.split('/').map(enc).join('/')}`,
    object: { sha: object.sha, type: object.type, url: `${api}/git/${object.type === 'tag' ? 'tags' : 'commits'}/${object.sha}` }
  };
}

export function gitTag(repo: Repo, tag: TagObject, u: Urls): Json {
  const api = `${u.api}/repos/${repo.fullName}`;
  return {
    node_id: tag.nodeId,
    tag: tag.tag,
    sha: tag.sha,
    url: `${api}/git/tags/${tag.sha}`,
    message: tag.message,
    tagger: { date: iso(tag.tagger.date), email: tag.tagger.email, name: tag.tagger.name },
    object: { sha: tag.target, type: 'commit', url: `${api}/git/commits/${tag.target}` },
    verification: { verified: false, reason: 'unsigned', signature: null, payload: null, verified_at: null }
  };
}

export function diffEntry(repo: Repo, ref: string, file: FileChange, u: Urls): Json {
  const path = file.filename.split('/').map(enc).join('/');
  const entry: Json = {
    sha: file.status === 'removed' ? null : Buffer.from(`${ref}:${file.filename}`).toString('hex').slice(0, 40).padEnd(40, '0'),
    filename: file.filename,
    status: file.status,
    additions: file.additions,
    deletions: file.deletions,
    changes: file.additions + file.deletions,
    blob_url: `${u.web}/${repo.fullName}/blob/${ref}/${path}`,
    raw_url: `${u.web}/${repo.fullName}/raw/${ref}/${path}`,
    contents_url: `${u.api}/repos/${repo.fullName}/contents/${path}?ref=${ref}`,
    patch: `@@ -1,${file.deletions} +1,${file.additions} @@`
  };
  if (file.previousFilename !== undefined) entry.previous_filename = file.previousFilename;
  return entry;
}

function gitUser(person: { name: string; email: string; date: Date }): Json {
  return { name: person.name, email: person.email, date: iso(person.date) };
}

export function commit(repo: Repo, c: Commit, u: Urls, options: { files?: boolean } = {}): Json {
  const api = `${u.api}/repos/${repo.fullName}`;
  const additions = c.files.reduce((n, f) => n + f.additions, 0);
  const deletions = c.files.reduce((n, f) => n + f.deletions, 0);
  const out: Json = {
    sha: c.sha,
    node_id: `C_${Buffer.from(`${repo.id}:${c.sha}`).toString('base64url')}`,
    commit: {
      author: gitUser(c.author),
      committer: gitUser(c.committer),
      message: c.message,
      tree: { sha: c.tree, url: `${api}/git/trees/${c.tree}` },
      url: `${api}/git/commits/${c.sha}`,
      comment_count: 0,
      verification: { verified: false, reason: 'unsigned', signature: null, payload: null, verified_at: null }
    },
    url: `${api}/commits/${c.sha}`,
    html_url: `${u.web}/${repo.fullName}/commit/${c.sha}`,
    comments_url: `${api}/commits/${c.sha}/comments`,
    author: c.authorAccount ? simpleUser(c.authorAccount, u) : null,
    committer: c.committerAccount ? simpleUser(c.committerAccount, u) : null,
    parents: c.parents.map((p) => ({ sha: p, url: `${api}/commits/${p}`, html_url: `${u.web}/${repo.fullName}/commit/${p}` }))
  };
  if (options.files) {
    out.stats = { total: additions + deletions, additions, deletions };
    out.files = c.files.map((f) => diffEntry(repo, c.sha, f, u));
  }
  return out;
}

export function label(repo: Repo, l: Label, u: Urls): Json {
  return {
    id: l.id,
    node_id: l.nodeId,
    url: `${u.api}/repos/${repo.fullName}/labels/${enc(l.name)}`,
    name: l.name,
    description: l.description,
    color: l.color,
    default: l.default
  };
}

export function issueComment(repo: Repo, c: IssueComment, u: Urls): Json {
  return {
    id: c.id,
    node_id: c.nodeId,
    url: `${u.api}/repos/${repo.fullName}/issues/comments/${c.id}`,
    html_url: `${u.web}/${repo.fullName}/pull/${c.issueNumber}#issuecomment-${c.id}`,
    body: c.body,
    user: simpleUser(c.user, u),
    created_at: iso(c.createdAt),
    updated_at: iso(c.updatedAt),
    issue_url: `${u.api}/repos/${repo.fullName}/issues/${c.issueNumber}`,
    author_association: authorAssociation(repo, c.user),
    performed_via_github_app: integration(c.app, u)
  };
}

function authorAssociation(repo: Repo, account: Account): string {
  if (repo.owner === account) return 'OWNER';
  const role = repo.roleOf(account.login);
  if (role) return 'COLLABORATOR';
  return repo.pulls.some((p) => p.author === account && p.merged) ? 'CONTRIBUTOR' : 'NONE';
}

function branchSide(repo: Repo, branch: string, sha: string, u: Urls): Json {
  return {
    label: `${repo.owner.login}:${branch}`,
    ref: branch,
    sha,
    user: simpleUser(repo.owner, u),
    // A deleted fork leaves the head without a repository.
    repo: repo.deleted ? null : repository(repo, u)
  };
}

/** GitHub shows a deleted account's past actions as the `ghost` user. */
export function actorOrGhost(account: Account, u: Urls): Json {
  if (!account.deleted) return simpleUser(account, u);
  return { ...simpleUser({ ...account, id: 10137, login: 'ghost', nodeId: 'MDQ6VXNlcjEwMTM3', type: 'User', app: null }, u) };
}

export function activity(a: Activity, u: Urls): Json {
  return {
    id: a.id,
    node_id: a.nodeId,
    before: a.before,
    after: a.after,
    ref: a.ref,
    timestamp: iso(a.at),
    activity_type: a.type,
    actor: actorOrGhost(a.actor, u)
  };
}

export function team(t: Team, u: Urls): Json {
  const org = t.org.account;
  const api = `${u.api}/organizations/${org.id}/team/${t.id}`;
  const orgApi = `${u.api}/orgs/${enc(org.login)}`;
  const created = iso(t.createdAt);
  return {
    id: t.id,
    node_id: `T_${Buffer.from(String(t.id)).toString('base64')}`,
    url: api,
    html_url: `${u.web}/orgs/${org.login}/teams/${t.slug}`,
    name: t.name,
    slug: t.slug,
    description: null,
    privacy: t.privacy,
    notification_setting: 'notifications_enabled',
    permission: 'pull',
    members_url: `${api}/members{/member}`,
    repositories_url: `${api}/repos`,
    parent: null,
    members_count: t.members.size,
    repos_count: 0,
    created_at: created,
    updated_at: created,
    type: 'organization',
    organization_id: org.id,
    organization: {
      login: org.login,
      id: org.id,
      node_id: org.nodeId,
      url: orgApi,
      repos_url: `${orgApi}/repos`,
      events_url: `${orgApi}/events`,
      hooks_url: `${orgApi}/hooks`,
      issues_url: `${orgApi}/issues`,
      members_url: `${orgApi}/members{/member}`,
      public_members_url: `${orgApi}/public_members{/member}`,
      avatar_url: `https://avatars.githubusercontent.com/u/${org.id}?v=4`,
      description: null,
      html_url: `${u.web}/${org.login}`,
      has_organization_projects: true,
      has_repository_projects: true,
      public_repos: 0,
      public_gists: 0,
      followers: 0,
      following: 0,
      type: 'Organization',
      created_at: iso(org.createdAt),
      updated_at: iso(org.createdAt),
      archived_at: null
    }
  };
}

export function pullRequest(repo: Repo, pr: PullRequest, u: Urls, options: { full?: boolean } = {}): Json {
  const api = `${u.api}/repos/${repo.fullName}`;
  const html = `${u.web}/${repo.fullName}/pull/${pr.number}`;
  const out: Json = {
    url: `${api}/pulls/${pr.number}`,
    id: pr.id,
    node_id: pr.nodeId,
    html_url: html,
    diff_url: `${html}.diff`,
    patch_url: `${html}.patch`,
    issue_url: `${api}/issues/${pr.number}`,
    number: pr.number,
    state: pr.state,
    locked: false,
    title: pr.title,
    user: actorOrGhost(pr.author, u),
    body: pr.body,
    created_at: iso(pr.createdAt),
    updated_at: iso(pr.updatedAt),
    closed_at: isoOrNull(pr.closedAt),
    merged_at: isoOrNull(pr.mergedAt),
    merge_commit_sha: pr.mergeCommitSha,
    assignee: null,
    assignees: [],
    requested_reviewers: [],
    requested_teams: [],
    labels: pr.labels.map((l) => label(repo, l, u)),
    milestone: null,
    draft: pr.draft,
    commits_url: `${api}/pulls/${pr.number}/commits`,
    review_comments_url: `${api}/pulls/${pr.number}/comments`,
    review_comment_url: `${api}/pulls/comments{/number}`,
    comments_url: `${api}/issues/${pr.number}/comments`,
    statuses_url: `${api}/statuses/${pr.headSha}`,
    head: branchSide(pr.headRepo, pr.head, pr.headSha, u),
    base: branchSide(repo, pr.base, pr.merged ? pr.baseSha : repo.branches.get(pr.base) ?? pr.baseSha, u),
    _links: {
      self: { href: `${api}/pulls/${pr.number}` },
      html: { href: html },
      issue: { href: `${api}/issues/${pr.number}` },
      comments: { href: `${api}/issues/${pr.number}/comments` },
      review_comments: { href: `${api}/pulls/${pr.number}/comments` },
      review_comment: { href: `${api}/pulls/comments{/number}` },
      commits: { href: `${api}/pulls/${pr.number}/commits` },
      statuses: { href: `${api}/statuses/${pr.headSha}` }
    },
    author_association: authorAssociation(repo, pr.author),
    auto_merge: null,
    active_lock_reason: null
  };
  if (options.full) {
    Object.assign(out, {
      merged: pr.merged,
      mergeable: pr.state === 'open' ? true : null,
      rebaseable: pr.state === 'open' ? true : null,
      mergeable_state: pr.state === 'open' ? 'clean' : 'unknown',
      merged_by: pr.mergedBy ? simpleUser(pr.mergedBy, u) : null,
      comments: 0,
      review_comments: 0,
      maintainer_can_modify: false,
      commits: pr.commits.length,
      additions: pr.files.reduce((n, f) => n + f.additions, 0),
      deletions: pr.files.reduce((n, f) => n + f.deletions, 0),
      changed_files: pr.files.length
    });
  }
  return out;
}

export function timelineEvent(repo: Repo, pr: PullRequest, event: IssueEvent, u: Urls): Json {
  const api = `${u.api}/repos/${repo.fullName}`;
  if (event.kind === 'committed') {
    const c = repo.commitOf(event.sha);
    if (!c) throw new Error(`missing commit ${event.sha}`);
    return {
      sha: c.sha,
      node_id: `C_${Buffer.from(`${repo.id}:${c.sha}`).toString('base64url')}`,
      url: `${api}/git/commits/${c.sha}`,
      html_url: `${u.web}/${repo.fullName}/commit/${c.sha}`,
      author: gitUser(c.author),
      committer: gitUser(c.committer),
      tree: { sha: c.tree, url: `${api}/git/trees/${c.tree}` },
      message: c.message,
      parents: c.parents.map((p) => ({ sha: p, url: `${api}/git/commits/${p}`, html_url: `${u.web}/${repo.fullName}/commit/${p}` })),
      verification: { verified: false, reason: 'unsigned', signature: null, payload: null, verified_at: null },
      event: 'committed'
    };
  }
  const base: Json = {
    id: event.id,
    node_id: event.nodeId,
    url: `${api}/issues/events/${event.id}`,
    actor: actorOrGhost(event.actor, u),
    event: event.kind,
    commit_id: null,
    commit_url: null,
    created_at: iso(event.createdAt),
    performed_via_github_app: null
  };
  switch (event.kind) {
    case 'labeled':
    case 'unlabeled':
      return { ...base, label: { name: event.label.name, color: event.label.color }, performed_via_github_app: integration(event.app, u) };
    case 'merged':
      return { ...base, commit_id: event.commit, commit_url: `${api}/commits/${event.commit}` };
    case 'closed':
    case 'reopened':
      return { ...base, state_reason: null };
    case 'head_ref_force_pushed':
    case 'base_ref_changed':
      return base;
  }
}

export function basicError(message: string, status: number, docs: string): Json {
  return { message, documentation_url: docs, status: String(status) };
}
