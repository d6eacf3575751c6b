/** The job summary deploy-action writes: what was deployed where, and with what result. */
import type { RunContext } from '../core/context.js';
import { codeSpan, escapeMarkdown, link, table } from '../core/markdown.js';
import type { DeployOutcome } from './run.js';
import { SWEEP_LIMIT } from './sweep.js';

const MARK: Record<string, string> = {
  success: '✅ success',
  in_progress: '🔄 in progress',
  failure: '❌ failure',
  error: '⚠️ error',
  inactive: '⏸️ inactive'
};

/** What the summary shows beside the outcome: the `version` input, when given. */
export interface DeploySummaryDetails {
  version?: string;
}

export function renderDeploySummary(outcome: DeployOutcome, context: RunContext, details: DeploySummaryDetails = {}): string {
  const repoUrl = `${context.serverUrl}/${context.owner}/${context.repo}`;
  const environmentUrl = `${repoUrl}/deployments/${encodeURIComponent(outcome.environment)}`;
  const commitUrl = outcome.sha ? `${repoUrl}/commit/${outcome.sha}` : undefined;
  const title = outcome.dryRun ? `Deployment to ${escapeMarkdown(outcome.environment)} (dry run: nothing was written)` : headline(outcome, commitUrl);
  const rows: string[][] = [
    ['Environment', link(outcome.environment, environmentUrl)],
    ['Ref', codeSpan(outcome.ref) + (outcome.sha && outcome.sha !== outcome.ref ? ` (${link(outcome.sha.slice(0, 7), `${repoUrl}/commit/${outcome.sha}`)})` : '')],
    // A dry run wrote nothing: no ✅ for a status that only would have been written.
    ['Status', outcome.dryRun ? (outcome.status ? `would be ${escapeMarkdown(outcome.status.replace('_', ' '))} (dry run)` : '—') : (MARK[outcome.status] ?? escapeMarkdown(outcome.status || '—'))],
    ...(details.version ? [['Version', codeSpan(details.version)]] : []),
    ['Deployment', outcome.deploymentId ? `${outcome.deploymentId}${outcome.reused ? ' (reused on re-run)' : ''}` : '—'],
    ['Environment URL', outcome.environmentUrl ? link(outcome.environmentUrl, outcome.environmentUrl) : '—'],
    ['Log', link('workflow run', outcome.logUrl)]
  ];
  // Deactivation concerns an environment, not a ref or one status.
  if (outcome.step === 'deactivate') {
    rows.splice(1, 2);
    // Nor one deployment or URL: leave out the rows that would stay empty.
    for (let i = rows.length - 1; i >= 0; i--) if (rows[i]![1] === '—') rows.splice(i, 1);
  }
  if (outcome.deactivated.length > 0 || outcome.moreToDeactivate) {
    const count = `${outcome.deactivated.length} deployment${outcome.deactivated.length === 1 ? '' : 's'}`;
    const list = outcome.deactivated.length ? `: ${outcome.deactivated.map(String).join(', ')}` : '';
    rows.push([
      outcome.dryRun ? 'Would mark inactive' : 'Marked inactive',
      `${count}${list}${outcome.moreToDeactivate ? `. More are still active: the next run continues (at most ${SWEEP_LIMIT} a run, one a second, within GitHub's limits on writes)` : ''}`
    ]);
  }
  const writes = outcome.writes.length
    ? `\n\n<details><summary>${outcome.dryRun ? 'Would write' : 'Written to GitHub'}</summary>\n\n${outcome.writes.map((w) => `- ${escapeMarkdown(w)}`).join('\n')}\n\n</details>`
    : '';
  return `### ${title}\n\n${table(['Detail', 'Value'], rows)}${writes}\n`;
}

function headline(outcome: DeployOutcome, commitUrl: string | undefined): string {
  const short = codeSpan((outcome.sha ?? outcome.ref).replace(/^([0-9a-f]{7})[0-9a-f]{33}$/i, '$1'));
  const what = commitUrl ? `[${short}](${commitUrl})` : short;
  const where = escapeMarkdown(outcome.environment);
  if (outcome.step === 'deactivate') return `⏸️ Marked ${outcome.deactivated.length} deployment${outcome.deactivated.length === 1 ? '' : 's'} of ${where} inactive`;
  switch (outcome.status) {
    case 'in_progress':
      return `🔄 Deploying ${what} to ${where}`;
    case 'success':
      return `✅ Deployed ${what} to ${where}`;
    case 'failure':
      return `❌ Deployment of ${what} to ${where} failed`;
    case 'error':
      return `⚠️ Deployment of ${what} to ${where} errored or was cancelled`;
    default:
      return `Deployment of ${what} to ${where}: ${escapeMarkdown(outcome.status)}`;
  }
}
