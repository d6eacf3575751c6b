/**
 * release-action end to end: require-deployment means the target is live in the environment now.
 */
import { describe, expect, it } from '@jest/globals';
import { APPROVER, codes, useWorld } from './release-world.js';

const world = useWorld();

describe('require-deployment means live now', () => {
  it('blocks with not-deployed when the environment moved to a commit that does not contain the target, naming it', async () => {
    world.approvedPr('Add gift cards');
    const target = world.target;
    world.deploy('success');
    // A hotfix branch cut from v1.0.0 is deployed over it: the target is no longer live.
    world.repo.branch('hotfix', world.repo.tags.get('v1.0.0')!.commit);
    const hotfix = world.repo.commit({ message: 'Hotfix', branch: 'hotfix', author: APPROVER, files: ['fix.txt'] });
    world.deploy('success', { ref: hotfix.sha });

    const run = await world.release({ 'require-deployment': 'production', target });

    expect(run.outputs).toMatchObject({ released: 'false', decision: 'blocked' });
    expect(codes(run)).toEqual(['not-deployed']);
    expect(run.reasons[0]!.message).toContain(`production runs ${hotfix.sha.slice(0, 7)} now`);
    expect(world.releaseWrites()).toEqual([]);
  });

  it('releases when the environment runs a descendant of the target', async () => {
    world.approvedPr('Add gift cards');
    const target = world.target;
    world.approvedPr('Add the checkout page');
    world.deploy('success');

    const run = await world.release({ 'require-deployment': 'production', target });

    expect(run.outputs).toMatchObject({ released: 'true', decision: 'released' });
    expect(world.repo.tags.get('v1.1.0')?.commit).toBe(target);
  });

  it('a later inactive on the live deployment means nothing is live', async () => {
    world.approvedPr('Add gift cards');
    const deployment = world.deploy('success');
    world.setDeploymentState(deployment, 'inactive');

    const run = await world.release({ 'require-deployment': 'production' });

    expect(run.outputs['decision']).toBe('blocked');
    expect(codes(run)).toEqual(['deployment-not-successful']);
    expect(run.reasons[0]!.message).toContain('is `inactive`');
  });
});
