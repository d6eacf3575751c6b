/**
 * Team membership, read live: who belongs to an `org/team` named as approvers.
 *
 * GitHub answers 404 for membership of a team the token cannot see, exactly as for a member it
 * does not have ("the team must be visible to the authenticated user"). So a 404 is read as "not a
 * member" only after the team itself (`GET /orgs/{org}/teams/{slug}`) proved visible; a team the
 * token cannot see fails the step with the reason, never silently.
 */
import { ApiError, FactError } from '../core/errors.js';
import type { GitHub } from '../core/github/client.js';

export type TeamRef = { org: string; slug: string };

/** Remembers, per team, whether its visibility was already proved during one run. */
export type TeamVisibility = Map<string, Promise<void>>;

function cannotRead(team: TeamRef, status: number): FactError {
  return new FactError(
    `The token cannot read the membership of team ${team.org}/${team.slug} (HTTP ${status}), so approval or emergency labels applied by its members cannot be checked. ` +
      'GITHUB_TOKEN never can: pass a token with organization "members: read" permission, or list approvers by login.'
  );
}

/** True when `login` is an active member of the team; fails closed when the token cannot read membership. */
export async function isTeamMember(gh: GitHub, team: TeamRef, login: string, visible: TeamVisibility = new Map()): Promise<boolean> {
  try {
    const response = await gh.call(`Checking whether ${login} is in team ${team.org}/${team.slug}`, (rest) =>
      rest.rest.teams.getMembershipForUserInOrg({ org: team.org, team_slug: team.slug, username: login })
    );
    return response.data.state === 'active';
  } catch (error) {
    if (error instanceof ApiError && (error.status === 403 || error.status === 401)) throw cannotRead(team, error.status);
    if (!(error instanceof ApiError) || error.status !== 404) throw error;
  }
  // 404: not a member, or a team the token cannot see. Only a visible team makes it "not a member".
  const key = `${team.org}/${team.slug}`.toLowerCase();
  if (!visible.has(key)) visible.set(key, teamIsVisible(gh, team));
  await visible.get(key);
  return false;
}

async function teamIsVisible(gh: GitHub, team: TeamRef): Promise<void> {
  try {
    await gh.call(`Reading team ${team.org}/${team.slug}`, (rest) => rest.rest.teams.getByName({ org: team.org, team_slug: team.slug }));
  } catch (error) {
    if (error instanceof ApiError && (error.status === 403 || error.status === 401)) throw cannotRead(team, error.status);
    if (error instanceof ApiError && error.status === 404) {
      throw new FactError(
        `The token cannot see team ${team.org}/${team.slug} (HTTP 404: GitHub answers so for a team that does not exist or that the token cannot see), ` +
          'so whether approvers belong to it cannot be checked. Check the team name, and give the token organization "members: read" ' +
          `on ${team.org} (a GitHub App installed there, or a member's token), or list approvers by login.`
      );
    }
    throw error;
  }
}
