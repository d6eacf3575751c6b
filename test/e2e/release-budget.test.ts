/**
 * release-action end to end: what a large release costs in requests, and what happens when
 * the GITHUB_TOKEN's GraphQL budget runs out in the middle of the release range.
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

describe('GraphQL budget', () => {
  /** 150 squash-merged, approved pull requests: the release range takes two pages. */
  function seedRange(): void {
    for (let i = 1; i <= 150; i++) {
      const pr = world.repo.openPullRequest({ author: AUTHOR, title: `Change number ${i}` });
      world.tick(1);
      world.repo.label(pr, 'release-approved', { by: APPROVER });
      world.tick(1);
      world.repo.merge(pr, { by: APPROVER, method: 'squash' });
      world.tick(1);
    }
    // The budget's hour runs on real time from here, as the bundle's does.
    world.gh.state.clock.real();
  }

  const resetText = () => `${world.gh.rateLimits.peek('github-actions[bot]', 'graphql').resetAt.toISOString().slice(0, 16).replace('T', ' ')} UTC`;

  it('fails the step when the points run out mid-range, saying which budget, when it resets and what the run used; nothing is written', async () => {
    seedRange();
    // Enough for the first query and the first page of the range (1 + 31 points), not the second.
    world.gh.rateLimits.setRemaining('github-actions[bot]', 'graphql', 32);

    const run = await world.release({ approvers: APPROVER });

    expect(run.exitCode).toBe(1);
    expect(run.outputs['released']).toBeUndefined();
    expect(run.errors).toHaveLength(1);
    const error = run.errors[0]!;
    expect(error).toContain("GitHub's hourly budget of GraphQL points is used up (primary rate limit): 0 of 1,000 points left this hour");
    expect(error).toContain(`it resets at ${resetText()}`);
    expect(error).toMatch(/this run had used at least 32 GraphQL points \(2 queries\)/);
    expect(error).not.toMatch(/permission/i);
    expect(run.summary).toContain('GraphQL points is used up');
    // The third GraphQL request (second page) was refused; nothing was retried or written.
    expect(world.gh.requests('POST', '/graphql').map((e) => e.points)).toEqual([1, 31, 0]);
    expect(world.releaseWrites()).toEqual([]);
    expect(world.gh.log.filter((e) => e.method !== 'GET' && e.path !== '/graphql')).toEqual([]);
    expect(world.releases('v1.1.0')).toEqual([]);
    expect(world.repo.tags.has('v1.1.0')).toBe(false);
  });

  it('does not wait or retry when the next page costs more than the points left', async () => {
    seedRange();
    world.gh.rateLimits.setRemaining('github-actions[bot]', 'graphql', 40);

    const run = await world.release({ approvers: APPROVER });

    expect(run.exitCode).toBe(1);
    expect(run.errors[0]).toContain("GitHub's hourly budget of GraphQL points has too little left for this request (primary rate limit): 8 of 1,000 points left this hour");
    expect(world.gh.requests('POST', '/graphql')).toHaveLength(3);
    expect(world.releases('v1.1.0')).toEqual([]);
    expect(world.repo.tags.has('v1.1.0')).toBe(false);
  });
});
