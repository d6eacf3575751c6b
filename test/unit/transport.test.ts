/** The node:http transport Octokit runs on: answers, and proxies from the environment. */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createTransport, RequestTimeoutError } from '../../src/core/github/transport.js';

let target: http.Server;
let proxy: http.Server;
const proxied: string[] = [];
const port = (server: http.Server) => (server.address() as AddressInfo).port;

beforeAll(async () => {
  target = http.createServer((req, res) => {
    // Stalls: accepts the request, then says nothing (or half an answer) until the client gives up.
    if (req.url === '/silent') return;
    if (req.url === '/trickle') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"partial":');
      return;
    }
    res.setHeader('content-type', 'application/json; charset=utf-8');
    res.setHeader('x-ratelimit-remaining', '4999');
    res.end(JSON.stringify({ method: req.method, url: req.url }));
  });
  // A forward proxy for http:// targets: the request line carries the absolute URL.
  proxy = http.createServer((req, res) => {
    proxied.push(req.url ?? '');
    const upstream = http.request(new URL(req.url ?? ''), { method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    req.pipe(upstream);
  });
  await Promise.all([target, proxy].map((s) => new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve))));
});
afterAll(async () => {
  await Promise.all([target, proxy].map((s) => new Promise((resolve) => s.close(resolve))));
});

describe('transport', () => {
  it('answers what Octokit reads: status, headers, body', async () => {
    const transport = createTransport({});
    const response = await transport.fetch(`http://127.0.0.1:${port(target)}/repos/a/b`, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } });
    transport.close();
    expect(response.status).toBe(200);
    expect(response.headers.get('X-RateLimit-Remaining')).toBe('4999');
    expect(Object.fromEntries(response.headers)['content-type']).toContain('application/json');
    expect(await response.json()).toEqual({ method: 'POST', url: '/repos/a/b' });
  });

  it('fails with the URL in the message when nothing listens', async () => {
    const transport = createTransport({});
    await expect(transport.fetch('http://127.0.0.1:1/x')).rejects.toThrow(/request to http:\/\/127\.0\.0\.1:1\/x failed/);
    transport.close();
  });

  it('gives up on a server that never answers, or stops halfway through its answer', async () => {
    const transport = createTransport({}, { budget: () => ({ ms: 150, limit: 'request' }) });
    for (const where of ['/silent', '/trickle']) {
      const error = await transport.fetch(`http://127.0.0.1:${port(target)}${where}`, { method: 'POST', body: '{}' }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RequestTimeoutError);
      expect(error).toMatchObject({ sent: true, limit: 'request', afterMs: 150 });
      expect((error as Error).message).toMatch(/^timed out after 0\.\d s$/);
    }
    transport.close();
  });

  it('does not send a request when the step has no time left, and says so', async () => {
    const transport = createTransport({}, { budget: () => ({ ms: 0, limit: 'step' }) });
    const error = await transport.fetch(`http://127.0.0.1:${port(target)}/repos/a/b`, { method: 'POST', body: '{}' }).catch((e: unknown) => e);
    transport.close();
    expect(error).toMatchObject({ sent: false, limit: 'step' });
    expect((error as Error).message).toMatch(/not sent: the step's time limit \(input timeout-minutes\) had run out/);
  });

  const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
  const proxiesSupported = major > 24 || (major === 24 && minor >= 5);
  (proxiesSupported ? it : it.skip)('goes through HTTP_PROXY, and not for hosts in NO_PROXY (Node 24.5+)', async () => {
    const url = `http://127.0.0.1:${port(target)}/via-proxy`;
    proxied.length = 0;
    const viaProxy = createTransport({ HTTP_PROXY: `http://127.0.0.1:${port(proxy)}` });
    expect((await viaProxy.fetch(url)).status).toBe(200);
    viaProxy.close();
    expect(proxied).toEqual([url]);

    const bypass = createTransport({ HTTP_PROXY: `http://127.0.0.1:${port(proxy)}`, NO_PROXY: '127.0.0.1' });
    expect((await bypass.fetch(url)).status).toBe(200);
    bypass.close();
    expect(proxied).toEqual([url]);
  });
});
