/**
 * Which `permissions:` entry a GitHub request needs, so that a 403 can name the one that is
 * missing instead of pointing at the README. Paths are matched without the API base URL
 * (GitHub Enterprise Server's `/api/v3` included); the first matching row wins.
 */

interface PermissionRow {
  method: string | RegExp;
  path: RegExp;
  permission: string;
}

const REPO = String.raw`^/repos/[^/]+/[^/]+`;
const row = (method: string | RegExp, path: string, permission: string): PermissionRow => ({
  method,
  path: new RegExp(`${REPO}${path}(?:\\?|$)`),
  permission
});
const WRITE = /^(POST|PATCH|PUT|DELETE)$/;

/** The lookup table: operation (method and path) → the permission a workflow's `permissions:` must grant. */
export const PERMISSIONS: readonly PermissionRow[] = [
  row(WRITE, '/deployments(?:/\\d+(?:/statuses)?)?', 'deployments: write'),
  row('GET', '/deployments(?:/.*)?', 'deployments: read'),
  row(WRITE, '/releases(?:/.*)?', 'contents: write'),
  row(WRITE, '/git/refs(?:/.*)?', 'contents: write'),
  row('GET', '/(?:releases|git|commits|compare|tags|contents)(?:/.*)?', 'contents: read'),
  row(WRITE, '/issues/\\d+/comments|/issues/comments/\\d+', 'pull-requests: write (comments on pull requests)'),
  // On a pull request, GitHub serves its comments to `pull-requests` as well as `issues`: release-action asks for the former.
  row('GET', '/issues/(?:\\d+/comments|comments/\\d+)', 'pull-requests: read (comments on pull requests)'),
  row(WRITE, '/issues/\\d+/labels(?:/.*)?', 'pull-requests: write'),
  row('GET', '/issues(?:/.*)?', 'issues: read'),
  row('GET', '/labels(?:/.*)?', 'issues: read'),
  row('GET', '/pulls(?:/.*)?', 'pull-requests: read'),
  row('GET', '/environments(?:/.*)?', 'actions: read'),
  { method: 'GET', path: /^\/orgs\/[^/]+\/teams\//, permission: 'organization members: read (GITHUB_TOKEN never has it: use an App or fine-grained token)' }
];

/** The permission a request needs, or undefined when the table does not know the operation. */
export function permissionFor(method: string | undefined, url: string | undefined): string | undefined {
  if (!method || !url) return undefined;
  let path: string;
  try {
    path = new URL(url).pathname;
  } catch {
    path = url;
  }
  path = path.replace(/^\/api\/v3(?=\/)/, '');
  const verb = method.toUpperCase();
  return PERMISSIONS.find((p) => (typeof p.method === 'string' ? p.method === verb : p.method.test(verb)) && p.path.test(path))?.permission;
}
