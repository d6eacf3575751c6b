/**
 * release-action end to end: a release train (require-approval: false) releases whatever was
 * merged when its window opens, with no approval labels; freezes and block labels still stop it.
 */
import { describe, expect, it } from '@jest/globals';
import { codes, freezeNow, useWorld, windowOpenNow } from './release-world.js';

const world = useWorld();

describe('release train', () => {
  it('releases unlabelled pull requests in an open window as a standard change, and the audit says why', async () => {
    const first = world.open('Add gift cards');
    world.merge(first);
    const second = world.open('Fix VAT rounding');
    world.merge(second);

    const run = await world.release({ 'require-approval': 'false', windows: windowOpenNow() });

    expect(run.exitCode).toBe(0);
    expect(run.outputs).toMatchObject({ released: 'true', decision: 'released', 'change-type': 'standard' });
    const body = world.releases('v1.1.0')[0]!.body ?? '';
    expect(body).toContain('- **Change type:** standard (pre-approved by the release schedule: a release train, no approval labels required)');
    expect(body).toContain(`Fix VAT rounding: standard change: pre-approved by the release schedule`);
    expect(run.summary).toContain('pre-approved by the release schedule');
    // The calendar at a glance: the window as a gantt chart and a list.
    expect(run.summary).toContain('#### Release calendar: the next 14 days (UTC)');
    expect(run.summary).toContain('```mermaid\ngantt');
  });

  it("carries the release's own figures: each pull request's wait from merge to release, deployments since the previous release", async () => {
    const pr = world.open('Add gift cards');
    world.merge(pr);
    world.deploy('failure');
    world.deploy('success');

    const run = await world.release({ 'require-approval': 'false', 'require-deployment': 'production' });

    expect(run.outputs['decision']).toBe('released');
    const body = world.releases('v1.1.0')[0]!.body ?? '';
    expect(body).toContain('### Release figures');
    expect(body).toMatch(new RegExp(`Lead time \\(merged → released\\):\\*\\* median [\\d.]+ (min|h|d) over 1 pull request: \\[#${pr.number}\\]`));
    expect(body).toContain('- **production since v1.0.0 (');
    expect(body).toContain('2 deployments, 1 failed, recovered in median 10 min.');
    expect(run.summary).toContain('### Release figures');
  });

  it('waits for the freeze to end and still honours block labels', async () => {
    const pr = world.open('Risky migration');
    world.label(pr, 'do-not-release', 'alice');
    world.merge(pr);
    const freeze = freezeNow();

    const run = await world.release({ 'require-approval': 'false', freezes: freeze.rule });

    expect(run.outputs).toMatchObject({ released: 'false', decision: 'blocked', 'next-window': freeze.ends.toISOString() });
    expect(codes(run)).toEqual(['blocked-label', 'freeze']);
    expect(world.releaseWrites()).toEqual([]);
  });

  it('with approvals required (the default) the same history is not released', async () => {
    world.merge(world.open('Add gift cards'));
    const run = await world.release({ windows: windowOpenNow() });
    expect(run.outputs['decision']).toBe('blocked');
    expect(codes(run)).toEqual(['missing-approval']);
  });
});
