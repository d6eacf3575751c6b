/** release-action's logic in-process against the emulator, with a clock the test controls. */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { connect } from '../../src/core/github/client.js';
import { Inputs } from '../../src/core/inputs.js';
import { readReleaseConfig } from '../../src/release/config.js';
import { runRelease } from '../../src/release/run.js';
import { startEmulator, type Emulator } from '../emulator/index.js';
import { testContext } from '../support/context.js';

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(async () => {
  await emulator.close();
});

describe('the calendar is checked again just before the release is written', () => {
  it('does not release when the window closes while facts are gathered', async () => {
    emulator.state.clock.set('2026-11-23T08:00:00Z');
    const repo = emulator.state.createRepo('acme', 'window-closing');
    emulator.state.addToken('ghs_run', 'github-actions[bot]', { contents: 'write', 'pull-requests': 'read', issues: 'read', metadata: 'read' });
    repo.setPermission('alice', 'write');
    repo.commit({ message: 'Initial', files: ['a.ts'] });
    repo.addRelease({ tag_name: 'v1.0.0', by: 'alice', target_commitish: repo.tip('main') });
    const pr = repo.openPullRequest({ author: 'carol', title: 'Add search', files: ['search.ts'], at: '2026-11-23T08:10:00Z' });
    repo.label(pr, 'release-approved', { by: 'alice', at: '2026-11-23T08:20:00Z' });
    repo.merge(pr, { by: 'carol', method: 'squash', at: '2026-11-23T08:30:00Z' });

    const context = testContext({ sha: repo.tip('main'), apiUrl: emulator.apiUrl, graphqlUrl: emulator.graphqlUrl }, repo.fullName);
    const config = readReleaseConfig(
      new Inputs((name) => ({ tag: 'v1.1.0', windows: 'Mon-Fri 09:00-10:00', approvers: 'alice', 'generate-notes': 'true' })[name] ?? ''),
      context,
      () => undefined
    );
    // The first reading is inside the window; every later one is after it closed.
    const readings = ['2026-11-23T09:59:58Z'];
    const now = () => new Date(readings.shift() ?? '2026-11-23T10:00:01Z');
    const gh = connect(context, 'ghs_run', 'release-action', undefined);
    try {
      const workflowRef = `${repo.fullName}/.github/workflows/release.yml@refs/heads/main`;
      const outcome = await runRelease(config, { gh, context, log: { info: () => undefined, warning: () => undefined }, now, workflowRef });
      expect(outcome.decision).toBe('blocked');
      expect(outcome.reasons.map((r) => r.code)).toEqual(['outside-window']);
      expect(repo.releases.map((r) => r.tagName)).toEqual(['v1.0.0']);
      expect(emulator.requests('POST', `/repos/${repo.fullName}/releases`)).toHaveLength(0);
    } finally {
      gh.close();
    }
    emulator.assertNoViolations();
  });
});
