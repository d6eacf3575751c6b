import { describe, expect, it } from '@jest/globals';
import { decide } from '../../src/release/decide.js';
import type { ReleaseFacts, ReleasePolicy } from '../../src/release/model.js';
import { escapeMarkdown } from '../../src/core/markdown.js';
import { renderAuditSection, renderDecisionSummary } from '../../src/release/report.js';
import {
  NOW,
  approvedPr,
  at,
  commit,
  deployment,
  labeled,
  pullRequest,
  releaseFacts,
  actor,
  prCommit,
  releasePolicy,
  schedule
} from './fixtures/release-facts.js';

const summarise = (
  policy: ReleasePolicy,
  facts: ReleaseFacts,
  now: Date,
  outcome: Parameters<typeof renderDecisionSummary>[0]['outcome'] = 'blocked'
): string =>
  renderDecisionSummary({ decision: decide(policy, facts, now), policy, facts, repository: 'acme/shop', tag: 'v1.5.0', outcome });

/** Everything under a `### heading`, up to the next heading. */
function section(markdown: string, heading: string): string {
  const start = markdown.indexOf(`### ${heading}`);
  if (start < 0) return '';
  const rest = markdown.slice(start + heading.length + 4);
  const end = rest.search(/\n#{2,3} |\n<details>/);
  return end < 0 ? rest : rest.slice(0, end);
}

/** New Year freeze, Berlin time; Wednesday 2026-12-30 10:00 CET is inside it. */
const newYear = schedule({ freezes: ['2026-12-20 - 2027-01-03'], timezone: 'Europe/Berlin' });
const IN_FREEZE = at('2026-12-30T09:00');

describe('renderDecisionSummary', () => {
  it('names the pull request lacking approval and the label an approver must apply', () => {
    const facts = releaseFacts({ pullRequests: [approvedPr(11), pullRequest({ number: 12, title: 'Add checkout' })] });
    const summary = summarise(releasePolicy(), facts, NOW);

    expect(summary).toMatch(/^## ⛔ Release of `v1\.5\.0` blocked\n\nNot released: #12 lacks approval\./);
    const row = summary.split('\n').find((line) => line.startsWith('| [#12]'));
    expect(row).toContain('Add checkout');
    expect(row).toContain('❌ not approved');
    expect(row).toContain('1 more approval (0 of 1)');
    expect(summary.split('\n').find((line) => line.startsWith('| [#11]'))).toContain('@alice (Tue 2026-03-03 10:00 UTC)');

    const unblock = section(summary, 'To unblock');
    expect(unblock).toContain('applies `release-approved` to [#12](https://github.com/acme/shop/pull/12)');
    expect(unblock).toContain('@alice, @bob, @acme/release-managers');
    expect(unblock).not.toContain('#11');
  });

  it('explains why an existing label did not count', () => {
    const stale = pullRequest({ number: 12, labelEvents: [labeled('release-approved', 'bob', '2026-03-03T08:00')] });
    const summary = summarise(releasePolicy(), releaseFacts({ pullRequests: [stale] }), NOW);
    const row = summary.split('\n').find((line) => line.startsWith('| [#12]'));
    expect(row).toContain('`release-approved` by @bob: applied before the last push (Tue 2026-03-03 09:00 UTC)');
    expect(section(summary, 'To unblock')).toContain('re-apply it');
  });

  it('shows the freeze in force and when it ends in the configured zone, and how to get past it', () => {
    const summary = summarise(releasePolicy({ schedule: newYear }), releaseFacts(), IN_FREEZE);
    expect(summary).toContain('Not released: the freeze `2026-12-20 - 2027-01-03` is in force until Mon 2027-01-04 00:00 CET.');
    expect(section(summary, 'Calendar')).toContain('❄️ Freeze `2026-12-20 - 2027-01-03` is in force until Mon 2027-01-04 00:00 CET.');
    expect(section(summary, 'To unblock')).toContain(
      'wait until Mon 2027-01-04 00:00 CET or have an emergency approver (@oncall) apply `emergency`'
    );
  });

  it('says when a freeze cannot be bypassed because nobody may declare an emergency', () => {
    const policy = releasePolicy({ schedule: newYear, approval: { emergencyApprovers: [] } });
    expect(section(summarise(policy, releaseFacts(), IN_FREEZE), 'To unblock')).toContain('cannot be bypassed');
  });

  it('shows the next opening when outside every window', () => {
    const weekdays = schedule({ windows: ['Mon-Fri 09:00-17:00'], timezone: 'America/New_York' });
    const summary = summarise(releasePolicy({ schedule: weekdays }), releaseFacts(), at('2026-03-07T15:00'));
    const calendar = section(summary, 'Calendar');
    expect(calendar).toContain('❌ Outside every release window (`Mon-Fri 09:00-17:00`).');
    expect(calendar).toContain('Next opening: Mon 2026-03-09 09:00 EDT.');
  });

  it('shows the emergency that lifted the calendar and the change type', () => {
    const pr = approvedPr(30, {
      labelEvents: [labeled('release-approved', 'alice', '2026-12-30T08:00'), labeled('emergency', 'oncall', '2026-12-30T08:30')]
    });
    const summary = summarise(releasePolicy({ schedule: newYear }), releaseFacts({ pullRequests: [pr] }), IN_FREEZE, 'released');
    expect(summary).toContain('## ✅ Released `v1.5.0`');
    expect(summary).toContain('change type **emergency**');
    expect(section(summary, 'Calendar')).toContain('🚨 Emergency: @oncall applied `emergency` to #30 at Wed 2026-12-30 09:30 CET, lifting the calendar.');
    expect(summary).not.toContain('To unblock');
  });

  it('reports each required environment and what to do about a missing deployment', () => {
    const policy = releasePolicy({ requireDeployment: ['staging', 'production'] });
    const facts = releaseFacts({ deployments: [deployment('staging', { state: 'failure' })] });
    const summary = summarise(policy, facts, NOW);
    const deployments = section(summary, 'Deployments');
    expect(deployments).toMatch(/\| staging \| ❌ `failure` \| 4242 of `abc1234` \|/);
    expect(deployments).toMatch(/\| production \| ❌ not deployed \|/);
    const unblock = section(summary, 'To unblock');
    expect(unblock).toContain('redeploy `abc1234` to staging');
    expect(unblock).toContain('deploy `abc1234` to production');
  });

  it('shows for each pull request when its branch was last pushed and which record says so', () => {
    const known = approvedPr(11, { pushSource: 'repository activity: push by @author' });
    const unknown = pullRequest({ number: 12, lastPushAt: null, pushes: null, fromFork: true, pushSource: 'no check suite on the fork head' });
    const summary = summarise(releasePolicy(), releaseFacts({ pullRequests: [known, unknown] }), NOW);
    const rows = summary.split('\n');
    expect(rows.find((line) => line.startsWith('| [#11]'))).toMatch(/\| Tue 2026-03-03 09:00 UTC \(repository activity: push by @author\) \|$/);
    const row12 = rows.find((line) => line.startsWith('| [#12]')) ?? '';
    expect(row12).toMatch(/\| unknown \(no check suite on the fork head\) \|$/);
    expect(section(summary, 'To unblock')).toContain('no record bounds its last push (no check suite on the fork head)');
  });

  it('names the commit that makes an approver a contributor', () => {
    const pr = pullRequest({
      number: 12,
      commits: [prCommit('c1', 'author'), prCommit('a2', 'author', { committer: actor('alice'), headline: 'Fixup' })],
      labelEvents: [labeled('release-approved', 'alice', '2026-03-03T10:00')]
    });
    const row = summarise(releasePolicy(), releaseFacts({ pullRequests: [pr] }), NOW).split('\n').find((line) => line.startsWith('| [#12]'));
    expect(row).toContain("`release-approved` by @alice: wrote or pushed code in it (committed a200000 'Fixup')");
  });

  it('says which rule made a pull request standard, and which path broke it for another', () => {
    const docs = pullRequest({ number: 41, files: [{ path: 'docs/a.md', previousPath: null, change: 'modified' }] });
    const moved = pullRequest({ number: 42, files: [{ path: 'docs/old/auth.js', previousPath: 'src/auth.js', change: 'renamed' }] });
    const summary = summarise(releasePolicy(), releaseFacts({ pullRequests: [docs, moved] }), NOW);
    const rows = summary.split('\n');
    expect(rows.find((line) => line.startsWith('| [#41]'))).toContain(
      'pre-approved (`standard-change-paths`): every changed path, old paths of moved files included, matches docs/\\*\\*, \\*\\*/\\*.md'
    );
    expect(rows.find((line) => line.startsWith('| [#42]'))).toContain(
      'not a standard change: src/auth.js (moved to docs/old/auth.js) is outside the standard-change paths'
    );
  });

  it('lists the associations it did not count, per commit, in the detail', () => {
    const facts = releaseFacts({
      pullRequests: [approvedPr(12)],
      commits: [
        { ...commit('abc1234', [12], 'Add checkout'), ignored: [{ pullRequest: 'acme/shop#7', why: 'merged into develop' }] },
        { ...commit('dead123', [], 'Quick fix'), rechecked: true }
      ]
    });
    const summary = summarise(releasePolicy(), facts, NOW);
    expect(summary).toContain('<details><summary>Associations not counted (1 commit)</summary>');
    expect(summary).toContain('- `abc1234` Add checkout: acme/shop#7 (merged into develop)');
    expect(section(summary, 'Commits without a pull request')).toContain('still was when read again');
  });

  it('lists commits that came without a pull request', () => {
    const facts = releaseFacts({ pullRequests: [approvedPr(12)], commits: [commit('abc1234', [12]), commit('dead123', [], 'Quick fix')] });
    const summary = summarise(releasePolicy(), facts, NOW);
    expect(section(summary, 'Commits without a pull request')).toContain("dead123 'Quick fix'");
  });

  it('escapes pipes and Markdown in titles so the table keeps its columns', () => {
    const pr = pullRequest({ number: 12, title: 'Fix | split *all* [links](x) <b>' });
    const summary = summarise(releasePolicy(), releaseFacts({ pullRequests: [pr] }), NOW);
    const row = summary.split('\n').find((line) => line.startsWith('| [#12]')) ?? '';
    expect(row).toContain('Fix \\| split \\*all\\* \\[links\\](x) \\<b\\>');
    expect(row.split(/(?<!\\)\|/).length - 2).toBe(6);
  });

  it('keeps every reason verbatim in a collapsed block', () => {
    const summary = summarise(releasePolicy(), releaseFacts({ pullRequests: [pullRequest({ number: 12 })] }), NOW);
    expect(summary).toContain('<details><summary>All reasons (1)</summary>');
    expect(summary).toContain("[missing-approval] #12 'Change 12' has 0 of 1 required approvals; label it `release-approved`");
  });

  it('states a dry run and an up-to-date repository plainly', () => {
    expect(summarise(releasePolicy(), releaseFacts(), NOW, 'dry-run')).toMatch(/^## 🧪 Dry run: `v1\.5\.0` would be released/);
    const upToDate = summarise(releasePolicy(), releaseFacts({ pullRequests: [], commits: [] }), NOW, 'up-to-date');
    expect(upToDate).toContain('no new commits since `v1.4.0`');
  });
});

describe('escapeMarkdown', () => {
  it('escapes characters Markdown acts on and flattens newlines', () => {
    expect(escapeMarkdown('a|b *c* _d_ `e`\nf')).toBe('a\\|b \\*c\\* \\_d\\_ \\`e\\` f');
  });
});

describe('renderAuditSection', () => {
  it('records who approved each pull request and when, the calendar rule and the deployment', () => {
    const weekdays = schedule({ windows: ['Mon-Fri 09:00-17:00'], timezone: 'Europe/Berlin' });
    const policy = releasePolicy({ schedule: weekdays, requireDeployment: ['production'] });
    const facts = releaseFacts({
      pullRequests: [approvedPr(12, { title: 'Add checkout' }), pullRequest({ number: 40, author: 'dependabot[bot]' })],
      deployments: [deployment('production')]
    });
    const decision = decide(policy, facts, NOW);
    const audit = renderAuditSection({ decision, policy, facts, now: NOW });
    expect(audit).toMatch(/^## Release audit\n/);
    expect(audit).toContain('**Change type:** normal');
    expect(audit).toContain(
      '[#12](https://github.com/acme/shop/pull/12) Add checkout: approved by @alice (`release-approved`, Tue 2026-03-03 11:00 CET), ' +
        'after the last push at Tue 2026-03-03 10:00 CET (repository activity)'
    );
    expect(audit).toContain('Change 40: standard change (`standard-change-authors`): every commit authored and pushed by dependabot\\[bot\\]');
    expect(audit).toContain('**Calendar:** release window `Mon-Fri 09:00-17:00`; no freeze in force');
    expect(audit).toContain(
      '**Deployment to production:** deployment 4242 of `abc1234`, status `success`, created Tue 2026-03-03 12:30 CET by deploy-bot[bot], <https://production.shop.example>'
    );
  });

  it('says when no windows are configured and records an emergency with who declared it', () => {
    const plain = releaseFacts();
    const policy = releasePolicy();
    expect(renderAuditSection({ decision: decide(policy, plain, NOW), policy, facts: plain, now: NOW })).toContain(
      '**Calendar:** no windows configured; no freeze in force'
    );

    const frozen = releasePolicy({ schedule: schedule({ freezes: ['2026-12-20 - 2027-01-03'], timezone: 'Europe/Berlin' }) });
    const pr = approvedPr(30, {
      labelEvents: [labeled('release-approved', 'alice', '2026-12-30T08:00'), labeled('emergency', 'oncall', '2026-12-30T08:30')]
    });
    const facts = releaseFacts({ pullRequests: [pr] });
    const audit = renderAuditSection({ decision: decide(frozen, facts, IN_FREEZE), policy: frozen, facts, now: IN_FREEZE });
    expect(audit).toContain('**Change type:** emergency');
    expect(audit).toContain('emergency `emergency` applied to #30 by @oncall at Wed 2026-12-30 09:30 CET');
  });

  it('stays within a small budget with many pull requests, summarising instead of cutting a line', () => {
    const policy = releasePolicy();
    const many = Array.from({ length: 300 }, (_, i) => approvedPr(i + 1, { title: `Feature number ${i + 1} with a fairly long title` }));
    const facts = releaseFacts({ pullRequests: many });
    const decision = decide(policy, facts, NOW);
    const full = renderAuditSection({ decision, policy, facts, now: NOW });
    expect(full.length).toBeGreaterThan(2000);

    const audit = renderAuditSection({ decision, policy, facts, now: NOW, maxChars: 2000 });
    expect(audit.length).toBeLessThanOrEqual(2000);
    const lines = audit.split('\n');
    const last = lines[lines.length - 1] ?? '';
    const shown = lines.filter((line) => line.startsWith('- [#')).length;
    expect(shown).toBeGreaterThan(0);
    expect(last).toBe(`- ... and ${300 - shown} more pull requests approved; see the job summary`);
    const fullLines = new Set(full.split('\n'));
    for (const line of lines.slice(0, -1)) expect(fullLines.has(line)).toBe(true);
  });

  it('returns the whole section when it fits, and only whole lines when even the header does not', () => {
    const policy = releasePolicy();
    const facts = releaseFacts();
    const decision = decide(policy, facts, NOW);
    const full = renderAuditSection({ decision, policy, facts, now: NOW });
    expect(renderAuditSection({ decision, policy, facts, now: NOW, maxChars: full.length })).toBe(full);

    const tiny = renderAuditSection({ decision, policy, facts, now: NOW, maxChars: 60 });
    expect(tiny.length).toBeLessThanOrEqual(60);
    expect(tiny.startsWith('## Release audit')).toBe(true);
    for (const line of tiny.split('\n')) expect(full.split('\n')).toContain(line);
    expect(renderAuditSection({ decision, policy, facts, now: NOW, maxChars: 5 })).toBe('');
  });
});
