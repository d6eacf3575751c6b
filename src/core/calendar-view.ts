/**
 * The calendar at a glance (pure): the windows and freezes of the coming days as a list of
 * periods, a Mermaid gantt chart for job summaries (GitHub renders Mermaid there) and a plain
 * list under it. Times are shown in the policy's zone.
 */
import { codeSpan } from './markdown.js';
import { formatInZone, occurrencesBetween } from './schedule/index.js';
import type { Schedule, ScheduleRule } from './schedule/types.js';
import { DAY, msToCivil, resolveZone, wallAt } from './schedule/zone.js';

export type PeriodKind = 'window' | 'freeze';

/** One opening or freeze: back-to-back occurrences of the same rule are one period. */
export interface CalendarPeriod {
  kind: PeriodKind;
  rule: ScheduleRule;
  start: Date;
  end: Date;
}

/** Most occurrences read per rule, so a rule repeating every few minutes cannot flood a summary or a file. */
export const PERIODS_PER_RULE = 500;

/** Windows and freezes overlapping [from, from + days), merged per rule, in order of start. */
export function upcomingPeriods(schedule: Schedule, from: Date, days: number): CalendarPeriod[] {
  const to = new Date(from.getTime() + days * DAY);
  const periods: CalendarPeriod[] = [];
  const add = (kind: PeriodKind, rules: ScheduleRule[]): void => {
    for (const rule of rules) {
      let current: CalendarPeriod | null = null;
      for (const occurrence of occurrencesBetween(rule, from, to, PERIODS_PER_RULE)) {
        if (current && occurrence.start.getTime() <= current.end.getTime()) {
          if (occurrence.end.getTime() > current.end.getTime()) current.end = occurrence.end;
          continue;
        }
        current = { kind, rule, start: occurrence.start, end: occurrence.end };
        periods.push(current);
      }
    }
  };
  add('freeze', schedule.freezes);
  add('window', schedule.windows);
  return periods.sort((a, b) => a.start.getTime() - b.start.getTime() || (a.kind === b.kind ? 0 : a.kind === 'freeze' ? -1 : 1));
}

const pad = (n: number): string => String(n).padStart(2, '0');

/** `2026-12-07 09:00`: the zone's wall clock, as Mermaid's `dateFormat YYYY-MM-DD HH:mm` reads it. */
function wall(date: Date, zone: string): string {
  const c = msToCivil(wallAt(zone, date.getTime()));
  return `${c.year}-${pad(c.month)}-${pad(c.day)} ${pad(c.hour)}:${pad(c.minute)}`;
}

/** A Mermaid task name: no `:` (it ends the name), `#` or `;` (comments and statements). */
function taskName(text: string): string {
  return text.replace(/:/g, '∶').replace(/[#;]/g, ' ').replace(/\s+/g, ' ').trim() || 'rule';
}

/** Most periods drawn and listed; the rest are counted. */
const SHOWN = 60;

/**
 * `#### Calendar` for a job summary: the next `days` days of windows and freezes in the policy's
 * zone as a Mermaid gantt chart, and the same as a plain list. `gates` names what is gated
 * (`Release`, `Deploy`).
 */
export function renderCalendar(schedule: Schedule, now: Date, gates: string, days = 14): string {
  const zone = resolveZone(schedule.zone) ?? 'UTC';
  const heading = `#### ${gates} calendar: the next ${days} days (${zone})`;
  if (schedule.windows.length === 0 && schedule.freezes.length === 0) {
    return `${heading}\n\nNo windows or freezes are configured: the calendar never blocks.\n`;
  }
  const horizon = new Date(now.getTime() + days * DAY);
  const all = upcomingPeriods(schedule, now, days);
  const shown = all.slice(0, SHOWN);
  const clip = (d: Date): Date => new Date(Math.min(Math.max(d.getTime(), now.getTime()), horizon.getTime()));
  const lines = [heading, ''];
  if (shown.length === 0) {
    lines.push(`No window opens and no freeze is in force in the next ${days} days.`);
    return `${lines.join('\n')}\n`;
  }
  lines.push('```mermaid', 'gantt', `    title ${gates} windows and freezes (${zone})`, '    dateFormat YYYY-MM-DD HH:mm', '    axisFormat %a %d %b', '    todayMarker off');
  for (const [kind, section] of [['window', 'Windows'], ['freeze', 'Freezes']] as const) {
    const periods = shown.filter((p) => p.kind === kind);
    if (periods.length === 0) continue;
    lines.push(`    section ${section}`);
    for (const p of periods) {
      lines.push(`    ${taskName(p.rule.source)} :${kind === 'freeze' ? 'crit, ' : 'active, '}${wall(clip(p.start), zone)}, ${wall(clip(p.end), zone)}`);
    }
  }
  lines.push('```', '');
  for (const p of shown) {
    const mark = p.kind === 'freeze' ? '🧊 freeze' : '🟢 window';
    const end = p.end.getTime() >= 8.64e15 ? 'with no end' : `until ${formatInZone(p.end, zone)}`;
    const start = p.start.getTime() <= now.getTime() ? 'now' : `from ${formatInZone(p.start, zone)}`;
    lines.push(`- ${mark} ${codeSpan(p.rule.source)}: ${start} ${end}`);
  }
  if (all.length > shown.length) lines.push(`- … and ${all.length - shown.length} more`);
  if (schedule.windows.length > 0 && schedule.freezes.length > 0) lines.push('', 'A freeze always beats a window: a window inside a freeze stays closed.');
  return `${lines.join('\n')}\n`;
}
