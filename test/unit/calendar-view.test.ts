import { describe, expect, it } from '@jest/globals';
import { renderCalendar, upcomingPeriods } from '../../src/core/calendar-view.js';
import { foldLine, icsText, renderIcs } from '../../src/core/ics.js';
import { parseSchedule } from '../../src/core/schedule/index.js';

// Monday 2026-12-07 09:00 in Berlin (08:00 UTC): the Monday window opens this minute.
const NOW = new Date('2026-12-07T08:00:00Z');
const berlin = parseSchedule({ windows: 'Mon-Thu 09:00-16:00', freezes: 'Fri 18:00 - Mon 08:00\n2026-12-20 - 2027-01-04', timezone: 'Europe/Berlin' });

describe('the next 14 days at a glance', () => {
  it('lists every opening and freeze, in order, merged per rule', () => {
    const periods = upcomingPeriods(berlin, NOW, 14);
    expect(periods.map((p) => `${p.kind} ${p.start.toISOString()} ${p.end.toISOString()}`)).toEqual([
      'window 2026-12-07T08:00:00.000Z 2026-12-07T15:00:00.000Z',
      'window 2026-12-08T08:00:00.000Z 2026-12-08T15:00:00.000Z',
      'window 2026-12-09T08:00:00.000Z 2026-12-09T15:00:00.000Z',
      'window 2026-12-10T08:00:00.000Z 2026-12-10T15:00:00.000Z',
      'freeze 2026-12-11T17:00:00.000Z 2026-12-14T07:00:00.000Z',
      'window 2026-12-14T08:00:00.000Z 2026-12-14T15:00:00.000Z',
      'window 2026-12-15T08:00:00.000Z 2026-12-15T15:00:00.000Z',
      'window 2026-12-16T08:00:00.000Z 2026-12-16T15:00:00.000Z',
      'window 2026-12-17T08:00:00.000Z 2026-12-17T15:00:00.000Z',
      'freeze 2026-12-18T17:00:00.000Z 2026-12-21T07:00:00.000Z',
      'freeze 2026-12-19T23:00:00.000Z 2027-01-04T23:00:00.000Z'
    ]);
  });

  it('merges back-to-back occurrences of one rule into one period', () => {
    const always = parseSchedule({ windows: 'Mon-Sun 00:00-24:00', freezes: '', timezone: 'UTC' });
    expect(upcomingPeriods(always, NOW, 14)).toHaveLength(1);
  });

  it('draws a Mermaid gantt chart in the policy zone, with a plain list under it', () => {
    const markdown = renderCalendar(berlin, NOW, 'Release');
    expect(markdown).toContain('#### Release calendar: the next 14 days (Europe/Berlin)');
    expect(markdown).toContain('```mermaid\ngantt\n');
    expect(markdown).toContain('    dateFormat YYYY-MM-DD HH:mm');
    // Task names carry no ':' (Mermaid's separator); times are Berlin wall-clock times.
    expect(markdown).toContain('    Mon-Thu 09∶00-16∶00 :active, 2026-12-07 09:00, 2026-12-07 16:00');
    expect(markdown).toContain('    Fri 18∶00 - Mon 08∶00 :crit, 2026-12-11 18:00, 2026-12-14 08:00');
    // A period running past the 14 days is drawn up to the horizon, listed with its real end.
    expect(markdown).toContain('    2026-12-20 - 2027-01-04 :crit, 2026-12-20 00:00, 2026-12-21 09:00');
    expect(markdown).toContain('- 🟢 window `Mon-Thu 09:00-16:00`: now until Mon 2026-12-07 16:00 CET');
    expect(markdown).toContain('- 🧊 freeze `2026-12-20 - 2027-01-04`: from Sun 2026-12-20 00:00 CET until Tue 2027-01-05 00:00 CET');
  });

  it('says so when nothing is configured, or nothing happens in the period', () => {
    expect(renderCalendar(parseSchedule({ windows: '', freezes: '', timezone: 'UTC' }), NOW, 'Deploy')).toContain('the calendar never blocks');
    const far = parseSchedule({ windows: '', freezes: '2027-06-01', timezone: 'UTC' });
    expect(renderCalendar(far, NOW, 'Deploy')).toContain('No window opens and no freeze is in force in the next 14 days.');
  });
});

/** Undoes RFC 5545 folding. */
const unfold = (ics: string): string[] => ics.replace(/\r\n /g, '').split('\r\n').filter(Boolean);

describe('iCalendar file', () => {
  const ics = renderIcs(berlin, { name: 'acme/shop releases', gates: 'Release', now: NOW });

  it('ends every line with CRLF and keeps every line within 75 octets', () => {
    expect(ics.endsWith('\r\n')).toBe(true);
    expect(ics.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    for (const line of ics.split('\r\n')) expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
  });

  it('has one event per opening and per freeze in the coming 90 days, times in UTC, with the rule as description', () => {
    const lines = unfold(ics);
    expect(lines[0]).toBe('BEGIN:VCALENDAR');
    expect(lines).toContain('VERSION:2.0');
    expect(lines.filter((l) => l === 'BEGIN:VEVENT')).toHaveLength(upcomingPeriods(berlin, NOW, 90).length);
    expect(lines.filter((l) => l.startsWith('DTSTAMP:')).every((l) => l === 'DTSTAMP:20261207T080000Z')).toBe(true);
    const first = lines.indexOf('BEGIN:VEVENT');
    expect(lines.slice(first, first + 10)).toEqual([
      'BEGIN:VEVENT',
      expect.stringMatching(/^UID:[0-9a-f]{32}@tollgate$/),
      'DTSTAMP:20261207T080000Z',
      'DTSTART:20261207T080000Z',
      'DTEND:20261207T150000Z',
      'SUMMARY:Release window: Mon-Thu 09:00-16:00',
      'DESCRIPTION:Release window rule "Mon-Thu 09:00-16:00" (Europe/Berlin).',
      'CATEGORIES:WINDOW',
      'TRANSP:TRANSPARENT',
      'END:VEVENT'
    ]);
    const uids = lines.filter((l) => l.startsWith('UID:'));
    expect(new Set(uids).size).toBe(uids.length);
    expect(lines.at(-1)).toBe('END:VCALENDAR');
  });

  it('escapes text and folds long lines without splitting a character', () => {
    expect(icsText('a;b,c\\d\ne')).toBe('a\\;b\\,c\\\\d\\ne');
    const long = `DESCRIPTION:${'é'.repeat(100)}`;
    const folded = foldLine(long);
    for (const line of folded.split('\r\n')) expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
    expect(folded.replace(/\r\n /g, '')).toBe(long);
    expect(foldLine('SHORT:line')).toBe('SHORT:line');
  });

  it('is the same file for the same calendar and instant (stable UIDs for subscribers)', () => {
    expect(renderIcs(berlin, { name: 'acme/shop releases', gates: 'Release', now: NOW })).toBe(ics);
  });
});
