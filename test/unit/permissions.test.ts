import { describe, expect, it } from '@jest/globals';
import { toApiError } from '../../src/core/github/client.js';
import { permissionFor } from '../../src/core/github/permissions.js';

const api = 'https://api.github.com';
const forbidden = (method: string, url: string, message = 'Resource not accessible by integration') => ({
  status: 403,
  message,
  request: { method, url },
  response: { data: { message } }
});

describe('a 403 names the permission the workflow must grant', () => {
  it.each([
    ['POST', `${api}/repos/acme/shop/deployments`, 'deployments: write'],
    ['POST', `${api}/repos/acme/shop/deployments/7/statuses`, 'deployments: write'],
    ['GET', `${api}/repos/acme/shop/deployments?environment=production&per_page=100`, 'deployments: read'],
    ['POST', `${api}/repos/acme/shop/releases`, 'contents: write'],
    ['PATCH', `${api}/repos/acme/shop/releases/12`, 'contents: write'],
    ['POST', `${api}/repos/acme/shop/git/refs`, 'contents: write'],
    ['GET', `${api}/repos/acme/shop/releases/latest`, 'contents: read'],
    ['GET', `${api}/repos/acme/shop/issues/5/timeline?per_page=100`, 'issues: read'],
    ['GET', `${api}/repos/acme/shop/labels?per_page=100`, 'issues: read'],
    ['GET', `${api}/repos/acme/shop/pulls/5/files`, 'pull-requests: read'],
    ['POST', `${api}/repos/acme/shop/issues/5/comments`, 'pull-requests: write (comments on pull requests)'],
    ['GET', `${api}/repos/acme/shop/issues/5/comments?per_page=100`, 'pull-requests: read (comments on pull requests)'],
    ['GET', 'https://ghe.example.com/api/v3/repos/acme/shop/deployments', 'deployments: read']
  ])('%s %s needs %s', (method, url, permission) => {
    expect(permissionFor(method, url)).toBe(permission);
    expect(toApiError('Doing it', forbidden(method, url)).message).toBe(
      `Doing it failed (HTTP 403): Resource not accessible by integration (the token lacks \`${permission}\`: add it to the workflow's or job's \`permissions:\`)`
    );
  });

  it('does not call a rate-limited 403 a missing permission', () => {
    const message = toApiError('Creating a release', forbidden('POST', `${api}/repos/acme/shop/releases`, 'You have exceeded a secondary rate limit.')).message;
    expect(message).not.toMatch(/permission|lacks/);
  });

  it('falls back to the README table for an operation it does not know', () => {
    expect(toApiError('Reading it', forbidden('GET', `${api}/repos/acme/shop/hooks`)).message).toMatch(/see the README permissions table/);
  });
});
