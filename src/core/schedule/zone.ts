/**
 * Time-zone arithmetic on top of `Intl`, independent of the host's own zone.
 *
 * Schedule rules are written in local wall-clock time. A wall-clock time is represented here as
 * a number of milliseconds on a "wall timeline": the value `Date.UTC(y, m, d, h, min)` would have
 * for those fields, which has no daylight-saving jumps. Two mappings connect it to real instants:
 *
 * - `wallToInstant(zone, w)`: the first instant at which the zone's clock reads `w` or later. A
 *   time skipped by a spring-forward gap therefore moves forward to the end of the gap, and a time
 *   repeated by a fall-back counts once, at its first occurrence.
 * - `wallCeiling(zone, t)`: the latest wall time the zone's clock has reached by instant `t`, so
 *   that `wallToInstant(zone, w) <= t` exactly when `w <= wallCeiling(zone, t)`.
 *
 * Both mappings never decrease, which lets rules search on the wall timeline and convert after.
 *
 * Offsets are learned per UTC day: the offset at the start of the day and, when the offset at
 * the end differs, the instant of the change (found by bisection to the second). This assumes at
 * most one offset change per UTC day, which holds for every zone in the IANA database since 1970.
 */

export const SECOND = 1000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;
export const WEEK = 7 * DAY;

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const;

/** Milliseconds on the UTC (or wall) timeline for calendar fields; month is 1-12. Years 0-99 are not shifted to 19xx. */
export function civilToMs(year: number, month: number, day: number, hour = 0, minute = 0, second = 0): number {
  const ms = Date.UTC(year, month - 1, day, hour, minute, second);
  if (year >= 0 && year < 100) {
    const d = new Date(ms);
    d.setUTCFullYear(year);
    return d.getTime();
  }
  return ms;
}

/** Calendar fields of a point on the UTC (or wall) timeline. */
export function msToCivil(ms: number): {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  weekday: number;
} {
  const d = new Date(ms);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
    weekday: d.getUTCDay()
  };
}

/** True when the calendar date exists (2026-02-30 does not). */
export function isValidDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1 || day > 31) return false;
  const c = msToCivil(civilToMs(year, month, day));
  return c.year === year && c.month === month && c.day === day;
}

const zoneNames = new Map<string, string | null>();

/**
 * The canonical name of an IANA time zone, or null if the runtime does not know it.
 * Fixed-offset strings such as "+01:00" are refused: rules name zones, so daylight saving follows.
 */
export function resolveZone(name: string): string | null {
  const cached = zoneNames.get(name);
  if (cached !== undefined) return cached;
  let resolved: string | null = null;
  if (/^[A-Za-z][A-Za-z0-9_+\-/]*$/.test(name)) {
    try {
      resolved = new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
    } catch {
      resolved = null;
    }
  }
  zoneNames.set(name, resolved);
  return resolved;
}

function requireZone(zone: string): string {
  const resolved = resolveZone(zone);
  if (resolved === null) throw new RangeError(`Unknown time zone ${JSON.stringify(zone)}`);
  return resolved;
}

const fieldFormatters = new Map<string, Intl.DateTimeFormat>();

function fieldFormatter(zone: string): Intl.DateTimeFormat {
  let f = fieldFormatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric'
    });
    fieldFormatters.set(zone, f);
  }
  return f;
}

/** The zone's offset from UTC in milliseconds at instant `t`, asked of Intl (whole seconds). */
function intlOffset(zone: string, t: number): number {
  const s = Math.floor(t / SECOND) * SECOND;
  const fields = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0 };
  for (const part of fieldFormatter(zone).formatToParts(new Date(s))) {
    if (part.type in fields) fields[part.type as keyof typeof fields] = Number(part.value);
  }
  const wall = civilToMs(fields.year, fields.month, fields.day, fields.hour % 24, fields.minute, fields.second);
  return wall - s;
}

interface DayOffsets {
  /** Offset at the start of the UTC day. */
  offset: number;
  /** The change during the day, if any: from `at` on, the offset is `offset`. */
  change: { at: number; offset: number } | null;
}

const MAX_CACHED_DAYS = 20000;
const dayCache = new Map<string, Map<number, DayOffsets>>();

function dayOffsets(zone: string, dayIndex: number): DayOffsets {
  let days = dayCache.get(zone);
  if (!days) {
    days = new Map();
    dayCache.set(zone, days);
  }
  const cached = days.get(dayIndex);
  if (cached) return cached;
  const start = dayIndex * DAY;
  const end = start + DAY;
  const previous = days.get(dayIndex - 1);
  const offset = previous ? (previous.change?.offset ?? previous.offset) : intlOffset(zone, start);
  const atEnd = days.get(dayIndex + 1)?.offset ?? intlOffset(zone, end);
  let result: DayOffsets = { offset, change: null };
  if (atEnd !== offset) {
    // Bisect to the first whole second that has the new offset.
    let lo = start;
    let hi = end;
    while (hi - lo > SECOND) {
      const mid = lo + Math.floor((hi - lo) / (2 * SECOND)) * SECOND;
      if (intlOffset(zone, mid) === offset) lo = mid;
      else hi = mid;
    }
    result = { offset, change: { at: hi, offset: intlOffset(zone, hi) } };
  }
  if (days.size >= MAX_CACHED_DAYS) days.clear();
  days.set(dayIndex, result);
  return result;
}

/** The zone's offset from UTC in milliseconds at instant `t`. */
export function offsetAt(zone: string, t: number): number {
  const day = dayOffsets(zone, Math.floor(t / DAY));
  return day.change && t >= day.change.at ? day.change.offset : day.offset;
}

/** The wall-clock time (on the wall timeline) that the zone's clocks show at instant `t`. */
export function wallAt(zone: string, t: number): number {
  return t + offsetAt(zone, t);
}

interface Segment {
  start: number;
  offset: number;
}

/** Stretches of constant offset covering at least [from, to], in order; each ends where the next starts. */
function segments(zone: string, from: number, to: number): Segment[] {
  const out: Segment[] = [];
  const push = (start: number, offset: number): void => {
    const last = out[out.length - 1];
    if (last && last.offset === offset) return;
    if (last && last.start === start) {
      last.offset = offset;
      return;
    }
    out.push({ start, offset });
  };
  const first = Math.floor(from / DAY);
  const last = Math.floor(to / DAY);
  for (let k = first; k <= last; k++) {
    const day = dayOffsets(zone, k);
    push(k * DAY, day.offset);
    if (day.change) push(day.change.at, day.change.offset);
  }
  return out;
}

/** Larger than any distance between a wall time and the instant that shows it. */
const OFFSET_BOUND = 16 * HOUR;

/**
 * The first instant at which the zone's clocks show wall time `w` or later: a time inside a
 * spring-forward gap maps to the end of the gap, a repeated time to its first occurrence.
 */
export function wallToInstant(zone: string, w: number): number {
  const segs = segments(zone, w - OFFSET_BOUND, w + OFFSET_BOUND);
  for (let i = 0; i < segs.length; i++) {
    const seg = segs[i] as Segment;
    const next = segs[i + 1];
    const candidate = w - seg.offset;
    if (next === undefined || candidate < next.start) return Math.max(candidate, seg.start);
  }
  // Unreachable: the last segment always answers.
  return w - offsetAt(zone, w);
}

/** How far back a fall-back can still leave the clock below an earlier reading. */
const LOOKBACK = 2 * DAY;

/** The latest wall time the zone's clocks have shown at or before instant `t`. */
export function wallCeiling(zone: string, t: number): number {
  const segs = segments(zone, t - LOOKBACK, t);
  let ceiling = -Infinity;
  for (let i = 0; i < segs.length; i++) {
    const seg = segs[i] as Segment;
    const next = segs[i + 1];
    if (seg.start > t) break;
    const reached = next === undefined || next.start > t ? t : next.start - 1;
    ceiling = Math.max(ceiling, reached + seg.offset);
  }
  return ceiling;
}

const nameFormatters = new Map<string, Intl.DateTimeFormat>();

/** Forgets every learned offset and formatter (tests use it to recompute under another host zone). */
export function clearZoneCaches(): void {
  zoneNames.clear();
  fieldFormatters.clear();
  dayCache.clear();
  nameFormatters.clear();
}

/** Locales tried, in order, for a zone abbreviation such as CET, EST, AEDT or IST. */
const ABBREVIATION_LOCALES = ['en-US', 'en-GB', 'en-AU', 'en-NZ', 'en-IN', 'en-CA', 'en-ZA'];

function zoneAbbreviation(zone: string, t: number): string {
  for (const locale of ABBREVIATION_LOCALES) {
    const key = `${locale} ${zone}`;
    let f = nameFormatters.get(key);
    if (!f) {
      f = new Intl.DateTimeFormat(locale, { timeZone: zone, timeZoneName: 'short' });
      nameFormatters.set(key, f);
    }
    const name = f.formatToParts(new Date(t)).find((p) => p.type === 'timeZoneName')?.value;
    if (name && /^[A-Z]{2,5}$/.test(name)) return name;
  }
  const offset = Math.round(offsetAt(zone, t) / MINUTE);
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  return `UTC${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** `YYYY-MM-DD` of a point on the wall timeline. */
export function formatWallDate(w: number): string {
  const c = msToCivil(w);
  return `${pad(c.year, 4)}-${pad(c.month)}-${pad(c.day)}`;
}

/**
 * An instant as the zone's clocks show it, to the minute, with the zone's abbreviation or
 * offset: "Fri 2026-12-04 18:00 CET", "Mon 2026-03-02 09:00 UTC+09:00".
 */
export function formatInZone(date: Date, zone: string): string {
  const t = typeof date?.getTime === 'function' ? date.getTime() : Number.NaN;
  if (Number.isNaN(t)) throw new RangeError('formatInZone needs a valid date');
  const z = requireZone(zone);
  const w = wallAt(z, t);
  const c = msToCivil(w);
  return `${WEEKDAYS[c.weekday]} ${formatWallDate(w)} ${pad(c.hour)}:${pad(c.minute)} ${zoneAbbreviation(z, t)}`;
}
