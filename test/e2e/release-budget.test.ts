/**
 * release-action end to end: what a release decision costs of a GITHUB_TOKEN's hourly budgets
 * (1,000 GraphQL points and 1,000 REST requests per repository), measured by the emulator with
 * GitHub's formula. Targets (issue "Real GitHub at scale"): 1,000 pull requests / 4,000 commits
 * at most 100 points, 100 pull requests at most 6, a run that finds nothing new at most 2.
 * When the points run out in the middle of the range, the step fails plainly and writes nothing.
 */
import { describe, expect, it } from '@jest/globals';
import type { LogEntry } from '../emulator/index.js';
import { APPROVER, AUTHOR, SECOND_APPROVER, useWorld } from './release-world.js';

const world = useWorld();

const AUTHORS = [AUTHOR, 'dave', 'erin', 'frank'];

/** `count` approved pull requests merged after v1.0.0, each with `commits` commits, merged by `method`. */
function seed(count: number, method: 'merge' | 'squash', commits = 1): void {
  for (let i = 1; i <= count; i++) {
    const pr = world.repo.openPullRequest({ author: AUTHORS[i % AUTHORS.length]!, title: `Change number ${i}`, commits });
    world.tick(1);
    world.repo.label(pr, 'release-approved', { by: i % 2 ? APPROVER : SECOND_APPROVER });
    world.tick(1);
    world.repo.merge(pr, { by: APPROVER, method, deleteBranch: true });
    world.tick(1);
  }
}

/** The requests of a run up to its release write (a dry run: all of them), and what they cost. */
function decisionCost(): { entries: LogEntry[]; graphqlPoints: number; graphqlRequests: number; rest: number } {
  const firstWrite = world.gh.log.findIndex((e) => e.method === 'POST' && /\/releases$/.test(e.path));
  const entries = firstWrite < 0 ? world.gh.log : world.gh.log.slice(0, firstWrite);
  const spent = world.gh.points(entries);
  return { entries, graphqlPoints: spent.graphql, graphqlRequests: spent.graphqlRequests, rest: spent.rest };
}

const inputs = { approvers: `${APPROVER}, ${SECOND_APPROVER}` };
const rangeCommits = () => world.repo.compare(world.repo.tags.get('v1.0.0')!.commit, world.target).commits.length;

describe('what a release decision costs', () => {
  it('decides over 100 pull requests with merge commits (400 commits) for at most 6 points', async () => {
    seed(100, 'merge', 3);
    expect(rangeCommits()).toBe(400);

    const run = await world.release({ ...inputs, 'dry-run': 'true' });

    expect(run.outputs).toMatchObject({ decision: 'dry-run' });
    expect(run.reasons).toEqual([]);
    expect(Object.keys(run.approvals)).toHaveLength(100);
    const cost = decisionCost();
    // 1 start + 4 commit pages + 1 batch of pull requests.
    expect(cost.graphqlPoints).toBeLessThanOrEqual(6);
    // The repository activity of 100 branches (creation, pushes, deletion) and the main merges: 1 request per 100 entries.
    expect(cost.rest).toBeLessThanOrEqual(8);
  });

  it('decides over 1,000 pull requests with merge commits (4,000 commits) for at most 100 points', async () => {
    seed(1000, 'merge', 3);
    expect(rangeCommits()).toBe(4000);

    const run = await world.release({ ...inputs, 'dry-run': 'true' });

    expect(run.outputs).toMatchObject({ decision: 'dry-run' });
    expect(run.reasons).toEqual([]);
    const cost = decisionCost();
    expect(cost.graphqlPoints).toBeLessThanOrEqual(100);
    expect(cost.rest).toBeLessThanOrEqual(80);
  });

  it('decides over 1,000 squash-merged pull requests for at most 100 points', async () => {
    seed(1000, 'squash');
    expect(rangeCommits()).toBe(1000);

    const run = await world.release({ ...inputs, 'dry-run': 'true' });

    expect(run.reasons).toEqual([]);
    const cost = decisionCost();
    expect(cost.graphqlPoints).toBeLessThanOrEqual(25);
    expect(cost.rest).toBeLessThanOrEqual(60);
  });

  it('spends at most 2 points when there is nothing new to release', async () => {
    seed(3, 'squash');
    world.repo.addRelease({ tag_name: 'v1.1.0', by: APPROVER, target_commitish: world.target });

    const run = await world.release({ ...inputs, tag: 'v1.2.0' });

    expect(run.outputs).toMatchObject({ released: 'false', decision: 'up-to-date' });
    const cost = decisionCost();
    expect(cost.graphqlPoints).toBeLessThanOrEqual(2);
    expect(cost.rest).toBe(0);
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
    // Enough for the first query (the start, with the first 100 commits of the range), not the second page.
    world.gh.rateLimits.setRemaining('github-actions[bot]', 'graphql', 1);

    const run = await world.release({ approvers: APPROVER });

    expect(run.exitCode).toBe(1);
    expect(run.outputs['released']).toBeUndefined();
    expect(run.errors).toHaveLength(1);
    const error = run.errors[0]!;
    expect(error).toContain("GitHub's hourly budget of GraphQL points is used up (primary rate limit): 0 of 1,000 points left this hour");
    expect(error).toContain(`it resets at ${resetText()}`);
    expect(error).toMatch(/this run had used at least 1 GraphQL points? \(1 quer(y|ies)\)/);
    expect(error).not.toMatch(/permission/i);
    expect(run.summary).toContain('GraphQL points is used up');
    // The third GraphQL request (second page) was refused; nothing was retried or written.
    expect(world.gh.requests('POST', '/graphql').map((e) => e.points)).toEqual([1, 0]);
    expect(world.releaseWrites()).toEqual([]);
    expect(world.gh.log.filter((e) => e.method !== 'GET' && e.path !== '/graphql')).toEqual([]);
    expect(world.releases('v1.1.0')).toEqual([]);
    expect(world.repo.tags.has('v1.1.0')).toBe(false);
  });

  it('releases 150 pull requests with exactly the 4 points they cost, and fails with one point less, writing nothing', async () => {
    seedRange();
    world.gh.rateLimits.setRemaining('github-actions[bot]', 'graphql', 3);
    const short = await world.release({ approvers: APPROVER });
    expect(short.exitCode).toBe(1);
    expect(short.errors[0]).toContain("GitHub's hourly budget of GraphQL points is used up (primary rate limit)");
    expect(world.releases('v1.1.0')).toEqual([]);
    expect(world.repo.tags.has('v1.1.0')).toBe(false);

    world.gh.clearLog();
    world.gh.rateLimits.setRemaining('github-actions[bot]', 'graphql', 4);
    const run = await world.release({ approvers: APPROVER });
    expect(run.outputs).toMatchObject({ released: 'true', decision: 'released' });
    // The start (with the first 100 commits and the write's first checks), the second page of commits, and the
    // pull requests' details in two batches of 100 by node id.
    expect(world.gh.requests('POST', '/graphql').map((e) => e.points)).toEqual([1, 1, 1, 1]);
  });
});
