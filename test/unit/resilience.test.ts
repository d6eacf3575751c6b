import { describe, expect, it } from '@jest/globals';
import { isWrite, retryDelay } from '../../src/core/github/resilience.js';

const options = { retries: 3, retryBaseMs: 1000, maxWaitSeconds: 60 };
const NOW = Date.parse('2026-11-25T10:00:00Z');
const at = (status: number | undefined, headers: Record<string, string> = {}, message = '', graphqlTypes?: string[]) => ({
  status,
  headers,
  message,
  ...(graphqlTypes ? { graphqlTypes } : {})
});

describe('when a GitHub request is tried again', () => {
  it('backs off 1, 4, 9 s on 5xx and dropped connections, then stops', () => {
    expect(retryDelay(at(502), 0, options, NOW)).toMatchObject({ ms: 1000 });
    expect(retryDelay(at(undefined, {}, 'socket hang up'), 1, options, NOW)).toMatchObject({ ms: 4000 });
    expect(retryDelay(at(503), 2, options, NOW)).toMatchObject({ ms: 9000 });
    expect(retryDelay(at(503), 3, options, NOW)).toBeNull();
  });

  it('never retries other 4xx answers', () => {
    for (const status of [400, 401, 404, 409, 422]) expect(retryDelay(at(status), 0, options, NOW)).toBeNull();
    expect(retryDelay(at(403, {}, 'Resource not accessible by integration'), 0, options, NOW)).toBeNull();
  });

  it('waits for retry-after on secondary rate limits, 403 or 429', () => {
    expect(retryDelay(at(403, { 'retry-after': '7' }, 'You have exceeded a secondary rate limit'), 0, options, NOW)).toMatchObject({ ms: 7000 });
    expect(retryDelay(at(429, { 'retry-after': '0' }), 0, options, NOW)).toMatchObject({ ms: 0 });
  });

  it('waits one minute on a secondary rate limit without retry-after', () => {
    expect(retryDelay(at(403, {}, 'You have exceeded a secondary rate limit. Please wait a few minutes'), 0, options, NOW)).toMatchObject({ ms: 60_000 });
  });

  it('waits until the reset when the primary rate limit is exhausted', () => {
    const reset = String(NOW / 1000 + 20);
    expect(retryDelay(at(403, { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': reset }), 0, options, NOW)).toMatchObject({ ms: 21_000 });
  });

  it('gives up, saying why, when the wait is longer than the job should sit idle', () => {
    expect(retryDelay(at(403, { 'retry-after': '3600' }), 0, options, NOW)).toEqual({ giveUp: expect.stringMatching(/3600 s is longer than 60 s/) });
  });

  it('retries GraphQL answers that are rate limited or failed on GitHub side', () => {
    expect(retryDelay(at(200, { 'retry-after': '2' }, 'API rate limit exceeded', ['RATE_LIMITED']), 0, options, NOW)).toMatchObject({ ms: 2000 });
    expect(retryDelay(at(200, {}, 'Something went wrong while executing your query. Please try again later.'), 0, options, NOW)).toMatchObject({ ms: 1000 });
  });
});

describe('secondary rate limits', () => {
  const patient = { ...options, maxWaitSeconds: 300 };
  const secondary = 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.';

  it('retries a GraphQL answer that reports a secondary limit with HTTP 200, as a secondary limit', () => {
    expect(retryDelay(at(200, {}, secondary, []), 0, patient, NOW)).toMatchObject({ ms: 60_000, why: expect.stringMatching(/secondary rate limit \(GraphQL points\)/) });
    expect(retryDelay(at(200, { 'retry-after': '5' }, secondary, []), 0, patient, NOW)).toMatchObject({ ms: 5000 });
  });

  it('waits longer on each retry when GitHub sends no retry-after: 60 s, 120 s, 240 s', () => {
    expect([0, 1, 2].map((n) => retryDelay(at(403, {}, secondary), n, patient, NOW))).toEqual([
      expect.objectContaining({ ms: 60_000 }),
      expect.objectContaining({ ms: 120_000 }),
      expect.objectContaining({ ms: 240_000 })
    ]);
  });

  it('gives up once the next wait is longer than maxWaitSeconds', () => {
    expect(retryDelay(at(403, {}, secondary), 0, options, NOW)).toMatchObject({ ms: 60_000 });
    expect(retryDelay(at(403, {}, secondary), 1, options, NOW)).toEqual({ giveUp: expect.stringMatching(/120 s is longer than 60 s/) });
  });

  it('does not wait for a GraphQL query that costs more than the points left', () => {
    const headers = { 'x-ratelimit-remaining': '16', 'x-ratelimit-reset': String(NOW / 1000 + 30), 'x-ratelimit-resource': 'graphql' };
    expect(retryDelay(at(200, headers, 'API rate limit exceeded for installation ID 1.', ['RATE_LIMITED']), 0, patient, NOW)).toEqual({
      giveUp: expect.stringMatching(/costs more than the 16 left/)
    });
  });
});

describe('which requests are writes, not to be sent again when their answer is lost', () => {
  it('POST and PATCH are; GET, HEAD, PUT and DELETE are not', () => {
    expect(isWrite({ method: 'POST', url: '/repos/{owner}/{repo}/deployments' })).toBe(true);
    expect(isWrite({ method: 'PATCH', url: '/repos/{owner}/{repo}/releases/{release_id}' })).toBe(true);
    for (const method of ['GET', 'HEAD', 'PUT', 'DELETE']) expect(isWrite({ method, url: '/repos/{owner}/{repo}/releases' })).toBe(false);
    // Generating release notes only computes text.
    expect(isWrite({ method: 'POST', url: '/repos/{owner}/{repo}/releases/generate-notes' })).toBe(false);
    expect(isWrite({ method: 'POST', url: 'http://127.0.0.1:3000/api/v3/repos/acme/shop/releases/generate-notes' })).toBe(false);
  });

  it('a GraphQL query is a read, a GraphQL mutation a write, wherever the endpoint lives', () => {
    expect(isWrite({ method: 'POST', url: 'https://ghe.example.com/api/graphql', query: 'query { viewer { login } }' })).toBe(false);
    expect(isWrite({ method: 'POST', url: 'https://api.github.com/graphql', body: JSON.stringify({ query: '{ viewer { login } }' }) })).toBe(false);
    expect(isWrite({ method: 'POST', url: 'https://api.github.com/graphql', query: ' mutation { addStar(input: {}) { clientMutationId } }' })).toBe(true);
  });
});

describe('a 429 without retry-after', () => {
  it('counts as a secondary limit and backs off from one minute', () => {
    expect(retryDelay(at(429), 0, { ...options, maxWaitSeconds: 300 }, NOW)).toMatchObject({ ms: 60_000 });
  });
});
