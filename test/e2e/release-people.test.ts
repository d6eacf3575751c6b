/**
 * release-action end to end: who may approve (teams, repository permissions), emergency
 * changes, and pre-approved standard changes.
 */
import { beforeEach, describe, expect, it } from '@jest/globals';
import { APPROVER, APP_TOKEN, OUTSIDER, TEAM, codes, freezeNow, useWorld } from './release-world.js';

const world = useWorld();

const membership = (login: string) => world.gh.requests('GET', `/orgs/acme/teams/release-managers/memberships/${login}`);

describe('team approvers (org/team)', () => {
  it('counts a label applied by a team member when the token can read membership', async () => {
    const pr = world.approvedPr('Add gift cards', { approver: 'rita' });

    const run = await world.release({ approvers: TEAM }, { token: APP_TOKEN });

    expect(run.exitCode).toBe(0);
    expect(run.outputs).toMatchObject({ released: 'true', decision: 'released' });
    expect(run.approvals[String(pr.number)]?.map((a) => a.login)).toEqual(['rita']);
    expect(membership('rita')).toHaveLength(1);
    expect(world.releases('v1.1.0')[0]?.body).toContain('approved by @rita');
  });

  it('does not count a label applied by someone outside the team', async () => {
    world.approvedPr('Add gift cards', { approver: OUTSIDER });

    const run = await world.release({ approvers: TEAM }, { token: APP_TOKEN });

    expect(run.outputs['decision']).toBe('blocked');
    expect(codes(run)).toEqual(['approval-by-non-approver', 'missing-approval']);
    expect(run.reasons[0]?.message).toContain(`(approvers: @${TEAM})`);
    expect(membership(OUTSIDER)).toHaveLength(1);
    expect(world.releaseWrites()).toEqual([]);
  });

  it('fails the step when the token cannot read team membership (GITHUB_TOKEN), and releases nothing', async () => {
    world.approvedPr('Add gift cards', { approver: 'rita' });

    const run = await world.release({ approvers: TEAM });

    expect(run.exitCode).toBe(1);
    expect(run.outputs['released']).toBeUndefined();
    const error = run.errors.join('\n');
    expect(error).toContain(`The token cannot read the membership of team ${TEAM} (HTTP 403)`);
    expect(error).toContain('members: read');
    expect(run.summary).toContain('### Tollgate release failed');
    expect(run.summary).toContain(`The token cannot read the membership of team ${TEAM}`);
    expect(world.releases('v1.1.0')).toEqual([]);
    expect(world.releaseWrites()).toEqual([]);
  });

  it('needs no membership read for an approver listed by login next to a team', async () => {
    world.approvedPr('Add gift cards');

    const run = await world.release({ approvers: `${APPROVER}, ${TEAM}` });

    expect(run.outputs['decision']).toBe('released');
    expect(world.gh.requests('GET', '/orgs/*')).toEqual([]);
  });
});

describe('opt-ins', () => {
  it('allow-bots: true counts a label applied by a listed bot (GraphQL names it without [bot])', async () => {
    const pr = world.approvedPr('Add gift cards', { approver: 'release-bot[bot]' });

    const run = await world.release({ approvers: 'release-bot[bot]', 'allow-bots': 'true' });

    expect(run.outputs).toMatchObject({ released: 'true', decision: 'released' });
    expect(run.approvals[String(pr.number)]?.map((a) => a.login)).toEqual(['release-bot[bot]']);
  });

  it('allow-self-approval: true counts an approver labelling their own pull request', async () => {
    const pr = world.approvedPr('Add gift cards', { author: APPROVER });

    const blocked = await world.release({});
    expect(codes(blocked)).toEqual(['self-approval', 'missing-approval']);

    const run = await world.release({ 'allow-self-approval': 'true' });
    expect(run.outputs).toMatchObject({ released: 'true', decision: 'released' });
    expect(run.approvals[String(pr.number)]?.map((a) => a.login)).toEqual([APPROVER]);
  });
});

describe('empty approvers: repository permission decides', () => {
  it('counts a label applied by someone with write permission', async () => {
    const pr = world.approvedPr('Add gift cards', { approver: 'bob' });

    const run = await world.release({ approvers: '' });

    expect(run.outputs).toMatchObject({ released: 'true', decision: 'released' });
    expect(run.approvals[String(pr.number)]?.map((a) => a.login)).toEqual(['bob']);
    expect(world.gh.requests('GET', `/repos/${world.repository}/collaborators/bob/permission`)).toHaveLength(1);
  });

  it('does not count a label applied by someone with the triage role', async () => {
    world.repo.setPermission('tom', 'triage');
    world.approvedPr('Add gift cards', { approver: 'tom' });

    const run = await world.release({ approvers: '' });

    expect(run.outputs['decision']).toBe('blocked');
    expect(codes(run)).toEqual(['approval-by-non-approver', 'missing-approval']);
    expect(run.reasons[0]?.message).toContain('someone with write, maintain or admin permission on the repository');
    expect(world.releaseWrites()).toEqual([]);
  });
});

describe('emergency changes', () => {
  // Built once per test: a test may straddle midnight.
  let freeze: { rule: string; ends: Date };
  beforeEach(() => {
    freeze = freezeNow();
  });
  const emergency = () => ({ freezes: freeze.rule, 'emergency-labels': 'emergency', 'emergency-approvers': 'ralph' });

  it('an emergency label applied by an emergency approver releases through a freeze', async () => {
    const pr = world.open('Fix the payment outage');
    world.label(pr, 'release-approved', APPROVER);
    world.label(pr, 'emergency', 'ralph');
    world.merge(pr);

    const run = await world.release(emergency());

    expect(run.exitCode).toBe(0);
    expect(run.outputs).toMatchObject({ released: 'true', decision: 'released', 'change-type': 'emergency', 'next-window': '' });
    expect(run.summary).toContain(`🚨 Emergency: @ralph applied \`emergency\` to #${pr.number} at`);
    expect(run.summary).toContain('lifting the calendar');
    const body = world.releases('v1.1.0')[0]?.body ?? '';
    expect(body).toContain('- **Change type:** emergency');
    expect(body).toContain(`emergency \`emergency\` applied to #${pr.number} by @ralph`);
    expect(body).toContain(`freeze \`${freeze.rule}\` in force`);
  });

  it('an emergency approver listed as a team works with a token that reads membership', async () => {
    const pr = world.open('Fix the payment outage');
    world.label(pr, 'release-approved', APPROVER);
    world.label(pr, 'emergency', 'rita');
    world.merge(pr);

    const run = await world.release({ ...emergency(), 'emergency-approvers': TEAM }, { token: APP_TOKEN });

    expect(run.outputs).toMatchObject({ released: 'true', 'change-type': 'emergency' });
  });

  it('an emergency label applied by someone else leaves the freeze in force', async () => {
    const pr = world.open('Fix the payment outage');
    world.label(pr, 'release-approved', APPROVER);
    world.label(pr, 'emergency', OUTSIDER);
    world.merge(pr);

    const run = await world.release(emergency());

    expect(run.outputs).toMatchObject({ released: 'false', decision: 'blocked', 'change-type': 'normal', 'next-window': freeze.ends.toISOString() });
    expect(codes(run)).toEqual(['freeze']);
    expect(run.summary).toContain(`Not released: the freeze \`${freeze.rule}\` is in force until`);
    expect(world.releaseWrites()).toEqual([]);
  });

  it('an emergency never stands in for a missing approval', async () => {
    const pr = world.open('Fix the payment outage');
    world.label(pr, 'emergency', 'ralph');
    world.merge(pr);

    const run = await world.release(emergency());

    expect(run.outputs).toMatchObject({ released: 'false', decision: 'blocked', 'change-type': 'emergency' });
    expect(codes(run)).toEqual(['missing-approval']);
    expect(world.releaseWrites()).toEqual([]);
  });
});

describe('standard changes', () => {
  it('releases a dependabot[bot] pull request without a label when its author is a standard-change author', async () => {
    const pr = world.open('Bump lodash from 4.17.20 to 4.17.21', { author: 'dependabot[bot]', files: ['package.json', 'package-lock.json'] });
    world.merge(pr);

    const blocked = await world.release({});
    expect(codes(blocked)).toEqual(['missing-approval']);
    expect(blocked.reasons[0]?.message).toContain('other than the author @dependabot[bot]');

    const run = await world.release({ 'standard-change-authors': 'dependabot[bot]' });

    expect(run.outputs).toMatchObject({ released: 'true', decision: 'released', 'change-type': 'standard' });
    expect(run.approvals).toEqual({ [String(pr.number)]: [] });
    // Markdown escapes: GitHub renders `dependabot\[bot\]` as dependabot[bot].
    expect(run.summary).toContain(
      '✅ standard change | pre-approved (`standard-change-authors`): every commit authored and pushed by dependabot\\[bot\\]'
    );
    expect(world.releases('v1.1.0')[0]?.body).toContain(
      'Bump lodash from 4.17.20 to 4.17.21: standard change (`standard-change-authors`): every commit authored and pushed by dependabot\\[bot\\]'
    );
  });

  it('releases a docs-only pull request matching standard-change-paths, but not one touching code too', async () => {
    const docs = world.open('Document the checkout', { files: ['docs/checkout.md', 'docs/img/flow.png'] });
    world.merge(docs);
    const inputs = { 'standard-change-paths': 'docs/**' };

    const run = await world.release(inputs);
    expect(run.outputs).toMatchObject({ released: 'true', 'change-type': 'standard' });
    expect(run.summary).toContain('pre-approved (`standard-change-paths`): every changed path, old paths of moved files included, matches docs/\\*\\*');

    const mixed = world.open('Document and change the checkout', { files: ['docs/checkout.md', 'src/checkout.ts'] });
    world.merge(mixed);
    const next = await world.release({ ...inputs, tag: 'v1.2.0' });
    expect(codes(next)).toEqual(['missing-approval']);
    expect(next.reasons[0]?.pull_request).toBe(mixed.number);
  });
});
