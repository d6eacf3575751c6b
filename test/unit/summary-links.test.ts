/** Commit SHAs in the release summaries link to the commit, on github.com or a GitHub Enterprise Server. */
import { describe, expect, it } from '@jest/globals';
import { decide } from '../../src/release/decide.js';
import { renderDecisionSummary } from '../../src/release/report.js';
import { renderSettledSummary } from '../../src/release/settled-summary.js';
import { NOW, TARGET, approvedPr, releaseFacts, releasePolicy } from './fixtures/release-facts.js';

describe('linked commits', () => {
  it('the decision summary links the released commit, on the server the run is on', () => {
    const policy = releasePolicy();
    const facts = releaseFacts({ pullRequests: [approvedPr(1)] });
    const summary = renderDecisionSummary({
      decision: decide(policy, facts, NOW),
      policy,
      facts,
      repository: 'acme/shop',
      tag: 'v1.5.0',
      outcome: 'released',
      serverUrl: 'https://ghe.example.com/'
    });
    const link = `[\`${TARGET.slice(0, 7)}\`](https://ghe.example.com/acme/shop/commit/${TARGET})`;
    expect(summary).toContain(`Released acme/shop at ${link}`);
    expect(summary).toContain(`Commit ${link}`);
  });

  it('the nothing-to-do summaries too', () => {
    const base = { tag: 'v1.5.0', target: TARGET, previousTag: 'v1.4.0', serverUrl: 'https://github.com', repository: 'acme/shop' };
    expect(renderSettledSummary({ ...base, outcome: 'up-to-date' })).toBe(
      `## ✅ Up to date\n\nNothing to release in acme/shop: the latest release \`v1.4.0\` already contains [\`${TARGET.slice(0, 7)}\`](https://github.com/acme/shop/commit/${TARGET}). Nothing was written.\n`
    );
    expect(renderSettledSummary({ ...base, outcome: 'already-released', releaseUrl: 'https://github.com/acme/shop/releases/tag/v1.5.0' })).toContain(
      '## ✅ [`v1.5.0`](https://github.com/acme/shop/releases/tag/v1.5.0) is already released'
    );
  });
});
