/** The benchmark's report: what was measured, and the tables printed from it. */
import type { DecideResult } from './decide.js';
import type { DeployRecordResult } from './deploy.js';
import type { Measured, Problem } from './measure.js';
import { GITHUB_TOKEN_BUDGET, type CostResult } from './cost.js';
import type { ReleaseResult } from './release.js';
import { describeReportCost, type ReportCost } from './report-cost.js';
import { SHAPES } from './seed.js';
import type { Stats } from './stats.js';

export interface BinaryResult {
  name: string;
  path: string;
  version: string;
  bareNode: Stats;
  coldStart: Measured;
  records: DeployRecordResult[];
  rssKiB: { bareNode: Stats; coldStart: Stats };
  releases: ReleaseResult[];
  decide: DecideResult[];
}

export const f1 = (n: number): string => (Number.isFinite(n) ? n.toFixed(1) : '—');
const f2 = (n: number): string => (Number.isFinite(n) ? n.toFixed(2) : '—');
const mib = (kib: number): string => (Number.isFinite(kib) ? (kib / 1024).toFixed(1) : '—');
const list = (values: number[]): string => (values.length ? values.join('/') : '—');

export function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

export interface Report {
  date: string;
  host: { cpus: number; cpuModel: string; platform: string; benchmarkRunner: string; loadAverageBefore: number[]; loadAverageAfter: number[] };
  /** The commit measured, and files under dist/, src/ or action.yml that differ from it (uncommitted). */
  source: { commit: string; uncommitted: string[] };
  options: { runs: number; runs1000: number; warmups: number };
  method: string;
  bundles: Array<{ file: string; bytes: number }>;
  binaries: BinaryResult[];
  seeding: Array<{ pullRequests: number; ms: number }>;
  /** GraphQL points and REST requests per release decision. */
  cost: CostResult[];
  /** deploy-action `step: report` over a busy year: requests and GraphQL points. */
  reportCost?: ReportCost;
  problems: Problem[];
  totalSeconds: number;
}

export function render(report: Report): string {
  const out: string[] = [];
  out.push(`Tollgate benchmark — ${report.date}`);
  out.push(`Host: ${report.host.cpus} × ${report.host.cpuModel}, ${report.host.platform}; benchmark process ${report.host.benchmarkRunner}`);
  const load = (l: number[]) => l.map((x) => x.toFixed(2)).join(' ');
  out.push(`Load average (1/5/15 min): ${load(report.host.loadAverageBefore)} before, ${load(report.host.loadAverageAfter)} after`);
  out.push(`Source: commit ${report.source.commit}${report.source.uncommitted.length ? `, with uncommitted changes to ${report.source.uncommitted.join(', ')}` : ', no uncommitted changes to dist/, src/ or action.yml'}`);
  out.push(`Node binaries: ${report.binaries.map((b) => `${b.name} = ${b.version} (${b.path})`).join('; ')}`);
  out.push(`Method: ${report.method}`);
  out.push('');
  out.push('Bundle size');
  out.push(table(['file', 'bytes', 'KiB'], report.bundles.map((b) => [b.file, String(b.bytes), f1(b.bytes / 1024)])));

  for (const b of report.binaries) {
    out.push('');
    out.push(`== ${b.name} (${b.version}) ==`);
    out.push('');
    out.push(`deploy-action, wall time from spawn to exit, ms (n=${b.bareNode.n} each); × node = median / median of node -e ''`);
    out.push('  phases (medians, ms): spawn → 1st request arrives | 1st request → last answer | last answer → exit; emulator = time spent answering');
    const rows: string[][] = [
      ["node -e ''", f1(b.bareNode.median), f1(b.bareNode.min), f1(b.bareNode.p90), '1.00', '—', '—', '—', '—', '—', mib(b.rssKiB.bareNode.median)],
      ['cold start (input rejected)', f1(b.coldStart.ms.median), f1(b.coldStart.ms.min), f1(b.coldStart.ms.p90), f2(b.coldStart.ratio), '0', '—', '—', '—', '—', mib(b.rssKiB.coldStart.median)]
    ];
    for (const r of b.records) {
      rows.push([
        r.scenario,
        f1(r.ms.median),
        f1(r.ms.min),
        f1(r.ms.p90),
        f2(r.ratio),
        list(r.requests),
        f1(r.phases.toFirstRequest.median),
        f1(r.phases.requests.median),
        f1(r.phases.afterLastAnswer.median),
        f1(r.serverMs.median),
        mib(r.rssKiB.median)
      ]);
    }
    out.push(table(['measurement', 'median', 'min', 'p90', '× node', 'requests', '→1st req', 'requests', '→exit', 'emulator', 'max RSS MiB'], rows));
    const rssNote = b.records.map((r) => `${r.scenario}: min ${mib(r.rssKiB.min)} / p90 ${mib(r.rssKiB.p90)}`).join('; ');
    out.push(`  max RSS: median of n=${b.rssKiB.bareNode.n} separate runs with an exit probe (${rssNote} MiB)`);
    for (const r of b.records) out.push(`  requests of one ${r.scenario}: ${r.requestLines.join(', ')}`);

    out.push('');
    out.push('release-action dry run (gather + decide), wall time from spawn to exit, ms; requests = graphql + rest; target = ceil(N/100) + 5; points = GraphQL points (GitHub\'s formula)');
    out.push(
      table(
        ['pull requests', 'runs', 'median', 'min', 'p90', '× node', 'requests', 'target', 'points', '→1st req', 'requests', '→exit', 'emulator', 'max RSS MiB', 'decision'],
        b.releases.map((r) => [
          String(r.pullRequests),
          String(r.runs),
          f1(r.ms.median),
          f1(r.ms.min),
          f1(r.ms.p90),
          f2(r.ratio),
          `${list(r.requests)} (${list(r.graphql)}+${list(r.rest)})`,
          String(r.target),
          list(r.points),
          f1(r.phases.toFirstRequest.median),
          f1(r.phases.requests.median),
          f1(r.phases.afterLastAnswer.median),
          f1(r.serverMs.median),
          `${mib(r.rssKiB.median)} (n=${r.rssKiB.n})`,
          r.decision
        ])
      )
    );

    const first = b.releases[0];
    if (first) out.push(`  requests of one dry run over ${first.pullRequests} pull requests: ${first.requestLines.join(', ')}`);

    out.push('');
    out.push('decide(policy, facts, now) in-process, µs per call (after warm-up)');
    out.push(
      table(
        ['pull requests', 'samples × calls', 'median', 'min', 'p90', 'allowed'],
        b.decide.map((d) => [String(d.pullRequests), `${d.samples} × ${d.callsPerSample}`, f1(d.us.median), f1(d.us.min), f1(d.us.p90), String(d.allowed)])
      )
    );
  }

  if (report.cost.length > 0) {
    out.push('');
    out.push(renderCost(report.cost));
  }
  if (report.reportCost) {
    out.push('');
    out.push(describeReportCost(report.reportCost));
  }

  out.push('');
  out.push(`Seeding the emulator: ${report.seeding.map((s) => `${s.pullRequests} PRs ${f1(s.ms)} ms`).join(', ')} (once per N, reused by every run)`);
  out.push('Reference from the product brief: the best recorder known makes its 2 requests in about 3.3 × the bare node start.');
  out.push('');
  if (report.problems.length === 0) out.push('Problems: none (every run did what it should; the emulator saw no request GitHub would reject).');
  else {
    out.push(`Problems (${report.problems.length}):`);
    for (const p of report.problems) out.push(`  - ${p.where}: ${p.what}`);
  }
  out.push(`Total: ${f1(report.totalSeconds)} s`);
  return out.join('\n');
}

/** GraphQL points and REST requests per release decision, per history shape. */
export function renderCost(cost: CostResult[]): string {
  const out: string[] = [];
  out.push(`Cost per release decision (release-action dry run: gather + decide), charged by GitHub's formula as the emulator computes it.`);
  out.push(`A GITHUB_TOKEN has ${GITHUB_TOKEN_BUDGET.toLocaleString('en-US')} GraphQL points and ${GITHUB_TOKEN_BUDGET.toLocaleString('en-US')} REST requests per hour per repository; targets from issue 7.`);
  for (const shape of Object.keys(SHAPES) as Array<keyof typeof SHAPES>) {
    const rows = cost.filter((c) => c.shape === shape);
    if (rows.length === 0) continue;
    out.push('');
    out.push(`History: ${SHAPES[shape]}`);
    out.push(
      table(
        ['scenario', 'commits', 'GraphQL queries', 'GraphQL points', 'target', 'REST requests', '% of hourly points', 'decision'],
        rows.map((c) => [
          c.scenario,
          String(c.commits),
          String(c.graphqlRequests),
          String(c.graphqlPoints),
          c.target === null ? '—' : `≤ ${c.target}${c.graphqlPoints > c.target ? ' MISSED' : ' met'}`,
          String(c.restRequests),
          `${((100 * c.graphqlPoints) / GITHUB_TOKEN_BUDGET).toFixed(1)} %`,
          c.decision
        ])
      )
    );
    for (const c of rows) out.push(`  queries (name points) for ${c.scenario}: ${c.queries.join(', ') || 'none'}`);
  }
  return out.join('\n');
}
