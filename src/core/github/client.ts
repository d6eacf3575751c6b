/**
 * The GitHub client both actions use: Octokit with retries and rate-limit handling,
 * GitHub Enterprise Server URLs, a user agent naming the action, and errors that name
 * the operation that failed.
 */
import { Octokit } from '@octokit/rest';
import type { StepDeadline } from '../deadline.js';
import { ApiError, RateLimitError } from '../errors.js';
import { VERSION } from '../version.js';
import { describeRateLimit, rateLimitHit, RunUsage } from './budget.js';
import { permissionFor } from './permissions.js';
import { isWrite, resilience } from './resilience.js';
import { createTransport, RequestTimeoutError, type Transport } from './transport.js';

const ClientOctokit = Octokit.plugin(resilience);
export type Rest = InstanceType<typeof ClientOctokit>;

export interface ClientOptions {
  token: string;
  /** REST base URL: https://api.github.com, or https://HOST/api/v3 on GitHub Enterprise Server. */
  apiUrl: string;
  /** GraphQL endpoint: https://api.github.com/graphql, or https://HOST/api/graphql. */
  graphqlUrl: string;
  userAgent: string;
  /** Retries for 5xx answers and dropped connections. */
  retries?: number;
  /** Backoff unit: retry n waits n² times this (default 1000 ms). */
  retryBaseMs?: number;
  /** Longest `retry-after` (seconds) worth waiting for on a rate limit; longer ones fail. */
  maxRetryAfterSeconds?: number;
  log?: { warning(message: string): void; debug(message: string): void };
  /** IANA zone in which rate-limit resets are also told (besides UTC), e.g. the release policy's. */
  timeZone?: string;
  /** The step's time limit: bounds every request and every wait between retries. */
  deadline?: StepDeadline;
}

export interface GitHub {
  rest: Rest;
  /** Runs a GraphQL document; `operation` names it in errors. */
  graphql<T>(operation: string, query: string, variables: Record<string, unknown>): Promise<T>;
  /** Runs a REST call; failures become an ApiError naming `operation`. */
  call<T>(operation: string, fn: (rest: Rest) => Promise<T>): Promise<T>;
  close(): void;
  /** What this run has spent so far (GraphQL points, REST requests). */
  readonly usage: RunUsage;
  /** Tells rate-limit resets in this zone too (the policy's time zone), besides UTC. */
  setTimeZone(zone: string | undefined): void;
  /**
   * From now on requests may use the step's reserve (see StepDeadline.finishUp): e.g. to read
   * back a write whose answer was lost as the step's working time ran out.
   */
  finishUp(): void;
}

export function createGitHub(options: ClientOptions, transport?: Transport): GitHub {
  const deadline = options.deadline;
  const http = transport ?? createTransport(process.env, deadline ? { budget: () => deadline.requestBudget() } : {});
  if (!options.token) {
    throw new ApiError('Authenticating to GitHub', undefined, "the 'token' input is empty: pass ${{ github.token }} or a token with the permissions listed in the README");
  }
  const retries = options.retries ?? 3;
  const maxWait = options.maxRetryAfterSeconds ?? 60;
  const log = options.log;
  const usage = new RunUsage();
  let timeZone = options.timeZone;
  const rest = new ClientOctokit({
    auth: options.token,
    baseUrl: options.apiUrl.replace(/\/+$/, ''),
    userAgent: options.userAgent,
    request: { fetch: http.fetch },
    resilience: {
      retries,
      retryBaseMs: options.retryBaseMs ?? 1000,
      maxWaitSeconds: maxWait,
      usage,
      ...(log ? { log } : {}),
      ...(deadline ? { remainingMs: () => deadline.remainingMs() } : {})
    },
    log: {
      // Octokit's "request" line carries no details; the line after it names method, path, status and time.
      debug: (message: string) => (message === 'request' ? undefined : log?.debug(message)),
      info: (message: string) => log?.debug(message),
      // Octokit logs every failed request; the ones that matter reach the user as an
      // ApiError or a retry warning, so its own lines (expected 404s included) stay in the debug log.
      warn: (message: string) => log?.warning(message),
      error: (message: string) => log?.debug(message)
    }
  });

  const call = async <T>(operation: string, fn: (client: Rest) => Promise<T>): Promise<T> => {
    if (deadline) deadline.activity = operation;
    try {
      return await fn(rest);
    } catch (error) {
      throw toApiError(operation, error, { usage, ...(timeZone ? { timeZone } : {}) });
    }
  };

  return {
    rest,
    call,
    graphql: <T>(operation: string, query: string, variables: Record<string, unknown>) =>
      // Passed as one object: @octokit/graphql takes `url` as a request option there, not a variable.
      call(operation, (client) => client.graphql<T>({ ...variables, query, url: options.graphqlUrl })),
    close: () => http.close(),
    usage,
    setTimeZone: (zone) => {
      timeZone = zone;
    },
    finishUp: () => deadline?.finishUp()
  };
}

interface ErrorLike {
  status?: number;
  message?: string;
  response?: { data?: unknown; headers?: Record<string, string | number | undefined> };
  headers?: Record<string, string | number | undefined>;
  errors?: Array<{ message?: string; type?: string }>;
  request?: { method?: string; url?: string; body?: unknown };
  cause?: unknown;
}

/**
 * Turns an Octokit error into a sentence naming the operation, the status and GitHub's own words.
 * A rate limit says which budget ran out, when it resets and what the run had used.
 */
export function toApiError(operation: string, error: unknown, budget: { usage?: RunUsage; timeZone?: string; now?: Date } = {}): ApiError {
  if (error instanceof ApiError) return error;
  const e = (error ?? {}) as ErrorLike;
  const hit = rateLimitHit({
    status: e.status ?? (e.errors ? 200 : undefined),
    headers: e.response?.headers ?? e.headers ?? {},
    message: [e.message, ...(e.errors ?? []).map((item) => item.message)].filter(Boolean).join('; '),
    ...(e.errors ? { graphqlTypes: e.errors.map((item) => item.type ?? '') } : {})
  });
  if (hit) {
    const status = typeof e.status === 'number' && e.status !== 200 ? e.status : undefined;
    return new RateLimitError(operation, status, describeRateLimit(hit, budget.usage, budget.timeZone, budget.now), hit.resource, hit.kind, hit.resetAt);
  }
  const timeout = [error, e.cause].find((item): item is RequestTimeoutError => item instanceof RequestTimeoutError);
  const data = e.response?.data as { message?: string; errors?: Array<{ code?: string; field?: string; message?: string; resource?: string }> } | undefined;
  const details = (data?.errors ?? [])
    .map((item) => item.message ?? [item.resource, item.field, item.code].filter(Boolean).join(' '))
    .filter(Boolean);
  const graphqlErrors = (e.errors ?? []).map((item) => item.message).filter(Boolean);
  const message = [timeout?.message ?? data?.message ?? e.message ?? String(error), ...details, ...graphqlErrors]
    .filter((part, index, all) => part && all.indexOf(part) === index)
    .join('; ');
  // Octokit reports a connection that failed without an answer as status 500 with no response.
  const status = typeof e.status === 'number' && e.status !== 200 && !(e.status === 500 && !e.response) ? e.status : undefined;
  // A write whose answer never came (or came as a 5xx) may have been carried out by GitHub.
  const answerLost = timeout ? timeout.sent : status === undefined || status >= 500;
  const write = e.request !== undefined && isWrite({ method: e.request.method, url: e.request.url, body: e.request.body });
  return new ApiError(operation, status, message + hint(status, permissionFor(e.request?.method, e.request?.url), message), {
    outcomeUnknown: write && answerLost && graphqlErrors.length === 0,
    ...(timeout ? { timedOut: { afterMs: timeout.afterMs, limit: timeout.limit, sent: timeout.sent } } : {})
  });
}

function hint(status: number | undefined, permission: string | undefined, message: string): string {
  if (status === 401) return ' (check the token input)';
  // Rate limits are told as such above; a 403 that still speaks of one is not a permission problem.
  if (status === 403 && /rate limit/i.test(message)) return '';
  if (status === 403 && permission) return ` (the token lacks \`${permission}\`: add it to the workflow's or job's \`permissions:\`)`;
  if (status === 403) return ' (the token may lack a permission this step needs: see the README permissions table)';
  return '';
}

/** The client an action uses: URLs from the run context, a user agent naming the action. */
export function connect(
  context: { apiUrl: string; graphqlUrl: string },
  token: string,
  action: string,
  io: (ClientOptions['log'] & { deadline?: StepDeadline }) | undefined,
  /** `timeZone`: also tell rate-limit resets in this zone (release-action: the policy's `timezone`). */
  options: { timeZone?: string } = {}
): GitHub {
  return createGitHub({
    token,
    apiUrl: context.apiUrl,
    graphqlUrl: context.graphqlUrl,
    userAgent: `tollgate-${action}/${VERSION}`,
    ...(io ? { log: io } : {}),
    ...(io?.deadline ? { deadline: io.deadline } : {}),
    ...(options.timeZone ? { timeZone: options.timeZone } : {})
  });
}
