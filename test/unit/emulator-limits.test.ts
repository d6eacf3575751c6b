/**
 * The emulator charges and limits like GitHub: query cost and node limit, per-token
 * hourly budgets (a GITHUB_TOKEN's are its repository's), and the secondary limits.
 */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { startEmulator } from '../emulator/index.js';
import type { Emulator } from '../emulator/index.js';

const TOKEN = 'ghs_workflow';
const NOW = '2026-11-30T10:00:00Z';

interface Reply {
  status: number;
  headers: Headers;
  json: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

let gh: Emulator;

async function call(method: string, path: string, body?: unknown, token = TOKEN, signal?: AbortSignal): Promise<Reply> {
  const headers: Record<string, string> = { accept: 'application/vnd.github+json', authorization: `token ${token}` };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${gh.url}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), ...(signal ? { signal } : {}) });
  const text = await res.text();
  return { status: res.status, headers: res.headers, json: text ? JSON.parse(text) : undefined };
}
const graphql = (query: string, variables: Record<string, unknown> = {}, token = TOKEN) => call('POST', '/graphql', { query, variables }, token);
const createDeployment = (token = TOKEN) => call('POST', '/repos/acme/shop/deployments', { ref: 'main', environment: 'staging', auto_merge: false, required_contexts: [] }, token);

/** Requests 1 (history) + 100 (pull requests of each commit) + 2 × 2,000 (labels, timeline of each) = 4,101 → 41 points; 402,100 nodes. */
const EXPENSIVE = `query { repository(owner: "acme", name: "shop") { defaultBranchRef { target { ... on Commit {
  history(first: 100) { nodes { associatedPullRequests(first: 20) { nodes { labels(first: 100) { totalCount } timelineItems(first: 100) { totalCount } } } } } } } } }
  rateLimit { cost nodeCount remaining used limit resetAt } }`;

beforeEach(async () => {
  gh = await startEmulator();
  gh.state.clock.set(NOW);
  gh.state.createRepo('acme', 'shop');
  gh.state.createRepo('acme', 'shelf');
  gh.state.addToken(TOKEN, 'github-actions[bot]', undefined, { repository: 'acme/shop' });
});

afterEach(async () => {
  try {
    gh.assertNoViolations();
  } finally {
    await gh.close();
  }
});

describe('GraphQL query cost and node limit', () => {
  it('answers rateLimit truthfully, sends x-ratelimit headers and logs the points charged', async () => {
    const r = await graphql(EXPENSIVE);
    expect(r.json.errors).toBeUndefined();
    expect(r.json.data.rateLimit).toEqual({ cost: 41, nodeCount: 402_100, remaining: 959, used: 41, limit: 1000, resetAt: '2026-11-30T11:00:00Z' });
    expect(r.headers.get('x-ratelimit-limit')).toBe('1000');
    expect(r.headers.get('x-ratelimit-remaining')).toBe('959');
    expect(r.headers.get('x-ratelimit-used')).toBe('41');
    expect(r.headers.get('x-ratelimit-resource')).toBe('graphql');
    expect(r.headers.get('x-ratelimit-reset')).toBe(String(Date.parse('2026-11-30T11:00:00Z') / 1000));
    await graphql('{ viewer { login } }');
    await call('GET', '/repos/acme/shop');
    expect(gh.log.map((e) => e.points)).toEqual([41, 1, 1]);
    expect(gh.points()).toEqual({ graphql: 42, rest: 1, graphqlRequests: 2 });
    expect(gh.points(gh.log.slice(1))).toEqual({ graphql: 1, rest: 1, graphqlRequests: 1 });
  });

  it('computes the cost without running the query on a dry run, and charges nothing', async () => {
    const r = await graphql(EXPENSIVE.replace('rateLimit {', 'rateLimit(dryRun: true) {'));
    expect(r.json.data.repository).toBeNull();
    expect(r.json.data.rateLimit).toMatchObject({ cost: 41, remaining: 1000, used: 0 });
    expect(gh.points().graphql).toBe(0);
  });

  it('refuses a query that may return more than 500,000 nodes, with GitHub\'s MAX_NODE_LIMIT_EXCEEDED', async () => {
    const r = await graphql(EXPENSIVE.replace('associatedPullRequests(first: 20)', 'associatedPullRequests(first: 30)'));
    expect(r.status).toBe(200);
    expect(r.json).toEqual({
      errors: [{ type: 'MAX_NODE_LIMIT_EXCEEDED', message: 'This query requests up to 603,100 possible nodes which exceeds the maximum limit of 500,000.' }]
    });
    expect(gh.takeViolations().map((v) => v.kind)).toEqual(['graphql']);
    expect(gh.points().graphql).toBe(0);
  });

  it('requires first/last within 1..100', async () => {
    for (const n of [0, -1, 101]) {
      const r = await graphql('query($n: Int!) { repository(owner: "acme", name: "shop") { releases(first: $n) { totalCount } } }', { n });
      expect(r.json.errors[0].type).toBe(n > 100 ? 'EXCESSIVE_PAGINATION' : 'INVALID_PAGINATION');
      expect(r.json.data).toBeUndefined();
    }
    expect(gh.takeViolations()).toHaveLength(3);
  });
});

describe('hourly budgets', () => {
  it('gives a GITHUB_TOKEN 1,000 GraphQL points an hour per repository, shared by every token of that repository', async () => {
    gh.state.addToken('ghs_other_workflow', 'github-actions[bot]', undefined, { repository: 'acme/shop' });
    gh.state.addToken('ghs_shelf', 'github-actions[bot]', undefined, { repository: 'acme/shelf' });
    for (let i = 0; i < 24; i++) expect((await graphql(EXPENSIVE)).json.errors).toBeUndefined(); // 984 points
    const other = await graphql(EXPENSIVE, {}, 'ghs_other_workflow');
    expect(other.status).toBe(200);
    expect(other.json).toEqual({ errors: [{ type: 'RATE_LIMITED', message: expect.stringMatching(/^API rate limit exceeded for installation ID \d+\.$/) }] });
    expect(other.headers.get('x-ratelimit-remaining')).toBe('16');
    // Another repository's workflow has its own budget.
    expect((await graphql(EXPENSIVE, {}, 'ghs_shelf')).json.data.rateLimit.remaining).toBe(959);
    // The hour passes: a fresh budget.
    gh.state.clock.advance({ hours: 1 });
    expect((await graphql(EXPENSIVE, {}, 'ghs_other_workflow')).json.data.rateLimit.remaining).toBe(959);
  });

  it('answers REST with 403, GitHub\'s message and x-ratelimit-remaining 0 once the 1,000 requests are spent', async () => {
    gh.rateLimits.setRemaining('acme/shop', 'core', 1);
    expect((await call('GET', '/repos/acme/shop')).status).toBe(200);
    const limited = await call('GET', '/repos/acme/shop');
    expect(limited.status).toBe(403);
    expect(limited.json.message).toMatch(/^API rate limit exceeded for installation ID \d+\.$/);
    expect(limited.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(limited.headers.get('x-ratelimit-limit')).toBe('1000');
    expect(gh.log.map((e) => e.points)).toEqual([1, 0]);
  });

  it('gives other tokens 5,000, or what the test configures', async () => {
    gh.state.addToken('ghp_user', 'octocat');
    gh.state.addToken('ghs_big', 'github-actions[bot]', undefined, { repository: 'acme/shelf', limits: { graphql: 20_000, core: 2 } });
    expect((await call('GET', '/repos/acme/shop', undefined, 'ghp_user')).headers.get('x-ratelimit-limit')).toBe('5000');
    expect((await graphql(EXPENSIVE, {}, 'ghs_big')).json.data.rateLimit).toMatchObject({ limit: 20_000, remaining: 19_959 });
    expect((await call('GET', '/repos/acme/shop', undefined, 'ghs_big')).headers.get('x-ratelimit-limit')).toBe('2');
  });
});

describe('secondary limits', () => {
  it('allows 80 content-creating requests a minute, then answers 403 with retry-after until the minute has passed', async () => {
    for (let i = 0; i < 80; i++) expect((await createDeployment()).status).toBe(201);
    const refused = await createDeployment();
    expect(refused.status).toBe(403);
    expect(refused.json.message).toMatch(/^You have exceeded a secondary rate limit/);
    expect(refused.headers.get('retry-after')).toBe('60');
    expect(gh.log.at(-1)).toMatchObject({ secondaryLimit: 'content-minute', points: 0 });
    gh.state.clock.advance({ seconds: 30 });
    expect((await createDeployment()).headers.get('retry-after')).toBe('30');
    gh.state.clock.advance({ seconds: 30 });
    expect((await createDeployment()).status).toBe(201);
  });

  it('allows 500 content-creating requests an hour', async () => {
    for (let minute = 0; minute < 7; minute++) {
      for (let i = 0; i < (minute < 6 ? 80 : 20); i++) expect((await createDeployment()).status).toBe(201);
      gh.state.clock.advance({ minutes: 1 });
    }
    const refused = await createDeployment();
    expect(refused.status).toBe(403);
    expect(gh.log.at(-1)?.secondaryLimit).toBe('content-hour');
    expect(Number(refused.headers.get('retry-after'))).toBe(60 * 60 - 7 * 60);
  });

  it('allows 900 REST points a minute: a GET is 1 point, a write 5', async () => {
    gh.state.addToken('ghs_reader', 'github-actions[bot]', undefined, { repository: 'acme/shelf' });
    for (let i = 0; i < 10; i++) await createDeployment(); // 50 points
    for (let i = 0; i < 850; i++) await call('GET', '/repos/acme/shop');
    const refused = await call('GET', '/repos/acme/shop');
    expect(refused.status).toBe(403);
    expect(refused.headers.get('retry-after')).toBe('60');
    expect(gh.log.at(-1)?.secondaryLimit).toBe('rest-points');
    // Another repository's token is not affected.
    expect((await call('GET', '/repos/acme/shop', undefined, 'ghs_reader')).status).toBe(200);
  });

  it('allows 2,000 GraphQL requests a minute and answers the next with HTTP 200 and the secondary limit error', async () => {
    gh.state.addToken('ghs_lowered', 'github-actions[bot]', undefined, { repository: 'acme/shelf', limits: { secondary: { graphqlPointsPerMinute: 2 } } });
    expect(gh.rateLimits.secondary.graphqlPointsPerMinute).toBe(2000);
    await graphql('{ viewer { login } }', {}, 'ghs_lowered');
    await graphql('{ viewer { login } }', {}, 'ghs_lowered');
    const refused = await graphql('{ viewer { login } }', {}, 'ghs_lowered');
    expect(refused.status).toBe(200);
    expect(refused.json).toEqual({ errors: [{ message: expect.stringMatching(/^You have exceeded a secondary rate limit/) }] });
    expect(refused.headers.get('retry-after')).toBe('60');
    expect(refused.headers.get('x-ratelimit-remaining')).toBe('998');
  });

  it('allows at most 100 requests in flight per token holder', async () => {
    gh.state.addToken('ghs_busy', 'github-actions[bot]', undefined, { repository: 'acme/shelf', limits: { secondary: { concurrent: 2 } } });
    expect(gh.rateLimits.secondary.concurrent).toBe(100);
    gh.faults.add({ path: '/repos/acme/shop', hang: true, times: 2 });
    const abort = new AbortController();
    const hung = [call('GET', '/repos/acme/shop', undefined, 'ghs_busy', abort.signal), call('GET', '/repos/acme/shop', undefined, 'ghs_busy', abort.signal)];
    while (gh.log.length < 2) await new Promise((resolve) => setTimeout(resolve, 5));
    const refused = await call('GET', '/repos/acme/shop', undefined, 'ghs_busy');
    expect(refused.status).toBe(403);
    expect(gh.log.at(-1)?.secondaryLimit).toBe('concurrent');
    abort.abort();
    await Promise.allSettled(hung);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect((await call('GET', '/repos/acme/shop', undefined, 'ghs_busy')).status).toBe(200);
  });
});
