/**
 * release-action with exactly the permissions the README's "Permissions" table and action.yml's
 * `token` description list, and no more: every feature works with them, and a missing one is named.
 * `issues: read` is not among them: the label timeline is read through the pull request
 * (GraphQL), which GitHub serves with `pull-requests: read`.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { webhookPayload } from '../support/run-bundle.js';
import { APPROVER, useWorld } from './release-world.js';

const world = useWorld();
let workspace: string;

/** The table's release-action row, as `permissions:` keys. */
const DOCUMENTED = { contents: 'write', 'pull-requests': 'read', deployments: 'read' } as const;
const DRY_RUN = { contents: 'read', 'pull-requests': 'read', deployments: 'read' } as const;
const WITH_COMMENT = { ...DOCUMENTED, 'pull-requests': 'write' } as const;

beforeAll(() => {
  workspace = mkdtempSync(path.join(os.tmpdir(), 'tollgate-permissions-'));
  mkdirSync(path.join(workspace, 'dist'), { recursive: true });
  writeFileSync(path.join(workspace, 'dist/shop-linux.tgz'), 'linux build');
});
afterAll(() => rmSync(workspace, { recursive: true, force: true }));
beforeEach(() => {
  world.gh.state.addToken('ghs_documented', 'github-actions[bot]', { ...DOCUMENTED });
  world.gh.state.addToken('ghs_dry_run', 'github-actions[bot]', { ...DRY_RUN });
  world.gh.state.addToken('ghs_comment', 'github-actions[bot]', { ...WITH_COMMENT });
  world.gh.state.addToken('ghs_no_pulls', 'github-actions[bot]', { contents: 'write', issues: 'read', deployments: 'read' });
  world.gh.state.addToken('ghs_read_only', 'github-actions[bot]', { contents: 'read', 'pull-requests': 'read', deployments: 'read' });
});

/** REST requests GitHub would refuse (a GraphQL FORBIDDEN fails the step: see `errors`). */
const forbidden = () => world.gh.log.filter((e) => e.status === 403);

describe('the documented permissions are enough', () => {
  it('contents: write, pull-requests: read, deployments: read: tag: auto, require-deployment, generated notes, files and the release, with no request refused', async () => {
    const pr = world.open('Add gift cards');
    world.label(pr, 'feature', APPROVER);
    world.label(pr, 'release-approved', APPROVER);
    world.merge(pr);
    world.deploy('success', { environment: 'production' });

    const run = await world.release(
      { tag: 'auto', 'require-deployment': 'production', 'generate-notes': 'true', files: 'dist/*.tgz' },
      { token: 'ghs_documented', env: { GITHUB_WORKSPACE: workspace } }
    );

    expect(run.errors).toEqual([]);
    expect(run.outputs).toMatchObject({ released: 'true', decision: 'released', tag: 'v1.1.0' });
    expect(world.releases('v1.1.0')[0]!.assets.map((a) => a.name)).toEqual(['shop-linux.tgz']);
    expect(forbidden()).toEqual([]);
  });

  it('a blocked run reads its hints with them too', async () => {
    world.approvedPr('Add gift cards');
    const run = await world.release({ 'require-deployment': 'prodution' }, { token: 'ghs_documented' });
    expect(run.outputs['decision']).toBe('blocked');
    expect(run.summary).toContain('**Hints**');
    expect(forbidden()).toEqual([]);
  });

  it('a dry run needs only read permissions', async () => {
    world.approvedPr('Add gift cards');
    world.deploy('success', { environment: 'production' });
    const run = await world.release({ 'dry-run': 'true', 'require-deployment': 'production' }, { token: 'ghs_dry_run' });
    expect(run.errors).toEqual([]);
    expect(run.outputs['decision']).toBe('dry-run');
    expect(run.reasons).toEqual([]);
    expect(forbidden()).toEqual([]);
  });

  it('comment: true needs pull-requests: write, and nothing of issues', async () => {
    const pr = world.approvedPr('Add gift cards');
    const payload = webhookPayload('pull_request', 'labeled');
    (payload['pull_request'] as { number: number }).number = pr.number;

    const run = await world.release({ comment: 'true' }, { token: 'ghs_comment', event: { name: 'pull_request_target', payload } });

    expect(run.outputs['decision']).toBe('released');
    expect(world.repo.comments.filter((c) => c.issueNumber === pr.number)).toHaveLength(1);
    expect(run.warnings.join('\n')).not.toContain('No comment');
    expect(forbidden()).toEqual([]);
  });
});

describe('a missing permission is named, and nothing is written', () => {
  it('without pull-requests: read (issues: read does not stand in for it)', async () => {
    world.approvedPr('Add gift cards');
    const run = await world.release({}, { token: 'ghs_no_pulls' });
    expect(run.exitCode).toBe(1);
    expect(run.errors.join('\n')).toMatch(/Resource not accessible by integration/);
    expect(world.releaseWrites()).toEqual([]);
    expect(world.repo.tags.get('v1.1.0')).toBeUndefined();
  });

  it('without contents: write, the tag create is refused naming contents: write, and no release exists', async () => {
    world.approvedPr('Add gift cards');
    const run = await world.release({}, { token: 'ghs_read_only' });
    expect(run.exitCode).toBe(1);
    expect(run.errors.join('\n')).toContain('contents: write');
    expect(world.releases('v1.1.0')).toEqual([]);
  });
});

describe('the documentation says the same', () => {
  const readme = readFileSync(path.join(process.cwd(), 'README.md'), 'utf8');
  const actionYml = readFileSync(path.join(process.cwd(), 'release-action/action.yml'), 'utf8');
  const row = (prefix: string) => readme.split('\n').find((line) => line.startsWith(`| ${prefix} |`)) ?? '';

  it('lists exactly the permissions these tests grant', () => {
    expect(row('release-action')).toContain('`contents: write`');
    expect(row('release-action')).toContain('`pull-requests: read`');
    expect(row('release-action')).toContain('`deployments: read`');
    expect(row('release-action with `dry-run`')).toContain('`contents: read`, `pull-requests: read`, `deployments: read`');
    const token = /^ {2}token:\n {4}description: '([^\n]*)'/m.exec(actionYml)?.[1] ?? '';
    expect(token).toContain('`contents: write`, `pull-requests: read`, `deployments: read`');
    // `issues` is named only to say it is not needed.
    for (const text of [row('release-action'), row('release-action with `dry-run`'), token]) expect(text).not.toMatch(/`issues: (read|write)`/);
    expect(row('release-action')).toContain('No `issues` permission');
  });
});
