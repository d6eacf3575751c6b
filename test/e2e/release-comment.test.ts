/**
 * `comment: true` end to end: on a pull_request_target labeled/unlabeled event the committed bundle
 * keeps one comment on that pull request, updated in place, saying whether its approval counts and
 * what the release is waiting for.
 */
import { beforeEach, describe, expect, it } from '@jest/globals';
import { webhookPayload } from '../support/run-bundle.js';
import { APPROVER, OUTSIDER, useWorld } from './release-world.js';
import type { PullRequest } from '../emulator/state.js';

const world = useWorld();
const COMMENTER = 'ghs_commenter';
const MARKER = '<!-- tollgate:release-action -->';

beforeEach(() => {
  world.gh.state.addToken(COMMENTER, 'github-actions[bot]', { contents: 'write', 'pull-requests': 'write', deployments: 'read' });
});

const labeledEvent = (pr: PullRequest, action: 'labeled' | 'unlabeled' = 'labeled') => {
  const payload = webhookPayload('pull_request', action);
  (payload['pull_request'] as { number: number }).number = pr.number;
  return { name: 'pull_request_target', payload };
};
const commentsOn = (pr: PullRequest) => world.repo.comments.filter((c) => c.issueNumber === pr.number);
const commentWrites = () => world.gh.log.filter((e) => e.method !== 'GET' && /\/comments/.test(e.path));

describe('comment: true', () => {
  it('says why the approval does not count, then updates the same comment when it does', async () => {
    const pr = world.open('Add gift cards');
    world.merge(pr);
    world.label(pr, 'release-approved', OUTSIDER);

    const first = await world.release({ comment: 'true' }, { token: COMMENTER, event: labeledEvent(pr) });
    expect(first.exitCode).toBe(0);
    expect(first.outputs['decision']).toBe('blocked');
    expect(commentsOn(pr)).toHaveLength(1);
    const before = commentsOn(pr)[0]!.body;
    expect(before.startsWith(MARKER)).toBe(true);
    expect(before).toContain("**This pull request's approval does not count** ❌");
    expect(before).toContain('`approval-by-non-approver`');
    // Named, never notified: no mention in a comment the bot rewrites on every label change.
    expect(before).toContain(`@&#8203;${OUTSIDER}`);
    expect(before).not.toMatch(/(^|[^\w`])@[a-z]/m);
    expect(before).toContain('**The release is waiting for** this pull request only.');

    // An approver takes the label off and puts it back: now it is theirs.
    world.repo.removeLabel(pr, 'release-approved', world.gh.state.acting({ by: APPROVER }));
    world.tick();
    world.label(pr, 'release-approved', APPROVER);
    const second = await world.release({ comment: 'true' }, { token: COMMENTER, event: labeledEvent(pr) });
    expect(second.outputs['decision']).toBe('released');
    expect(commentsOn(pr)).toHaveLength(1);
    const after = commentsOn(pr)[0]!.body;
    expect(after).toContain("**This pull request's approval counts** ✅ `release-approved` by @&#8203;alice");
    expect(after).toContain('**Released** as [v1.1.0](');
    expect(commentWrites().map((e) => e.method)).toEqual(['POST', 'PATCH']);
  });

  it('says what else the release waits for', async () => {
    const other = world.open('Refactor the payment client');
    world.merge(other);
    const pr = world.approvedPr('Add gift cards');
    const run = await world.release({ comment: 'true' }, { token: COMMENTER, event: labeledEvent(pr) });
    const body = commentsOn(pr)[0]!.body;
    expect(run.outputs['decision']).toBe('blocked');
    expect(body).toContain("**This pull request's approval counts** ✅");
    expect(body).toContain('**The release is waiting for:**');
    expect(body).toContain(`\`missing-approval\`: #${other.number} 'Refactor the payment client' has 0 of 1 required approvals`);
  });

  it('a pull request title cannot make the comment ping a team', async () => {
    const pr = world.open('Ping @acme/everyone please');
    world.merge(pr);
    await world.release({ comment: 'true' }, { token: COMMENTER, event: labeledEvent(pr) });
    expect(commentsOn(pr)[0]!.body).not.toContain('@acme/everyone');
  });

  it('never takes over a comment a person wrote with the marker', async () => {
    const pr = world.approvedPr('Add gift cards');
    const forged = world.repo.addComment(pr.number, `${MARKER}\nApproved by everyone!`, world.gh.state.acting({ by: OUTSIDER }));
    await world.release({ comment: 'true' }, { token: COMMENTER, event: labeledEvent(pr) });
    expect(forged.body).toBe(`${MARKER}\nApproved by everyone!`);
    expect(commentsOn(pr)).toHaveLength(2);
  });

  it('without pull-requests: write, warns naming the permission and leaves the decision alone', async () => {
    const pr = world.approvedPr('Add gift cards');
    const run = await world.release({ comment: 'true' }, { event: labeledEvent(pr) });
    expect(run.exitCode).toBe(0);
    expect(run.outputs['decision']).toBe('released');
    expect(run.warnings.join('\n')).toContain('the token lacks `pull-requests: write (comments on pull requests)`');
    expect(commentsOn(pr)).toEqual([]);
  });

  it('comments only on labeled/unlabeled pull_request_target events', async () => {
    world.approvedPr('Add gift cards');
    await world.release({ comment: 'true' }, { token: COMMENTER });
    expect(world.gh.log.filter((e) => /\/comments/.test(e.path))).toEqual([]);
  });

  it('is off by default', async () => {
    const pr = world.approvedPr('Add gift cards');
    await world.release({}, { token: COMMENTER, event: labeledEvent(pr) });
    expect(world.gh.log.filter((e) => /\/comments/.test(e.path))).toEqual([]);
  });
});
