/**
 * The delivery report in the job summary (pure): the figures beside the previous period's, the
 * DORA performance band where dora.dev publishes one, the weekly trend as a chart with a table
 * under it, and collapsed lists of the deployments, releases and issues behind the figures.
 */
import type { DeliveryFacts } from '../../core/delivery.js';
import { inZoneAndUtc } from '../../core/calendar-gate.js';
import { codeSpan, escapeMarkdown, link, table } from '../../core/markdown.js';
import { formatInZone } from '../../core/schedule/index.js';
import type { DeliveryReport, DurationFigure, PeriodFigures, RateFigure, ReportPolicy } from './metrics.js';

export type Band = 'elite' | 'high' | 'medium' | 'low';

/**
 * DORA's performance clusters (State of DevOps report 2023, dora.dev): deployment frequency,
 * change lead time, change fail rate and failed deployment recovery time. dora.dev publishes no
 * band for deployment rework rate, nor for release management's own figures.
 */
export const BANDS = {
  deploymentsPerDay: (perDay: number): Band => (perDay >= 1 ? 'elite' : perDay >= 1 / 7 ? 'high' : perDay >= 1 / 30 ? 'medium' : 'low'),
  leadTimeHours: (hours: number): Band => (hours < 24 ? 'elite' : hours < 24 * 7 ? 'high' : hours < 24 * 30 ? 'medium' : 'low'),
  failRate: (rate: number): Band => (rate <= 0.05 ? 'elite' : rate <= 0.1 ? 'high' : rate <= 0.15 ? 'medium' : 'low'),
  recoveryHours: (hours: number): Band => (hours < 1 ? 'elite' : hours < 24 ? 'high' : hours < 24 * 7 ? 'medium' : 'low')
};

const BAND_MARK: Record<Band, string> = { elite: '🟢 elite', high: '🟢 high', medium: '🟡 medium', low: '🔴 low' };

function hours(h: number): string {
  if (h < 1) return `${Math.round(h * 60)} min`;
  if (h < 48) return `${Math.round(h * 10) / 10} h`;
  return `${Math.round((h / 24) * 10) / 10} d`;
}


const percent = (r: number): string => `${Math.round(r * 1000) / 10}%`;
const missing = (reason: string | undefined): string => `— _(${escapeMarkdown(reason ?? 'no data')})_`;

function duration(f: DurationFigure, parts: { p90?: boolean; mean?: boolean } = {}): string {
  if (f.median_hours === null) return missing(f.reason);
  const out = [`median ${hours(f.median_hours)}`];
  if (parts.p90 && f.p90_hours != null) out.push(`p90 ${hours(f.p90_hours)}`);
  if (parts.mean && f.mean_hours != null) out.unshift(`mean ${hours(f.mean_hours)}`);
  return out.join(', ');
}

const rateCell = (f: RateFigure): string => (f.value === null ? missing(f.reason) : `${percent(f.value)} (${f.count} of ${f.sample})`);

interface Row {
  name: string;
  cell: (p: PeriodFigures) => string;
  sample: (p: PeriodFigures) => number;
  band?: (p: PeriodFigures) => Band | null;
}

const ROWS: Row[] = [
  {
    name: 'Deployment frequency',
    cell: (p) => (p.deployment_frequency.per_week === null ? missing(p.deployment_frequency.reason) : `${p.deployment_frequency.per_week} / week (${p.deployment_frequency.per_day} / day)`),
    sample: (p) => p.deployment_frequency.sample,
    band: (p) => (p.deployment_frequency.per_day === null ? null : BANDS.deploymentsPerDay(p.deployment_frequency.per_day))
  },
  {
    name: 'Change lead time',
    cell: (p) => duration(p.change_lead_time, { p90: true }),
    sample: (p) => p.change_lead_time.sample,
    band: (p) => (p.change_lead_time.median_hours === null ? null : BANDS.leadTimeHours(p.change_lead_time.median_hours))
  },
  { name: 'Change fail rate', cell: (p) => rateCell(p.change_fail_rate), sample: (p) => p.change_fail_rate.sample, band: (p) => (p.change_fail_rate.value === null ? null : BANDS.failRate(p.change_fail_rate.value)) },
  {
    name: 'Failed deployment recovery time',
    cell: (p) =>
      duration(p.failed_deployment_recovery_time) + (p.failed_deployment_recovery_time.unrecovered > 0 ? ` (${p.failed_deployment_recovery_time.unrecovered} not recovered yet)` : ''),
    sample: (p) => p.failed_deployment_recovery_time.sample,
    band: (p) => (p.failed_deployment_recovery_time.median_hours === null ? null : BANDS.recoveryHours(p.failed_deployment_recovery_time.median_hours))
  },
  { name: 'Deployment rework rate', cell: (p) => rateCell(p.deployment_rework_rate), sample: (p) => p.deployment_rework_rate.sample },
  {
    name: 'Commits per active day',
    cell: (p) => (p.commits_per_active_day.value === null ? missing(p.commits_per_active_day.reason) : `${p.commits_per_active_day.value} (${p.commits_per_active_day.active_days} active day${p.commits_per_active_day.active_days === 1 ? '' : 's'})`),
    sample: (p) => p.commits_per_active_day.sample
  },
  { name: 'Commit volume', cell: (p) => (p.commit_volume.value === null ? missing(p.commit_volume.reason) : `${p.commit_volume.value} commits`), sample: (p) => p.commit_volume.sample },
  { name: 'Release cycle time', cell: (p) => duration(p.release_cycle_time) + (p.release_cycle_time.releases ? ` (${p.release_cycle_time.releases} release${p.release_cycle_time.releases === 1 ? '' : 's'})` : ''), sample: (p) => p.release_cycle_time.sample },
  { name: 'MTTR of defects', cell: (p) => duration(p.defect_mttr, { mean: true }), sample: (p) => p.defect_mttr.sample },
  {
    name: 'Number of downtimes',
    cell: (p) => (p.downtimes.value === null ? missing(p.downtimes.reason) : `${p.downtimes.value} (${p.downtimes.deployments} deployments, ${p.downtimes.incidents} incidents)`),
    sample: (p) => p.downtimes.sample
  }
];

function trend(report: DeliveryReport): string[] {
  const weeks = report.weekly;
  if (weeks.length === 0) return [];
  const max = Math.max(1, ...weeks.map((w) => Math.max(w.deployments, w.failed)));
  return [
    '#### Weekly trend',
    '',
    '```mermaid',
    'xychart-beta',
    `    title "Deployments to ${report.environment.replace(/"/g, "'")} per week"`,
    `    x-axis [${weeks.map((w) => `"${w.week_start.slice(5)}"`).join(', ')}]`,
    `    y-axis "deployments" 0 --> ${max}`,
    `    bar [${weeks.map((w) => w.deployments).join(', ')}]`,
    `    line [${weeks.map((w) => w.failed).join(', ')}]`,
    '```',
    '',
    'Bars: successful deployments; line: failed deployments.',
    '',
    table(
      ['Week from', 'Deployments', 'Failed', 'Commits', 'Median lead time'],
      weeks.map((w) => [w.week_start, String(w.deployments), String(w.failed), String(w.commits), w.lead_time_median_hours === null ? '—' : hours(w.lead_time_median_hours)])
    ),
    ''
  ];
}

function evidence(report: DeliveryReport, facts: DeliveryFacts, policy: ReportPolicy, repoUrl: string, zone: string): string[] {
  const at = (d: Date): string => formatInZone(d, zone);
  const from = new Date(report.current.from).getTime();
  const to = new Date(report.current.to).getTime();
  const inPeriod = (d: Date | null) => d !== null && d.getTime() >= from && d.getTime() < to;
  const deployments = report.verdicts.filter((v) => inPeriod(v.deployment.finishedAt));
  const deploymentLines = deployments.map((v) => {
    const d = v.deployment;
    const flags = [v.rollback ? 'rollback' : '', d.emergency ? 'emergency' : '', v.failed ? `failed${v.recoveredAt ? `, recovered ${at(v.recoveredAt)}` : ', not recovered yet'}` : ''].filter(Boolean);
    const commit = link(d.sha.slice(0, 7), `${repoUrl}/commit/${d.sha}`);
    return `- deployment ${d.id} of ${commit}: ${codeSpan(d.outcome ?? '')} at ${d.finishedAt ? at(d.finishedAt) : '—'}${flags.length ? ` · ${flags.join(' · ')}` : ''}${d.logUrl ? ` · ${link('log', d.logUrl)}` : ''}`;
  });
  const releases = facts.releases.filter((r) => inPeriod(r.publishedAt)).map((r) => `- ${link(r.tag, r.url)} published ${at(r.publishedAt)}`);
  const labelled = (labels: string[]) => (i: DeliveryFacts['issues'][number]) => i.labels.some((l) => labels.some((w) => w.toLowerCase() === l.toLowerCase()));
  const defects = facts.issues.filter(labelled(policy.defectLabels)).filter((i) => inPeriod(i.closedAt));
  const incidents = facts.issues.filter(labelled(policy.incidentLabels)).filter((i) => inPeriod(i.createdAt));
  const issueLine = (i: DeliveryFacts['issues'][number]) => `- ${link(`#${i.number}`, i.url)} ${escapeMarkdown(i.title)}: opened ${at(i.createdAt)}${i.closedAt ? `, closed ${at(i.closedAt)}` : ''}`;
  const block = (title: string, lines: string[]) => (lines.length ? ['<details>', `<summary>${title} (${lines.length})</summary>`, '', ...lines, '', '</details>', ''] : []);
  return [
    ...block(`Deployments to ${escapeMarkdown(report.environment)} behind the figures`, deploymentLines),
    ...block('Releases', releases),
    ...block(`Defects closed (${policy.defectLabels.map(escapeMarkdown).join(', ')})`, defects.map(issueLine)),
    ...block(`Incidents opened (${policy.incidentLabels.map(escapeMarkdown).join(', ')})`, incidents.map(issueLine))
  ];
}

/** The summary; times in `zone` (the policy's `timezone`), the period's bounds with UTC beside them. */
export function renderReportSummary(report: DeliveryReport, facts: DeliveryFacts, policy: ReportPolicy, repoUrl: string, period: string, zone = 'UTC'): string {
  const when = (iso: string): string => inZoneAndUtc(new Date(iso), zone);
  const { current, previous } = report;
  const rows = ROWS.map((row) => {
    const band = row.band?.(current) ?? null;
    return [row.name, row.cell(current), row.cell(previous), row.band ? (band ? BAND_MARK[band] : '—') : 'n/a', String(row.sample(current))];
  });
  return [
    `### 📊 Delivery report: ${escapeMarkdown(report.environment)}, last ${period}`,
    '',
    `From ${when(current.from)} to ${when(current.to)}; the previous period from ${when(previous.from)}. Bands: DORA's 2023 performance clusters (dora.dev), where published; a band on a small sample says little.`,
    '',
    table(['Figure', 'This period', 'Previous period', 'DORA band', 'Sample'], rows),
    '',
    ...trend(report),
    ...evidence(report, facts, policy, repoUrl, zone)
  ].join('\n');
}

/** The `metrics` output: one JSON object, every figure with its sample size; missing data is null with the reason. */
export function metricsOutput(report: DeliveryReport, period: string): Record<string, unknown> {
  return { environment: report.environment, period, ...report.current, previous: report.previous, weekly: report.weekly };
}
