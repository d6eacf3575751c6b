/**
 * A small fetch for Octokit over node:http and node:https.
 *
 * Octokit needs only a few members of a fetch Response. Answering them from
 * node:http keeps the action's start-up short: Node's built-in fetch loads its
 * HTTP stack on first use, which costs more than a whole deployment record.
 * Connections are kept alive between the requests of one run.
 * Proxies: on Node 24.5 and later, HTTPS_PROXY / HTTP_PROXY / NO_PROXY are honoured.
 */
import type * as Http from 'node:http';
import type * as Https from 'node:https';
import { createRequire } from 'node:module';

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

const PROXY_VARIABLES = ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy'];

export function createTransport(env: NodeJS.ProcessEnv = process.env): Transport {
  const useProxy = PROXY_VARIABLES.some((name) => env[name]);
  // `proxyEnv` is understood by Node 24.5+; older Node ignores it.
  const options = { keepAlive: true, maxSockets: 8, ...(useProxy ? { proxyEnv: env } : {}) } as Http.AgentOptions;
  const agents = { 'http:': new http.Agent(options), 'https:': new https.Agent(options) };

  const fetch = (url: string, init: FetchInit = {}): Promise<TransportResponse> =>
    new Promise((resolve, reject) => {
      const target = new URL(url);
      const client = target.protocol === 'https:' ? https : target.protocol === 'http:' ? http : undefined;
      if (!client) {
        reject(new TypeError(`Unsupported protocol in ${url}`));
        return;
      }
      const body = init.body ?? undefined;
      const headers: Record<string, string | number> = { ...(init.headers ?? {}) };
      if (body !== undefined) headers['content-length'] = Buffer.byteLength(body);
      const request = client.request(
        target,
        { method: init.method ?? 'GET', headers, agent: agents[target.protocol as 'http:' | 'https:'], signal: init.signal ?? undefined },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('error', reject);
          response.on('end', () =>
            resolve(
              new TransportResponse(url, response.statusCode ?? 0, response.statusMessage ?? '', new HeaderList(response.headers), Buffer.concat(chunks))
            )
          );
        }
      );
      request.on('error', (error) => reject(Object.assign(new TypeError(`request to ${url} failed: ${error.message}`), { cause: error })));
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
