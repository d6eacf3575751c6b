/** Team membership, read live: who belongs to an `org/team` named as approvers. */
import { ApiError, FactError } from '../core/errors.js';
import type { GitHub } from '../core/github/client.js';

/** True when `login` is an active member of the team; fails closed when the token cannot read membership. */
export async function isTeamMember(gh: GitHub, team: { org: string; slug: string }, login: string): Promise<boolean> {
  try {
    const response = await gh.call(`Checking whether ${login} is in team ${team.org}/${team.slug}`, (rest) =>
      rest.rest.teams.getMembershipForUserInOrg({ org: team.org, team_slug: team.slug, username: login })
    );
    return response.data.state === 'active';
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return false;
    if (error instanceof ApiError && (error.status === 403 || error.status === 401)) {
      throw new FactError(
        `The token cannot read the membership of team ${team.org}/${team.slug} (HTTP ${error.status}), so approval or emergency labels applied by its members cannot be checked. ` +
          'GITHUB_TOKEN never can: pass a token with organization "members: read" permission, or list approvers by login.'
      );
    }
    throw error;
  }
}
