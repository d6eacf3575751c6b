/**
 * Contract tests of the emulator's history as GitHub reports it: which pull requests a commit is
 * associated with (other branches, forks, closed ones, null nodes, the delay after a merge), who
 * authored and committed what, the repository activity API, check suites, renamed files, deleted
 * users and team visibility. Each is a way GitHub is less kind than a naive model.
 */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { startEmulator } from '../emulator/index.js';
import type { Emulator, Repo } from '../emulator/index.js';

const TOKEN = 'ghs_history';
const PERMISSIONS = { contents: 'read', 'pull-requests': 'read', issues: 'read', members: 'read', metadata: 'read' } as const;

interface Reply {
  status: number;
  headers: Headers;
  json: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

let gh: Emulator;
let repo: Repo;

async function get(path: string, token = TOKEN): Promise<Reply> {
  const res = await fetch(`${gh.url}${path}`, { headers: { accept: 'application/vnd.github+json', authorization: `token ${token}` } });
  const text = await res.text();
  return { status: res.status, headers: res.headers, json: text ? JSON.parse(text) : undefined };
}

async function graphql(query: string, variables: Record<string, unknown> = {}, token = TOKEN): Promise<Reply> {
  const res = await fetch(`${gh.url}/graphql`, {
    method: 'POST',
    headers: { authorization: `token ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables })
  });
  return { status: res.status, headers: res.headers, json: await res.json() };
}

const ASSOCIATION = `query($owner: String!, $name: String!, $sha: GitObjectID!) {
  repository(owner: $owner, name: $name) {
    object(oid: $sha) { ... on Commit { associatedPullRequests(first: 10) { nodes { number state baseRefName baseRepository { nameWithOwner } } } } }
  }
}`;

async function associated(sha: string): Promise<Array<{ number: number; state: string; baseRefName: string; baseRepository: { nameWithOwner: string } } | null>> {
  const reply = await graphql(ASSOCIATION, { owner: 'acme', name: 'shop', sha });
  expect(reply.json.errors).toBeUndefined();
  return reply.json.data.repository.object.associatedPullRequests.nodes;
}

beforeEach(async () => {
  gh = await startEmulator({ validateResponses: true });
  gh.state.clock.set('2026-03-02T09:00:00Z');
  repo = gh.state.createRepo('acme', 'shop');
  gh.state.addToken(TOKEN, 'tollgate[bot]', PERMISSIONS);
});

afterEach(async () => {
  try {
    gh.assertNoViolations();
  } finally {
    await gh.close();
  }
});

describe('commit ↔ pull request associations', () => {
  it('lists pull requests merged into other branches, closed ones and open ones, over GraphQL and REST', async () => {
    repo.branch('develop');
    const docs = repo.openPullRequest({ author: 'carol', title: 'Docs', base: 'develop' });
    const shared = docs.headSha;
    repo.merge(docs, { by: 'alice' });
    // The same branch is then offered to main as well, and that pull request is closed.
    const again = repo.openPullRequest({ author: 'carol', title: 'Again', head: docs.head, commits: ['Follow-up'] });
    expect(again.commits[0]).toBe(shared);
    repo.close(again, { by: 'carol' });

    const nodes = await associated(shared);
    expect(nodes.map((n) => [n?.number, n?.state, n?.baseRefName])).toEqual([
      [1, 'MERGED', 'develop'],
      [2, 'CLOSED', 'main']
    ]);
    const rest = await get(`/repos/acme/shop/commits/${shared}/pulls`);
    expect(rest.json.map((p: { number: number; state: string; base: { ref: string } }) => [p.number, p.state, p.base.ref])).toEqual([
      [1, 'closed', 'develop'],
      [2, 'closed', 'main']
    ]);
  });

  it("lists a fork's own pull requests, numbered in the fork, and a deleted fork's as null nodes", async () => {
    const ours = repo.openPullRequest({ author: 'carol', title: 'Ours' });
    repo.merge(ours, { by: 'alice' });
    const fork = gh.state.fork(repo, 'mallory');
    const theirs = fork.openPullRequest({ author: 'mallory', title: 'Theirs' });
    fork.merge(theirs, { by: 'mallory' });
    expect(theirs.number).toBe(ours.number);
    // The fork's commit lands in this repository's main without a pull request here.
    repo.branch('main', theirs.mergeCommitSha ?? '');

    const nodes = await associated(theirs.commits[0] ?? '');
    expect(nodes).toEqual([{ number: 1, state: 'MERGED', baseRefName: 'main', baseRepository: { nameWithOwner: 'mallory/shop' } }]);
    const rest = await get(`/repos/acme/shop/commits/${theirs.commits[0] ?? ''}/pulls`);
    expect(rest.json.map((p: { number: number; base: { repo: { full_name: string } } }) => `${p.base.repo.full_name}#${p.number}`)).toEqual(['mallory/shop#1']);

    gh.state.deleteRepo(fork);
    expect(await associated(theirs.commits[0] ?? '')).toEqual([null]);
    expect((await get(`/repos/acme/shop/commits/${theirs.commits[0] ?? ''}/pulls`)).json).toEqual([]);
  });

  it('a cross-repository pull request says so and names its head repository', async () => {
    const fork = gh.state.fork(repo, 'dave');
    const pr = repo.openPullRequest({ author: 'dave', title: 'From a fork', from: fork });
    expect(fork.branches.get(pr.head)).toBe(pr.headSha);
    expect(repo.branches.has(pr.head)).toBe(false);
    const reply = await graphql(
      `{ repository(owner: "acme", name: "shop") { pullRequest(number: ${pr.number}) { isCrossRepository headRepository { nameWithOwner } baseRepository { nameWithOwner } } } }`
    );
    expect(reply.json.data.repository.pullRequest).toEqual({ isCrossRepository: true, headRepository: { nameWithOwner: 'dave/shop' }, baseRepository: { nameWithOwner: 'acme/shop' } });
    const rest = await get(`/repos/acme/shop/pulls/${pr.number}`);
    expect(rest.json.head.repo.full_name).toBe('dave/shop');
  });

  it("leaves a squash merge's commit without pull request while the association is computed (time or reads)", async () => {
    gh.state.associationDelayMs = 5_000;
    const pr = repo.openPullRequest({ author: 'carol', title: 'Squashed' });
    repo.merge(pr, { by: 'alice', method: 'squash' });
    const squash = pr.mergeCommitSha ?? '';
    expect(await associated(squash)).toEqual([]);
    expect((await get(`/repos/acme/shop/commits/${squash}/pulls`)).json).toEqual([]);
    gh.state.clock.advance({ seconds: 5 });
    expect((await associated(squash)).map((n) => n?.number)).toEqual([pr.number]);

    gh.state.associationDelayMs = 0;
    gh.state.associationDelayReads = 1;
    const next = repo.openPullRequest({ author: 'carol', title: 'Squashed again' });
    repo.merge(next, { by: 'alice', method: 'squash' });
    expect(await associated(next.mergeCommitSha ?? '')).toEqual([]);
    const rest = await get(`/repos/acme/shop/commits/${next.mergeCommitSha ?? ''}/pulls`);
    expect(rest.json.map((p: { number: number }) => p.number)).toEqual([next.number]);
  });

  it('serves pull requests by node id, several at once', async () => {
    const a = repo.openPullRequest({ author: 'carol', title: 'A' });
    const b = repo.openPullRequest({ author: 'carol', title: 'B' });
    const reply = await graphql('query($ids: [ID!]!) { nodes(ids: $ids) { ... on PullRequest { number title } } }', { ids: [b.nodeId, a.nodeId, 'PR_unknown'] });
    expect(reply.json.data.nodes).toEqual([{ number: 2, title: 'B' }, { number: 1, title: 'A' }, null]);
    expect(reply.json.errors).toEqual([expect.objectContaining({ type: 'NOT_FOUND', path: ['nodes', 2] })]);
  });
});

describe('who made a commit', () => {
  it("commits web merges, squashes and GitHub's Update branch as web-flow, authored by the person", async () => {
    const pr = repo.openPullRequest({ author: 'carol', title: 'Feature' });
    repo.commit({ message: 'Meanwhile on main', author: 'dave' });
    const update = repo.updateBranch(pr, { by: 'erin' });
    expect(update.parents).toEqual([pr.commits[0], repo.tip('main')]);
    repo.merge(pr, { by: 'alice' });
    const query = `query($sha: GitObjectID!) { repository(owner: "acme", name: "shop") { object(oid: $sha) { ... on Commit {
      author { user { login } email name } committer { user { login } email name } } } } }`;
    const merge = (await graphql(query, { sha: pr.mergeCommitSha })).json.data.repository.object;
    expect(merge.author.user).toEqual({ login: 'alice' });
    expect(merge.committer).toEqual({ user: { login: 'web-flow' }, email: 'noreply@github.com', name: 'GitHub' });
    const updated = (await graphql(query, { sha: update.sha })).json.data.repository.object;
    expect([updated.author.user.login, updated.committer.user.login]).toEqual(['erin', 'web-flow']);
    const rest = await get(`/repos/acme/shop/commits/${update.sha}`);
    expect([rest.json.author.login, rest.json.committer.login]).toEqual(['erin', 'web-flow']);
    expect(pr.commits).toContain(update.sha);
  });

  it('shows a deleted user as a null actor in GraphQL and as ghost in REST', async () => {
    const pr = repo.openPullRequest({ author: 'carol', title: 'Feature' });
    repo.label(pr, 'release-approved', { by: 'alice' });
    gh.state.deleteUser('alice');
    const reply = await graphql(`{ repository(owner: "acme", name: "shop") { pullRequest(number: 1) {
      timelineItems(first: 10, itemTypes: [LABELED_EVENT]) { nodes { ... on LabeledEvent { actor { login } label { name } } } } } } }`);
    expect(reply.json.data.repository.pullRequest.timelineItems.nodes).toEqual([{ actor: null, label: { name: 'release-approved' } }]);
    const rest = await get('/repos/acme/shop/issues/1/timeline');
    expect(rest.json.find((e: { event: string }) => e.event === 'labeled').actor.login).toBe('ghost');
  });

  it('gives a renamed file its previous path in REST; GraphQL says RENAMED only', async () => {
    repo.openPullRequest({
      author: 'carol',
      title: 'Move auth',
      files: [{ filename: 'docs/old/auth.js', previousFilename: 'src/auth.js', status: 'renamed' }, { filename: 'src/gone.js', status: 'removed' }]
    });
    const rest = await get('/repos/acme/shop/pulls/1/files');
    expect(rest.json.map((f: { filename: string; status: string; previous_filename?: string }) => [f.filename, f.status, f.previous_filename])).toEqual([
      ['docs/old/auth.js', 'renamed', 'src/auth.js'],
      ['src/gone.js', 'removed', undefined]
    ]);
    const reply = await graphql('{ repository(owner: "acme", name: "shop") { pullRequest(number: 1) { files(first: 10) { nodes { path changeType } } } } }');
    expect(reply.json.data.repository.pullRequest.files.nodes).toEqual([
      { path: 'docs/old/auth.js', changeType: 'RENAMED' },
      { path: 'src/gone.js', changeType: 'DELETED' }
    ]);
  });
});

describe('repository activity', () => {
  it('lists pushes with when and who pushed, not when the commit says it was made', async () => {
    const pr = repo.openPullRequest({ author: 'carol', title: 'Feature', head: 'feature' });
    gh.state.clock.advance({ hours: 2 });
    const late = repo.push(pr, { by: 'carol', at: '2026-02-01T00:00:00Z', pushedAt: gh.state.clock.now() });
    gh.state.clock.advance({ hours: 1 });
    repo.push(pr, { by: 'dave', force: true });
    repo.merge(pr, { by: 'alice', deleteBranch: true });

    const reply = await get('/repos/acme/shop/activity?ref=refs/heads/feature&per_page=100');
    expect(reply.json.map((a: { activity_type: string; timestamp: string; actor: { login: string } }) => [a.activity_type, a.timestamp, a.actor.login])).toEqual([
      ['branch_deletion', '2026-03-02T12:00:00Z', 'alice'],
      ['force_push', '2026-03-02T12:00:00Z', 'dave'],
      ['push', '2026-03-02T11:00:00Z', 'carol'],
      ['branch_creation', '2026-03-02T09:00:00Z', 'carol']
    ]);
    expect(reply.json[2].after).toBe(late.sha);
    const merges = await get('/repos/acme/shop/activity?ref=main&activity_type=pr_merge');
    expect(merges.json.map((a: { after: string }) => a.after)).toEqual([pr.mergeCommitSha]);
  });

  it('pages with before/after cursors and a link header', async () => {
    for (let i = 0; i < 5; i++) {
      gh.state.clock.advance({ minutes: 1 });
      repo.commit({ message: `Direct ${i}`, author: 'carol' });
    }
    const first = await get('/repos/acme/shop/activity?ref=main&per_page=2');
    expect(first.json).toHaveLength(2);
    const next = /<([^>]+)>; rel="next"/.exec(first.headers.get('link') ?? '')?.[1] ?? '';
    expect(next).toContain('after=');
    const second = await get(new URL(next).pathname + new URL(next).search);
    expect(second.json).toHaveLength(2);
    expect(second.json[0].timestamp < first.json[1].timestamp).toBe(true);
    expect(second.headers.get('link')).toContain('rel="prev"');
  });

  it("keeps a fork's pushes out of this repository's activity, but the base repository sees their check suites", async () => {
    const fork = gh.state.fork(repo, 'dave');
    const pr = repo.openPullRequest({ author: 'dave', title: 'From a fork', from: fork, head: 'patch' });
    gh.state.clock.advance({ hours: 1 });
    const pushed = repo.push(pr, { by: 'dave' });
    expect((await get('/repos/acme/shop/activity?ref=patch')).json).toEqual([]);
    expect((await get('/repos/dave/shop/activity?ref=patch')).json.map((a: { activity_type: string }) => a.activity_type)).toEqual(['push', 'branch_creation']);
    const reply = await graphql(`query($sha: GitObjectID!) { repository(owner: "acme", name: "shop") { object(oid: $sha) { ... on Commit { checkSuites(first: 5) { nodes { createdAt } } } } } }`, {
      sha: pushed.sha
    });
    expect(reply.json.data.repository.object.checkSuites.nodes).toEqual([{ createdAt: '2026-03-02T10:00:00Z' }]);
  });
});

describe('teams the token cannot see', () => {
  it('answers 404, as GitHub documents, for the team and for membership in it', async () => {
    const org = gh.state.createOrg('partner');
    org.team('reviewers').addMember('rita');
    gh.state.addToken('acme_only', 'tollgate[bot]', PERMISSIONS, { installedOn: ['acme'] });
    gh.state.org('acme')?.team('release-managers').addMember('rita');

    expect((await get('/orgs/partner/teams/reviewers')).status).toBe(200);
    expect((await get('/orgs/partner/teams/reviewers/memberships/rita')).json).toMatchObject({ state: 'active', role: 'member' });
    expect((await get('/orgs/partner/teams/reviewers', 'acme_only')).status).toBe(404);
    expect((await get('/orgs/partner/teams/reviewers/memberships/rita', 'acme_only')).status).toBe(404);
    expect((await get('/orgs/acme/teams/release-managers/memberships/rita', 'acme_only')).status).toBe(200);
    expect((await get('/orgs/acme/teams/release-managers/memberships/sam', 'acme_only')).status).toBe(404);
    const hidden = await graphql('{ organization(login: "partner") { team(slug: "reviewers") { slug } } }', {}, 'acme_only');
    expect(hidden.json.data.organization.team).toBeNull();
  });

  it('shows a secret team only to its members', async () => {
    const org = gh.state.createOrg('acme');
    org.team('auditors', { privacy: 'secret' }).addMember('rita');
    org.addMember('sam');
    gh.state.addToken('pat_sam', 'sam', PERMISSIONS, { kind: 'user' });
    gh.state.addToken('pat_rita', 'rita', PERMISSIONS, { kind: 'user' });
    expect((await get('/orgs/acme/teams/auditors', 'pat_sam')).status).toBe(404);
    expect((await get('/orgs/acme/teams/auditors', 'pat_rita')).json).toMatchObject({ slug: 'auditors', privacy: 'secret' });
  });
});
