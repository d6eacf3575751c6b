/**
 * The GitHub client both actions use: Octokit with retries and rate-limit handling,
 * GitHub Enterprise Server URLs, a user agent naming the action, and errors that name
 * the operation that failed.
 */
import { Octokit } from '@octokit/rest';
import { ApiError } from '../errors.js';
import { VERSION } from '../version.js';
import { permissionFor } from './permissions.js';
import { resilience } from './resilience.js';
import { createTransport, type Transport } from './transport.js';

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
}

export interface GitHub {
  rest: Rest;
  /** Runs a GraphQL document; `operation` names it in errors. */
  graphql<T>(operation: string, query: string, variables: Record<string, unknown>): Promise<T>;
  /** Runs a REST call; failures become an ApiError naming `operation`. */
  call<T>(operation: string, fn: (rest: Rest) => Promise<T>): Promise<T>;
  close(): void;
}

export function createGitHub(options: ClientOptions, transport: Transport = createTransport()): GitHub {
  if (!options.token) {
    throw new ApiError('Authenticating to GitHub', undefined, "the 'token' input is empty: pass ${{ github.token }} or a token with the permissions listed in the README");
  }
  const retries = options.retries ?? 3;
  const maxWait = options.maxRetryAfterSeconds ?? 60;
  const log = options.log;
  const rest = new ClientOctokit({
    auth: options.token,
    baseUrl: options.apiUrl.replace(/\/+$/, ''),
    userAgent: options.userAgent,
    request: { fetch: transport.fetch },
    resilience: { retries, retryBaseMs: options.retryBaseMs ?? 1000, maxWaitSeconds: maxWait, ...(log ? { log } : {}) },
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
    try {
      return await fn(rest);
    } catch (error) {
      throw toApiError(operation, error);
    }
  };

  return {
    rest,
    call,
    graphql: <T>(operation: string, query: string, variables: Record<string, unknown>) =>
      // Passed as one object: @octokit/graphql takes `url` as a request option there, not a variable.
      call(operation, (client) => client.graphql<T>({ ...variables, query, url: options.graphqlUrl })),
    close: () => transport.close()
  };
}

interface ErrorLike {
  status?: number;
  message?: string;
  response?: { data?: unknown };
  request?: { method?: string; url?: string };
  errors?: Array<{ message?: string }>;
}

/** Turns an Octokit error into a sentence naming the operation, the status and GitHub's own words. */
export function toApiError(operation: string, error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  const e = (error ?? {}) as ErrorLike;
  const data = e.response?.data as { message?: string; errors?: Array<{ code?: string; field?: string; message?: string; resource?: string }> } | undefined;
  const details = (data?.errors ?? [])
    .map((item) => item.message ?? [item.resource, item.field, item.code].filter(Boolean).join(' '))
    .filter(Boolean);
  const graphqlErrors = (e.errors ?? []).map((item) => item.message).filter(Boolean);
  const message = [data?.message ?? e.message ?? String(error), ...details, ...graphqlErrors]
    .filter((part, index, all) => part && all.indexOf(part) === index)
    .join('; ');
  // Octokit reports a connection that failed without an answer as status 500 with no response.
  const status = typeof e.status === 'number' && e.status !== 200 && !(e.status === 500 && !e.response) ? e.status : undefined;
  return new ApiError(operation, status, message + hint(status, permissionFor(e.request?.method, e.request?.url), message));
}

function hint(status: number | undefined, permission: string | undefined, message: string): string {
  if (status === 401) return ' (check the token input)';
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
  log: ClientOptions['log']
): GitHub {
  return createGitHub({
    token,
    apiUrl: context.apiUrl,
    graphqlUrl: context.graphqlUrl,
    userAgent: `tollgate-${action}/${VERSION}`,
    ...(log ? { log } : {})
  });
}
