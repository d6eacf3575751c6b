/**
 * The release calendar: whether the windows and freezes allow a release at an instant, and when
 * they next do. A freeze always beats a window; with no windows configured, any time outside a
 * freeze is allowed.
 */

import { compiledOf, type CompiledRule } from './parse.js';
import { HORIZON_MS, instant, runEndMs, runSpan, spanAfter, type SearchBudget } from './rules.js';
import type { CalendarState, Occurrence, Schedule, ScheduleRule } from './types.js';

/**
 * How many occurrence look-ups one evaluation may make. Ordinary calendars need a few hundred for
 * two years; only rules that repeat every few minutes and chain into one long run come near it.
 * Past it, run ends are reported as far as they were followed and no opening is reported.
 */
export const SEARCH_BUDGET = 100_000;

interface Compiled {
  rule: ScheduleRule;
  c: CompiledRule;
}

function compileAll(rules: ScheduleRule[]): Compiled[] {
  return rules.map((rule) => ({ rule, c: compiledOf(rule) }));
}

function runs(rules: Compiled[], t: number, budget: SearchBudget): Occurrence[] {
  const out: Occurrence[] = [];
  for (const { rule, c } of rules) {
    const span = runSpan(c, t, HORIZON_MS, budget);
    if (span) out.push({ rule, start: new Date(span.start), end: new Date(span.end) });
  }
  return out;
}

/** Whether `schedule` allows a release at `now`, what is in force, and when it next allows one. */
export function evaluateCalendar(schedule: Schedule, now: Date): CalendarState {
  const t = instant(now, 'evaluateCalendar');
  const windows = compileAll(schedule.windows);
  const freezes = compileAll(schedule.freezes);

  const budget: SearchBudget = { left: SEARCH_BUDGET };
  const frozen = runs(freezes, t, budget);
  // Of several windows in force, report the one that stays open longest.
  const open = runs(windows, t, budget).sort((a, b) => b.end.getTime() - a.end.getTime());
  const window = open[0] ?? null;
  const windowsConfigured = windows.length > 0;
  const allowed = frozen.length === 0 && (!windowsConfigured || window !== null);
  return {
    allowed,
    window,
    freezes: frozen,
    windowsConfigured,
    nextAllowedAt: allowed ? null : nextAllowed(windows, freezes, t, budget)
  };
}

/**
 * The earliest instant after `t` that the calendar allows, jumping from boundary to boundary:
 * to the end of every freeze in force (chained through freezes that touch or overlap), then,
 * if no window is open there, to the next window start, and so on.
 */
function nextAllowed(windows: Compiled[], freezes: Compiled[], t: number, budget: SearchBudget): Date | null {
  const limit = t + HORIZON_MS;
  let at = t;
  while (at <= limit && budget.left > 0) {
    let lifted = at;
    for (const { c } of freezes) {
      const end = runEndMs(c, at, limit, budget);
      if (end !== null && end > lifted) lifted = end;
    }
    if (lifted > at) {
      at = lifted;
      continue;
    }
    if (windows.length === 0 || windows.some(({ c }) => runEndMs(c, at, at, budget) !== null)) {
      return at > t && at <= limit ? new Date(at) : null;
    }
    let next = Infinity;
    for (const { c } of windows) {
      const start = spanAfter(c, at, budget)?.start;
      if (start !== undefined && start < next) next = start;
    }
    if (next === Infinity) return null;
    at = next;
  }
  return null;
}
