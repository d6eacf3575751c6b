/**
 * Delivery figures (pure): the DORA five and release management's own, computed from the facts
 * of one environment over a period. A figure without data is null with the reason, never 0.
 * Each is defined in one sentence in the README ("Delivery report").
 */
import type { DeliveryFacts, IssueRecord } from '../../core/delivery.js';
import { judgeDeployments, type DeploymentVerdict } from '../../core/deployment-history.js';

export { judgeDeployments, type DeploymentVerdict } from '../../core/deployment-history.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const WEEK = 7 * DAY;

export interface Window {
  from: Date;
  to: Date;
}

/** A duration figure in hours. */
export interface DurationFigure {
  median_hours: number | null;
  p90_hours?: number | null;
  mean_hours?: number | null;
  sample: number;
  reason?: string;
}

export interface RateFigure {
  value: number | null;
  /** The numerator: deployments that failed, or were rework. */
  count: number;
  sample: number;
  reason?: string;
}

export interface CountFigure {
  value: number | null;
  sample: number;
  reason?: string;
}

export interface PeriodFigures {
  from: string;
  to: string;
  days: number;
  deployment_frequency: { per_day: number | null; per_week: number | null; sample: number; reason?: string };
  change_lead_time: DurationFigure;
  change_fail_rate: RateFigure;
  failed_deployment_recovery_time: DurationFigure & { unrecovered: number };
  deployment_rework_rate: RateFigure;
  commits_per_active_day: CountFigure & { active_days: number };
  commit_volume: CountFigure;
  release_cycle_time: DurationFigure & { releases: number };
  defect_mttr: DurationFigure;
  downtimes: CountFigure & { deployments: number; incidents: number };
}

export interface WeekFigures {
  week_start: string;
  deployments: number;
  failed: number;
  commits: number;
  lead_time_median_hours: number | null;
}

export interface DeliveryReport {
  environment: string;
  current: PeriodFigures;
  previous: PeriodFigures;
  weekly: WeekFigures[];
  verdicts: DeploymentVerdict[];
}

export interface ReportPolicy {
  defectLabels: string[];
  incidentLabels: string[];
}

const round = (n: number, places = 2): number => Math.round(n * 10 ** places) / 10 ** places;
const within = (at: Date | null, w: Window): boolean => at !== null && at.getTime() >= w.from.getTime() && at.getTime() < w.to.getTime();

/** The q-quantile (0..1) of sorted values by the nearest-rank method. */
export function quantile(sorted: number[], q: number): number {
  const rank = Math.max(1, Math.ceil(q * sorted.length));
  return sorted[rank - 1] as number;
}

function durations(hours: number[], why: string, extra: { p90?: boolean; mean?: boolean } = {}): DurationFigure {
  const sorted = [...hours].sort((a, b) => a - b);
  if (sorted.length === 0) {
    return { median_hours: null, ...(extra.p90 ? { p90_hours: null } : {}), ...(extra.mean ? { mean_hours: null } : {}), sample: 0, reason: why };
  }
  return {
    median_hours: round(quantile(sorted, 0.5)),
    ...(extra.p90 ? { p90_hours: round(quantile(sorted, 0.9)) } : {}),
    ...(extra.mean ? { mean_hours: round(sorted.reduce((s, h) => s + h, 0) / sorted.length) } : {}),
    sample: sorted.length
  };
}

function rate(count: number, sample: number, why: string): RateFigure {
  return sample === 0 ? { value: null, count, sample, reason: why } : { value: round(count / sample, 4), count, sample };
}

/** Lead time of each default-branch commit: committed → the first successful deployment containing it. */
function leadTimes(facts: DeliveryFacts, verdicts: DeploymentVerdict[]): Array<{ deployedAt: Date; hours: number }> {
  const position = new Map(facts.commits.map((c, i) => [c.sha, i]));
  const result: Array<{ deployedAt: Date; hours: number }> = [];
  // Commits at positions >= `reached` are deployed; deployments lower it as they bring newer commits.
  let reached = facts.commits.length;
  for (const { deployment } of verdicts) {
    if (deployment.outcome !== 'success') continue;
    const at = position.get(deployment.sha);
    if (at === undefined || at >= reached) continue;
    const deployedAt = deployment.finishedAt as Date;
    for (let p = at; p < reached; p++) {
      const commit = facts.commits[p]!;
      result.push({ deployedAt, hours: Math.max(0, deployedAt.getTime() - commit.at.getTime()) / HOUR });
    }
    reached = at;
  }
  return result;
}

const hasLabel = (issue: IssueRecord, labels: string[]): boolean =>
  issue.labels.some((l) => labels.some((wanted) => wanted.toLowerCase() === l.toLowerCase()));

function periodFigures(facts: DeliveryFacts, verdicts: DeploymentVerdict[], leads: Array<{ deployedAt: Date; hours: number }>, w: Window, policy: ReportPolicy): PeriodFigures {
  const env = facts.environment;
  const days = (w.to.getTime() - w.from.getTime()) / DAY;
  const inPeriod = verdicts.filter((v) => within(v.deployment.finishedAt, w));
  const successes = inPeriod.filter((v) => v.deployment.outcome === 'success');
  const anyDeploymentBefore = facts.deployments.some((d) => d.createdAt.getTime() < w.to.getTime());
  const unread = w.from.getTime() < facts.since.getTime();

  const frequency = !anyDeploymentBefore || unread
    ? { per_day: null, per_week: null, sample: successes.length, reason: unread ? 'the period starts before the history that was read' : `no deployment to ${env} was recorded by the end of the period` }
    : { per_day: round(successes.length / days, 3), per_week: round((successes.length / days) * 7, 2), sample: successes.length };

  const leadHours = leads.filter((l) => within(l.deployedAt, w)).map((l) => l.hours);
  const failed = inPeriod.filter((v) => v.failed);
  const recovered = failed.filter((v) => v.recoveredAt !== null);
  const rework = inPeriod.filter((v) => v.rollback || v.deployment.emergency);
  const noDeployments = `no finished deployment to ${env} in the period`;

  const commits = facts.commits.filter((c) => within(c.at, w));
  const activeDays = new Set(commits.map((c) => c.at.toISOString().slice(0, 10))).size;

  // Release cycle time: each pull request released in the period, its first commit → the release.
  const position = new Map(facts.commits.map((c, i) => [c.sha, i]));
  const releases = facts.releases
    .filter((r) => r.sha !== null && position.has(r.sha))
    .sort((a, b) => a.publishedAt.getTime() - b.publishedAt.getTime());
  const cycle: number[] = [];
  let releasedInPeriod = 0;
  const claimed = new Set<number>();
  for (const release of releases) {
    const at = position.get(release.sha as string) as number;
    const prs = facts.pullRequests.filter((pr) => !claimed.has(pr.number) && pr.mergeSha !== null && (position.get(pr.mergeSha) ?? -1) >= at);
    for (const pr of prs) claimed.add(pr.number);
    if (!within(release.publishedAt, w)) continue;
    releasedInPeriod += 1;
    for (const pr of prs) cycle.push(Math.max(0, release.publishedAt.getTime() - pr.firstCommitAt.getTime()) / HOUR);
  }

  const defects = facts.issues.filter((i) => hasLabel(i, policy.defectLabels) && within(i.closedAt, w));
  const incidents = facts.issues.filter((i) => hasLabel(i, policy.incidentLabels) && within(i.createdAt, w));
  const downDeployments = inPeriod.filter((v) => v.deployment.outcome !== 'success' || verdicts[verdicts.indexOf(v) + 1]?.rollback === true);

  return {
    from: w.from.toISOString(),
    to: w.to.toISOString(),
    days: round(days, 2),
    deployment_frequency: frequency,
    change_lead_time: durations(leadHours, `no commit of the default branch reached ${env} in the period`, { p90: true }),
    change_fail_rate: rate(failed.length, inPeriod.length, noDeployments),
    failed_deployment_recovery_time: {
      ...durations(
        recovered.map((v) => ((v.recoveredAt as Date).getTime() - (v.deployment.finishedAt as Date).getTime()) / HOUR),
        failed.length === 0 ? `no failed deployment to ${env} in the period` : `no failed deployment to ${env} in the period has been recovered yet`
      ),
      unrecovered: failed.length - recovered.length
    },
    deployment_rework_rate: rate(rework.length, inPeriod.length, noDeployments),
    commits_per_active_day:
      commits.length === 0
        ? { value: null, active_days: 0, sample: 0, reason: 'no commit on the default branch in the period' }
        : { value: round(commits.length / activeDays), active_days: activeDays, sample: commits.length },
    commit_volume: unread ? { value: null, sample: 0, reason: 'the period starts before the history that was read' } : { value: commits.length, sample: commits.length },
    release_cycle_time: {
      ...durations(cycle, releasedInPeriod === 0 ? 'no release was published in the period' : 'no pull request could be traced to the releases of the period'),
      releases: releasedInPeriod
    },
    defect_mttr: durations(
      defects.map((i) => ((i.closedAt as Date).getTime() - i.createdAt.getTime()) / HOUR),
      `no issue labelled ${policy.defectLabels.join(' or ')} was closed in the period`,
      { mean: true }
    ),
    downtimes: unread
      ? { value: null, deployments: 0, incidents: 0, sample: 0, reason: 'the period starts before the history that was read' }
      : { value: downDeployments.length + incidents.length, deployments: downDeployments.length, incidents: incidents.length, sample: inPeriod.length + incidents.length }
  };
}

/** The weeks of the period, from its start, with deployments, failures, commits and median lead time. */
function weeks(facts: DeliveryFacts, verdicts: DeploymentVerdict[], leads: Array<{ deployedAt: Date; hours: number }>, w: Window): WeekFigures[] {
  const out: WeekFigures[] = [];
  for (let start = w.from.getTime(); start < w.to.getTime(); start += WEEK) {
    const week = { from: new Date(start), to: new Date(Math.min(start + WEEK, w.to.getTime())) };
    const inWeek = verdicts.filter((v) => within(v.deployment.finishedAt, week));
    const lead = leads.filter((l) => within(l.deployedAt, week)).map((l) => l.hours).sort((a, b) => a - b);
    out.push({
      week_start: week.from.toISOString().slice(0, 10),
      deployments: inWeek.filter((v) => v.deployment.outcome === 'success').length,
      failed: inWeek.filter((v) => v.failed).length,
      commits: facts.commits.filter((c) => within(c.at, week)).length,
      lead_time_median_hours: lead.length ? round(quantile(lead, 0.5)) : null
    });
  }
  return out;
}

/** The figures of the period ending at `to` and of the period before it, and the weekly trend. */
export function computeReport(facts: DeliveryFacts, to: Date, days: number, policy: ReportPolicy): DeliveryReport {
  const current = { from: new Date(to.getTime() - days * DAY), to };
  const previous = { from: new Date(current.from.getTime() - days * DAY), to: current.from };
  const verdicts = judgeDeployments(facts);
  const leads = leadTimes(facts, verdicts);
  return {
    environment: facts.environment,
    current: periodFigures(facts, verdicts, leads, current, policy),
    previous: periodFigures(facts, verdicts, leads, previous, policy),
    weekly: weeks(facts, verdicts, leads, current),
    verdicts
  };
}
