/** The emulator's pull request comments, as strict as GitHub: responses match the description, bad bodies are refused. */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { Octokit } from '@octokit/rest';
import { startEmulator, type Emulator } from '../emulator/index.js';

let gh: Emulator;
let octokit: Octokit;
let number: number;

beforeEach(async () => {
  gh = await startEmulator({ validateResponses: true });
  const repo = gh.state.createRepo('acme', 'shop');
  number = repo.openPullRequest({ author: 'carol', title: 'Add gift cards' }).number;
  gh.state.addToken('ghs_rw', 'github-actions[bot]', { 'pull-requests': 'write', metadata: 'read' });
  gh.state.addToken('ghs_ro', 'github-actions[bot]', { 'pull-requests': 'read', metadata: 'read' });
  octokit = new Octokit({ auth: 'ghs_rw', baseUrl: gh.apiUrl });
});
afterEach(async () => {
  try {
    gh.assertNoViolations();
  } finally {
    await gh.close();
  }
});

describe('issue comments on a pull request', () => {
  it('creates, lists, reads and updates a comment by the bot', async () => {
    const created = await octokit.rest.issues.createComment({ owner: 'acme', repo: 'shop', issue_number: number, body: 'first' });
    expect(created.status).toBe(201);
    expect(created.data.user).toMatchObject({ login: 'github-actions[bot]', type: 'Bot' });
    const updated = await octokit.rest.issues.updateComment({ owner: 'acme', repo: 'shop', comment_id: created.data.id, body: 'second' });
    expect(updated.data.body).toBe('second');
    const listed = await octokit.rest.issues.listComments({ owner: 'acme', repo: 'shop', issue_number: number });
    expect(listed.data.map((c) => c.body)).toEqual(['second']);
    const read = await octokit.rest.issues.getComment({ owner: 'acme', repo: 'shop', comment_id: created.data.id });
    expect(read.data.html_url).toContain(`/pull/${number}#issuecomment-${created.data.id}`);
  });

  it('refuses an empty body and one over 65,536 characters with 422', async () => {
    await expect(octokit.rest.issues.createComment({ owner: 'acme', repo: 'shop', issue_number: number, body: ' ' })).rejects.toMatchObject({ status: 422 });
    await expect(octokit.rest.issues.createComment({ owner: 'acme', repo: 'shop', issue_number: number, body: 'x'.repeat(65_537) })).rejects.toMatchObject({
      status: 422,
      message: expect.stringContaining('Body is too long')
    });
  });

  it('answers 403 to a token without write access, and 404 for a pull request that does not exist', async () => {
    const readOnly = new Octokit({ auth: 'ghs_ro', baseUrl: gh.apiUrl });
    await expect(readOnly.rest.issues.createComment({ owner: 'acme', repo: 'shop', issue_number: number, body: 'x' })).rejects.toMatchObject({ status: 403 });
    await expect(octokit.rest.issues.listComments({ owner: 'acme', repo: 'shop', issue_number: 999 })).rejects.toMatchObject({ status: 404 });
  });
});
