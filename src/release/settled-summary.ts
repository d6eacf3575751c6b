/**
 * The job summary of a run that found nothing to do (a re-run after the release, a scheduled run
 * with nothing new), in the same form as the decision summary: a headline, then one line saying
 * what was found, with the commit and the release linked.
 */
import { codeSpan, escapeMarkdown } from '../core/markdown.js';

export interface SettledInput {
  outcome: 'already-released' | 'up-to-date';
  tag: string;
  /** Full SHA of the target. */
  target: string;
  previousTag: string | null;
  releaseUrl?: string;
  /** e.g. https://github.com */
  serverUrl: string;
  repository: string;
}

export function renderSettledSummary(input: SettledInput): string {
  const repo = `${input.serverUrl}/${input.repository}`;
  const commit = `[${codeSpan(input.target.slice(0, 7))}](${repo}/commit/${input.target})`;
  const tag = input.releaseUrl ? `[${codeSpan(input.tag)}](${input.releaseUrl})` : codeSpan(input.tag);
  if (input.outcome === 'already-released') {
    return [
      `## ✅ ${tag} is already released`,
      '',
      `Nothing to do: the release of ${escapeMarkdown(input.repository)} at ${commit} exists (an earlier run or attempt published it). Nothing was written.`,
      ''
    ].join('\n');
  }
  const latest = input.previousTag ? `the latest release ${codeSpan(input.previousTag)}` : 'the latest release';
  return [`## ✅ Up to date`, '', `Nothing to release in ${escapeMarkdown(input.repository)}: ${latest} already contains ${commit}. Nothing was written.`, ''].join('\n');
}
