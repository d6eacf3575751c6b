/**
 * Which facts a release policy needs gathered: the narrow request the GitHub adapters take, so
 * they depend on no release policy, only on what to read.
 */
import type { GatherRequest } from '../github/release-facts.js';
import type { ReleasePolicy } from './model.js';

export type FactsNeeded = Pick<GatherRequest, 'scope' | 'withFiles' | 'people' | 'environments'>;

/** What to read for a decision under this policy. */
export function factsNeeded(policy: ReleasePolicy): FactsNeeded {
  const { approval } = policy;
  return {
    scope: approval.scope,
    withFiles: approval.standardChangePaths.length > 0,
    people: {
      labels: [...approval.labels, ...approval.emergencyLabels],
      approverLists: [approval.approvers, approval.emergencyApprovers],
      withPermission: approval.approvers.length === 0
    },
    environments: policy.requireDeployment
  };
}
