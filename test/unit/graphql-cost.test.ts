/**
 * The emulator's GraphQL cost calculator, checked on the worked examples of GitHub's
 * "Rate limits and query limits for the GraphQL API".
 */
import { describe, expect, it } from '@jest/globals';
import { parse } from 'graphql';
import { queryCost } from '../emulator/graphql/cost.js';
import { githubSchema } from '../emulator/graphql/schema.js';

const cost = (query: string, variables: Record<string, unknown> = {}, operationName?: string) =>
  queryCost(githubSchema(), parse(query), variables, operationName);

// GitHub's node-count examples.
const SIMPLE = `query { viewer { repositories(first: 50) { edges { repository: node { name
  issues(first: 10) { totalCount edges { node { title bodyHTML } } } } } } } }`;
const COMPLEX = `query { viewer {
  repositories(first: 50) { edges { repository: node { name
    pullRequests(first: 20) { edges { pullRequest: node { title comments(first: 10) { edges { comment: node { bodyHTML } } } } } }
    issues(first: 20) { totalCount edges { issue: node { title bodyHTML comments(first: 10) { edges { comment: node { bodyHTML } } } } } } } } }
  followers(first: 10) { edges { follower: node { login } } } } }`;
// GitHub's point-cost example.
const POINTS = `query { viewer { login repositories(first: 100) { edges { node { id
  issues(first: 50) { edges { node { id labels(first: 60) { edges { node { id name } } } } } } } } } } }`;

describe("GitHub's GraphQL query cost", () => {
  it('counts nodes as GitHub documents: 550 and 22,060 for its two examples', () => {
    expect(cost(SIMPLE).nodeCount).toBe(550);
    expect(cost(COMPLEX).nodeCount).toBe(22_060);
  });

  it("charges 5,101 requests, 51 points, for GitHub's repositories / issues / labels example", () => {
    expect(cost(POINTS)).toEqual({ requests: 5101, cost: 51, nodeCount: 100 + 5000 + 300_000 });
  });

  it('charges at least 1 point, and rounds to the nearest point', () => {
    expect(cost('{ viewer { login } }').cost).toBe(1);
    expect(cost('{ rateLimit { cost } }')).toEqual({ requests: 0, cost: 1, nodeCount: 0 });
    // 1 + 100 requests → 1.01 → 1; 1 + 100 + 100 → 2.01 → 2 (the simple example: 1 + 50 = 51 → 1).
    expect(cost(SIMPLE).cost).toBe(1);
    expect(cost(COMPLEX).requests).toBe(1 + 50 + 1000 + 50 + 1000 + 1);
    expect(cost(COMPLEX).cost).toBe(21);
  });

  it('counts the release range shape from the field notes as 21 points per page', () => {
    const query = `query($o: String!, $n: String!, $base: String!, $head: String!) { repository(owner: $o, name: $n) { ref(qualifiedName: $base) {
      compare(headRef: $head) { commits(first: 100) { nodes { oid associatedPullRequests(first: 10) { nodes { number
        labels(first: 100) { nodes { name } } timelineItems(last: 100) { nodes { __typename } } } } } } } } } }`;
    expect(cost(query, { o: 'a', n: 'b', base: 'v1', head: 'main' })).toMatchObject({ requests: 1 + 100 + 2000, cost: 21 });
  });

  it('reads first/last from variables, their defaults, and counts aliases separately', () => {
    const query = `query($n: Int = 60, $m: Int!) { viewer { a: repositories(first: 100) { nodes { issues(first: $m) { nodes { labels(first: $n) { totalCount } } } } }
      b: repositories(first: 100) { totalCount } } }`;
    expect(cost(query, { m: 50 })).toMatchObject({ requests: 5101 + 1, cost: 51 });
    expect(cost(query, { m: 50, n: 1 }).nodeCount).toBe(100 + 5000 + 5000 + 100);
  });

  it('follows fragments and inline fragments, and leaves out what @skip / @include remove', () => {
    const query = `query($withLabels: Boolean!, $lean: Boolean = false) { viewer { ...Repos } }
      fragment Repos on User { repositories(first: 100) { nodes { ... on Repository { issues(first: 50) { nodes { ...Labels @include(if: $withLabels) } } } } } }
      fragment Labels on Issue { labels(first: 60) @skip(if: $lean) { totalCount } }`;
    expect(cost(query, { withLabels: true }).cost).toBe(51);
    expect(cost(query, { withLabels: false })).toMatchObject({ requests: 101, cost: 1 });
    expect(cost(query, { withLabels: true, lean: true })).toMatchObject({ requests: 101 });
  });

  it('counts every branch of a union, since any of them may come back', () => {
    const query = `{ repository(owner: "a", name: "b") { pullRequest(number: 1) { timelineItems(first: 100) { nodes {
      ... on LabeledEvent { label { issues(first: 10) { totalCount } } }
      ... on UnlabeledEvent { label { pullRequests(first: 10) { totalCount } } } } } } } }`;
    expect(cost(query)).toMatchObject({ requests: 1 + 100 + 100, nodeCount: 100 + 1000 + 1000 });
  });

  it('costs only the operation that runs', () => {
    const query = `query cheap { viewer { login } } query dear { viewer { repositories(first: 100) { nodes { issues(first: 100) { totalCount } } } } }`;
    expect(cost(query, {}, 'cheap').cost).toBe(1);
    expect(cost(query, {}, 'dear').cost).toBe(1);
    expect(cost(query, {}, 'dear').nodeCount).toBe(10_100);
  });
});
