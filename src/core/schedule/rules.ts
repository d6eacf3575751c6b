/**
 * Occurrences of one rule. Every rule is a sequence of starts on the wall timeline (see zone.ts);
 * each start is converted to an instant, and each occurrence ends either at a wall-clock time
 * (weekly ranges, spans, dates, cron ranges: the end stays at that local time across a DST change)
 * or after an elapsed duration (`cron(...) for 8h`).
 *
 * Searches jump from one start to the next; nothing steps through time minute by minute.
 */

import { compiledOf, type CompiledRule } from './parse.js';
import type { Occurrence, ScheduleRule } from './types.js';
import { DAY, MINUTE, WEEK, wallCeiling, wallToInstant } from './zone.js';

/** How far ahead searches look: about two years. */
export const HORIZON_MS = 731 * DAY;

/** Stands for "no end": a cron range whose end never comes again. */
const NO_END = 8.64e15;

/** Limits the occurrences one search may visit, so that a rule repeating every minute cannot run away. */
export interface SearchBudget {
  left: number;
}

interface Span {
  start: number;
  end: number;
}

/** 1970-01-01, day 0 of the wall timeline, was a Thursday. */
const EPOCH_WEEKDAY = 4;

function weekStart(w: number): number {
  const days = Math.floor(w / DAY);
  const weekday = (((days + EPOCH_WEEKDAY) % 7) + 7) % 7;
  return (days - weekday) * DAY;
}

/** The latest start at or before wall time `w`. */
function startAtOrBefore(c: CompiledRule, w: number): number | null {
  switch (c.type) {
    case 'weekly': {
      const base = weekStart(w);
      let best: number | null = null;
      for (const week of [base, base - WEEK]) {
        for (const s of c.starts) {
          const candidate = week + s * MINUTE;
          if (candidate <= w && (best === null || candidate > best)) best = candidate;
        }
      }
      return best;
    }
    case 'once':
      return c.startWall <= w ? c.startWall : null;
    case 'cron-duration':
    case 'cron-range':
      return c.start.previousRuns(1, new Date(Math.floor(w) + 1))[0]?.getTime() ?? null;
  }
}

/** The earliest start strictly after wall time `w`. */
function startAfter(c: CompiledRule, w: number): number | null {
  switch (c.type) {
    case 'weekly': {
      const base = weekStart(w);
      let best: number | null = null;
      for (const week of [base, base + WEEK]) {
        for (const s of c.starts) {
          const candidate = week + s * MINUTE;
          if (candidate > w && (best === null || candidate < best)) best = candidate;
        }
      }
      return best;
    }
    case 'once':
      return c.startWall > w ? c.startWall : null;
    case 'cron-duration':
    case 'cron-range':
      return c.start.nextRun(new Date(Math.floor(w)))?.getTime() ?? null;
  }
}

/** The occurrence that starts at wall time `ws`, as instants. */
function occurrenceFrom(c: CompiledRule, ws: number): Span {
  const start = wallToInstant(c.zone, ws);
  switch (c.type) {
    case 'weekly':
      return { start, end: wallToInstant(c.zone, ws + c.lengthMs) };
    case 'once':
      return { start, end: wallToInstant(c.zone, c.endWall) };
    case 'cron-duration':
      return { start, end: start + c.durationMs };
    case 'cron-range': {
      const endWall = c.end.nextRun(new Date(ws))?.getTime();
      return { start, end: endWall === undefined ? NO_END : wallToInstant(c.zone, endWall) };
    }
  }
}

function spend(budget: SearchBudget | undefined): boolean {
  if (!budget) return true;
  budget.left -= 1;
  return budget.left >= 0;
}

/**
 * The occurrence in force at instant `t`. Occurrences of one rule that start later also end
 * later, so the one with the latest start at or before `t` is the only one to check.
 */
function spanAt(c: CompiledRule, t: number): Span | null {
  const ws = startAtOrBefore(c, wallCeiling(c.zone, t));
  if (ws === null) return null;
  const span = occurrenceFrom(c, ws);
  return span.start <= t && t < span.end ? span : null;
}

/** The first non-empty occurrence starting strictly after instant `t`. */
export function spanAfter(c: CompiledRule, t: number, budget?: SearchBudget): Span | null {
  let w = wallCeiling(c.zone, t);
  // Skips only occurrences squeezed to nothing by a spring-forward gap: at most one gap's worth.
  for (let i = 0; i < 1000 && spend(budget); i++) {
    const ws = startAfter(c, w);
    if (ws === null) return null;
    const span = occurrenceFrom(c, ws);
    if (span.end > span.start) return span;
    w = ws;
  }
  return null;
}

function toOccurrence(rule: ScheduleRule, span: Span): Occurrence {
  return { rule, start: new Date(span.start), end: new Date(span.end) };
}

/** Milliseconds of a Date (from any realm); throws on an invalid one. */
export function instant(date: Date, what: string): number {
  const t = typeof date?.getTime === 'function' ? date.getTime() : Number.NaN;
  if (Number.isNaN(t)) throw new RangeError(`${what} needs a valid date`);
  return t;
}

/** The occurrence of `rule` in force at `t` (start inclusive, end exclusive), or null. */
export function occurrenceAt(rule: ScheduleRule, t: Date): Occurrence | null {
  const span = spanAt(compiledOf(rule), instant(t, 'occurrenceAt'));
  return span ? toOccurrence(rule, span) : null;
}

/** The first occurrence of `rule` that starts strictly after `after`, or null if there is none. */
export function nextOccurrence(rule: ScheduleRule, after: Date): Occurrence | null {
  const span = spanAfter(compiledOf(rule), instant(after, 'nextOccurrence'));
  return span ? toOccurrence(rule, span) : null;
}

/** When the first occurrence of `rule` strictly after `after` starts, or null if there is none. */
export function nextOccurrenceStart(rule: ScheduleRule, after: Date): Date | null {
  return nextOccurrence(rule, after)?.start ?? null;
}

/**
 * Where the run of back-to-back or overlapping occurrences of `c` that contains `t` ends,
 * following it no further than `limit`. Null when no occurrence is in force at `t`.
 */
export function runEndMs(c: CompiledRule, t: number, limit: number, budget?: SearchBudget): number | null {
  const span = spanAt(c, t);
  if (!span) return null;
  let end = span.end;
  while (end <= limit && spend(budget)) {
    const next = spanAt(c, end);
    if (!next || next.end <= end) break;
    end = next.end;
  }
  return end;
}

/** The run of occurrences of `c` containing `t` (see `runAt`), on milliseconds. */
export function runSpan(c: CompiledRule, t: number, horizonMs: number, budget?: SearchBudget): Span | null {
  const end = runEndMs(c, t, t + horizonMs, budget);
  if (end === null) return null;
  let start = (spanAt(c, t) as Span).start;
  while (t - start <= horizonMs && spend(budget)) {
    const previous = spanAt(c, start - 1);
    if (!previous || previous.start >= start) break;
    start = previous.start;
  }
  return { start, end };
}

/**
 * The occurrence in force at `t` merged with the occurrences of the same rule that touch or
 * overlap it (`Mon-Sun 00:00-24:00` is one run, not seven days), so that its end is when the
 * rule stops being in force. Runs are followed at most `horizonMs` (about two years) each way.
 */
export function runAt(rule: ScheduleRule, t: Date, horizonMs = HORIZON_MS): Occurrence | null {
  const span = runSpan(compiledOf(rule), instant(t, 'runAt'), horizonMs);
  return span ? toOccurrence(rule, span) : null;
}

/**
 * Occurrences of `rule` that overlap [from, to), in order of start: the one in force at `from`,
 * if any, then those starting before `to`. At most `limit` are returned.
 */
export function occurrencesBetween(rule: ScheduleRule, from: Date, to: Date, limit = 1000): Occurrence[] {
  const c = compiledOf(rule);
  const end = instant(to, 'occurrencesBetween');
  let t = instant(from, 'occurrencesBetween');
  const out: Occurrence[] = [];
  const current = spanAt(c, t);
  if (current && t < end) out.push(toOccurrence(rule, current));
  while (out.length < limit) {
    const next = spanAfter(c, t);
    if (!next || next.start >= end) break;
    out.push(toOccurrence(rule, next));
    t = next.start;
  }
  return out;
}
