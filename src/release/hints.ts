/**
 * Likely typos in a release policy, as hints: an approval label that does not exist in the
 * repository, a required environment that never had a deployment, an approver who does not exist.
 * Pure: facts in, sentences out. They explain a block; they never cause one.
 */
import type { HintFacts } from '../github/hint-facts.js';
import type { ReleasePolicy } from './model.js';

/** Edit distance, for "did you mean". */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length]!;
}

/** The closest known name, when it is close enough to be a typo. */
export function closest(name: string, known: string[]): string | undefined {
  const lower = name.toLowerCase();
  let best: { name: string; d: number } | undefined;
  for (const candidate of known) {
    const d = distance(lower, candidate.toLowerCase());
    if (d > 0 && d <= Math.max(2, Math.floor(name.length / 4)) && (!best || d < best.d)) best = { name: candidate, d };
  }
  return best?.name;
}

const code = (s: string) => `\`${s}\``;
function listed(names: string[], max = 10): string {
  const shown = names.slice(0, max).map(code).join(', ');
  return names.length > max ? `${shown} and ${names.length - max} more` : shown;
}

export function configHints(policy: ReleasePolicy, facts: HintFacts, repository: string): string[] {
  const hints: string[] = [];
  if (facts.labels) {
    const existing = new Set(facts.labels.map((l) => l.toLowerCase()));
    const inputs: Array<[string, string[]]> = [
      ['approval-labels', policy.approval.labels],
      ['emergency-labels', policy.approval.emergencyLabels]
    ];
    for (const [input, labels] of inputs) {
      for (const label of labels) {
        if (existing.has(label.toLowerCase())) continue;
        const guess = closest(label, facts.labels);
        hints.push(
          `${input}: the label ${code(label)} does not exist in ${repository}, so nobody can have applied it` +
            (guess
              ? `; did you mean ${code(guess)}?`
              : facts.labels.length
                ? `. Labels there: ${listed(facts.labels)}; or create it, so approvers can apply it.`
                : '. The repository has no labels yet: create it, so approvers can apply it.')
        );
      }
    }
  }
  for (const environment of facts.neverDeployed) {
    const known = facts.deployedEnvironments ?? [];
    const guess = closest(environment, known);
    hints.push(
      `require-deployment: ${repository} has never had a deployment to ${code(environment)}` +
        (guess ? `; did you mean ${code(guess)}?` : known.length ? `. Environments with deployments: ${listed(known)}.` : '.')
    );
  }
  for (const login of facts.unknownUsers) hints.push(`approvers: no GitHub user is called @${login}; check the spelling.`);
  for (const team of facts.unknownTeams) hints.push(`approvers: the team ${code(team)} does not exist; check the organization and the team's slug (its URL name).`);
  return hints;
}
