/**
 * A small fetch for Octokit over node:http and node:https.
 *
 * Octokit needs only a few members of a fetch Response. Answering them from
 * node:http keeps the action's start-up short: Node's built-in fetch loads its
 * HTTP stack on first use, which costs more than a whole deployment record.
 * Connections are kept alive between the requests of one run.
 * Proxies: on Node 24.5 and later, HTTPS_PROXY / HTTP_PROXY / NO_PROXY are honoured.
 * Every request has a time limit covering connect, send and the whole answer: a stalled
 * connection ends with a RequestTimeoutError instead of hanging the job.
 */
import type * as Http from 'node:http';
import type * as Https from 'node:https';
import { createRequire } from 'node:module';
import { REQUEST_TIMEOUT_MS, seconds, type RequestBudget } from '../deadline.js';

// require, not import: on Node 24 an ESM import of node:http reads its lazy WebSocket
// getters, which load Node's whole fetch stack (about 15 ms) that Tollgate never uses.
const require = createRequire(import.meta.url);
const http = require('node:http') as typeof Http;
const https = require('node:https') as typeof Https;

export interface FetchInit {
  method?: string;
  headers?: Record<string, string>;
  body?: string | Uint8Array | null;
  signal?: AbortSignal | null;
}

class HeaderList implements Iterable<[string, string]> {
  private readonly map = new Map<string, string>();
  constructor(raw: Http.IncomingHttpHeaders) {
    for (const [key, value] of Object.entries(raw)) {
      if (value !== undefined) this.map.set(key.toLowerCase(), Array.isArray(value) ? value.join(', ') : value);
    }
  }
  get(name: string): string | null {
    return this.map.get(name.toLowerCase()) ?? null;
  }
  has(name: string): boolean {
    return this.map.has(name.toLowerCase());
  }
  [Symbol.iterator](): Iterator<[string, string]> {
    return this.map.entries();
  }
}

export class TransportResponse {
  readonly ok: boolean;
  constructor(
    readonly url: string,
    readonly status: number,
    readonly statusText: string,
    readonly headers: HeaderList,
    private readonly bytes: Buffer
  ) {
    this.ok = status >= 200 && status < 300;
  }
  async text(): Promise<string> {
    return this.bytes.toString('utf8');
  }
  async json(): Promise<unknown> {
    return JSON.parse(this.bytes.toString('utf8'));
  }
  async arrayBuffer(): Promise<ArrayBuffer> {
    return this.bytes.buffer.slice(this.bytes.byteOffset, this.bytes.byteOffset + this.bytes.byteLength) as ArrayBuffer;
  }
}

export interface Transport {
  fetch: (url: string, init?: FetchInit) => Promise<TransportResponse>;
  /** Closes kept-alive connections so the process can exit at once. */
  close(): void;
}

/**
 * A request that did not finish within its time limit. `sent` is false when no time was
 * left to send it at all: then GitHub cannot have acted on it.
 */
export class RequestTimeoutError extends Error {
  override readonly name = 'RequestTimeoutError';
  readonly code = 'TOLLGATE_TIMEOUT';
  constructor(
    readonly afterMs: number,
    readonly limit: RequestBudget['limit'],
    readonly sent: boolean
  ) {
    super(
      !sent
        ? "not sent: the step's time limit (input timeout-minutes) had run out"
        : limit === 'step'
          ? `timed out after ${seconds(afterMs)}, when the step's time limit (input timeout-minutes) ran out`
          : `timed out after ${seconds(afterMs)}`
    );
  }
}

export interface TransportOptions {
  /** How long the next request may take; default REQUEST_TIMEOUT_MS each. */
  budget?: () => RequestBudget;
}

const PROXY_VARIABLES = ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy'];

export function createTransport(env: NodeJS.ProcessEnv = process.env, options: TransportOptions = {}): Transport {
  const budget = options.budget ?? ((): RequestBudget => ({ ms: REQUEST_TIMEOUT_MS, limit: 'request' }));
  const useProxy = PROXY_VARIABLES.some((name) => env[name]);
  // `proxyEnv` is understood by Node 24.5+; older Node ignores it.
  const agentOptions = { keepAlive: true, maxSockets: 8, ...(useProxy ? { proxyEnv: env } : {}) } as Http.AgentOptions;
  const agents = { 'http:': new http.Agent(agentOptions), 'https:': new https.Agent(agentOptions) };

  const fetch = (url: string, init: FetchInit = {}): Promise<TransportResponse> =>
    new Promise((resolve, reject) => {
      const target = new URL(url);
      const client = target.protocol === 'https:' ? https : target.protocol === 'http:' ? http : undefined;
      if (!client) {
        reject(new TypeError(`Unsupported protocol in ${url}`));
        return;
      }
      const limit = budget();
      if (limit.ms <= 0) {
        reject(new RequestTimeoutError(0, limit.limit, false));
        return;
      }
      const body = init.body ?? undefined;
      const headers: Record<string, string | number> = { ...(init.headers ?? {}) };
      if (body !== undefined) headers['content-length'] = Buffer.byteLength(body);
      let settled = false;
      const settle = (outcome: () => void) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        outcome();
      };
      const request = client.request(
        target,
        { method: init.method ?? 'GET', headers, agent: agents[target.protocol as 'http:' | 'https:'], signal: init.signal ?? undefined },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('error', (error) => settle(() => reject(error)));
          response.on('end', () =>
            settle(() =>
              resolve(
                new TransportResponse(url, response.statusCode ?? 0, response.statusMessage ?? '', new HeaderList(response.headers), Buffer.concat(chunks))
              )
            )
          );
        }
      );
      // One limit for connect, send and the whole answer: a slow trickle is as stuck as silence.
      const timer = setTimeout(() => {
        const error = new RequestTimeoutError(limit.ms, limit.limit, true);
        settle(() => reject(error));
        request.destroy(error);
      }, limit.ms);
      request.on('error', (error) =>
        settle(() => reject(Object.assign(new TypeError(`request to ${url} failed: ${error.message}`), { cause: error })))
      );
      if (body !== undefined) request.write(body);
      request.end();
    });

  return {
    fetch,
    close() {
      agents['http:'].destroy();
      agents['https:'].destroy();
    }
  };
}
