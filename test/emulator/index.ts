/**
 * An in-process emulator of the parts of GitHub's REST and GraphQL APIs that
 * Tollgate uses, validated against GitHub's published contracts. Test support
 * only: never bundled into dist/.
 *
 *   const gh = await startEmulator();
 *   const repo = gh.state.createRepo('acme', 'shop');
 *   gh.state.addToken('t0ken', 'github-actions[bot]', { deployments: 'write' });
 *   // point GITHUB_API_URL at gh.apiUrl (or `${gh.url}/api/v3`)
 *   afterEach(() => gh.assertNoViolations());
 */
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HttpError, NOT_ACCESSIBLE } from './errors.js';
import { Faults } from './faults.js';
import type { Fault } from './faults.js';
import { executeGraphql, prepareGraphql } from './graphql/run.js';
import { githubSchema } from './graphql/schema.js';
import { RateLimits } from './ratelimit.js';
import type { RateResource, RateSnapshot, SecondaryBreach } from './ratelimit.js';
import { Contract } from './rest/contract.js';
import type { Operation } from './rest/contract.js';
import { HANDLERS, permissionHeader } from './rest/handlers.js';
import type { RestRequest, RestResult } from './rest/handlers.js';
import type { Urls } from './rest/serialize.js';
import { State, hasPermission } from './state.js';
import type { Token } from './state.js';

export { State, GITHUB_TOKEN_PERMISSIONS } from './state.js';
export type * from './state.js';
export type { Fault, FaultSpec } from './faults.js';
export type { RateResource, RateSnapshot, SecondaryBreach, SecondaryLimits } from './ratelimit.js';
export { HttpError } from './errors.js';

export interface EmulatorOptions {
  /** Port on 127.0.0.1 (default: an ephemeral one). */
  port?: number;
  /** Host of web URLs in responses (html_url, PR url); default https://github.com. */
  webUrl?: string;
  /** Validate every REST response against the description (a mismatch is a violation). */
  validateResponses?: boolean;
  /** Record query parameters the operation does not define as violations (default true). */
  strictQuery?: boolean;
  /** An existing model to serve. */
  state?: State;
}

export interface LogEntry {
  method: string;
  /** Path without query, as sent (GHES prefix included). */
  path: string;
  query: Record<string, string>;
  body: unknown;
  /** 0 when the connection was dropped. */
  status: number;
  at: Date;
  operationId?: string;
  /** Login of the token's account. */
  login?: string;
  /** For GraphQL requests: the operation name, when given. */
  graphqlOperation?: string;
  /** True when the request was carried out but an `afterActing` fault lost its answer. */
  acted?: boolean;
  /** Points charged to the primary budget: a GraphQL query's cost, 1 for a REST request; 0 when refused before it ran. */
  points?: number;
  /** The budget `points` were charged to. */
  resource?: RateResource;
  /** Set when a secondary limit refused the request. */
  secondaryLimit?: SecondaryBreach['limit'];
}

/** Points charged in a slice of the log, per budget. */
export interface PointsSpent {
  /** GraphQL points (the queries' costs). */
  graphql: number;
  /** REST requests counted against the core budget. */
  rest: number;
  /** GraphQL requests, whatever their cost. */
  graphqlRequests: number;
}

/** Adds up the points a slice of the log charged. */
export function pointsSpent(entries: readonly LogEntry[]): PointsSpent {
  const spent: PointsSpent = { graphql: 0, rest: 0, graphqlRequests: 0 };
  for (const entry of entries) {
    if (entry.resource === 'graphql') {
      spent.graphql += entry.points ?? 0;
      spent.graphqlRequests += 1;
    } else if (entry.resource === 'core') spent.rest += entry.points ?? 0;
  }
  return spent;
}

/**
 * Whose budget a token draws on: a GITHUB_TOKEN bound to a repository uses that repository's
 * (shared by every token bound to it); any other token its account's.
 */
export function budgetHolder(token: Token): string {
  return token.repository ? token.repository.toLowerCase() : token.account.login.toLowerCase();
}

const SECONDARY_DOCS = 'https://docs.github.com/free-pro-team@latest/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits';
const PRIMARY_DOCS = 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api';

function secondaryMessage(requestId: string): string {
  return `You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID ${requestId}.`;
}

/** REST operations that use POST but create nothing (not counted as content creation). */
const READ_ONLY_POSTS = new Set(['repos/generate-release-notes']);

export type ViolationKind = 'route' | 'path' | 'query' | 'body' | 'response' | 'graphql' | 'limit' | 'emulator';

export interface Violation {
  kind: ViolationKind;
  method: string;
  path: string;
  message: string;
}

const DOCS = 'https://docs.github.com/rest';

let sharedContract: Contract | undefined;
function contract(): Contract {
  sharedContract ??= new Contract(new URL('./spec/rest.json', import.meta.url));
  return sharedContract;
}

function requestId(): string {
  const hex = randomBytes(16).toString('hex').toUpperCase();
  return `${hex.slice(0, 4)}:${hex.slice(4, 8)}:${hex.slice(8, 14)}:${hex.slice(14, 20)}:${hex.slice(20, 28)}`;
}

const UPLOAD_OPERATION = 'repos/upload-release-asset';
const UPLOAD_PATH = /^\/repos\/[^/]+\/[^/]+\/releases\/\d+\/assets$/;

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function tokenFrom(req: IncomingMessage): string | undefined {
  const header = req.headers.authorization;
  if (!header) return undefined;
  const m = /^(?:token|bearer)\s+(.+)$/i.exec(header.trim());
  return m?.[1]?.trim() ?? '';
}

export class Emulator {
  readonly state: State;
  readonly faults = new Faults();
  /** Answers held back by `hang` faults (released when the emulator closes). */
  private readonly hung = new Set<ServerResponse>();
  /** Requests carried out whose answers an `afterActing` fault loses. */
  private readonly lostAnswers = new Map<LogEntry, Fault>();
  readonly log: LogEntry[] = [];
  readonly violations: Violation[] = [];
  readonly rateLimits: RateLimits;
  validateResponses: boolean;
  strictQuery: boolean;
  url = '';
  /** The uploads host (uploads.github.com's part): release assets are uploaded there, to `upload_url`. */
  uploadsUrl = '';
  private readonly webUrl: string;
  private readonly server: Server;
  private readonly uploadServer: Server;

  constructor(options: EmulatorOptions = {}) {
    this.state = options.state ?? new State();
    this.rateLimits = new RateLimits(this.state.clock, (holder, resource) => {
      for (const token of this.state.tokens.values()) if (budgetHolder(token) === holder.toLowerCase()) return token.limits[resource];
      return undefined;
    });
    this.validateResponses = options.validateResponses ?? false;
    this.strictQuery = options.strictQuery ?? true;
    this.webUrl = (options.webUrl ?? 'https://github.com').replace(/\/$/, '');
    const serve = (uploadsHost: boolean) =>
      createServer((req, res) => {
        this.handle(req, res, uploadsHost).catch((error: unknown) => {
          this.violation('emulator', req.method ?? 'GET', req.url ?? '/', `the emulator failed: ${error instanceof Error ? error.message : String(error)}`);
          if (!res.headersSent) {
            res.writeHead(500, { 'content-type': 'application/json; charset=utf-8' });
            res.end(JSON.stringify({ message: `Emulator error: ${error instanceof Error ? error.stack : String(error)}` }));
          }
        });
      });
    this.server = serve(false);
    this.server.keepAliveTimeout = 1000;
    this.uploadServer = serve(true);
    this.uploadServer.keepAliveTimeout = 1000;
  }

  /** Same as `url`: REST is served at the root and under `/api/v3`. */
  get apiUrl(): string {
    return this.url;
  }

  get graphqlUrl(): string {
    return `${this.url}/graphql`;
  }

  /** GitHub Enterprise Server style REST base. */
  get ghesApiUrl(): string {
    return `${this.url}/api/v3`;
  }

  get ghesGraphqlUrl(): string {
    return `${this.url}/api/graphql`;
  }

  /** The REST contract (trimmed OpenAPI description) the emulator enforces. */
  get contract(): Contract {
    return contract();
  }

  async listen(port = 0): Promise<this> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, '127.0.0.1', () => resolve());
    });
    const address = this.server.address() as AddressInfo;
    this.url = `http://127.0.0.1:${address.port}`;
    await new Promise<void>((resolve, reject) => {
      this.uploadServer.once('error', reject);
      this.uploadServer.listen(0, '127.0.0.1', () => resolve());
    });
    this.uploadsUrl = `http://127.0.0.1:${(this.uploadServer.address() as AddressInfo).port}`;
    return this;
  }

  async close(): Promise<void> {
    for (const res of this.hung) res.socket?.destroy();
    this.hung.clear();
    await Promise.all(
      [this.server, this.uploadServer].map(
        (server) =>
          new Promise<void>((resolve) => {
            if (!server.listening) return resolve();
            server.close(() => resolve());
            server.closeAllConnections();
          })
      )
    );
  }

  // -- inspection ------------------------------------------------------------

  /** Logged requests, optionally filtered by method and path (string: exact or prefix with `*`; RegExp). */
  requests(method?: string, path?: string | RegExp): LogEntry[] {
    return this.log.filter((entry) => {
      if (method && entry.method !== method.toUpperCase()) return false;
      if (path === undefined) return true;
      const normalised = normalisePath(entry.path);
      if (typeof path === 'string') {
        if (path.endsWith('*')) return normalised.startsWith(path.slice(0, -1)) || entry.path.startsWith(path.slice(0, -1));
        return normalised === path || entry.path === path;
      }
      return path.test(normalised) || path.test(entry.path);
    });
  }

  clearLog(): void {
    this.log.length = 0;
  }

  /** Points charged by `entries` (default: the whole log), per budget. */
  points(entries: readonly LogEntry[] = this.log): PointsSpent {
    return pointsSpent(entries);
  }

  /** Returns and forgets the recorded violations (for tests that provoke them on purpose). */
  takeViolations(): Violation[] {
    return this.violations.splice(0, this.violations.length);
  }

  /** Throws when any request broke GitHub's contract; clears them either way. */
  assertNoViolations(): void {
    const found = this.takeViolations();
    if (found.length > 0) {
      throw new Error(
        `The GitHub emulator saw ${found.length} request(s) GitHub would reject:\n` +
          found.map((v) => `  - [${v.kind}] ${v.method} ${v.path}: ${v.message}`).join('\n')
      );
    }
  }

  /** Checks a response body against the description (for contract tests); returns the problems. */
  validateResponse(method: string, path: string, status: number, body: unknown): string[] {
    const match = this.contract.match(method.toUpperCase(), normalisePath(path).split('?')[0] ?? '');
    if (!('operation' in match)) return [`no operation for ${method} ${path}`];
    return this.contract.checkResponse(match.operation, status, body).map((p) => p.message);
  }

  /** Builds the GraphQL schema now (it is otherwise built on the first GraphQL request). */
  warmGraphql(): void {
    githubSchema();
  }

  // -- request handling ---------------------------------------------------------

  private violation(kind: ViolationKind, method: string, path: string, message: string): void {
    this.violations.push({ kind, method, path, message });
  }

  private async handle(req: IncomingMessage, res: ServerResponse, uploadsHost = false): Promise<void> {
    const method = (req.method ?? 'GET').toUpperCase();
    const target = new URL(req.url ?? '/', 'http://localhost');
    const rawPath = target.pathname;
    // Uploads: their own host, or /api/uploads on GitHub Enterprise Server. The body is the file, not JSON.
    const upload = uploadsHost || rawPath.startsWith('/api/uploads/');
    const path = upload ? rawPath.replace(/^\/api\/uploads(?=\/)/, '') : normalisePath(rawPath);
    const ghes = rawPath.startsWith('/api/');
    // Requests in flight count against the holder's concurrency limit until their answer is gone.
    const caller = this.state.tokens.get(tokenFrom(req) ?? '');
    const holder = caller ? budgetHolder(caller) : undefined;
    const crowded = holder !== undefined ? this.rateLimits.begin(holder, caller?.limits.secondary) : null;
    if (holder !== undefined && !crowded) res.once('close', () => this.rateLimits.end(holder));
    const raw = await readBody(req);
    const text = upload ? '' : raw.toString('utf8');
    let body: unknown = undefined;
    let bodyError = false;
    if (text.length > 0) {
      try {
        body = JSON.parse(text) as unknown;
      } catch {
        body = text;
        bodyError = true;
      }
    }
    const entry: LogEntry = { method, path: rawPath, query: Object.fromEntries(target.searchParams), body, status: 0, at: this.state.clock.now() };
    this.log.push(entry);
    const headers: Record<string, string> = {
      'x-github-request-id': requestId(),
      'x-github-api-version-selected': '2022-11-28',
      'x-github-media-type': 'github.v3; format=json'
    };

    const fault = this.faults.take(method, path);
    if (fault) {
      if (fault.delayMs) await sleep(fault.delayMs);
      fault.before?.();
      if (fault.hang && fault.afterActing === undefined) {
        this.hung.add(res);
        return;
      }
      if (fault.afterActing !== undefined) this.lostAnswers.set(entry, fault);
      else if (fault.drop) {
        req.socket.destroy();
        return;
      }
      if (fault.afterActing === undefined && (fault.secondaryRateLimit || fault.status !== undefined)) {
        this.answerFault(fault, headers, res, entry);
        return;
      }
    }

    if (crowded && caller) {
      this.answerSecondary(crowded, path === '/graphql', caller, headers, res, entry);
      return;
    }

    const urls: Urls = {
      api: ghes && path !== '/graphql' ? `${this.url}/api/v3` : this.url,
      web: this.webUrl,
      uploads: ghes ? `${this.url}/api/uploads` : this.uploadsUrl
    };
    if (upload !== (method === 'POST' && UPLOAD_PATH.test(path))) {
      // The uploads host serves uploads only, and the API host does not serve them.
      this.send(res, entry, 404, { message: 'Not Found', documentation_url: DOCS, status: '404' }, headers);
      return;
    }
    if (path === '/graphql') {
      if (ghes) urls.api = `${this.url}/api/v3`;
      this.handleGraphql(method, rawPath, req, body, urls, headers, res, entry);
      return;
    }
    const result = this.handleRest(method, rawPath, path, target.searchParams, req, upload ? raw : body, bodyError, urls, headers, entry);
    this.send(res, entry, result.status, result.body, { ...headers, ...result.headers });
  }

  private answerFault(fault: Fault, headers: Record<string, string>, res: ServerResponse, entry: LogEntry): void {
    if (fault.secondaryRateLimit) {
      const id = headers['x-github-request-id'] ?? '';
      this.send(
        res,
        entry,
        403,
        fault.body ?? {
          message: secondaryMessage(id),
          documentation_url: SECONDARY_DOCS
        },
        { ...headers, 'retry-after': String(fault.secondaryRateLimit.retryAfter), ...fault.headers }
      );
      return;
    }
    const status = fault.status ?? 500;
    const body = fault.body ?? { message: status >= 500 ? 'Server Error' : `HTTP ${status}`, documentation_url: DOCS, status: String(status) };
    this.send(res, entry, status, body, { ...headers, ...fault.headers });
  }

  /**
   * A secondary limit: REST answers 403 with `retry-after` and GitHub's message; GraphQL answers
   * 200 with the message in `errors` (GitHub documents both 200 and 403 for GraphQL).
   */
  private answerSecondary(breach: SecondaryBreach, graphql: boolean, token: Token, headers: Record<string, string>, res: ServerResponse, entry: LogEntry): void {
    entry.login = token.account.login;
    entry.points = 0;
    const message = secondaryMessage(headers['x-github-request-id'] ?? '');
    const primary = this.rateLimits.peek(budgetHolder(token), graphql ? 'graphql' : 'core', graphql ? token.limits.graphql : token.limits.core);
    const answer = { ...headers, ...this.rateHeaders(primary), 'retry-after': String(breach.retryAfter) };
    entry.secondaryLimit = breach.limit;
    if (graphql) this.send(res, entry, 200, { errors: [{ message }] }, answer);
    else this.send(res, entry, 403, { message, documentation_url: SECONDARY_DOCS }, answer);
  }

  private authenticate(req: IncomingMessage, graphql: boolean): { token: Token } | { status: number; body: Record<string, unknown> } {
    const raw = tokenFrom(req);
    if (raw === undefined) {
      return graphql
        ? { status: 401, body: { message: 'This endpoint requires you to be authenticated.', documentation_url: 'https://docs.github.com/graphql/guides/forming-calls-with-graphql#authenticating-with-graphql' } }
        : { status: 401, body: { message: 'Requires authentication', documentation_url: DOCS, status: '401' } };
    }
    const token = this.state.tokens.get(raw);
    if (!token) return { status: 401, body: { message: 'Bad credentials', documentation_url: DOCS, status: '401' } };
    return { token };
  }

  private rateHeaders(rate: RateSnapshot): Record<string, string> {
    return {
      'x-ratelimit-limit': String(rate.limit),
      'x-ratelimit-remaining': String(rate.remaining),
      'x-ratelimit-reset': String(rate.reset),
      'x-ratelimit-used': String(rate.used),
      'x-ratelimit-resource': rate.resource
    };
  }

  private handleRest(
    method: string,
    rawPath: string,
    path: string,
    search: URLSearchParams,
    req: IncomingMessage,
    body: unknown,
    bodyError: boolean,
    urls: Urls,
    headers: Record<string, string>,
    entry: LogEntry
  ): RestResult {
    // Pagination links use /repositories/{id}/..., as GitHub's do.
    let routePath = path;
    let repoRest = '';
    const byId = /^\/repositories\/(\d+)(\/.*)?$/.exec(path);
    if (byId) {
      const repo = this.state.repoById(Number(byId[1]));
      if (!repo) return { status: 404, body: { message: 'Not Found', documentation_url: DOCS, status: '404' } };
      routePath = `/repos/${repo.owner.login}/${repo.name}${byId[2] ?? ''}`;
    }
    const match = this.contract.match(method, routePath);
    if (!('operation' in match)) {
      this.violation('route', method, rawPath, match.pathMatched ? `${method} is not an operation of this path in GitHub's description` : 'no such operation in GitHub\'s REST description (or not served by the emulator)');
      return { status: 404, body: { message: 'Not Found', documentation_url: DOCS, status: '404' } };
    }
    const op = match.operation;
    entry.operationId = op.operationId;
    const docs = op.docsUrl;
    const handler = HANDLERS[op.operationId];
    if (!handler) {
      this.violation('route', method, rawPath, `${op.operationId} is in the description but has no handler`);
      return { status: 404, body: { message: 'Not Found', documentation_url: docs, status: '404' } };
    }

    const auth = this.authenticate(req, false);
    if ('status' in auth) return { status: auth.status, body: auth.body };
    const token = auth.token;
    entry.login = token.account.login;
    const permission = permissionHeader(handler.permission);
    if (permission) headers['x-accepted-github-permissions'] = permission;

    if (op.operationId === 'rate-limit/get') {
      const core = this.rateLimits.peek(budgetHolder(token), 'core', token.limits.core);
      const graphql = this.rateLimits.peek(budgetHolder(token), 'graphql', token.limits.graphql);
      const shape = (s: RateSnapshot): Record<string, number> => ({ limit: s.limit, remaining: s.remaining, reset: s.reset, used: s.used });
      Object.assign(headers, this.rateHeaders(core));
      const searchRate = { limit: 30, remaining: 30, reset: core.reset, used: 0 };
      return { status: 200, body: { resources: { core: shape(core), graphql: shape(graphql), search: searchRate, code_search: { ...searchRate, limit: 10, remaining: 10 } }, rate: shape(core) } };
    }

    const holder = budgetHolder(token);
    const secondary = this.rateLimits.admitSecondary(holder, {
      graphql: false,
      points: ['GET', 'HEAD', 'OPTIONS'].includes(method) ? 1 : 5,
      createsContent: ['POST', 'PUT', 'PATCH'].includes(method) && !READ_ONLY_POSTS.has(op.operationId)
    }, token.limits.secondary);
    if (secondary) {
      entry.points = 0;
      entry.secondaryLimit = secondary.limit;
      Object.assign(headers, this.rateHeaders(this.rateLimits.peek(holder, 'core', token.limits.core)), { 'retry-after': String(secondary.retryAfter) });
      return { status: 403, body: { message: secondaryMessage(headers['x-github-request-id'] ?? ''), documentation_url: SECONDARY_DOCS } };
    }
    const rate = this.rateLimits.take(holder, 'core', 1, token.limits.core);
    Object.assign(headers, this.rateHeaders(rate));
    entry.resource = 'core';
    if (rate.exceeded) {
      entry.points = 0;
      return {
        status: 403,
        body: { message: `API rate limit exceeded for ${token.kind === 'installation' ? 'installation' : 'user'} ID ${token.account.id}.`, documentation_url: PRIMARY_DOCS, status: '403' }
      };
    }
    entry.points = 1;

    // Contract checks: record every problem; answer as GitHub would.
    const params = this.contract.checkParams(op, match.params, Object.fromEntries(search));
    const problems = [...params.problems];
    if (this.strictQuery) for (const name of params.unknownQuery) this.violation('query', method, rawPath, `query parameter "${name}" is not defined for ${op.operationId}`);
    let bodyProblem: string | undefined;
    if (bodyError) bodyProblem = 'Problems parsing JSON';
    else if (op.operationId === UPLOAD_OPERATION) {
      // The file itself: any bytes; GitHub needs their type.
      if (!req.headers['content-type']) bodyProblem = 'a Content-Type header is required for the uploaded file';
    } else {
      const found = this.contract.checkBody(op, body);
      if (found.length > 0) bodyProblem = found.map((p) => p.message).join('; ');
    }
    for (const p of problems) this.violation(p.where === 'path' ? 'path' : 'query', method, rawPath, p.message);
    if (bodyProblem) this.violation('body', method, rawPath, `${op.operationId}: ${bodyProblem}`);

    const repoOwner = match.params.owner;
    const repoName = match.params.repo;
    const repo = repoOwner !== undefined && repoName !== undefined ? this.state.repo(repoOwner, repoName) : undefined;
    if (repoOwner !== undefined && !repo) return { status: 404, body: { message: 'Not Found', documentation_url: docs, status: '404' } };

    if (handler.permission === 'user-only' && token.kind === 'installation') {
      return { status: 403, body: { message: NOT_ACCESSIBLE, documentation_url: docs, status: '403' } };
    }
    if (Array.isArray(handler.permission) && !handler.permission.some(([name, level]) => hasPermission(token, name, level))) {
      const message = token.kind === 'installation' ? NOT_ACCESSIBLE : 'Resource not accessible by personal access token';
      return { status: 403, body: { message, documentation_url: docs, status: '403' } };
    }

    if (problems.some((p) => p.where === 'path')) return { status: 404, body: { message: 'Not Found', documentation_url: docs, status: '404' } };
    if (bodyError) return { status: 400, body: { message: 'Problems parsing JSON', documentation_url: docs, status: '400' } };
    if (problems.length > 0 || bodyProblem) {
      const message = ['Invalid request.', '', ...problems.map((p) => p.message), ...(bodyProblem ? [bodyProblem] : [])].join('\n');
      return { status: 422, body: { message, documentation_url: docs, status: '422' } };
    }

    if (repo) {
      const prefix = `/repos/${match.params.owner ?? ''}/${match.params.repo ?? ''}`;
      repoRest = routePath.toLowerCase().startsWith(prefix.toLowerCase()) ? routePath.slice(prefix.length) : '';
    }
    const request: RestRequest = {
      state: this.state,
      urls,
      token,
      operation: op,
      path: params.path,
      query: params.query,
      rawQuery: search,
      body,
      contentType: req.headers['content-type'],
      repo,
      linkBase: repo ? `${urls.api}/repositories/${repo.id}${repoRest}` : `${urls.api}${routePath}`
    };
    let result: RestResult;
    try {
      result = handler.handle(request);
    } catch (error) {
      if (!(error instanceof HttpError)) throw error;
      if (error.options.violation) this.violation('limit', method, rawPath, error.options.violation);
      result = { status: error.status, body: { ...error.body, documentation_url: docs, status: String(error.status) }, headers: error.options.headers ?? {} };
    }
    if (this.validateResponses) this.checkResponse(op, method, rawPath, result);
    return result;
  }

  private checkResponse(op: Operation, method: string, rawPath: string, result: RestResult): void {
    if (result.status === 204) return;
    for (const problem of this.contract.checkResponse(op, result.status, result.body)) this.violation('response', method, rawPath, problem.message);
  }

  private handleGraphql(
    method: string,
    rawPath: string,
    req: IncomingMessage,
    body: unknown,
    urls: Urls,
    headers: Record<string, string>,
    res: ServerResponse,
    entry: LogEntry
  ): void {
    if (method !== 'POST') {
      this.violation('route', method, rawPath, 'GraphQL is served only over POST');
      this.send(res, entry, 404, { message: 'Not Found', documentation_url: 'https://docs.github.com/graphql' }, headers);
      return;
    }
    const op = (body as { operationName?: unknown } | undefined)?.operationName;
    if (typeof op === 'string') entry.graphqlOperation = op;
    const auth = this.authenticate(req, true);
    if ('status' in auth) {
      this.send(res, entry, auth.status, auth.body, headers);
      return;
    }
    const token = auth.token;
    entry.login = token.account.login;
    entry.resource = 'graphql';
    entry.points = 0;
    const holder = budgetHolder(token);
    const limit = token.limits.graphql;
    const prepared = prepareGraphql(body);
    if (!('query' in prepared)) {
      // Refused before it ran (syntax, schema, pagination, node limit): nothing charged.
      Object.assign(headers, this.rateHeaders(this.rateLimits.peek(holder, 'graphql', limit)));
      for (const message of prepared.violations) this.violation('graphql', method, rawPath, message);
      this.send(res, entry, 200, prepared.body, headers);
      return;
    }
    const { query } = prepared;
    const secondary = this.rateLimits.admitSecondary(holder, { graphql: true, points: query.mutation ? 5 : 1, createsContent: query.mutation }, token.limits.secondary);
    if (secondary) {
      this.answerSecondary(secondary, true, token, headers, res, entry);
      return;
    }
    const cost = query.dryRun ? 0 : query.cost.cost;
    const rate = this.rateLimits.take(holder, 'graphql', cost, limit);
    Object.assign(headers, this.rateHeaders(rate));
    if (rate.exceeded) {
      // GitHub answers 200 with RATE_LIMITED, and x-ratelimit-remaining says what is left.
      this.send(res, entry, 200, { errors: [{ type: 'RATE_LIMITED', message: `API rate limit exceeded for ${token.kind === 'installation' ? 'installation' : 'user'} ID ${token.account.id}.` }] }, headers);
      return;
    }
    entry.points = cost;
    const report = { ...rate, cost: query.cost.cost, nodeCount: query.cost.nodeCount };
    const outcome = executeGraphql(query, { state: this.state, token, urls, unimplemented: [] }, report);
    for (const message of outcome.violations) this.violation('graphql', method, rawPath, message);
    this.send(res, entry, 200, outcome.body, headers);
  }

  private send(res: ServerResponse, entry: LogEntry, status: number, body: unknown, headers: Record<string, string>): void {
    entry.status = status;
    const lost = this.lostAnswers.get(entry);
    if (lost) {
      // The request was carried out; its answer never reaches the client.
      this.lostAnswers.delete(entry);
      entry.acted = true;
      if (lost.afterActing === 'drop') {
        entry.status = 0;
        res.socket?.destroy();
        return;
      }
      if (lost.afterActing === 'hang') {
        this.hung.add(res);
        return;
      }
      entry.status = lost.afterActing!;
      const answer = { message: 'Server Error', documentation_url: DOCS, status: String(lost.afterActing) };
      const text = JSON.stringify(answer);
      res.writeHead(entry.status, { 'content-type': 'application/json; charset=utf-8', 'content-length': String(Buffer.byteLength(text)), ...headers });
      res.end(text);
      return;
    }
    if (status === 204 || body === undefined) {
      res.writeHead(status, headers);
      res.end();
      return;
    }
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': String(Buffer.byteLength(text)), ...headers });
    res.end(text);
  }
}

/** `/api/v3/x` → `/x`, `/api/graphql` → `/graphql`. */
export function normalisePath(path: string): string {
  if (path === '/api/graphql') return '/graphql';
  if (path.startsWith('/api/v3/')) return path.slice('/api/v3'.length);
  if (path === '/api/v3') return '/';
  return path;
}

/** Starts an emulator on 127.0.0.1 (ephemeral port unless `port` is given). */
export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const emulator = new Emulator(options);
  return emulator.listen(options.port ?? 0);
}
