/**
 * Facts for typo hints, in one GraphQL request: the repository's labels, whether each required
 * environment ever had a deployment (and which environments did), and whether each approver login
 * and team exists. A name GitHub cannot resolve answers null with a NOT_FOUND error beside the
 * other answers; anything else that goes wrong leaves that fact unknown. Hints never block.
 */
import type { GitHub } from '../core/github/client.js';
import type { Approver } from '../core/approvers.js';
import type { RepoRef } from './deployments.js';

export interface HintFacts {
  /** The repository's labels (up to 100), or null when unknown. */
  labels: string[] | null;
  /** Environments of the newest 100 deployments, or null when unknown. */
  deployedEnvironments: string[] | null;
  /** Required environments with no deployment at all. */
  neverDeployed: string[];
  /** Approver logins that are no GitHub user. */
  unknownUsers: string[];
  /** Teams (`org/slug`) that do not exist in their organization (only when the token can read teams). */
  unknownTeams: string[];
}

interface GraphqlFailure {
  data?: Record<string, unknown> | null;
  errors?: Array<{ type?: string; path?: Array<string | number> }>;
}

/** Reads the facts behind the hints; a failure of the whole request gives no hints rather than an error. */
export async function readHintFacts(
  gh: GitHub,
  repo: RepoRef,
  names: { environments: string[]; approvers: Approver[] }
): Promise<HintFacts | null> {
  const variables: Record<string, string> = { owner: repo.owner, repo: repo.repo };
  const declarations = ['$owner: String!', '$repo: String!'];
  const inRepository = ['labels(first: 100) { nodes { name } }', 'recent: deployments(first: 100, orderBy: { field: CREATED_AT, direction: DESC }) { nodes { environment } }'];
  const atRoot: string[] = [];
  names.environments.forEach((environment, i) => {
    variables[`e${i}`] = environment;
    declarations.push(`$e${i}: String!`);
    inRepository.push(`e${i}: deployments(environments: [$e${i}], first: 1) { totalCount }`);
  });
  const users = names.approvers.flatMap((a) => (a.kind === 'user' && !a.login.endsWith('[bot]') ? [a.login] : []));
  const teams = names.approvers.flatMap((a) => (a.kind === 'team' ? [a] : []));
  users.forEach((login, i) => {
    variables[`u${i}`] = login;
    declarations.push(`$u${i}: String!`);
    atRoot.push(`u${i}: user(login: $u${i}) { login }`);
  });
  teams.forEach((team, i) => {
    variables[`o${i}`] = team.org;
    variables[`t${i}`] = team.slug;
    declarations.push(`$o${i}: String!`, `$t${i}: String!`);
    atRoot.push(`t${i}: organization(login: $o${i}) { team(slug: $t${i}) { slug } }`);
  });
  const query = `query ConfigHints(${declarations.join(', ')}) {
  repository(owner: $owner, name: $repo) { ${inRepository.join(' ')} }
  ${atRoot.join('\n  ')}
}`;

  let data: Record<string, unknown> | null | undefined;
  let errors: NonNullable<GraphqlFailure['errors']> = [];
  try {
    data = await gh.rest.graphql<Record<string, unknown>>({ ...variables, query });
  } catch (error) {
    const failure = error as GraphqlFailure;
    data = failure.data;
    errors = failure.errors ?? [];
    if (!data) return null;
  }
  const notFound = (alias: string, ...rest: string[]) =>
    errors.some((e) => e.type === 'NOT_FOUND' && e.path?.[0] === alias && rest.every((p, i) => e.path?.[i + 1] === p));
  const repository = (data['repository'] ?? null) as Record<string, unknown> | null;
  const labels = (repository?.['labels'] as { nodes: Array<{ name: string }> } | undefined)?.nodes.map((l) => l.name) ?? null;
  const recent = (repository?.['recent'] as { nodes: Array<{ environment: string | null }> } | undefined)?.nodes ?? null;
  return {
    labels,
    deployedEnvironments: recent ? [...new Set(recent.map((d) => d.environment).filter((e): e is string => !!e))] : null,
    neverDeployed: names.environments.filter((_, i) => (repository?.[`e${i}`] as { totalCount?: number } | undefined)?.totalCount === 0),
    unknownUsers: users.filter((_, i) => data?.[`u${i}`] === null && notFound(`u${i}`)),
    unknownTeams: teams
      .filter((_, i) => {
        const org = data?.[`t${i}`] as { team: unknown } | null | undefined;
        // Null organization (NOT_FOUND), or an organization the token can read whose team is null.
        return (org === null && notFound(`t${i}`)) || (org !== null && org !== undefined && org.team === null && !errors.some((e) => e.path?.[0] === `t${i}`));
      })
      .map((t) => `${t.org}/${t.slug}`)
  };
}
