/**
 * Likely typos in the release policy become hints in the job summary and a warning, when a release
 * is blocked: they explain the block and never cause one.
 */
import { describe, expect, it } from '@jest/globals';
import { APPROVER, codes, useWorld } from './release-world.js';

const world = useWorld();
const hintRequests = () => world.gh.log.filter((e) => e.path === '/graphql' && JSON.stringify(e.body ?? '').includes('ConfigHints'));

describe('typo hints on a blocked release', () => {
  it('an approval label that does not exist: did you mean the one that does', async () => {
    world.approvedPr('Add gift cards');
    const run = await world.release({ 'approval-labels': 'release-aproved' });

    expect(run.exitCode).toBe(0);
    expect(codes(run)).toEqual(['missing-approval']);
    const hint = `approval-labels: the label \`release-aproved\` does not exist in ${world.repository}, so nobody can have applied it; did you mean \`release-approved\`?`;
    expect(run.warnings).toContain(hint);
    expect(run.stdout).toContain('::warning title=Possible typo in the release-action inputs::');
    expect(run.stdout).toContain('::warning title=Release v1.1.0 blocked::Release v1.1.0 is blocked:');
    expect(run.summary).toContain(`**Hints** (possible typos in the inputs):\n- ${hint}`);
    // The log folds each phase: gather, decide (blocked: no write), then the typo hints.
    const groups = run.stdout.split('\n').filter((l) => l.startsWith('::group::'));
    expect(groups).toEqual([
      expect.stringMatching(/^::group::Release v1\.1\.0: Gather: [0-9a-f]{12}, the latest release and the commits since it$/),
      '::group::Release v1.1.0: Gather: tag v1.1.0, the range and where the policy comes from',
      expect.stringMatching(/^::group::Release v1\.1\.0: Gather: the pull requests from v1\.0\.0 to [0-9a-f]{7}, their approvals, pushes and deployments$/),
      '::group::Release v1.1.0: Decide',
      '::group::Hints: looking for typos in the inputs'
    ]);
    expect(run.stdout).toMatch(/::group::Release v1\.1\.0: Decide\n1 pull request and \d+ commits? checked: blocked, 1 reason\.\n::endgroup::/);
  });

  it('an approval label nothing resembles: lists the labels there are', async () => {
    world.approvedPr('Add gift cards');
    const run = await world.release({ 'approval-labels': 'ship-it' });
    expect(run.warnings.join('\n')).toContain('the label `ship-it` does not exist');
    expect(run.warnings.join('\n')).toContain('Labels there: `release-approved`; or create it, so approvers can apply it.');
  });

  it('a required environment that never had a deployment, and an approver who does not exist', async () => {
    world.approvedPr('Add gift cards');
    world.deploy('success', { environment: 'production', ref: world.repo.tip('main') });
    const run = await world.release({ 'require-deployment': 'prodution', approvers: `${APPROVER}, alcie` });

    expect(codes(run)).toEqual(['not-deployed']);
    expect(run.warnings).toContain(`require-deployment: ${world.repository} has never had a deployment to \`prodution\`; did you mean \`production\`?`);
    expect(run.warnings).toContain('approvers: no GitHub user is called @alcie; check the spelling.');
    expect(hintRequests()).toHaveLength(1);
  });

  it('are not looked for when the release goes out', async () => {
    world.approvedPr('Add gift cards');
    const run = await world.release({ 'emergency-labels': 'hotfx', 'emergency-approvers': APPROVER });
    expect(run.outputs['decision']).toBe('released');
    expect(hintRequests()).toEqual([]);
    expect(run.summary).not.toContain('Hints');
  });
});
