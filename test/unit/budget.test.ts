/**
 * When a GitHub budget runs out, the run fails saying which limit, when it resets (UTC and the
 * policy's zone) and what the run had used, never suggesting a missing permission.
 */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { ApiError, RateLimitError } from '../../src/core/errors.js';
import { RunUsage } from '../../src/core/github/budget.js';
import { createGitHub, toApiError, type GitHub } from '../../src/core/github/client.js';
import { startEmulator, type Emulator } from '../emulator/index.js';

const RESET = Date.parse('2026-11-30T11:00:00Z') / 1000;
const NOW = new Date('2026-11-30T10:20:00Z');

function restError(status: number, message: string, headers: Record<string, string>) {
  return Object.assign(new Error(message), { status, response: { status, headers, data: { message } } });
}

describe('a rate-limit failure', () => {
  it('names the REST budget, its reset in UTC and in the policy zone, and what the run used; no permission hint', () => {
    const usage = new RunUsage();
    for (let i = 0; i < 3; i++) usage.record({ 'x-ratelimit-resource': 'core' }, undefined);
    const error = toApiError(
      'Listing releases',
      restError(403, 'API rate limit exceeded for installation ID 7.', { 'x-ratelimit-remaining': '0', 'x-ratelimit-limit': '1000', 'x-ratelimit-reset': String(RESET), 'x-ratelimit-resource': 'core' }),
      { usage, timeZone: 'Europe/Berlin', now: NOW }
    );
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error).toMatchObject({ resource: 'core', kind: 'primary', status: 403 });
    expect(error.message).toBe(
      "Listing releases failed (HTTP 403): GitHub's hourly budget of REST requests (core) is used up (primary rate limit): 0 of 1,000 requests left this hour; " +
        'it resets at 2026-11-30 11:00 UTC (2026-11-30 12:00 Europe/Berlin); this run had used 0 GraphQL points (0 queries) and 3 REST requests. ' +
        "Run it again after the limit resets; a GITHUB_TOKEN's budget is shared by every workflow of the repository"
    );
    expect(error.message).not.toMatch(/permission/);
  });

  it('names a GraphQL secondary limit that came back as HTTP 200, and when to try again', () => {
    const graphqlError = Object.assign(new Error('Request failed due to following response errors'), {
      headers: { 'retry-after': '90', 'x-ratelimit-resource': 'graphql', 'x-ratelimit-remaining': '900' },
      errors: [{ message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.' }]
    });
    const error = toApiError('Reading the release range', graphqlError, { now: NOW });
    expect(error).toMatchObject({ resource: 'graphql', kind: 'secondary', status: undefined });
    expect(error.message).toMatch(/^Reading the release range failed: GitHub refused more GraphQL requests for now \(secondary rate limit/);
    expect(error.message).toContain('GitHub asked to wait 90 s, until 2026-11-30 10:21 UTC');
  });

  it('keeps the permission hint for a 403 that is not a rate limit', () => {
    const error = toApiError('Creating a release', restError(403, 'Resource not accessible by integration', { 'x-ratelimit-remaining': '998' }));
    expect(error).not.toBeInstanceOf(RateLimitError);
    expect(error.message).toMatch(/may lack a permission/);
  });
});

describe("a run's usage", () => {
  it('adds up GraphQL points from rateLimit { cost } when asked, else from x-ratelimit-used between answers', () => {
    const usage = new RunUsage();
    const graphql = (used: number, reset = RESET) => ({ 'x-ratelimit-resource': 'graphql', 'x-ratelimit-used': String(used), 'x-ratelimit-reset': String(reset) });
    usage.record(graphql(41), { data: { rateLimit: { cost: 41 } } });
    usage.record(graphql(62), { data: {} });
    usage.record(graphql(63), { data: {} });
    expect(usage).toMatchObject({ graphqlPoints: 63, graphqlRequests: 3, approximate: false });
    expect(usage.describe()).toBe('63 GraphQL points (3 queries) and 0 REST requests');
    const guessed = new RunUsage();
    guessed.record(graphql(500), { data: {} });
    guessed.record(graphql(521), { data: {} });
    expect(guessed.describe()).toBe('at least 22 GraphQL points (2 queries) and 0 REST requests');
  });
});

describe('against the emulator', () => {
  let emulator: Emulator;
  let gh: GitHub;
  const QUERY = `query { repository(owner: "acme", name: "shop") { defaultBranchRef { target { ... on Commit {
    history(first: 100) { nodes { associatedPullRequests(first: 20) { nodes { labels(first: 100) { totalCount } timelineItems(first: 100) { totalCount } } } } } } } } } }`;

  beforeEach(async () => {
    emulator = await startEmulator();
    emulator.state.clock.set('2026-11-30T10:00:00Z');
    emulator.state.createRepo('acme', 'shop');
    emulator.state.addToken('ghs_small', 'github-actions[bot]', undefined, { repository: 'acme/shop', limits: { graphql: 100 } });
    gh = createGitHub({ token: 'ghs_small', apiUrl: emulator.apiUrl, graphqlUrl: emulator.graphqlUrl, userAgent: 'test', retries: 2, retryBaseMs: 1, maxRetryAfterSeconds: 1, timeZone: 'America/New_York' });
  });
  afterEach(async () => {
    gh.close();
    emulator.assertNoViolations();
    await emulator.close();
  });

  it('fails a query the GraphQL budget cannot pay for, saying so, without retrying', async () => {
    await gh.graphql('First page', QUERY.replace('} } } } } } } } } }', '} } } } } } } } } rateLimit { cost } }'), {});
    await gh.graphql('Second page', QUERY, {});
    let caught: unknown;
    try {
      await gh.graphql('Third page', QUERY, {});
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ApiError);
    const error = caught as RateLimitError;
    expect(error.resource).toBe('graphql');
    expect(error.message).toBe(
      "Third page failed: GitHub's hourly budget of GraphQL points has too little left for this request (primary rate limit): 18 of 100 points left this hour; " +
        'it resets at 2026-11-30 11:00 UTC (2026-11-30 06:00 America/New_York); this run had used 82 GraphQL points (2 queries) and 0 REST requests. ' +
        "Run it again after the limit resets; a GITHUB_TOKEN's budget is shared by every workflow of the repository"
    );
    expect(emulator.requests('POST', '/graphql')).toHaveLength(3);
    expect(gh.usage.graphqlPoints).toBe(emulator.points().graphql);
  });
});
