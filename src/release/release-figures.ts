/**
 * A release's own figures (pure): how long each pull request in it waited from merge to release,
 * and the deployments, failures and recovery of the `require-deployment` environments since the
 * previous release. They go into the audit section and the job summary.
 */
import type { DeploymentRecord } from '../core/delivery.js';
import { judgeDeployments } from '../core/deployment-history.js';
import { escapeMarkdown } from '../core/markdown.js';
import { formatInZone } from '../core/schedule/index.js';
import type { PullRequestFacts } from './model.js';

const HOUR = 3_600_000;

export interface EnvironmentFigures {
  environment: string;
  /** Finished deployments since the previous release. */
  deployments: number;
  failed: number;
  recovered: number;
  medianRecoveryHours: number | null;
  /** False when not every deployment since the previous release was read. */
  complete: boolean;
}

export interface ReleaseFigures {
  releasedAt: Date;
  previousTag: string | null;
  previousReleasedAt: Date | null;
  pullRequests: Array<{ number: number; title: string; url: string; leadHours: number | null }>;
  environments: EnvironmentFigures[];
}

export interface HistoryInput {
  previousReleasedAt: Date | null;
  deployments: Array<{ environment: string; records: DeploymentRecord[]; complete: boolean }>;
}

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.ceil(sorted.length / 2) - 1] as number;
}

export function releaseFigures(pullRequests: PullRequestFacts[], previousTag: string | null, history: HistoryInput, releasedAt: Date): ReleaseFigures {
  const since = history.previousReleasedAt;
  return {
    releasedAt,
    previousTag,
    previousReleasedAt: since,
    pullRequests: pullRequests.map((pr) => ({
      number: pr.number,
      title: pr.title,
      url: pr.url,
      leadHours: pr.mergedAt ? Math.max(0, releasedAt.getTime() - pr.mergedAt.getTime()) / HOUR : null
    })),
    environments: history.deployments.map(({ environment, records, complete }) => {
      const verdicts = judgeDeployments({ deployments: records, commits: [] }).filter(
        (v) => since === null || (v.deployment.finishedAt as Date).getTime() >= since.getTime()
      );
      const failed = verdicts.filter((v) => v.failed);
      const recovered = failed.filter((v) => v.recoveredAt !== null);
      return {
        environment,
        deployments: verdicts.length,
        failed: failed.length,
        recovered: recovered.length,
        medianRecoveryHours: median(recovered.map((v) => ((v.recoveredAt as Date).getTime() - (v.deployment.finishedAt as Date).getTime()) / HOUR)),
        complete
      };
    })
  };
}

function hours(h: number): string {
  if (h < 1) return `${Math.round(h * 60)} min`;
  if (h < 48) return `${Math.round(h * 10) / 10} h`;
  return `${Math.round((h / 24) * 10) / 10} d`;
}

/** How many pull requests the section names one by one. */
const LISTED = 20;

/** `### Release figures` for the audit section and the job summary. */
export function renderReleaseFigures(figures: ReleaseFigures, zone: string): string {
  const lines = ['### Release figures', ''];
  const leads = figures.pullRequests.flatMap((pr) => (pr.leadHours === null ? [] : [pr.leadHours]));
  const middle = median(leads);
  if (middle === null) {
    lines.push('- **Lead time (merged → released):** no merged pull request in this release.');
  } else {
    const named = figures.pullRequests
      .slice(0, LISTED)
      .map((pr) => `[#${pr.number}](${pr.url}) ${pr.leadHours === null ? '—' : hours(pr.leadHours)}`)
      .join(', ');
    const more = figures.pullRequests.length > LISTED ? ` and ${figures.pullRequests.length - LISTED} more` : '';
    lines.push(`- **Lead time (merged → released):** median ${hours(middle)} over ${leads.length} pull request${leads.length === 1 ? '' : 's'}: ${named}${more}.`);
  }
  const since = figures.previousTag
    ? `since ${figures.previousTag}${figures.previousReleasedAt ? ` (${formatInZone(figures.previousReleasedAt, zone)})` : ''}`
    : 'in the newest 100 deployments (no previous release)';
  for (const env of figures.environments) {
    const name = escapeMarkdown(env.environment);
    const partial = env.complete ? '' : ' (not every deployment was read)';
    if (env.deployments === 0) {
      lines.push(`- **${name} ${since}:** no finished deployment${partial}.`);
      continue;
    }
    const recovery = env.medianRecoveryHours === null ? '' : `, recovered in median ${hours(env.medianRecoveryHours)}`;
    const unrecovered = env.failed - env.recovered > 0 ? `, ${env.failed - env.recovered} not recovered` : '';
    lines.push(`- **${name} ${since}:** ${env.deployments} deployment${env.deployments === 1 ? '' : 's'}, ${env.failed} failed${recovery}${unrecovered}${partial}.`);
  }
  return lines.join('\n');
}
