/**
 * Who the people who applied approval or emergency labels are, checked now: their team
 * memberships and repository permission.
 *
 * Team membership is read through teams.ts, which fails closed on a team the token cannot see.
 */
import { ApiError, FactError } from '../core/errors.js';
import type { GitHub } from '../core/github/client.js';
import { currentApplications } from '../core/labels.js';
import type { Approver, PersonFacts } from '../core/approvers.js';
import type { PullRequestFacts } from '../core/facts/pull-requests.js';
import type { Actor } from '../core/labels.js';
import type { RepoRef } from './deployments.js';
import { DELETED_ACCOUNT } from './pull-request-details.js';
import { isTeamMember, type TeamRef, type TeamVisibility } from './teams.js';

/** Whose labels matter and what to read about them: the part of a policy the people facts depend on. */
export interface PeopleRequest {
  /** Labels whose current appliers are looked up (approval and emergency labels). */
  labels: string[];
  /** Lists of approvers (approvers, emergency approvers): their teams are checked for each applier. */
  approverLists: Approver[][];
  /** Read each applier's repository permission (when no approvers are named, write access approves). */
  withPermission: boolean;
}

/** Team membership and repository permission of everyone who applied an approval or emergency label, checked now. */
export async function gatherPeople(gh: GitHub, repo: RepoRef, prs: PullRequestFacts[], request: PeopleRequest): Promise<Record<string, PersonFacts>> {
  const appliers = new Map<string, Actor>();
  for (const pr of prs) {
    for (const application of currentApplications(pr, request.labels)) {
      if (application.actor && !application.actor.isBot) appliers.set(application.actor.login.toLowerCase(), application.actor);
    }
  }
  // A team matters for someone only in a list that does not already name them by login.
  const teamsFor = (login: string): TeamRef[] =>
    uniqueTeams(
      request.approverLists.flatMap((list) =>
        list.some((a) => a.kind === 'user' && a.login.toLowerCase() === login.toLowerCase()) ? [] : list
      )
    );
  const visible: TeamVisibility = new Map();
  const people: Record<string, PersonFacts> = {};
  await Promise.all(
    [...appliers.values()].map(async (actor) => {
      const person: PersonFacts = { login: actor.login, teams: [] };
      // A deleted account has no permission or team, and nobody to look up.
      if (actor.login === DELETED_ACCOUNT) {
        person.permission = 'none';
        people[DELETED_ACCOUNT] = person;
        return;
      }
      const checks: Array<Promise<void>> = teamsFor(actor.login).map(async (team) => {
        if (await isTeamMember(gh, team, actor.login, visible)) person.teams.push(`${team.org}/${team.slug}`.toLowerCase());
      });
      if (request.withPermission) {
        checks.push(
          permissionOf(gh, repo, actor.login).then((permission) => {
            person.permission = permission;
          })
        );
      }
      await Promise.all(checks);
      person.teams.sort();
      people[actor.login.toLowerCase()] = person;
    })
  );
  return people;
}

function uniqueTeams(approvers: Approver[]): TeamRef[] {
  const seen = new Map<string, TeamRef>();
  for (const a of approvers) if (a.kind === 'team') seen.set(`${a.org}/${a.slug}`.toLowerCase(), { org: a.org, slug: a.slug });
  return [...seen.values()];
}

async function permissionOf(gh: GitHub, repo: RepoRef, login: string): Promise<NonNullable<PersonFacts['permission']>> {
  try {
    const response = await gh.call(`Reading ${login}'s permission on ${repo.owner}/${repo.repo}`, (rest) =>
      rest.rest.repos.getCollaboratorPermissionLevel({ ...repo, username: login })
    );
    const data = response.data as { permission: string; role_name?: string };
    const role = (data.role_name ?? data.permission).toLowerCase();
    if (role === 'admin' || role === 'maintain' || role === 'write' || role === 'triage' || role === 'read') return role;
    return data.permission === 'admin' || data.permission === 'write' || data.permission === 'read' ? data.permission : 'none';
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return 'none';
    if (error instanceof ApiError && error.status === 403) {
      throw new FactError(`The token cannot read ${login}'s permission on the repository (HTTP 403), so their approval cannot be checked.`);
    }
    throw error;
  }
}
