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
  const title = outcome.dryRun ? dryRunHeadline(outcome, commitUrl) : headline(outcome, commitUrl);
  const rows: string[][] = [
    ['Environment', link(outcome.environment, environmentUrl)],
    ['Ref', refCell(outcome, commitUrl)],
    // A dry run wrote nothing: no ✅ for a status that only would have been written.
    ['Status', outcome.dryRun ? (outcome.status ? `would be ${escapeMarkdown(outcome.status.replace('_', ' '))} (dry run)` : '—') : (MARK[outcome.status] ?? escapeMarkdown(outcome.status || '—'))],
    ...(details.version ? [['Version', codeSpan(details.version)]] : []),
    ['Deployment', outcome.deploymentId ? `${outcome.deploymentId}${outcome.reused ? ' (reused on re-run)' : ''}` : '—'],
    ['Environment URL', outcome.environmentUrl ? link(outcome.environmentUrl, outcome.environmentUrl) : '—'],
    ['Log', link('workflow run', outcome.logUrl)]
  ];
  // Deactivation concerns an environment, not a ref or one status.
  if (outcome.step === 'deactivate') rows.splice(1, 2);
  // No row that would stay empty (a URL not given, a deployment a dry run did not create).
  for (let i = rows.length - 1; i >= 0; i--) if (rows[i]![1] === '—') rows.splice(i, 1);
  if (outcome.step === 'deactivate' && outcome.deactivated.length === 0 && !outcome.moreToDeactivate) {
    rows.push([outcome.dryRun ? 'Would mark inactive' : 'Marked inactive', `none: no deployment of ${escapeMarkdown(outcome.environment)} is active`]);
  } else if (outcome.deactivated.length > 0 || outcome.moreToDeactivate) {
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

/** The commit, short and linked when known: `[`07ab89f`](…/commit/…)`. */
function commitLink(outcome: DeployOutcome, commitUrl: string | undefined): string {
  const short = codeSpan((outcome.sha ?? outcome.ref).replace(/^([0-9a-f]{7})[0-9a-f]{33}$/i, '$1'));
  return commitUrl ? `[${short}](${commitUrl})` : short;
}

/** The ref as given, with the commit it names linked: a full SHA is shown as that link alone. */
function refCell(outcome: DeployOutcome, commitUrl: string | undefined): string {
  if (outcome.sha && outcome.sha.toLowerCase() === outcome.ref.toLowerCase()) return commitLink(outcome, commitUrl);
  return codeSpan(outcome.ref) + (outcome.sha && commitUrl ? ` (${link(outcome.sha.slice(0, 7), commitUrl)})` : '');
}

function dryRunHeadline(outcome: DeployOutcome, commitUrl: string | undefined): string {
  const where = escapeMarkdown(outcome.environment);
  if (outcome.step === 'deactivate') return `Dry run: deployments of ${where} that would be marked inactive (nothing was written)`;
  return `Dry run: a deployment of ${commitLink(outcome, commitUrl)} to ${where} (nothing was written)`;
}

function headline(outcome: DeployOutcome, commitUrl: string | undefined): string {
  const what = commitLink(outcome, commitUrl);
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
