/** Reading approver lists from inputs: users (`octocat`, `dependabot[bot]`) and teams (`my-org/release-managers`). */
import type { Approver } from './approvers.js';
import { InputError } from './errors.js';
import type { Inputs } from './inputs.js';

const LOGIN = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})(?:\[bot\])?$/;
const TEAM = /^([A-Za-z0-9][A-Za-z0-9-]{0,38})\/([A-Za-z0-9._-]+)$/;

/** Users (`octocat`, `dependabot[bot]`) and teams (`my-org/release-managers`). */
export function parseApprovers(inputs: Inputs, name: string): Approver[] {
  return inputs.list(name).map((item) => {
    const value = item.replace(/^@/, '');
    const team = TEAM.exec(value);
    if (team) return { kind: 'team', org: team[1]!, slug: team[2]! };
    if (LOGIN.test(value)) return { kind: 'user', login: value };
    throw new InputError(name, item, 'accepted values are GitHub logins (octocat) and org/team slugs (my-org/release-managers), comma or newline separated');
  });
}
