/**
 * Contract tests of the GitHub emulator (test/emulator): requests GitHub would
 * reject are caught, responses match GitHub's published description, and the
 * GitHub behaviours Tollgate depends on are reproduced.
 */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { Octokit } from '@octokit/rest';
import { startEmulator } from '../emulator/index.js';
import type { Emulator, Repo } from '../emulator/index.js';

const GITHUB_TOKEN = 'ghs_actions';
const APP_PERMISSIONS = {
  contents: 'write',
  deployments: 'write',
  'pull-requests': 'read',
  issues: 'write',
  members: 'read',
  metadata: 'read'
} as const;
/** GITHUB_TOKEN never has members:read. */
const { members: _members, ...ACTIONS_PERMISSIONS } = APP_PERMISSIONS;

interface Reply {
  status: number;
  headers: Headers;
  json: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

let gh: Emulator;
let repo: Repo;

async function call(method: string, path: string, body?: unknown, token: string | null = GITHUB_TOKEN, base?: string): Promise<Reply> {
  const headers: Record<string, string> = { accept: 'application/vnd.github+json' };
  if (token !== null) headers.authorization = `token ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${base ?? gh.url}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, headers: res.headers, json: text ? JSON.parse(text) : undefined };
}

async function graphql(query: string, variables: Record<string, unknown> = {}, token = GITHUB_TOKEN, path = '/graphql'): Promise<Reply> {
  return call('POST', path, { query, variables }, token);
}

beforeEach(async () => {
  gh = await startEmulator({ validateResponses: true });
  repo = gh.state.createRepo('acme', 'shop');
  gh.state.addToken(GITHUB_TOKEN, 'github-actions[bot]', ACTIONS_PERMISSIONS);
  gh.state.addToken('app', 'tollgate[bot]', APP_PERMISSIONS);
});

afterEach(async () => {
  try {
    gh.assertNoViolations();
  } finally {
    await gh.close();
  }
});

describe('startup', () => {
  it('starts quickly on 127.0.0.1 with an ephemeral port', async () => {
    const t = performance.now();
    const other = await startEmulator();
    const elapsed = performance.now() - t;
    await other.close();
    expect(other.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(other.apiUrl).toBe(other.url);
    expect(other.graphqlUrl).toBe(`${other.url}/graphql`);
    expect(elapsed).toBeLessThan(100);
  });
});

describe('contract violations are caught', () => {
  it('rejects an unknown body field on POST deployments', async () => {
    const r = await call('POST', '/repos/acme/shop/deployments', { ref: 'main', auto_merge: false, required_contexts: [], sha: 'abc' });
    expect(r.status).toBe(422);
    expect(r.json.message).toContain('"sha" is not a permitted key');
    expect(r.json.documentation_url).toBe('https://docs.github.com/rest/deployments/deployments#create-a-deployment');
    const violations = gh.takeViolations();
    expect(violations).toHaveLength(1);
    expect(violations[0]?.kind).toBe('body');
  });

  it('rejects a deployment status state GitHub does not know', async () => {
    const d = repo.deploy({ ref: 'main', environment: 'staging', by: 'alice' });
    const r = await call('POST', `/repos/acme/shop/deployments/${d.id}/statuses`, { state: 'done' });
    expect(r.status).toBe(422);
    expect(r.json.message).toContain('is not a member of');
    expect(gh.takeViolations().map((v) => v.kind)).toEqual(['body']);
  });

  it('rejects a status description over 140 characters', async () => {
    const d = repo.deploy({ ref: 'main', environment: 'staging', by: 'alice' });
    const r = await call('POST', `/repos/acme/shop/deployments/${d.id}/statuses`, { state: 'success', description: 'x'.repeat(141) });
    expect(r.status).toBe(422);
    expect(r.json.errors[0]).toMatchObject({ resource: 'DeploymentStatus', field: 'description', code: 'custom' });
    expect(gh.takeViolations().map((v) => v.kind)).toEqual(['limit']);
    const ok = await call('POST', `/repos/acme/shop/deployments/${d.id}/statuses`, { state: 'success', description: 'x'.repeat(140) });
    expect(ok.status).toBe(201);
  });

  it('answers 404 and records a violation for an unknown route or method', async () => {
    const unknown = await call('GET', '/repos/acme/shop/deployment');
    expect(unknown.status).toBe(404);
    const wrongMethod = await call('PUT', '/repos/acme/shop/releases/latest', {});
    expect(wrongMethod.status).toBe(404);
    expect(gh.takeViolations().map((v) => v.kind)).toEqual(['route', 'route']);
  });

  it('records query parameters an operation does not define', async () => {
    const r = await call('GET', '/repos/acme/shop/deployments?environment=prod&state=success');
    expect(r.status).toBe(200);
    const violations = gh.takeViolations();
    expect(violations).toHaveLength(1);
    expect(violations[0]?.message).toContain('"state"');
  });

  it('answers an unknown GraphQL field like GitHub and records it', async () => {
    const r = await graphql('{ repository(owner: "acme", name: "shop") { nameWithOwner deployCount } }');
    expect(r.status).toBe(200);
    expect(r.json.data).toBeUndefined();
    expect(r.json.errors[0].message).toBe("Field 'deployCount' doesn't exist on type 'Repository'");
    expect(gh.takeViolations().map((v) => v.kind)).toEqual(['graphql']);
  });

  it('enforces GitHub pagination bounds on connections', async () => {
    const over = await graphql('query($n: Int!) { repository(owner: "acme", name: "shop") { deployments(first: $n) { totalCount } } }', { n: 101 });
    expect(over.json.errors[0]).toMatchObject({ type: 'EXCESSIVE_PAGINATION' });
    expect(over.json.errors[0].message).toContain('exceeds the `first` limit of 100 records');
    const missing = await graphql('{ repository(owner: "acme", name: "shop") { deployments { totalCount } } }');
    expect(missing.json.errors[0].message).toBe('You must provide a `first` or `last` value to properly paginate the `deployments` connection.');
    expect(gh.takeViolations()).toHaveLength(2);
  });

  it('fails loudly on a schema field the emulator does not implement', async () => {
    const r = await graphql('{ repository(owner: "acme", name: "shop") { nameWithOwner diskUsage } }');
    expect(r.json.data.repository.diskUsage).toBeNull();
    expect(r.json.errors[0].message).toContain('Repository.diskUsage');
    expect(gh.takeViolations()[0]?.message).toContain('Repository.diskUsage');
  });
});

describe('responses follow the description', () => {
  it('validates a sample of real responses, and the validator can fail', async () => {
    const pr = repo.openPullRequest({ author: 'alice', title: 'Add cart', files: ['src/cart.ts'] });
    repo.label(pr, 'approved', { by: 'bob' });
    gh.state.addToken('bob-token', 'bob', APP_PERMISSIONS);
    repo.setPermission('bob', 'maintain');
    repo.merge(pr, { by: 'bob', method: 'merge' });

    const d = await call('POST', '/repos/acme/shop/deployments', { ref: 'main', environment: 'staging', auto_merge: false, required_contexts: [] });
    const s = await call('POST', `/repos/acme/shop/deployments/${d.json.id}/statuses`, { state: 'success', environment_url: 'https://staging.example', log_url: 'https://ci.example/1' });
    const rel = await call('POST', '/repos/acme/shop/releases', { tag_name: 'v1.0.0', name: 'v1.0.0', body: 'First' });
    const list = await call('GET', '/repos/acme/shop/releases');
    const timeline = await call('GET', `/repos/acme/shop/issues/${pr.number}/timeline`);
    const permission = await call('GET', '/repos/acme/shop/collaborators/bob/permission');
    const notFound = await call('GET', '/repos/acme/shop/releases/tags/v9');
    const dup = await call('POST', '/repos/acme/shop/releases', { tag_name: 'v1.0.0' });
    expect([d.status, s.status, rel.status, list.status, timeline.status, permission.status, notFound.status, dup.status]).toEqual([201, 201, 201, 200, 200, 200, 404, 422]);

    // Explicit checks, independent of validateResponses mode.
    expect(gh.validateResponse('POST', '/repos/acme/shop/deployments', 201, d.json)).toEqual([]);
    expect(gh.validateResponse('GET', '/repos/acme/shop/releases', 200, list.json)).toEqual([]);
    expect(gh.validateResponse('GET', `/repos/acme/shop/issues/${pr.number}/timeline`, 200, timeline.json)).toEqual([]);
    expect(gh.contract.checkSchema('basic-error', notFound.json)).toEqual([]);
    expect(gh.contract.checkSchema('validation-error', dup.json)).toEqual([]);
    const broken = { ...d.json, creator: undefined, id: 'seven' };
    expect(gh.validateResponse('POST', '/repos/acme/shop/deployments', 201, broken).join('\n')).toMatch(/creator|id/);
    expect(gh.contract.version).toMatch(/^\d+\.\d+\.\d+$/);
  });
});

describe('deployments', () => {
  it('paginates newest first with GitHub-formatted link headers that octokit follows', async () => {
    for (let i = 0; i < 5; i++) repo.deploy({ ref: 'main', environment: 'staging', by: 'alice' });
    const first = await call('GET', '/repos/acme/shop/deployments?per_page=2');
    const base = `${gh.url}/repositories/${repo.id}/deployments`;
    expect(first.headers.get('link')).toBe(`<${base}?per_page=2&page=2>; rel="next", <${base}?per_page=2&page=3>; rel="last"`);
    const second = await call('GET', '/repos/acme/shop/deployments?per_page=2&page=2');
    expect(second.headers.get('link')).toBe(
      `<${base}?per_page=2&page=1>; rel="prev", <${base}?per_page=2&page=3>; rel="next", <${base}?per_page=2&page=3>; rel="last", <${base}?per_page=2&page=1>; rel="first"`
    );
    const octokit = new Octokit({ auth: GITHUB_TOKEN, baseUrl: gh.url });
    const all = await octokit.paginate(octokit.rest.repos.listDeployments, { owner: 'acme', repo: 'shop', per_page: 2 });
    expect(all.map((d) => d.id)).toEqual([...repo.deployments].reverse().map((d) => d.id));
    expect(gh.requests('GET', /^\/repositories\/\d+\/deployments$/)).toHaveLength(2);
  });

  it('applies auto_merge and required_contexts defaults', async () => {
    repo.branch('feature');
    repo.commit({ message: 'main moves on' });
    const behind = await call('POST', '/repos/acme/shop/deployments', { ref: 'feature' });
    expect(behind.status).toBe(202);
    expect(behind.json).toEqual({ message: 'Auto-merged main into feature on deployment.' });
    expect(repo.isAncestor(repo.tip('main'), repo.tip('feature'))).toBe(true);

    repo.setCommitStatus('main', 'ci/test', 'failure');
    const red = await call('POST', '/repos/acme/shop/deployments', { ref: 'main' });
    expect(red.status).toBe(409);
    expect(red.json.errors[0].contexts).toEqual([{ context: 'ci/test', state: 'failure' }]);
    const missing = await call('POST', '/repos/acme/shop/deployments', { ref: 'main', required_contexts: ['ci/lint'] });
    expect(missing.status).toBe(409);
    const forced = await call('POST', '/repos/acme/shop/deployments', { ref: 'main', required_contexts: [] });
    expect(forced.status).toBe(201);
    expect(forced.json.environment).toBe('production');
    expect(forced.json.production_environment).toBe(true);
  });

  it('resolves tags to their commit and creates unknown environments', async () => {
    repo.tag('v1.2.0', 'main', { message: 'Release 1.2.0' });
    const r = await call('POST', '/repos/acme/shop/deployments', { ref: 'v1.2.0', environment: 'qa', auto_merge: false, required_contexts: [] });
    expect(r.status).toBe(201);
    expect(r.json.sha).toBe(repo.tip('main'));
    expect(r.json.ref).toBe('v1.2.0');
    expect(r.json.production_environment).toBe(false);
    gh.state.addToken('actions-reader', 'github-actions[bot]', { actions: 'read' });
    const env = await call('GET', '/repos/acme/shop/environments/qa', undefined, 'actions-reader');
    expect(env.status).toBe(200);
    expect(env.json.name).toBe('qa');
    const envs = await call('GET', '/repos/acme/shop/environments', undefined, 'actions-reader');
    expect(envs.json.total_count).toBe(1);
  });

  it('auto_inactive deactivates earlier non-production deployments only', async () => {
    const status = (id: number, body: object): Promise<Reply> => call('POST', `/repos/acme/shop/deployments/${id}/statuses`, body);
    const create = async (environment: string, extra: object = {}): Promise<number> =>
      (await call('POST', '/repos/acme/shop/deployments', { ref: 'main', environment, auto_merge: false, required_contexts: [], ...extra })).json.id as number;

    const staging1 = await create('staging');
    await status(staging1, { state: 'success', environment_url: 'https://staging.example' });
    const prod1 = await create('production');
    await status(prod1, { state: 'success', environment_url: 'https://shop.example' });
    const transient1 = await create('staging', { transient_environment: true });
    await status(transient1, { state: 'success' });
    const staging2 = await create('staging');
    const prod2 = await create('production');
    await status(staging2, { state: 'success', environment_url: 'https://staging.example' });
    await status(prod2, { state: 'success', environment_url: 'https://shop.example' });

    const latest = async (id: number): Promise<string> => (await call('GET', `/repos/acme/shop/deployments/${id}/statuses`)).json[0].state as string;
    expect(await latest(staging1)).toBe('inactive');
    expect(await latest(transient1)).toBe('success');
    expect(await latest(prod1)).toBe('success');
    expect(await latest(prod2)).toBe('success');

    const noAuto = await create('staging');
    await status(noAuto, { state: 'success', auto_inactive: false });
    expect(await latest(staging2)).toBe('success');
  });

  it('refuses to delete an active deployment unless it is the only one', async () => {
    const a = repo.deploy({ ref: 'main', environment: 'staging', by: 'alice', state: 'success' });
    const b = repo.deploy({ ref: 'main', environment: 'staging', by: 'alice', state: 'success' });
    expect((await call('DELETE', `/repos/acme/shop/deployments/${b.id}`)).status).toBe(422);
    await call('POST', `/repos/acme/shop/deployments/${a.id}/statuses`, { state: 'inactive' });
    expect((await call('DELETE', `/repos/acme/shop/deployments/${a.id}`)).status).toBe(204);
    expect((await call('GET', `/repos/acme/shop/deployments/${a.id}`)).status).toBe(404);
  });
});

describe('releases', () => {
  it('keeps drafts out of tag lookups, allows shared draft tags, refuses duplicate published tags', async () => {
    const d1 = await call('POST', '/repos/acme/shop/releases', { tag_name: 'v2.0.0', draft: true });
    const d2 = await call('POST', '/repos/acme/shop/releases', { tag_name: 'v2.0.0', draft: true });
    expect([d1.status, d2.status]).toEqual([201, 201]);
    expect(d1.json.html_url).toMatch(/\/releases\/tag\/untagged-[0-9a-f]+$/);
    expect((await call('GET', '/repos/acme/shop/releases/tags/v2.0.0')).status).toBe(404);
    expect(repo.tags.has('v2.0.0')).toBe(false);
    const listed = await call('GET', '/repos/acme/shop/releases');
    expect(listed.json.map((r: { id: number }) => r.id).sort()).toEqual([d1.json.id, d2.json.id].sort());

    const published = await call('PATCH', `/repos/acme/shop/releases/${d1.json.id}`, { draft: false });
    expect(published.status).toBe(200);
    expect(repo.tags.get('v2.0.0')?.commit).toBe(repo.tip('main'));
    expect((await call('GET', '/repos/acme/shop/releases/tags/v2.0.0')).json.id).toBe(d1.json.id);

    const dup = await call('POST', '/repos/acme/shop/releases', { tag_name: 'v2.0.0' });
    expect(dup.status).toBe(422);
    expect(dup.json).toEqual({
      message: 'Validation Failed',
      errors: [{ resource: 'Release', code: 'already_exists', field: 'tag_name' }],
      documentation_url: 'https://docs.github.com/rest/releases/releases#create-a-release',
      status: '422'
    });
    const publishOther = await call('PATCH', `/repos/acme/shop/releases/${d2.json.id}`, { draft: false });
    expect(publishOther.status).toBe(422);
  });

  it('hides drafts from tokens without push access', async () => {
    repo.addRelease({ tag_name: 'v3.0.0', draft: true, by: 'alice' });
    gh.state.addToken('reader', 'reader-bot[bot]', { contents: 'read' });
    expect((await call('GET', '/repos/acme/shop/releases', undefined, 'reader')).json).toEqual([]);
  });

  it('tracks the latest release with make_latest', async () => {
    expect((await call('GET', '/repos/acme/shop/releases/latest')).status).toBe(404);
    const v1 = await call('POST', '/repos/acme/shop/releases', { tag_name: 'v1.0.0' });
    repo.commit({ message: 'next' });
    const v2 = await call('POST', '/repos/acme/shop/releases', { tag_name: 'v2.0.0', make_latest: 'false' });
    expect((await call('GET', '/repos/acme/shop/releases/latest')).json.id).toBe(v1.json.id);
    await call('POST', '/repos/acme/shop/releases', { tag_name: 'v2.1.0-rc.1', prerelease: true });
    await call('PATCH', `/repos/acme/shop/releases/${v2.json.id}`, { make_latest: 'true' });
    expect((await call('GET', '/repos/acme/shop/releases/latest')).json.id).toBe(v2.json.id);
  });

  it('generates notes from merged pull requests and refuses oversized bodies', async () => {
    repo.tag('v1.0.0');
    const a = repo.openPullRequest({ author: 'alice', title: 'Add cart' });
    repo.merge(a, { by: 'bob', method: 'squash' });
    const b = repo.openPullRequest({ author: 'dependabot[bot]', title: 'Bump lodash' });
    repo.merge(b, { by: 'bob', method: 'rebase' });
    const notes = await call('POST', '/repos/acme/shop/releases/generate-notes', { tag_name: 'v1.1.0', target_commitish: 'main', previous_tag_name: 'v1.0.0' });
    expect(notes.status).toBe(200);
    expect(notes.json.name).toBe('v1.1.0');
    expect(notes.json.body).toContain(`* Add cart by @alice in https://github.com/acme/shop/pull/${a.number}`);
    expect(notes.json.body).toContain(`* Bump lodash by @dependabot[bot] in https://github.com/acme/shop/pull/${b.number}`);
    expect(notes.json.body).toContain('**Full Changelog**: https://github.com/acme/shop/compare/v1.0.0...v1.1.0');

    const big = await call('POST', '/repos/acme/shop/releases', { tag_name: 'v1.1.0', body: 'x'.repeat(125_001) });
    expect(big.status).toBe(422);
    expect(gh.takeViolations().map((v) => v.kind)).toEqual(['limit']);
  });
});

describe('git, pulls and labels over REST', () => {
  it('serves refs, annotated tags, commits, compare and associated pulls', async () => {
    repo.tag('v1', 'main', { message: 'Version 1' });
    repo.tag('v1-light', 'main');
    const pr = repo.openPullRequest({ author: 'alice', title: 'Feature', commits: 2 });
    repo.merge(pr, { by: 'bob' });
    const ref = await call('GET', '/repos/acme/shop/git/ref/tags/v1');
    expect(ref.json.object.type).toBe('tag');
    const tag = await call('GET', `/repos/acme/shop/git/tags/${ref.json.object.sha}`);
    expect(tag.json.object.sha).toBe(repo.tags.get('v1')?.commit);
    const encoded = await call('GET', '/repos/acme/shop/git/ref/tags%2Fv1-light');
    expect(encoded.json.object.type).toBe('commit');
    const matching = await call('GET', '/repos/acme/shop/git/matching-refs/tags/v1');
    expect(matching.json.map((r: { ref: string }) => r.ref)).toEqual(['refs/tags/v1', 'refs/tags/v1-light']);
    const compare = await call('GET', '/repos/acme/shop/compare/v1...main');
    expect(compare.json.status).toBe('ahead');
    expect(compare.json.ahead_by).toBe(3);
    expect(compare.json.commits.map((c: { sha: string }) => c.sha)).toEqual([...pr.commits, pr.mergeCommitSha]);
    const pulls = await call('GET', `/repos/acme/shop/commits/${pr.commits[0] ?? ''}/pulls`);
    expect(pulls.json.map((p: { number: number }) => p.number)).toEqual([pr.number]);
    const commit = await call('GET', '/repos/acme/shop/commits/main');
    expect(commit.json.parents).toHaveLength(2);
    const unknown = await call('GET', '/repos/acme/shop/commits/nope');
    expect(unknown.status).toBe(422);
    const one = await call('GET', `/repos/acme/shop/pulls/${pr.number}`);
    expect(one.json).toMatchObject({ merged: true, state: 'closed', merge_commit_sha: pr.mergeCommitSha, commits: 2 });
    const files = await call('GET', `/repos/acme/shop/pulls/${pr.number}/files`);
    expect(files.json[0].filename).toBe(`src/change-${pr.number}.ts`);
    const list = await call('GET', '/repos/acme/shop/pulls?state=closed');
    expect(list.json).toHaveLength(1);
  });

  it('records labels applied over REST with the token account as actor', async () => {
    const pr = repo.openPullRequest({ author: 'alice', title: 'Feature' });
    const added = await call('POST', `/repos/acme/shop/issues/${pr.number}/labels`, { labels: ['approved', { name: 'release' }] });
    expect(added.json.map((l: { name: string }) => l.name)).toEqual(['approved', 'release']);
    const removed = await call('DELETE', `/repos/acme/shop/issues/${pr.number}/labels/approved`);
    expect(removed.json.map((l: { name: string }) => l.name)).toEqual(['release']);
    expect((await call('DELETE', `/repos/acme/shop/issues/${pr.number}/labels/approved`)).status).toBe(404);
    repo.push(pr, { force: true, by: 'alice' });
    const timeline = await call('GET', `/repos/acme/shop/issues/${pr.number}/timeline`);
    const events = timeline.json.filter((e: { event: string }) => e.event !== 'committed');
    expect(events.map((e: { event: string; label?: { name: string } }) => `${e.event}:${e.label?.name ?? ''}`)).toEqual([
      'labeled:approved',
      'labeled:release',
      'unlabeled:approved',
      'head_ref_force_pushed:'
    ]);
    expect(events[0].actor).toMatchObject({ login: 'github-actions[bot]', type: 'Bot' });
    expect(events[0].performed_via_github_app.slug).toBe('github-actions');
    expect((await call('GET', `/repos/acme/shop/issues/${pr.number}/labels`)).json).toHaveLength(1);
  });

  it('reports collaborator permissions with GitHub legacy mapping', async () => {
    repo.setPermission('mia', 'maintain').setPermission('tia', 'triage');
    const mia = await call('GET', '/repos/acme/shop/collaborators/mia/permission');
    expect(mia.json).toMatchObject({ permission: 'write', role_name: 'maintain', user: { login: 'mia', permissions: { maintain: true, admin: false } } });
    const tia = await call('GET', '/repos/acme/shop/collaborators/tia/permission');
    expect(tia.json).toMatchObject({ permission: 'read', role_name: 'triage' });
    expect((await call('GET', '/repos/acme/shop/collaborators/ghost/permission')).status).toBe(404);
  });

  it('stamps times from the controllable clock', async () => {
    gh.state.clock.set('2025-03-01T09:00:00Z');
    const pr = repo.openPullRequest({ author: 'alice', title: 'Feature' });
    gh.state.clock.advance({ hours: 2 });
    repo.label(pr, 'approved', { by: 'bob' });
    repo.label(pr, 'late', { by: 'bob', at: '2025-03-02T00:00:00Z' });
    const d = await call('POST', '/repos/acme/shop/deployments', { ref: 'main', auto_merge: false, required_contexts: [] });
    expect(d.json.created_at).toBe('2025-03-01T11:00:00Z');
    const timeline = await call('GET', `/repos/acme/shop/issues/${pr.number}/timeline`);
    expect(timeline.json.map((e: { created_at?: string; committer?: { date: string } }) => e.created_at ?? e.committer?.date)).toEqual([
      '2025-03-01T09:00:00Z',
      '2025-03-01T11:00:00Z',
      '2025-03-02T00:00:00Z'
    ]);
  });
});

describe('permissions', () => {
  it('answers 401 without a token or with an unknown one', async () => {
    const none = await call('GET', '/repos/acme/shop', undefined, null);
    expect(none.status).toBe(401);
    expect(none.json.message).toBe('Requires authentication');
    const bad = await call('GET', '/repos/acme/shop', undefined, 'nope');
    expect(bad).toMatchObject({ status: 401, json: { message: 'Bad credentials' } });
    expect((await graphql('{ rateLimit { cost } }', {}, 'nope')).status).toBe(401);
  });

  it('answers 403 when the token lacks the permission an endpoint needs', async () => {
    gh.state.addToken('readonly', 'github-actions[bot]', { contents: 'read', deployments: 'read' });
    const r = await call('POST', '/repos/acme/shop/deployments', { ref: 'main', auto_merge: false, required_contexts: [] }, 'readonly');
    expect(r.status).toBe(403);
    expect(r.json.message).toBe('Resource not accessible by integration');
    expect(r.headers.get('x-accepted-github-permissions')).toBe('deployments=write');
    expect((await call('GET', '/repos/acme/shop/deployments', undefined, 'readonly')).status).toBe(200);
    expect((await call('GET', '/repos/acme/shop/environments', undefined, 'readonly')).status).toBe(403);
    expect((await call('GET', '/user')).status).toBe(403);
  });

  it('serves a repository\'s labels over GraphQL to issues: read or pull-requests: read, as GitHub does, and to a token with neither not at all', async () => {
    const query = '{ repository(owner: "acme", name: "shop") { label(name: "bug") { name } labels(first: 5) { totalCount } } }';
    gh.state.addToken('contents-only', 'github-actions[bot]', { contents: 'read' });
    gh.state.addToken('pulls-only', 'github-actions[bot]', { 'pull-requests': 'read' });
    gh.state.addToken('issues-only', 'github-actions[bot]', { issues: 'read' });
    const denied = await graphql(query, {}, 'contents-only');
    expect(denied.json.errors.map((e: { type: string; path: string[] }) => [e.type, e.path.join('.')])).toEqual([
      ['FORBIDDEN', 'repository.label'],
      ['FORBIDDEN', 'repository.labels']
    ]);
    expect((await graphql(query, {}, 'pulls-only')).json.errors).toBeUndefined();
    expect((await graphql(query, {}, 'issues-only')).json.errors).toBeUndefined();
  });

  it('needs members:read for team membership, over REST and GraphQL', async () => {
    const org = gh.state.org('acme');
    org?.team('release-managers').addMember('rita').addMember('max', 'maintainer');
    const path = '/orgs/acme/teams/release-managers/memberships';
    expect((await call('GET', `${path}/rita`)).status).toBe(403);
    const rita = await call('GET', `${path}/rita`, undefined, 'app');
    expect(rita.json).toMatchObject({ role: 'member', state: 'active' });
    expect((await call('GET', `${path}/max`, undefined, 'app')).json.role).toBe('maintainer');
    expect((await call('GET', `${path}/eve`, undefined, 'app')).status).toBe(404);

    const query = '{ organization(login: "acme") { team(slug: "release-managers") { members(first: 10, query: "ri") { totalCount nodes { login } edges { role } } } } }';
    const denied = await graphql(query);
    expect(denied.json.errors[0]).toMatchObject({ type: 'FORBIDDEN', message: 'Resource not accessible by integration', path: ['organization', 'team'] });
    const allowed = await graphql(query, {}, 'app');
    expect(allowed.json.data.organization.team.members).toEqual({ totalCount: 1, nodes: [{ login: 'rita' }], edges: [{ role: 'MEMBER' }] });
  });

  it('sends rate limit headers and enforces the primary limit', async () => {
    const r = await call('GET', '/repos/acme/shop');
    expect(r.headers.get('content-type')).toBe('application/json; charset=utf-8');
    // A GITHUB_TOKEN: 1,000 requests an hour.
    expect(r.headers.get('x-ratelimit-limit')).toBe('1000');
    expect(r.headers.get('x-ratelimit-remaining')).toBe('999');
    expect(r.headers.get('x-ratelimit-used')).toBe('1');
    expect(r.headers.get('x-ratelimit-resource')).toBe('core');
    expect(r.headers.get('x-github-request-id')).toMatch(/^[0-9A-F]{4}:/);
    gh.rateLimits.setRemaining('github-actions[bot]', 'core', 0);
    const limited = await call('GET', '/repos/acme/shop');
    expect(limited.status).toBe(403);
    expect(limited.headers.get('x-ratelimit-remaining')).toBe('0');
    const rate = await call('GET', '/rate_limit');
    expect(rate.json.resources.core.remaining).toBe(0);
  });
});

describe('faults', () => {
  it('answers with an injected status, then recovers', async () => {
    gh.faults.add({ method: 'GET', path: '/repos/acme/shop', status: 502, times: 2 });
    expect((await call('GET', '/repos/acme/shop')).status).toBe(502);
    expect((await call('GET', '/api/v3/repos/acme/shop')).status).toBe(502);
    expect((await call('GET', '/repos/acme/shop')).status).toBe(200);
    expect(gh.faults.pending()).toEqual([]);
  });

  it('injects a secondary rate limit the way GitHub words it', async () => {
    gh.faults.add({ path: /\/releases$/, secondaryRateLimit: { retryAfter: 7 } });
    const r = await call('POST', '/repos/acme/shop/releases', { tag_name: 'v1' });
    expect(r.status).toBe(403);
    expect(r.headers.get('retry-after')).toBe('7');
    expect(r.json.message).toMatch(/secondary rate limit/);
    expect(repo.releases).toHaveLength(0);
  });

  it('drops connections and delays answers, also for GraphQL', async () => {
    gh.faults.add({ path: '/repos/acme/shop', drop: true });
    await expect(call('GET', '/repos/acme/shop')).rejects.toThrow();
    gh.faults.add({ path: '/graphql', delayMs: 120 });
    const t = performance.now();
    const r = await graphql('{ rateLimit { remaining } }');
    expect(performance.now() - t).toBeGreaterThanOrEqual(110);
    expect(r.json.data.rateLimit.remaining).toBeGreaterThan(0);
    gh.faults.add({ path: '/graphql', status: 502 });
    expect((await graphql('{ rateLimit { remaining } }')).status).toBe(502);
    expect(gh.requests('POST', '/graphql').map((e) => e.status)).toEqual([200, 502]);
    expect(gh.requests('GET').map((e) => e.status)).toEqual([0]);
  });

  it('carries a request out and then loses its answer (dropped, 502 or never sent)', async () => {
    gh.faults.add({ method: 'POST', path: '/repos/acme/shop/releases', afterActing: 'drop' });
    await expect(call('POST', '/repos/acme/shop/releases', { tag_name: 'v1' })).rejects.toThrow();
    expect(repo.releases.map((r) => r.tagName)).toEqual(['v1']);
    gh.faults.add({ method: 'POST', path: '/repos/acme/shop/releases', afterActing: 502 });
    expect((await call('POST', '/repos/acme/shop/releases', { tag_name: 'v2' })).status).toBe(502);
    expect(repo.releases.map((r) => r.tagName).sort()).toEqual(['v1', 'v2']);
    gh.faults.add({ method: 'POST', path: '/repos/acme/shop/releases', afterActing: 'hang' });
    const hung = call('POST', '/repos/acme/shop/releases', { tag_name: 'v3' });
    const outcome = await Promise.race([hung.then(() => 'answered', () => 'failed'), new Promise((r) => setTimeout(() => r('still waiting'), 300))]);
    expect(outcome).toBe('still waiting');
    expect(repo.releases.map((r) => r.tagName).sort()).toEqual(['v1', 'v2', 'v3']);
    expect(gh.requests('POST').map((e) => e.acted)).toEqual([true, true, true]);
    hung.catch(() => undefined);
  });

  it('hangs without acting', async () => {
    gh.faults.add({ method: 'POST', path: '/repos/acme/shop/releases', hang: true });
    const hung = call('POST', '/repos/acme/shop/releases', { tag_name: 'v1' });
    const outcome = await Promise.race([hung.then(() => 'answered', () => 'failed'), new Promise((r) => setTimeout(() => r('still waiting'), 300))]);
    expect(outcome).toBe('still waiting');
    expect(repo.releases).toHaveLength(0);
    hung.catch(() => undefined);
  });
});

describe('GraphQL', () => {
  it('compares across two pages of 100+ commits with pull requests and label events', async () => {
    repo.tag('v1.0.0');
    gh.state.clock.set('2025-01-01T00:00:00Z');
    const prs = [];
    for (let i = 0; i < 110; i++) {
      gh.state.clock.advance({ minutes: 1 });
      const pr = repo.openPullRequest({ author: i % 10 === 0 ? 'renovate[bot]' : 'alice', title: `Change ${i}` });
      repo.label(pr, 'approved', { by: i % 2 === 0 ? 'bob' : 'release-bot[bot]' });
      repo.merge(pr, { by: 'bob', method: 'squash' });
      prs.push(pr);
    }
    const query = `query($owner: String!, $name: String!, $base: String!, $after: String) {
      repository(owner: $owner, name: $name) {
        ref(qualifiedName: $base) {
          compare(headRef: "main") {
            status aheadBy behindBy
            commits(first: 100, after: $after) {
              totalCount
              pageInfo { hasNextPage endCursor hasPreviousPage startCursor }
              nodes {
                oid messageHeadline committedDate
                author { user { login } name }
                associatedPullRequests(first: 5) {
                  nodes {
                    number title merged mergedAt author { login __typename }
                    labels(first: 10) { nodes { name } }
                    timelineItems(first: 50, itemTypes: [LABELED_EVENT, UNLABELED_EVENT, HEAD_REF_FORCE_PUSHED_EVENT]) {
                      totalCount
                      nodes { __typename ... on LabeledEvent { createdAt actor { login __typename } label { name } } }
                    }
                  }
                }
              }
            }
          }
        }
      }
      rateLimit { cost remaining resetAt limit }
    }`;
    const vars = { owner: 'acme', name: 'shop', base: 'refs/tags/v1.0.0' };
    const page1 = await graphql(query, vars);
    expect(page1.json.errors).toBeUndefined();
    const compare1 = page1.json.data.repository.ref.compare;
    expect(compare1).toMatchObject({ status: 'AHEAD', aheadBy: 110, behindBy: 0 });
    expect(compare1.commits.totalCount).toBe(110);
    expect(compare1.commits.nodes).toHaveLength(100);
    expect(compare1.commits.pageInfo.hasNextPage).toBe(true);
    const page2 = await graphql(query, { ...vars, after: compare1.commits.pageInfo.endCursor });
    const compare2 = page2.json.data.repository.ref.compare;
    expect(compare2.commits.nodes).toHaveLength(10);
    expect(compare2.commits.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });

    const nodes = [...compare1.commits.nodes, ...compare2.commits.nodes];
    expect(nodes.map((n: { associatedPullRequests: { nodes: Array<{ number: number }> } }) => n.associatedPullRequests.nodes[0]?.number)).toEqual(prs.map((p) => p.number));
    const first = nodes[0].associatedPullRequests.nodes[0];
    expect(first.author).toEqual({ login: 'renovate', __typename: 'Bot' });
    expect(nodes[0].author.user).toBeNull();
    expect(first.timelineItems.nodes).toEqual([{ __typename: 'LabeledEvent', createdAt: '2025-01-01T00:01:00Z', actor: { login: 'bob', __typename: 'User' }, label: { name: 'approved' } }]);
    expect(nodes[1].associatedPullRequests.nodes[0].timelineItems.nodes[0].actor).toEqual({ login: 'release-bot', __typename: 'Bot' });
    expect(nodes[1].author.user).toEqual({ login: 'alice' });
    // 1 request for the commits, 100 for their pull requests, 2 × 500 for labels and timelines: 1,101 → 11 points.
    expect(page1.json.data.rateLimit).toMatchObject({ cost: 11, limit: 1000, remaining: 989 });
  });

  it('serves refs, objects, releases, deployments and pull request details', async () => {
    repo.tag('v1.0.0', 'main', { message: 'Version 1.0.0' });
    repo.addRelease({ tag_name: 'v1.0.0', by: 'alice' });
    const pr = repo.openPullRequest({ author: 'alice', title: 'Checkout', files: ['src/a.ts', 'src/b.ts'], commits: 2 });
    repo.label(pr, 'approved', { by: 'bob' });
    gh.state.clock.advance({ minutes: 5 });
    repo.push(pr, { force: true });
    repo.merge(pr, { by: 'bob', method: 'merge' });
    repo.deploy({ ref: 'main', environment: 'production', by: 'github-actions[bot]', state: 'success', environmentUrl: 'https://shop.example' });
    repo.deploy({ ref: 'main', environment: 'staging', by: 'github-actions[bot]', state: 'in_progress' });

    const r = await graphql(`{
      repository(owner: "acme", name: "shop") {
        defaultBranchRef { name prefix target { ... on Commit { oid history(first: 2) { totalCount nodes { oid } } } } }
        tag: ref(qualifiedName: "refs/tags/v1.0.0") { name target { __typename ... on Tag { target { oid } } } }
        object(expression: "main~1") { ... on Commit { oid } }
        latestRelease { tagName isDraft isPrerelease tagCommit { oid } url databaseId }
        release(tagName: "v1.0.0") { tagName }
        deployments(environments: ["production"], first: 10, orderBy: { field: CREATED_AT, direction: DESC }) {
          nodes { databaseId commitOid environment state createdAt latestStatus { state createdAt environmentUrl logUrl } creator { login } }
        }
        pullRequest(number: ${pr.number}) {
          number title url state merged mergedAt baseRefName headRefName headRefOid mergeCommit { oid }
          author { login __typename }
          labels(first: 10) { nodes { name } }
          commits(last: 1) { nodes { commit { oid committedDate } } }
          files(first: 10) { totalCount nodes { path } }
          timelineItems(last: 5, itemTypes: [HEAD_REF_FORCE_PUSHED_EVENT]) { nodes { __typename ... on HeadRefForcePushedEvent { createdAt } } }
        }
      }
    }`);
    expect(r.json.errors).toBeUndefined();
    const data = r.json.data.repository;
    expect(data.defaultBranchRef).toMatchObject({ name: 'main', prefix: 'refs/heads/', target: { oid: repo.tip('main') } });
    expect(data.defaultBranchRef.target.history.nodes).toHaveLength(2);
    expect(data.tag.target.__typename).toBe('Tag');
    expect(data.object.oid).toBe(repo.commitOf(repo.tip('main'))?.parents[0]);
    expect(data.latestRelease).toMatchObject({ tagName: 'v1.0.0', isDraft: false, isPrerelease: false });
    expect(data.deployments.nodes).toHaveLength(1);
    expect(data.deployments.nodes[0]).toMatchObject({ environment: 'production', state: 'ACTIVE', creator: { login: 'github-actions' }, latestStatus: { state: 'SUCCESS', environmentUrl: 'https://shop.example', logUrl: null } });
    expect(data.pullRequest).toMatchObject({ state: 'MERGED', merged: true, mergeCommit: { oid: pr.mergeCommitSha }, labels: { nodes: [{ name: 'approved' }] } });
    expect(data.pullRequest.files.totalCount).toBe(1);
    expect(data.pullRequest.commits.nodes[0].commit.oid).toBe(pr.headSha);
    expect(data.pullRequest.timelineItems.nodes).toEqual([{ __typename: 'HeadRefForcePushedEvent', createdAt: expect.any(String) }]);
  });

  it('answers NOT_FOUND for an unknown repository, as GitHub does', async () => {
    const r = await graphql('{ repository(owner: "acme", name: "nope") { name } }');
    expect(r.json.data).toEqual({ repository: null });
    expect(r.json.errors[0]).toMatchObject({ type: 'NOT_FOUND', path: ['repository'], message: "Could not resolve to a Repository with the name 'acme/nope'." });
  });
});

describe('GHES prefix', () => {
  it('serves REST under /api/v3 and GraphQL at /api/graphql', async () => {
    const octokit = new Octokit({ auth: GITHUB_TOKEN, baseUrl: `${gh.url}/api/v3` });
    const { data } = await octokit.rest.repos.get({ owner: 'acme', repo: 'shop' });
    expect(data.url).toBe(`${gh.url}/api/v3/repos/acme/shop`);
    for (let i = 0; i < 3; i++) repo.deploy({ ref: 'main', by: 'alice' });
    const page = await call('GET', '/api/v3/repos/acme/shop/deployments?per_page=1');
    expect(page.headers.get('link')).toContain(`<${gh.url}/api/v3/repositories/${repo.id}/deployments?per_page=1&page=2>`);
    const r = await graphql('{ repository(owner: "acme", name: "shop") { nameWithOwner } }', {}, GITHUB_TOKEN, '/api/graphql');
    expect(r.json.data.repository.nameWithOwner).toBe('acme/shop');
  });
});
