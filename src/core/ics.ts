/**
 * The release or deploy calendar as an iCalendar file (RFC 5545): one event per opening and
 * per freeze, with the rule as its description, so a team can subscribe to it. Pure.
 */
import { createHash } from 'node:crypto';
import { upcomingPeriods, type CalendarPeriod } from './calendar-view.js';
import type { Schedule } from './schedule/types.js';
import { DAY } from './schedule/zone.js';

/** `20261207T090000Z`: a DATE-TIME in UTC. */
export function icsDateTime(date: Date): string {
  return date.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}Z$/, 'Z');
}

/** TEXT value escaping: backslash, semicolon, comma and newlines (RFC 5545 3.3.11). */
export function icsText(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r\n|\r|\n/g, '\\n');
}

/**
 * Folds a content line at 75 octets (RFC 5545 3.1): continuation lines start with one space.
 * Never splits a UTF-8 character.
 */
export function foldLine(line: string): string {
  const parts: string[] = [];
  let current = '';
  let octets = 0;
  for (const char of line) {
    const size = Buffer.byteLength(char, 'utf8');
    // The first line holds 75 octets; continuations hold 74 after their leading space.
    const limit = parts.length === 0 ? 75 : 74;
    if (octets + size > limit) {
      parts.push(current);
      current = '';
      octets = 0;
    }
    current += char;
    octets += size;
  }
  parts.push(current);
  return parts.join('\r\n ');
}

export interface IcsOptions {
  /** Calendar name, e.g. `acme/shop releases`. */
  name: string;
  /** What is gated, for event titles: `Release`, `Deploy`. */
  gates: string;
  /** When the file is made (DTSTAMP), and where its 90 days start. */
  now: Date;
  days?: number;
}

function uid(period: CalendarPeriod, name: string): string {
  const key = `${name}\n${period.kind}\n${period.rule.zone}\n${period.rule.source}\n${period.start.toISOString()}`;
  return `${createHash('sha256').update(key).digest('hex').slice(0, 32)}@tollgate`;
}

/** The coming `days` (default 90) of windows and freezes as an iCalendar document, CRLF line ends. */
export function renderIcs(schedule: Schedule, options: IcsOptions): string {
  const days = options.days ?? 90;
  const horizon = new Date(options.now.getTime() + days * DAY);
  const stamp = icsDateTime(options.now);
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Tollgate//Release and deploy calendar//EN',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    `X-WR-CALNAME:${icsText(options.name)}`,
    `X-WR-TIMEZONE:${schedule.zone}`
  ];
  for (const period of upcomingPeriods(schedule, options.now, days)) {
    // A rule with no end is shown up to the horizon of the file.
    const end = period.end.getTime() > horizon.getTime() && period.end.getTime() >= 8.64e15 ? horizon : period.end;
    const what = period.kind === 'window' ? `${options.gates} window` : `${options.gates} freeze`;
    lines.push(
      'BEGIN:VEVENT',
      `UID:${uid(period, options.name)}`,
      `DTSTAMP:${stamp}`,
      `DTSTART:${icsDateTime(period.start)}`,
      `DTEND:${icsDateTime(end)}`,
      `SUMMARY:${icsText(`${what}: ${period.rule.source}`)}`,
      `DESCRIPTION:${icsText(`${what} rule "${period.rule.source}" (${period.rule.zone}).${period.kind === 'freeze' ? ' No ' + options.gates.toLowerCase() + ' may happen, except an emergency.' : ''}`)}`,
      `CATEGORIES:${period.kind === 'window' ? 'WINDOW' : 'FREEZE'}`,
      `TRANSP:${period.kind === 'window' ? 'TRANSPARENT' : 'OPAQUE'}`,
      'END:VEVENT'
    );
  }
  lines.push('END:VCALENDAR');
  return lines.map(foldLine).join('\r\n') + '\r\n';
}
