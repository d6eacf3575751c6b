/**
 * deploy-action end to end: marking old deployments inactive after a production success stays
 * within GitHub's limits on writes (one second apart, at most 80 content-creating requests a
 * minute): at most 50 a run, and the next run continues.
 */
import { describe, expect, it } from '@jest/globals';
import { deployWorld } from './deploy-world.js';

const world = deployWorld();

/** Test-only: the sweep's one-second gap, shortened so that 300 deployments take seconds, not minutes. */
const FAST = { env: { TOLLGATE_TEST_WRITE_GAP_MS: '0' } };

/**
 * With the gap shortened, the emulator's clock stands in for the time the real gap would take:
 * it moves on by a second at each status write. The emulator enforces GitHub's 80
 * content-creating requests a minute on that clock, so a run that wrote more than its bound in a
 * minute would be refused there. Afterwards the clock moves two minutes on (the next test is a
 * later run), and it never goes back.
 */
function pacedClock(): () => void {
  const clock = world.emulator.state.clock;
  const fault = world.emulator.faults.add({ method: 'POST', path: /\/deployments\/\d+\/statuses$/, times: Infinity, before: () => clock.advance(1000) });
  return () => {
    fault.remaining = 0;
    clock.advance(120_000);
  };
}

const mutations = () => world.writes().map((entry) => entry.at.getTime());
/** The most writes the emulator saw within any 60 s window. */
function busiestMinute(times: number[]): number {
  const sorted = [...times].sort((a, b) => a - b);
  let most = 0;
  for (let start = 0, end = 0; end < sorted.length; end++) {
    while (sorted[end]! - sorted[start]! >= 60_000) start++;
    most = Math.max(most, end - start + 1);
  }
  return most;
}

describe('the inactive sweep after a production success', () => {
  it('over 300 active deployments: 50 a run, never more than 80 writes a minute, and the summary says the next run continues', async () => {
    const older = Array.from({ length: 300 }, (_, i) =>
      world.repo.deploy({ ref: world.sha, environment: 'production', state: 'success', by: 'octocat', production: true, description: `release ${i}` })
    );
    world.emulator.clearLog();
    const realTime = pacedClock();

    const first = await world.deploy({ environment: 'production' }, FAST);
    expect(first.exitCode).toBe(0);
    const stillActive = () => older.filter((d) => d.statuses.at(-1)?.state === 'success');
    expect(stillActive()).toHaveLength(250);
    // Newest first: the 50 most recent of the older ones.
    expect(older.slice(250).every((d) => d.statuses.at(-1)?.state === 'inactive')).toBe(true);
    expect(first.summary).toMatch(/Marked inactive \| 50 deployments: .*More are still active: the next run continues \(at most 50 a run/);
    expect(first.stdout).toContain('Marked 50 deployments of production inactive; more are still active, and the next run continues');
    // One page of 100 held more than 50 active ones: no need to read the other two.
    expect(world.emulator.requests('POST', '/graphql')).toHaveLength(1);
    expect(busiestMinute(mutations())).toBeLessThanOrEqual(80);
    expect(mutations()).toHaveLength(52);

    world.emulator.clearLog();
    const second = await world.deploy({ environment: 'production' }, FAST);
    expect(second.exitCode).toBe(0);
    // The newest deployment (the first run's) is replaced too, so 49 of the older ones.
    expect(stillActive()).toHaveLength(201);
    expect(busiestMinute(mutations())).toBeLessThanOrEqual(80);
    expect(world.emulator.log.every((entry) => entry.status < 400)).toBe(true);
    realTime();
  });

  it('when all fit in one run, it says nothing about a next run', async () => {
    for (let i = 0; i < 3; i++) world.repo.deploy({ ref: world.sha, environment: 'production', state: 'success', by: 'octocat', production: true });
    const realTime = pacedClock();
    const result = await world.deploy({ environment: 'production' }, FAST);
    realTime();
    expect(result.exitCode).toBe(0);
    expect(result.summary).toMatch(/Marked inactive \| 3 deployments: /);
    expect(result.summary).not.toContain('next run');
  });

  it('waits at least one second between its writes (GitHub’s guidance for mutative requests)', async () => {
    for (let i = 0; i < 3; i++) world.repo.deploy({ ref: world.sha, environment: 'production', state: 'success', by: 'octocat', production: true });
    world.emulator.clearLog();
    const result = await world.deploy({ environment: 'production' });
    expect(result.exitCode).toBe(0);
    const sweep = world.writes().filter((entry) => (entry.body as { state?: string }).state === 'inactive');
    expect(sweep).toHaveLength(3);
    // A lower bound the pacing guarantees (the answer arrives after the request, the next leaves a second later).
    for (let i = 1; i < sweep.length; i++) expect(sweep[i]!.at.getTime() - sweep[i - 1]!.at.getTime()).toBeGreaterThanOrEqual(990);
  });

  it('stops before the step’s time limit instead of running into it, and says the next run continues', async () => {
    const older = Array.from({ length: 8 }, () => world.repo.deploy({ ref: world.sha, environment: 'production', state: 'success', by: 'octocat', production: true }));
    // 0.1 minutes: 4.5 s of work, 1.5 s a request; at one write a second, not all 8 fit.
    const result = await world.deploy({ environment: 'production', 'timeout-minutes': '0.1' });
    expect(result.exitCode).toBe(0);
    const marked = older.filter((d) => d.statuses.at(-1)?.state === 'inactive').length;
    expect(marked).toBeGreaterThan(0);
    expect(marked).toBeLessThan(8);
    expect(result.warnings.join('\n')).toContain("Stopped marking deployments inactive to stay within the step's time limit (timeout-minutes: 0.1)");
    expect(result.summary).toContain('More are still active: the next run continues');
  });
});
