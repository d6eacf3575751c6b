/**
 * Retries and rate limits, as GitHub documents them, in one Octokit request hook:
 * - 5xx answers, dropped connections and timeouts: retried with backoff (base × n²), for reads
 *   only. A write (POST, PATCH; GraphQL mutations) whose answer was lost may have been carried
 *   out, so it is not sent again unless its caller says it is safe to (`request: { idempotent: true }`,
 *   then after a drop or 5xx, never after a timeout): the caller reads back instead;
 * - `retry-after` on a 403 or 429 (secondary rate limits): wait that long, then retry;
 * - primary rate limit exhausted (`x-ratelimit-remaining: 0`): wait until `x-ratelimit-reset`;
 * - a secondary rate limit without `retry-after`: wait one minute, then two, then four (GitHub
 *   advises at least a minute, growing between retries);
 * - GraphQL `RATE_LIMITED` errors, secondary limits and "Something went wrong" answers, which come back as 200;
 * - any other 4xx: no retry.
 * A wait longer than `maxWaitSeconds`, or than what is left of the step's time, is not worth a
 * job's time: the call fails instead.
 *
 * This replaces @octokit/plugin-retry and plugin-throttling: measured here, their scheduling
 * (Bottleneck queues that yield through several timer turns) added 17-20 ms to every request,
 * more than a request to GitHub's API itself costs a short action. Tollgate's writes are
 * already made one at a time, so their write queue adds nothing.
 */

import type { Octokit } from '@octokit/core';
import type { OctokitOptions } from '@octokit/core/types';
import { rateLimitHit, type RunUsage } from './budget.js';

export interface ResilienceOptions {
  /** How many times a failed request is tried again. */
  retries: number;
  /** Backoff unit for 5xx and connection failures: retry n waits n² × this. */
  retryBaseMs: number;
  /** The longest rate-limit wait worth taking. */
  maxWaitSeconds: number;
  log?: { warning(message: string): void };
  /** What is left of the step's time, in ms: no retry waits longer. */
  remainingMs?: () => number;
  /** For tests: how to wait. */
  sleep?: (ms: number) => Promise<void>;
  /** Counts what the run spends, from every answer GitHub charged. */
  usage?: RunUsage;
}

/** The first wait on a secondary rate limit that sends no `retry-after`; it doubles on each retry. */
export const SECONDARY_BACKOFF_SECONDS = 60;

interface RequestErrorLike {
  cause?: unknown;
  status?: number;
  message?: string;
  response?: { headers?: Record<string, string | number | undefined>; data?: unknown };
}

interface ResponseLike {
  status: number;
  headers: Record<string, string | number | undefined>;
  data: unknown;
}

/** Why a request is worth another try, and after how long; null when it is not. */
export function retryDelay(
  failure: { status: number | undefined; headers: Record<string, string | number | undefined>; message: string; graphqlTypes?: string[] },
  attempt: number,
  options: Pick<ResilienceOptions, 'retries' | 'retryBaseMs' | 'maxWaitSeconds'>,
  now: number
): { ms: number; why: string } | { giveUp: string } | null {
  if (attempt >= options.retries) return null;
  const { status, message } = failure;
  const wait = (seconds: number, why: string) =>
    seconds <= options.maxWaitSeconds ? { ms: Math.max(0, seconds) * 1000, why } : { giveUp: `${why}: waiting ${seconds} s is longer than ${options.maxWaitSeconds} s` };

  const hit = rateLimitHit(failure);
  if (hit) {
    const what = `${hit.kind} rate limit (${hit.resource === 'graphql' ? 'GraphQL points' : 'REST requests'})`;
    if (hit.retryAfterSeconds !== undefined) return wait(hit.retryAfterSeconds, `${what}, retry-after ${hit.retryAfterSeconds} s`);
    if (hit.kind === 'primary') {
      // Spent (remaining 0): wait for the reset. Refused with points left: the query costs more than remains.
      if (hit.remaining !== undefined && hit.remaining > 0) return { giveUp: `${what}: the query costs more than the ${hit.remaining} left` };
      if (!hit.resetAt) return null;
      return wait(Math.max(Math.ceil((hit.resetAt.getTime() - now) / 1000) + 1, 1), `${what} spent until its reset`);
    }
    return wait(SECONDARY_BACKOFF_SECONDS * 2 ** attempt, what);
  }
  if (status === 403 || status === 429) return null;
  const transient = status === undefined || status >= 500 || /Something went wrong while executing your query/i.test(message);
  if (transient) return { ms: options.retryBaseMs * (attempt + 1) ** 2, why: status ? `HTTP ${status}` : message || 'connection failed' };
  return null;
}

const sleeper = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** An Octokit plugin: `Octokit.plugin(resilience)`, configured with `new Octokit({ resilience: {...} })`. */
export function resilience(octokit: Octokit, octokitOptions: OctokitOptions): void {
  const options = (octokitOptions as { resilience?: ResilienceOptions }).resilience;
  if (!options) return;
  const sleep = options.sleep ?? sleeper;
  octokit.hook.wrap('request', async (request, endpoint) => {
    // A lost answer to a write is not a reason to send it again: the caller reads back.
    const resend = !isWrite(endpoint) || (endpoint.request as { idempotent?: boolean } | undefined)?.idempotent === true;
    for (let attempt = 0; ; attempt++) {
      let outcome: { response: Awaited<ReturnType<typeof request>> } | { error: unknown };
      try {
        outcome = { response: await request(endpoint) };
      } catch (error) {
        outcome = { error };
      }
      const failure = 'response' in outcome ? graphqlFailure(outcome.response) : requestFailure(outcome.error);
      if (options.usage) {
        const answer = 'response' in outcome ? outcome.response : (outcome.error as RequestErrorLike).response;
        // An answer refused for a rate limit charged nothing.
        if (answer?.headers && !(failure && rateLimitHit(failure))) options.usage.record(answer.headers, 'response' in outcome ? outcome.response.data : undefined);
      }
      // A write that timed out is never sent again here, even when declared idempotent: it already
      // cost a whole request timeout, and its caller reads back instead.
      const again = !answerLost(failure) || (resend && !(failure?.timedOut && isWrite(endpoint)));
      let decision = failure && again ? retryDelay(failure, attempt, options, Date.now()) : null;
      const left = options.remainingMs?.();
      if (decision && !('giveUp' in decision) && left !== undefined && decision.ms >= left) {
        decision = { giveUp: `${decision.why}: the step's time limit leaves no room to wait ${(decision.ms / 1000).toFixed(decision.ms < 1000 ? 2 : 0)} s and try again` };
      }
      if (!decision || 'giveUp' in decision) {
        if (decision) options.log?.warning(`${describe(endpoint)}: ${decision.giveUp}; giving up`);
        if ('response' in outcome) return outcome.response;
        throw outcome.error;
      }
      options.log?.warning(`${describe(endpoint)}: ${decision.why}; retrying in ${(decision.ms / 1000).toFixed(decision.ms < 1000 ? 2 : 0)} s`);
      await sleep(decision.ms);
    }
  });
}

type Failure = Parameters<typeof retryDelay>[0] & { timedOut?: boolean };

/** REST operations that compute an answer without changing anything, though sent as POST. */
const READS_SENT_AS_POST = [/\/releases\/generate-notes$/];

/**
 * A request that changes something on GitHub: POST and PATCH (PUT and DELETE are idempotent),
 * except GraphQL queries and the few REST operations that only compute an answer.
 */
export function isWrite(endpoint: { method?: string | undefined; url?: string | undefined; query?: unknown; body?: unknown }): boolean {
  const method = (endpoint.method ?? 'GET').toUpperCase();
  if (method !== 'POST' && method !== 'PATCH') return false;
  const path = (endpoint.url ?? '').replace(/\?.*$/, '');
  if (READS_SENT_AS_POST.some((pattern) => pattern.test(path))) return false;
  if (!/\/graphql$/.test(path)) return true;
  const document = typeof endpoint.query === 'string' ? endpoint.query : queryOf(endpoint.body);
  return document === undefined || /^\s*mutation\b/.test(document);
}

function queryOf(body: unknown): string | undefined {
  if (typeof body === 'string') {
    try {
      return queryOf(JSON.parse(body));
    } catch {
      return undefined;
    }
  }
  const query = (body as { query?: unknown } | null | undefined)?.query;
  return typeof query === 'string' ? query : undefined;
}

/** No answer, a 5xx, or a timeout after sending: GitHub may have acted. A rate limit answer means it did not. */
function answerLost(failure: Failure | null): boolean {
  if (!failure) return false;
  if (failure.graphqlTypes?.includes('RATE_LIMITED')) return false;
  return failure.status === undefined || failure.status >= 500;
}

/** A GraphQL answer that is a 200 but says the request should be tried again. */
function graphqlFailure(response: ResponseLike): Failure | null {
  const errors = graphqlErrors(response);
  const types = errors.map((e) => e.type ?? '');
  const message = errors.map((e) => e.message ?? '').join('; ');
  if (!types.some((t) => t === 'RATE_LIMITED' || t === 'RATE_LIMIT') && !/secondary rate limit|Something went wrong while executing your query/i.test(message)) return null;
  return { status: response.status, headers: response.headers, message, graphqlTypes: types };
}

/** Octokit reports a connection failure as status 500 without a response. */
function requestFailure(error: unknown): Failure {
  const e = error as RequestErrorLike;
  return {
    ...((e.cause as { code?: string } | undefined)?.code === 'TOLLGATE_TIMEOUT' ? { timedOut: true } : {}),
    status: e.status === 500 && !e.response ? undefined : e.status,
    headers: e.response?.headers ?? {},
    message: e.message ?? String(error)
  };
}

function graphqlErrors(response: ResponseLike): Array<{ type?: string; message?: string }> {
  const data = response.data as { errors?: Array<{ type?: string; message?: string }> } | undefined;
  return data && typeof data === 'object' && Array.isArray(data.errors) ? data.errors : [];
}

function describe(endpoint: { method?: string; url?: string }): string {
  return `${endpoint.method ?? 'GET'} ${endpoint.url ?? ''}`;
}
