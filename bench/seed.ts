/** The repositories the benchmark runs against, seeded into the emulator once. */
import type { Emulator } from '../test/emulator/index.js';
import type { Repo } from '../test/emulator/state.js';

export const DEPLOY_TOKEN = 'ghs_bench_deploy';
export const RELEASE_TOKEN = 'ghs_bench_release';

/** Earlier deployments seeded into the production environment of the long-history scenario. */
export const LONG_HISTORY = 220;

/**
 * A repository whose environments hold one active deployment each, as in steady use, and
 * optionally a long production history (older deployments inactive, as deploy-action leaves them).
 */
export function seedDeployRepo(gh: Emulator, name: string, history = 0): { repo: Repo; sha: string } {
  const repo = gh.state.createRepo('acme', name);
  const sha = repo.commit({ message: 'Add checkout page', branch: 'main' }).sha;
  for (let i = 0; i < history; i++) repo.deploy({ ref: sha, by: 'github-actions[bot]', environment: 'production', state: 'inactive' });
  repo.deploy({ ref: sha, by: 'github-actions[bot]', environment: 'production', state: 'success', environmentUrl: 'https://shop.example.com' });
  repo.deploy({ ref: sha, by: 'github-actions[bot]', environment: 'staging', state: 'success', environmentUrl: 'https://staging.shop.example.com' });
  return { repo, sha };
}

/** How pull requests land on the default branch. */
export type HistoryShape = 'squash' | 'merge';

export const SHAPES: Record<HistoryShape, string> = {
  squash: 'squash-merged (1 commit per pull request)',
  merge: 'merge commits (3 commits + 1 merge commit per pull request)'
};

/**
 * A release of `count` pull requests merged after the previous release tag (squash: one commit
 * each; merge: three commits and a merge commit each), each labelled by a non-approver,
 * unlabelled, then labelled by a listed approver; the target is deployed to production.
 * `released`: the target is already released as v1.1.0, so a scheduled run finds nothing new.
 */
export function seedReleaseRepo(gh: Emulator, count: number, shape: HistoryShape = 'squash', options: { released?: boolean; prefix?: string } = {}): { repo: Repo; target: string; seedMs: number } {
  const started = performance.now();
  const clock = gh.state.clock;
  clock.set(new Date(Date.now() - 7 * 24 * 3600_000));
  const name = `${options.prefix ?? ''}shop-${count}${shape === 'squash' ? '' : `-${shape}`}${options.released ? '-released' : ''}`;
  const repo = gh.state.createRepo('acme', name);
  repo.setPermission('alice', 'write').setPermission('bob', 'maintain').setPermission('mallory', 'triage');
  repo.tag('v1.0.0');
  repo.addRelease({ tag_name: 'v1.0.0', by: 'alice' });
  for (let i = 0; i < count; i++) {
    clock.advance({ seconds: 10 });
    const pr = repo.openPullRequest({ author: `dev${i % 7}`, title: `Change ${i + 1}`, ...(shape === 'merge' ? { commits: 3 } : {}) });
    clock.advance({ seconds: 10 });
    repo.label(pr, 'release-approved', { by: 'mallory' });
    clock.advance({ seconds: 10 });
    repo.unlabel(pr, 'release-approved', { by: 'mallory' });
    clock.advance({ seconds: 10 });
    repo.label(pr, 'release-approved', { by: 'alice' });
    clock.advance({ seconds: 10 });
    repo.merge(pr, { by: 'alice', method: shape });
  }
  const target = repo.tip('main');
  clock.advance({ minutes: 5 });
  repo.deploy({ ref: target, by: 'github-actions[bot]', environment: 'production', state: 'success', environmentUrl: 'https://shop.example.com' });
  if (options.released) {
    clock.advance({ minutes: 5 });
    repo.addRelease({ tag_name: 'v1.1.0', by: 'alice', target_commitish: target });
  }
  clock.real();
  return { repo, target, seedMs: performance.now() - started };
}
