/**
 * Likely typos in a release policy, as hints: an approval label that does not exist in the
 * repository, a required environment that never had a deployment, an approver who does not exist.
 * Pure: facts in, sentences out. They explain a block; they never cause one.
 */
import { closest, listed, neverDeployedHint } from '../core/hints.js';
import type { HintFacts } from '../github/hint-facts.js';
import type { ReleasePolicy } from './model.js';

const code = (s: string): string => `\`${s}\``;

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
    hints.push(neverDeployedHint('require-deployment', repository, environment, facts.deployedEnvironments ?? []));
  }
  for (const login of facts.unknownUsers) hints.push(`approvers: no GitHub user is called @${login}; check the spelling.`);
  for (const team of facts.unknownTeams) hints.push(`approvers: the team ${code(team)} does not exist; check the organization and the team's slug (its URL name).`);
  return hints;
}
