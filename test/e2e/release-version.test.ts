/**
 * `tag: auto` end to end: the committed bundle chooses the next version from the latest published
 * release and the labels of the pull requests in the release, and the schedule never goes red
 * after a release because the tag is already taken.
 */
import { describe, expect, it } from '@jest/globals';
import { APPROVER, useWorld } from './release-world.js';

const world = useWorld();

describe('tag: auto', () => {
  it('releases a minor version for a feature, and says why in the output and the summary', async () => {
    world.approvedPr('Fix the basket total');
    const feature = world.open('Add gift cards');
    world.label(feature, 'feature', APPROVER);
    world.label(feature, 'release-approved', APPROVER);
    world.merge(feature);

    const run = await world.release({ tag: 'auto' });

    expect(run.exitCode).toBe(0);
    expect(run.outputs).toMatchObject({ decision: 'released', tag: 'v1.1.0' });
    expect(world.releases('v1.1.0')).toHaveLength(1);
    expect(world.releases('v1.1.0')[0]!.name).toBe('v1.1.0');
    expect(run.summary).toContain(`**Version** (\`tag: auto\`): v1.1.0: a minor release after v1.0.0, because of #${feature.number} "Add gift cards" (\`feature\`).`);
  });

  it('moves on after a release: the next scheduled run picks the next patch instead of failing on a taken tag', async () => {
    world.approvedPr('Fix the basket total');
    const first = await world.release({ tag: 'auto' });
    expect(first.outputs).toMatchObject({ decision: 'released', tag: 'v1.0.1' });

    // Nothing new: up to date, green.
    const again = await world.release({ tag: 'auto' });
    expect(again.exitCode).toBe(0);
    expect(again.outputs).toMatchObject({ decision: 'up-to-date' });

    world.approvedPr('Fix the coupon rounding');
    const next = await world.release({ tag: 'auto' });
    expect(next.exitCode).toBe(0);
    expect(next.outputs).toMatchObject({ decision: 'released', tag: 'v1.0.2' });
    expect(next.summary).toContain('v1.0.2: a patch after v1.0.1, as none of the 1 pull request in the release has a major (`breaking`) or minor (`feature`, `enhancement`) label.');
  });

  it('honours tag-prefix and version-labels, and counts only published releases with that prefix', async () => {
    world.repo.addRelease({ tag_name: 'mobile-9.0.0', by: APPROVER, target_commitish: world.target });
    const pr = world.open('Drop the v1 API');
    world.label(pr, 'semver:major', APPROVER);
    world.label(pr, 'release-approved', APPROVER);
    world.merge(pr);

    const run = await world.release({ tag: 'auto', 'tag-prefix': 'v', 'version-labels': 'major: semver:major\nminor: semver:minor' });

    expect(run.outputs).toMatchObject({ decision: 'released', tag: 'v2.0.0' });
  });

  it('fails before writing when the releases use another prefix, naming it', async () => {
    world.approvedPr('Fix the basket total');
    const run = await world.release({ tag: 'auto', 'tag-prefix': 'release-' });
    expect(run.exitCode).toBe(1);
    expect(run.errors[0]).toContain(`Input 'tag-prefix' has the value "release-"`);
    expect(run.errors[0]).toContain('they are tagged like "v1.0.0": set tag-prefix to "v"');
    expect(world.releaseWrites()).toEqual([]);
  });
});
