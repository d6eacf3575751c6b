/**
 * Who may approve or declare an emergency: listed users, members of listed teams, or (for an
 * empty list where the policy says so) people with write access. Pure: the facts about people
 * are gathered from GitHub beforehand.
 */
import { sameName } from './labels.js';

/** Someone whose label counts: a user login, or an `org/team` slug. */
export type Approver = { kind: 'user'; login: string } | { kind: 'team'; org: string; slug: string };

/** What GitHub says about a person, checked at evaluation time. */
export interface PersonFacts {
  login: string;
  /** Repository permission; gathered only when it matters (approvers empty). */
  permission?: 'admin' | 'maintain' | 'write' | 'triage' | 'read' | 'none';
  /** `org/team` slugs (lower case) among those named in the policy that this person belongs to. */
  teams: string[];
}

/** Facts about a person, looked up by login (exact first, then case-insensitively). */
export function personFor(people: Record<string, PersonFacts>, login: string): PersonFacts | undefined {
  const exact = people[login];
  if (exact) return exact;
  const wanted = login.toLowerCase();
  for (const [key, person] of Object.entries(people)) {
    if (key.toLowerCase() === wanted) return person;
  }
  return undefined;
}

const PERMISSIONS_THAT_APPROVE = new Set(['admin', 'maintain', 'write']);

/**
 * Whether `login` may approve: a listed user (case-insensitive), a member of a listed
 * `org/team`, or, when `approvers` is empty, anyone with admin, maintain or write permission
 * on the repository. Triage and read never approve; an unknown person never does.
 */
export function isApprover(login: string, approvers: Approver[], person: PersonFacts | undefined): boolean {
  if (approvers.length === 0) {
    return person?.permission !== undefined && PERMISSIONS_THAT_APPROVE.has(person.permission);
  }
  const teams = new Set((person?.teams ?? []).map((team) => team.toLowerCase()));
  return approvers.some((approver) =>
    approver.kind === 'user'
      ? sameName(approver.login, login)
      : teams.has(`${approver.org}/${approver.slug}`.toLowerCase())
  );
}

/** `@alice, @acme/release-managers`, or the permission rule when the list is empty. */
export function describeApprovers(approvers: Approver[]): string {
  if (approvers.length === 0) return 'someone with write, maintain or admin permission on the repository';
  return approvers
    .map((approver) => (approver.kind === 'user' ? `@${approver.login}` : `@${approver.org}/${approver.slug}`))
    .join(', ');
}
