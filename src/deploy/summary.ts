/** The job summary deploy-action writes: what was deployed where, and with what result. */
import type { RunContext } from '../core/context.js';
import { codeSpan, escapeMarkdown, link, table } from '../core/markdown.js';
import type { DeployOutcome } from './run.js';

const MARK: Record<string, string> = {
  success: '✅ success',
  in_progress: '🔄 in progress',
  failure: '❌ failure',
  error: '⚠️ error',
  inactive: '⏸️ inactive'
};

export function renderDeploySummary(outcome: DeployOutcome, context: RunContext): string {
  const repoUrl = `${context.serverUrl}/${context.owner}/${context.repo}`;
  const environmentUrl = `${repoUrl}/deployments/${encodeURIComponent(outcome.environment)}`;
  const title = outcome.dryRun ? 'Deployment (dry run: nothing was written)' : `Deployment ${outcome.step === 'deactivate' ? 'deactivation' : outcome.step}`;
  const rows: string[][] = [
    ['Environment', link(outcome.environment, environmentUrl)],
    ['Ref', codeSpan(outcome.ref) + (outcome.sha && outcome.sha !== outcome.ref ? ` (${link(outcome.sha.slice(0, 7), `${repoUrl}/commit/${outcome.sha}`)})` : '')],
    ['Status', MARK[outcome.status] ?? escapeMarkdown(outcome.status || '—')],
    ['Deployment', outcome.deploymentId ? `${outcome.deploymentId}${outcome.reused ? ' (reused on re-run)' : ''}` : '—'],
    ['Environment URL', outcome.environmentUrl ? link(outcome.environmentUrl, outcome.environmentUrl) : '—'],
    ['Log', link('workflow run', outcome.logUrl)]
  ];
  if (outcome.step !== 'start' && outcome.step !== 'finish' && outcome.step !== 'record') rows.splice(1, 2);
  if (outcome.deactivated.length > 0) {
    rows.push(['Marked inactive', outcome.deactivated.map(String).join(', ')]);
  }
  const writes = outcome.writes.length
    ? `\n\n<details><summary>${outcome.dryRun ? 'Would write' : 'Written to GitHub'}</summary>\n\n${outcome.writes.map((w) => `- ${escapeMarkdown(w)}`).join('\n')}\n\n</details>`
    : '';
  return `### ${title}\n\n${table(['', ''], rows)}${writes}\n`;
}
