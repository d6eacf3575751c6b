/**
 * Emergency changes (pure): an emergency label on a pull request, applied by an emergency
 * approver, lets a release or a deployment through windows and freezes, and nothing else.
 */
import { isApprover, personFor, type Approver, type PersonFacts } from './approvers.js';
import { currentApplications, isBotActor, type LabelledPullRequest } from './labels.js';

export interface EmergencyPolicy {
  emergencyLabels: string[];
  /** Empty: nobody can declare an emergency. */
  emergencyApprovers: Approver[];
}

/** Who declared an emergency, with which label, on which pull request and when. */
export interface Emergency {
  label: string;
  by: string;
  at: Date;
  pull_request: number;
}

/**
 * The emergency declared on these pull requests, if any: an emergency label applied now by a
 * known, non-bot person who is one of `emergencyApprovers` (listed user or team member; an
 * empty list means nobody). The latest valid declaration wins; ties go to the higher number.
 */
export function findEmergency<Policy extends EmergencyPolicy>(
  prs: LabelledPullRequest[],
  policy: Policy,
  people: Record<string, PersonFacts>
): Emergency | null {
  if (policy.emergencyApprovers.length === 0 || policy.emergencyLabels.length === 0) return null;
  let found: Emergency | null = null;
  for (const pr of prs) {
    for (const { label, actor, at } of currentApplications(pr, policy.emergencyLabels)) {
      if (!actor || !at || isBotActor(actor)) continue;
      if (!isApprover(actor.login, policy.emergencyApprovers, personFor(people, actor.login))) continue;
      const later =
        !found ||
        at.getTime() > found.at.getTime() ||
        (at.getTime() === found.at.getTime() && pr.number > found.pull_request);
      if (later) found = { label, by: actor.login, at, pull_request: pr.number };
    }
  }
  return found;
}
