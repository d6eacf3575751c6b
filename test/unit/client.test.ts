/** The shared GitHub client against the emulator: retries, limits and the errors users read. */
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { ApiError } from '../../src/core/errors.js';
import { createGitHub, type GitHub } from '../../src/core/github/client.js';
import { createTransport } from '../../src/core/github/transport.js';
import { startEmulator, type Emulator } from '../emulator/index.js';

let emulator: Emulator;
let gh: GitHub;
/** The same client with 300 ms per request, for stalled connections. */
let quick: GitHub;
const warnings: string[] = [];

beforeAll(async () => {
  emulator = await startEmulator();
  emulator.state.createRepo('acme', 'shop');
  emulator.state.addToken('ghs_client', 'github-actions[bot]', { contents: 'read', deployments: 'write', metadata: 'read' });
  gh = createGitHub({
    token: 'ghs_client',
    apiUrl: emulator.apiUrl,
    graphqlUrl: emulator.graphqlUrl,
    userAgent: 'tollgate-test',
    retries: 2,
    retryBaseMs: 5,
    maxRetryAfterSeconds: 1,
    log: { warning: (m) => warnings.push(m), debug: () => undefined }
  });
});
beforeAll(() => {
  quick = createGitHub(
    { token: 'ghs_client', apiUrl: emulator.apiUrl, graphqlUrl: emulator.graphqlUrl, userAgent: 'tollgate-test', retries: 2, retryBaseMs: 5 },
    createTransport({}, { budget: () => ({ ms: 300, limit: 'request' }) })
  );
});
afterAll(async () => {
  gh.close();
  quick.close();
  await emulator.close();
});
afterEach(() => {
  emulator.faults.clear();
  emulator.clearLog();
  emulator.assertNoViolations();
});

const listDeployments = () => gh.call('Listing deployments', (rest) => rest.rest.repos.listDeployments({ owner: 'acme', repo: 'shop' }));

async function failure(promise: Promise<unknown>): Promise<ApiError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ApiError) return error;
    throw error;
  }
  throw new Error('expected an ApiError');
}

describe('GitHub client', () => {
  it('retries 5xx answers, then fails naming the operation and the status', async () => {
    emulator.faults.add({ path: /\/deployments$/, status: 503, times: 10 });
    const error = await failure(listDeployments());
    expect(error.message).toMatch(/^Listing deployments failed \(HTTP 503\)/);
    expect(emulator.requests('GET', '/repos/acme/shop/deployments')).toHaveLength(3);
  });

  it('retries dropped connections, then fails with a readable cause', async () => {
    emulator.faults.add({ path: /\/deployments$/, drop: true, times: 10 });
    const error = await failure(listDeployments());
    expect(error.operation).toBe('Listing deployments');
    expect(error.status).toBeUndefined();
    expect(error.message).not.toContain('HTTP');
    expect(error.message).toMatch(/socket hang up|ECONNRESET|closed/i);
    expect(emulator.log.filter((e) => e.path === '/repos/acme/shop/deployments')).toHaveLength(3);
  });

  it('does not retry a 404, and says so in GitHub words', async () => {
    const error = await failure(gh.call('Reading deployment 9', (rest) => rest.rest.repos.getDeployment({ owner: 'acme', repo: 'shop', deployment_id: 9 })));
    expect(error.status).toBe(404);
    expect(emulator.requests('GET', '/repos/acme/shop/deployments/9')).toHaveLength(1);
  });

  it('gives up on a secondary rate limit whose retry-after is longer than it may wait', async () => {
    emulator.faults.add({ path: /\/deployments$/, secondaryRateLimit: { retryAfter: 120 } });
    const error = await failure(listDeployments());
    expect(error.status).toBe(403);
    expect(error.message).toMatch(/secondary rate limit/i);
    expect(warnings.join('\n')).toMatch(/giving up/);
  });

  it('retries a GraphQL answer that reports a secondary rate limit with HTTP 200', async () => {
    const secondary = { errors: [{ message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.' }] };
    const fault = emulator.faults.add({ path: '/graphql', status: 200, body: secondary, headers: { 'retry-after': '0' } });
    const answer = await gh.graphql<{ viewer: { login: string } }>('Reading the viewer', 'query { viewer { login } }', {});
    expect(fault.hits).toBe(1);
    expect(answer.viewer.login).toBe('github-actions[bot]');
    expect(emulator.requests('POST', '/graphql').map((e) => e.status)).toEqual([200, 200]);
    expect(warnings.join('\n')).toMatch(/secondary rate limit \(GraphQL points\), retry-after 0 s; retrying/);
  });

  it('turns GraphQL errors into an ApiError naming the operation', async () => {
    const error = await failure(gh.graphql('Reading a missing repository', 'query { repository(owner: "acme", name: "nope") { id } }', {}));
    expect(error.operation).toBe('Reading a missing repository');
    expect(error.message).toMatch(/Could not resolve to a Repository/);
  });

  it('refuses to start without a token', () => {
    expect(() => createGitHub({ token: '', apiUrl: emulator.apiUrl, graphqlUrl: emulator.graphqlUrl, userAgent: 'x' })).toThrow(/'token' input is empty/);
  });
});

const createDeployment = (client: GitHub, request: Record<string, unknown> = {}) =>
  client.call('Creating a deployment of main to staging', (rest) =>
    rest.rest.repos.createDeployment({ owner: 'acme', repo: 'shop', ref: 'main', environment: 'staging', auto_merge: false, required_contexts: [], request })
  );
const deploymentsPosted = () => emulator.requests('POST', '/repos/acme/shop/deployments');
const deploymentCount = () => emulator.state.repo('acme', 'shop')!.deployments.length;

describe('writes whose answer is lost are not sent again blindly', () => {
  it.each([
    ['a 502 after GitHub acted', { afterActing: 502 }],
    ['a dropped connection after GitHub acted', { afterActing: 'drop' }]
  ] as const)('%s: one request, one deployment, and an error saying the outcome is unknown', async (_name, fault) => {
    const before = deploymentCount();
    emulator.faults.add({ method: 'POST', path: /\/deployments$/, ...fault });
    const error = await failure(createDeployment(gh));
    expect(deploymentsPosted()).toHaveLength(1);
    expect(deploymentCount()).toBe(before + 1);
    expect(error.outcomeUnknown).toBe(true);
    expect(error.message).toMatch(/^Creating a deployment of main to staging failed.*GitHub may have carried it out$/);
  });

  it('a write that hangs ends after the request timeout, naming the operation, and is not sent again', async () => {
    emulator.faults.add({ method: 'POST', path: /\/deployments$/, hang: true });
    const error = await failure(createDeployment(quick));
    expect(error.message).toMatch(/^Creating a deployment of main to staging timed out after 0\.3 s\. The answer was lost/);
    expect(error).toMatchObject({ outcomeUnknown: true, timedOut: { afterMs: 300, limit: 'request', sent: true } });
    expect(deploymentsPosted()).toHaveLength(1);
  });

  it('a write its caller declares idempotent is sent again after a 502', async () => {
    emulator.faults.add({ method: 'POST', path: /\/deployments$/, status: 502 });
    await createDeployment(gh, { idempotent: true });
    expect(deploymentsPosted()).toHaveLength(2);
  });

  it('a write refused for a secondary rate limit is sent again: GitHub did not act on it', async () => {
    emulator.faults.add({ method: 'POST', path: /\/deployments$/, secondaryRateLimit: { retryAfter: 0 } });
    await createDeployment(gh);
    expect(deploymentsPosted()).toHaveLength(2);
  });

  it('a refused write (4xx) is known not to have happened', async () => {
    emulator.faults.add({ method: 'POST', path: /\/deployments$/, status: 422 });
    const error = await failure(createDeployment(gh));
    expect(error.outcomeUnknown).toBe(false);
  });
});

describe('reads are tried again', () => {
  it('a read that hangs is given up after the request timeout and sent again', async () => {
    emulator.faults.add({ method: 'GET', path: /\/deployments$/, hang: true });
    const response = await quick.call('Listing deployments', (rest) => rest.rest.repos.listDeployments({ owner: 'acme', repo: 'shop' }));
    expect(response.status).toBe(200);
    expect(emulator.requests('GET', '/repos/acme/shop/deployments')).toHaveLength(2);
  });

  it('a GraphQL query is a read, though sent as POST: a dropped one is sent again', async () => {
    emulator.faults.add({ method: 'POST', path: '/graphql', drop: true });
    await gh.graphql('Reading the repository', 'query { repository(owner: "acme", name: "shop") { id } }', {});
    expect(emulator.requests('POST', '/graphql')).toHaveLength(2);
  });

  it('a read that keeps hanging fails naming the operation and the time it waited', async () => {
    emulator.faults.add({ method: 'POST', path: '/graphql', hang: true, times: 10 });
    const error = await failure(quick.graphql('Reading the repository', 'query { repository(owner: "acme", name: "shop") { id } }', {}));
    expect(error.message).toBe('Reading the repository timed out after 0.3 s');
    expect(error.outcomeUnknown).toBe(false);
    expect(emulator.requests('POST', '/graphql')).toHaveLength(3);
  });
});
