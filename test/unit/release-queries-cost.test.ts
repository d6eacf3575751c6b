/**
 * What each GraphQL query release-action sends costs by GitHub's formula (every connection
 * counted full at its `first`/`last`, once per possible parent; requests / 100, rounded, at
 * least 1), and what a decision therefore costs. A GITHUB_TOKEN has 1,000 points an hour per
 * repository; targets: 1,000 pull requests / 4,000 commits ≤ 100, 100 pull requests ≤ 6.
 */
import { describe, expect, it } from '@jest/globals';
import { parse, validate } from 'graphql';
import { DETAILS_QUERY, DETAILS_PER_REQUEST, PARENTS_QUERY, followUpQuery } from '../../src/github/pull-request-details.js';
import { RANGE_QUERY, TARGET_QUERY } from '../../src/github/range.js';
import { START_QUERY } from '../../src/github/release-facts.js';
import { queryCost } from '../emulator/graphql/cost.js';
import { githubSchema } from '../emulator/graphql/schema.js';

const cost = (query: string, variables: Record<string, unknown> = {}) => queryCost(githubSchema(), parse(query), variables);

describe('the release queries, by GitHub’s formula', () => {
  it('are valid against GitHub’s schema', () => {
    for (const query of [START_QUERY, RANGE_QUERY, TARGET_QUERY, DETAILS_QUERY, PARENTS_QUERY, followUpQuery('timeline', 50), followUpQuery('files', 1)]) {
      expect(validate(githubSchema(), parse(query))).toEqual([]);
    }
  });

  it('read the first 100 commits since the latest release within the 1 point the start costs anyway', () => {
    // The target's associations (once per tag nesting GitHub may answer), 100 commits and their associations.
    expect(cost(START_QUERY)).toEqual({ requests: 3 + 1 + 100, cost: 1, nodeCount: 15 + 100 + 500 });
  });

  it('charge 1 point per 100 commits: 100 commits, each with at most 5 associations', () => {
    // commits(first: 100) = 1 request; associatedPullRequests(first: 5) inside it = 100 requests.
    expect(cost(RANGE_QUERY)).toEqual({ requests: 101, cost: 1, nodeCount: 600 });
    expect(cost(TARGET_QUERY)).toEqual({ requests: 1, cost: 1, nodeCount: 5 });
  });

  it('charge 1 point per 100 pull requests for their details, files included', () => {
    // nodes(ids:) is a list, not a connection: labels, commits, files, label history and the
    // head commit's check suites are each counted once.
    expect(DETAILS_PER_REQUEST).toBe(100);
    expect(cost(DETAILS_QUERY, { withFiles: true, withCommits: true })).toMatchObject({ requests: 6, cost: 1 });
    expect(cost(DETAILS_QUERY, { withFiles: false, withCommits: true })).toMatchObject({ requests: 5, cost: 1 });
    // deploy-action's emergency: identity, labels and label history only.
    expect(cost(DETAILS_QUERY, { withFiles: false, withCommits: false })).toMatchObject({ cost: 1 });
  });

  it('charge 1 point per 50 pull requests whose labels, commits, files or label history need another page', () => {
    expect(cost(followUpQuery('timeline', 50))).toEqual({ requests: 50, cost: 1, nodeCount: 5000 });
    expect(cost(PARENTS_QUERY)).toMatchObject({ requests: 1, cost: 1 });
  });

  it('keep a decision over 1,000 pull requests and 4,000 commits within 100 points, and 100 / 400 within 6', () => {
    // The start reads the first 100 commits; the write's range start (1 point) is not counted here.
    const decision = (pullRequests: number, commits: number) =>
      cost(START_QUERY).cost +
      (Math.ceil(commits / 100) - 1) * cost(RANGE_QUERY).cost +
      Math.ceil(pullRequests / DETAILS_PER_REQUEST) * cost(DETAILS_QUERY, { withFiles: true, withCommits: true }).cost;
    expect(decision(1000, 4000)).toBe(50);
    expect(decision(100, 400)).toBe(5);
  });
});
