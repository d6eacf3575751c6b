/**
 * release-action end to end: what a large release costs in requests.
 */
import { describe, expect, it } from '@jest/globals';
import { APPROVER, AUTHOR, SECOND_APPROVER, useWorld } from './release-world.js';

const world = useWorld();

describe('request budget', () => {
  it('decides over 250 squash-merged pull requests in at most ceil(commits / 100) + 5 requests before the release write', async () => {
    const authors = [AUTHOR, 'dave', 'erin', 'frank'];
    for (let i = 1; i <= 250; i++) {
      const pr = world.repo.openPullRequest({ author: authors[i % authors.length]!, title: `Change number ${i}` });
      world.tick(1);
      world.repo.label(pr, 'release-approved', { by: i % 2 ? APPROVER : SECOND_APPROVER });
      world.tick(1);
      world.repo.merge(pr, { by: APPROVER, method: 'squash' });
      world.tick(1);
    }
    const commits = world.repo.compare(world.repo.tags.get('v1.0.0')!.commit, world.target).commits.length;
    expect(commits).toBe(250);

    const run = await world.release({ approvers: `${APPROVER}, ${SECOND_APPROVER}` });

    expect(run.exitCode).toBe(0);
    expect(run.outputs).toMatchObject({ released: 'true', decision: 'released' });
    expect(Object.keys(run.approvals)).toHaveLength(250);
    const firstWrite = world.gh.log.findIndex((e) => e.method === 'POST' && /\/releases$/.test(e.path));
    expect(firstWrite).toBeGreaterThan(0);
    const before = world.gh.log.slice(0, firstWrite);
    expect(before.length).toBeLessThanOrEqual(Math.ceil(commits / 100) + 5);
    expect(world.gh.log.length).toBe(firstWrite + 1);
    const body = world.releases('v1.1.0')[0]?.body ?? '';
    expect(body).toContain('### Pull requests (250)');
    expect(body.length).toBeLessThanOrEqual(125_000);
  });
});
