/**
 * Parsing of the `windows` and `freezes` inputs into rules, and the compiled form each rule is
 * evaluated from. A `ScheduleRule` carries only its kind, source line and zone; the compiled form
 * is kept in a cache keyed by zone and source, and rebuilt from them when a rule arrives from
 * elsewhere (a copy, a deserialised audit record).
 */

import { Cron } from 'croner';
import { InputError } from '../errors.js';
import { ScheduleLineError, likelyProblem, lineShapeProblem } from './diagnose.js';
import type { RuleKind, Schedule, ScheduleRule } from './types.js';
import { suggestedZone, zoneNameProblem } from './zone-names.js';
import { DAY, MINUTE, civilToMs, formatWallDate, isValidDate, resolveZone } from './zone.js';

/** The accepted forms of a `windows` or `freezes` line, as error messages list them. */
export const ACCEPTED_RULE_FORMS =
  'one rule per line, each optionally followed by "in <IANA zone>" (e.g. "in Europe/Berlin"): ' +
  'days and times "Mon-Fri 09:00-17:00" (Mon..Sun, lists and ranges such as "Mon-Wed,Fri"; ' +
  'an end before the start runs past midnight; 24:00 is allowed as an end), ' +
  'a weekly span "Fri 18:00 - Mon 08:00", ' +
  'whole days "2026-12-20 - 2027-01-04" or "2026-12-25", ' +
  'date-times "2026-12-24T12:00 - 2026-12-27T08:00", ' +
  'a 5-field cron with a duration "cron(0 9 * * 1-5) for 8h" (30m, 8h, 1h30m, 2d), ' +
  'or a cron start and end "cron(0 18 * * 5) to cron(0 8 * * 1)"; ' +
  'blank lines and lines starting with # are ignored';

/** The accepted form of the `timezone` input. */
export const ACCEPTED_ZONE = 'an IANA time-zone name such as "UTC", "Europe/Berlin" or "America/New_York"';

/** A rule ready to evaluate. Wall times are on the wall timeline (see zone.ts). */
export type CompiledRule =
  | {
      type: 'weekly';
      zone: string;
      body: string;
      /** Start of each occurrence as minutes after Sunday 00:00, ascending. */
      starts: number[];
      /** Wall-clock length of every occurrence. */
      lengthMs: number;
    }
  | { type: 'once'; zone: string; body: string; startWall: number; endWall: number }
  | { type: 'cron-duration'; zone: string; body: string; start: Cron; durationMs: number }
  | { type: 'cron-range'; zone: string; body: string; start: Cron; end: Cron };

const DAY_NUMBERS: Record<string, number> = { sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6 };
const MINUTES_PER_DAY = 24 * 60;
const MINUTES_PER_WEEK = 7 * MINUTES_PER_DAY;

const TIME = String.raw`(\d{1,2}:\d{2})`;
const DATE = String.raw`(\d{4})-(\d{2})-(\d{2})`;
const DAYS = String.raw`([A-Za-z]+(?:\s*[-,]\s*[A-Za-z]+)*)`;

const WEEKLY = new RegExp(String.raw`^${DAYS}\s+${TIME}\s*-\s*${TIME}$`);
const SPAN = new RegExp(String.raw`^([A-Za-z]+)\s+${TIME}\s*-\s*([A-Za-z]+)\s+${TIME}$`);
const DATES = new RegExp(String.raw`^${DATE}(?:\s*-\s*${DATE})?$`);
const DATETIMES = new RegExp(String.raw`^${DATE}(?:T|\s+)${TIME}\s*-\s*${DATE}(?:T|\s+)${TIME}$`, 'i');
const CRON_DURATION = /^cron\(([^()]*)\)\s*for\s+(\S+)$/i;
const CRON_RANGE = /^cron\(([^()]*)\)\s*to\s+cron\(([^()]*)\)$/i;
const ZONE_SUFFIX = /^(.*\S)\s+in\s+(\S+)$/i;
const DURATION = /^(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?$/i;

type Fail = (detail: string) => never;

interface Parsed {
  rule: ScheduleRule;
  compiled: CompiledRule;
}

const MAX_CACHED_RULES = 5000;
const compiledCache = new Map<string, CompiledRule>();

function cacheKey(zone: string, source: string): string {
  return `${zone}\n${source}`;
}

function remember(rule: ScheduleRule, compiled: CompiledRule): void {
  if (compiledCache.size >= MAX_CACHED_RULES) compiledCache.clear();
  compiledCache.set(cacheKey(rule.zone, rule.source), compiled);
}

/** Forgets compiled rules and cron expressions (tests use it to recompute under another host zone). */
export function clearRuleCaches(): void {
  compiledCache.clear();
  cronCache.clear();
}

/** The compiled form of a rule; a rule built elsewhere is compiled from its source and zone. */
export function compiledOf(rule: ScheduleRule): CompiledRule {
  const cached = compiledCache.get(cacheKey(rule.zone, rule.source));
  if (cached) return cached;
  const zone = resolveZone(rule.zone);
  if (zone === null) {
    throw new InputError('schedule', rule.zone, ACCEPTED_ZONE, `rule "${rule.source}" names an unknown time zone`);
  }
  const { compiled } = parseLine(rule.source.trim(), zone, failer('schedule', rule.source.trim(), undefined));
  remember(rule, compiled);
  return compiled;
}

function failer(input: string, line: string, lineNumber: number | undefined): Fail {
  return (detail: string): never => {
    throw new ScheduleLineError(input, line, ACCEPTED_RULE_FORMS, detail, lineNumber);
  };
}

/**
 * Parses one rule line. `defaultZone` applies unless the line ends with "in <zone>". Throws
 * `InputError` naming `input`, quoting the line and listing the accepted forms.
 */
export function parseRule(line: string, defaultZone = 'UTC', input = 'schedule', lineNumber?: number): ScheduleRule {
  const source = line.trim();
  const fail = failer(input, source, lineNumber);
  const zone = zoneInput(defaultZone);
  const { rule, compiled } = parseLine(source, zone, fail);
  remember(rule, compiled);
  return rule;
}

/** Parses the multi-line `windows` and `freezes` inputs and the default `timezone` (UTC when empty). */
export function parseSchedule(input: { windows: string; freezes: string; timezone: string }): Schedule {
  const timezone = (input.timezone ?? '').trim();
  const zone = zoneInput(timezone === '' ? 'UTC' : timezone);
  return {
    windows: parseLines(input.windows ?? '', zone, 'windows'),
    freezes: parseLines(input.freezes ?? '', zone, 'freezes'),
    zone
  };
}

/** The `timezone` input resolved, or an InputError: unknown, or an abbreviation or fixed offset (with the IANA zone to use). */
function zoneInput(name: string): string {
  const problem = zoneNameProblem(name);
  if (problem !== undefined) throw new InputError('timezone', name, ACCEPTED_ZONE, problem);
  const zone = resolveZone(name);
  if (zone === null) throw new InputError('timezone', name, ACCEPTED_ZONE, 'unknown time zone');
  return zone;
}

/** Whether a word at the end of a line names a time zone (so it lacks "in"). */
function looksLikeZone(word: string): boolean {
  return word.includes('/') || zoneNameProblem(word) !== undefined || (/^[A-Za-z]{3,}$/.test(word) && resolveZone(word) !== null);
}

function parseLines(text: string, zone: string, input: string): ScheduleRule[] {
  const rules: ScheduleRule[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    rules.push(parseRule(line, zone, input, index + 1));
  });
  return rules;
}

function parseLine(source: string, defaultZone: string, fail: Fail): Parsed {
  const shape = lineShapeProblem(source);
  if (shape !== undefined) fail(shape);
  let body = source;
  let zone = defaultZone;
  const suffix = ZONE_SUFFIX.exec(source);
  if (suffix) {
    body = (suffix[1] as string).trim();
    const named = suffix[2] as string;
    const misnamed = zoneNameProblem(named);
    if (misnamed !== undefined) fail(misnamed);
    const resolved = resolveZone(named);
    if (resolved === null) fail(`unknown time zone "${named}"; use an IANA name such as Europe/Berlin`);
    zone = resolved;
  }
  const make = (kind: RuleKind, compiled: CompiledRule): Parsed => ({ rule: { kind, source, zone }, compiled });

  let m = WEEKLY.exec(body);
  if (m) {
    const days = parseDays(m[1] as string, fail);
    const start = parseTime(m[2] as string, 'start', fail);
    const end = parseTime(m[3] as string, 'end', fail);
    if (start === end) {
      fail(`the range starts and ends at ${m[2]}; for a whole day write 00:00-24:00`);
    }
    const length = end > start ? end - start : end + MINUTES_PER_DAY - start;
    const starts = days.map((d) => d * MINUTES_PER_DAY + start).sort((a, b) => a - b);
    return make('weekly', { type: 'weekly', zone, body, starts, lengthMs: length * MINUTE });
  }

  m = SPAN.exec(body);
  if (m) {
    const startDay = parseDay(m[1] as string, fail);
    const start = parseTime(m[2] as string, 'start', fail);
    const endDay = parseDay(m[3] as string, fail);
    const end = parseTime(m[4] as string, 'end', fail);
    const from = startDay * MINUTES_PER_DAY + start;
    const to = endDay * MINUTES_PER_DAY + end;
    const length = (((to - from) % MINUTES_PER_WEEK) + MINUTES_PER_WEEK) % MINUTES_PER_WEEK;
    if (length === 0) fail('the span starts and ends at the same weekday and time');
    return make('span', { type: 'weekly', zone, body, starts: [from], lengthMs: length * MINUTE });
  }

  m = DATES.exec(body);
  if (m) {
    const first = parseDate(m[1] as string, m[2] as string, m[3] as string, fail);
    const last = m[4] === undefined ? first : parseDate(m[4], m[5] as string, m[6] as string, fail);
    if (last < first) {
      fail(`the range ends (${formatWallDate(last)}) before it starts (${formatWallDate(first)})`);
    }
    return make('dates', { type: 'once', zone, body, startWall: first, endWall: last + DAY });
  }

  m = DATETIMES.exec(body);
  if (m) {
    const start = parseDate(m[1] as string, m[2] as string, m[3] as string, fail) + parseTime(m[4] as string, 'start', fail) * MINUTE;
    const end = parseDate(m[5] as string, m[6] as string, m[7] as string, fail) + parseTime(m[8] as string, 'end', fail) * MINUTE;
    if (end <= start) fail(end === start ? 'the range starts and ends at the same time' : 'the range ends before it starts');
    return make('datetimes', { type: 'once', zone, body, startWall: start, endWall: end });
  }

  m = CRON_DURATION.exec(body);
  if (m) {
    const start = parseCron(m[1] as string, fail);
    const durationMs = parseDuration(m[2] as string, fail);
    return make('cron-duration', { type: 'cron-duration', zone, body, start, durationMs });
  }

  m = CRON_RANGE.exec(body);
  if (m) {
    const start = parseCron(m[1] as string, fail);
    const end = parseCron(m[2] as string, fail);
    return make('cron-range', { type: 'cron-range', zone, body, start, end });
  }

  if (/^cron\b/i.test(body)) {
    fail('a cron rule is "cron(<minute> <hour> <day of month> <month> <day of week>) for <duration>" or "cron(...) to cron(...)"');
  }
  fail(likelyProblem(body, looksLikeZone, suggestedZone) ?? 'not a recognised schedule rule');
}

function parseDay(name: string, fail: Fail): number {
  const day = DAY_NUMBERS[name.toLowerCase()];
  if (day === undefined) fail(`"${name}" is not a day; use Mon, Tue, Wed, Thu, Fri, Sat or Sun`);
  return day;
}

/** "Mon-Wed,Fri" and wrapping ranges such as "Fri-Mon"; days in week order, without repeats. */
function parseDays(list: string, fail: Fail): number[] {
  const days = new Set<number>();
  for (const item of list.split(',')) {
    const ends = item.split('-').map((s) => s.trim());
    if (ends.length > 2 || ends.some((s) => s === '')) fail(`"${item.trim()}" is not a day or a range of days such as Mon-Fri`);
    const from = parseDay(ends[0] as string, fail);
    const to = ends.length === 2 ? parseDay(ends[1] as string, fail) : from;
    for (let d = from; ; d = (d + 1) % 7) {
      days.add(d);
      if (d === to) break;
    }
  }
  return [...days].sort((a, b) => a - b);
}

/** Minutes after midnight; 24:00 (1440) only as an end. */
function parseTime(text: string, role: 'start' | 'end', fail: Fail): number {
  const [h, m] = text.split(':').map(Number) as [number, number];
  if (role === 'end' && h === 24 && m === 0) return MINUTES_PER_DAY;
  if (h > 23 || m > 59) {
    fail(
      h === 24 && m === 0
        ? '24:00 is allowed only as an end time'
        : `${text} is not a time of day (00:00 to 23:59, and 24:00 as an end)`
    );
  }
  return h * 60 + m;
}

/** Midnight of the date on the wall timeline. */
function parseDate(y: string, mo: string, d: string, fail: Fail): number {
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  if (!isValidDate(year, month, day)) fail(`${y}-${mo}-${d} is not a date`);
  return civilToMs(year, month, day);
}

function parseDuration(text: string, fail: Fail): number {
  const m = DURATION.exec(text);
  const bad = `"${text}" is not a duration greater than zero; write e.g. 30m, 8h, 1h30m or 2d`;
  if (!m || text === '') fail(bad);
  const ms = Number(m[1] ?? 0) * DAY + Number(m[2] ?? 0) * 60 * MINUTE + Number(m[3] ?? 0) * MINUTE;
  if (!(ms > 0) || !Number.isSafeInteger(ms) || ms > 100 * 366 * DAY) fail(bad);
  return ms;
}

const cronCache = new Map<string, Cron>();
/** A fixed reference on the wall timeline for checking that a cron expression ever matches. */
const CRON_REFERENCE = civilToMs(2000, 1, 1);

function parseCron(expression: string, fail: Fail): Cron {
  const text = expression.trim().replace(/\s+/g, ' ');
  const cached = cronCache.get(text);
  if (cached) return cached;
  const fields = text === '' ? 0 : text.split(' ').length;
  if (fields !== 5 || text.includes('@')) {
    fail(`cron expression "${text}" must have 5 fields: minute hour day-of-month month day-of-week`);
  }
  let cron: Cron;
  try {
    // Evaluated on the wall timeline, which is UTC-like: a fixed zero offset keeps croner off the host zone.
    cron = new Cron(text, { utcOffset: 0, mode: '5-part' });
  } catch (error) {
    const why = error instanceof Error ? error.message.replace(/^Cron\w*:\s*/, '') : String(error);
    fail(`invalid cron expression "${text}": ${why}`);
  }
  if (!cron.nextRun(new Date(CRON_REFERENCE))) fail(`cron expression "${text}" never matches`);
  if (cronCache.size >= MAX_CACHED_RULES) cronCache.clear();
  cronCache.set(text, cron);
  return cron;
}
