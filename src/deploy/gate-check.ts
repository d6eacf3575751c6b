/**
 * Checking the deploy gate: gather the facts it needs from GitHub (only those that can change
 * the decision), then decide (pure). Nothing is written.
 */
import { isApprover, type PersonFacts } from '../core/approvers.js';
import type { GitHub } from '../core/github/client.js';
import { currentApplications } from '../core/labels.js';
import { evaluateCalendar } from '../core/schedule/index.js';
import { readCommit } from '../github/commit-pull-requests.js';
import type { RepoRef } from '../github/deployments.js';
import { isTeamMember } from '../github/teams.js';
import { gatherPromotions } from './promotion-facts.js';
import { decideDeployGate, type BringingPullRequest, type DeployGateFacts, type DeployGatePolicy, type GateDecision } from './gate.js';

export interface GateCheck {
  decision: GateDecision;
  facts: DeployGateFacts;
}

const FULL_SHA = /^[0-9a-f]{40}$/i;

export async function checkGate(gh: GitHub, repo: RepoRef, policy: DeployGatePolicy, ref: string, now: () => Date): Promise<GateCheck> {
  // The emergency matters only when the calendar blocks now and someone may declare one.
  const calendarBlocks = !evaluateCalendar(policy.schedule, now()).allowed;
  const emergencyMatters = calendarBlocks && policy.emergencyLabels.length > 0 && policy.emergencyApprovers.length > 0;
  const needCommit = emergencyMatters || policy.requireEnvironment.length > 0 || !FULL_SHA.test(ref);

  let sha = ref;
  let pullRequests: BringingPullRequest[] = [];
  if (needCommit) {
    const commit = await readCommit(gh, repo, ref, { withPulls: emergencyMatters, emergencyLabels: policy.emergencyLabels, now: now() });
    sha = commit.sha;
    pullRequests = commit.pullRequests;
  }
  const [people, promotions] = await Promise.all([
    emergencyMatters ? gatherPeople(gh, pullRequests, policy) : Promise.resolve({}),
    gatherPromotions(gh, repo, sha, policy.requireEnvironment)
  ]);
  const facts: DeployGateFacts = { sha, pullRequests, people, promotions };
  // Decided on the clock as it is after gathering: a window may have closed meanwhile.
  return { decision: decideDeployGate(policy, facts, now()), facts };
}

/** Team memberships of everyone who applied an emergency label, for the teams among the emergency approvers. */
async function gatherPeople(gh: GitHub, prs: BringingPullRequest[], policy: DeployGatePolicy): Promise<Record<string, PersonFacts>> {
  const teams = policy.emergencyApprovers.flatMap((a) => (a.kind === 'team' ? [a] : []));
  const people: Record<string, PersonFacts> = {};
  const appliers = new Set<string>();
  for (const pr of prs) {
    for (const { actor } of currentApplications(pr, policy.emergencyLabels)) {
      if (actor && !actor.isBot) appliers.add(actor.login);
    }
  }
  await Promise.all(
    [...appliers].map(async (login) => {
      const person: PersonFacts = { login, teams: [] };
      people[login.toLowerCase()] = person;
      // Listed by login: no team needs to be read.
      if (isApprover(login, policy.emergencyApprovers.filter((a) => a.kind === 'user'), person)) return;
      for (const team of teams) {
        if (await isTeamMember(gh, team, login)) person.teams.push(`${team.org}/${team.slug}`.toLowerCase());
      }
    })
  );
  return people;
}
