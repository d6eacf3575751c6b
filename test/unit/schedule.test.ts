import { describe, expect, it } from '@jest/globals';
import { InputError } from '../../src/core/errors.js';
import {
  ACCEPTED_RULE_FORMS,
  describeOccurrence,
  describeRule,
  evaluateCalendar,
  formatInZone,
  nextOccurrence,
  nextOccurrenceStart,
  occurrenceAt,
  occurrencesBetween,
  parseRule,
  parseSchedule,
  runAt
} from '../../src/core/schedule/index.js';
import type { ScheduleRule } from '../../src/core/schedule/index.js';

const rule = (line: string, zone = 'UTC'): ScheduleRule => parseRule(line, zone, 'windows');
const at = (iso: string): Date => new Date(iso);
const inForce = (line: string, iso: string, zone = 'UTC'): boolean => occurrenceAt(rule(line, zone), at(iso)) !== null;
const iso = (d: Date | null | undefined): string | null => (d ? d.toISOString() : null);

describe('parseSchedule', () => {
  it('reads one rule per line, skipping blank lines and comments, with the default zone', () => {
    const schedule = parseSchedule({
      windows: '\n  # office hours\nMon-Fri 09:00-17:00\n\n  Sat 10:00-12:00 in America/New_York  \r\n',
      freezes: '2026-12-20 - 2027-01-04\r\nFri 18:00 - Mon 08:00\ncron(0 9 * * 1-5) for 8h\ncron(0 18 * * 5) to cron(0 8 * * 1)\n2026-12-24T12:00 - 2026-12-27T08:00\n2026-12-25',
      timezone: 'Europe/Berlin'
    });
    expect(schedule.zone).toBe('Europe/Berlin');
    expect(schedule.windows).toEqual([
      { kind: 'weekly', source: 'Mon-Fri 09:00-17:00', zone: 'Europe/Berlin' },
      { kind: 'weekly', source: 'Sat 10:00-12:00 in America/New_York', zone: 'America/New_York' }
    ]);
    expect(schedule.freezes.map((r) => r.kind)).toEqual(['dates', 'span', 'cron-duration', 'cron-range', 'datetimes', 'dates']);
    expect(schedule.freezes.every((r) => r.zone === 'Europe/Berlin')).toBe(true);
  });

  it('defaults the zone to UTC and accepts empty inputs', () => {
    const schedule = parseSchedule({ windows: '', freezes: '  \n# nothing\n', timezone: '' });
    expect(schedule).toEqual({ windows: [], freezes: [], zone: 'UTC' });
  });

  it('canonicalises zone names', () => {
    expect(parseSchedule({ windows: 'Mon 09:00-10:00 in europe/berlin', freezes: '', timezone: 'utc' })).toEqual({
      windows: [{ kind: 'weekly', source: 'Mon 09:00-10:00 in europe/berlin', zone: 'Europe/Berlin' }],
      freezes: [],
      zone: 'UTC'
    });
  });

  it('evaluates rules that were copied or deserialised, from their source and zone', () => {
    const copy: ScheduleRule = JSON.parse(JSON.stringify({ kind: 'span', source: 'Fri 18:00 - Mon 08:00', zone: 'Asia/Tokyo' }));
    // Fri 2026-03-06 18:00 JST = 09:00Z
    expect(occurrenceAt(copy, at('2026-03-06T08:59:59Z'))).toBeNull();
    expect(iso(occurrenceAt(copy, at('2026-03-06T09:00:00Z'))?.end)).toBe('2026-03-08T23:00:00.000Z');
  });
});

describe('weekly ranges', () => {
  it('Mon-Fri 09:00-17:00: start inclusive, end exclusive', () => {
    const line = 'Mon-Fri 09:00-17:00';
    expect(inForce(line, '2026-03-02T08:59:59.999Z')).toBe(false);
    expect(inForce(line, '2026-03-02T09:00:00Z')).toBe(true);
    expect(inForce(line, '2026-03-02T16:59:59.999Z')).toBe(true);
    expect(inForce(line, '2026-03-02T17:00:00Z')).toBe(false);
    expect(inForce(line, '2026-03-06T12:00:00Z')).toBe(true); // Fri
    expect(inForce(line, '2026-03-07T12:00:00Z')).toBe(false); // Sat
    expect(inForce(line, '2026-03-08T12:00:00Z')).toBe(false); // Sun
  });

  it('lists, ranges, mixed lists and wrapping ranges; day names in any case', () => {
    expect(inForce('Mon,Wed 10:00-12:00', '2026-03-03T11:00:00Z')).toBe(false); // Tue
    expect(inForce('Mon,Wed 10:00-12:00', '2026-03-04T11:00:00Z')).toBe(true); // Wed
    const mixed = 'Mon-Wed,Fri 10:00-12:00';
    expect(['02', '03', '04', '05', '06', '07', '08'].map((d) => inForce(mixed, `2026-03-${d}T11:00:00Z`))).toEqual([
      true,
      true,
      true,
      false,
      true,
      false,
      false
    ]);
    const wrap = 'Fri-Mon 10:00-12:00';
    expect(['02', '03', '04', '05', '06', '07', '08'].map((d) => inForce(wrap, `2026-03-${d}T11:00:00Z`))).toEqual([
      true,
      false,
      false,
      false,
      true,
      true,
      true
    ]);
    expect(inForce('mon-FRI 10:00-12:00', '2026-03-04T11:00:00Z')).toBe(true);
    expect(inForce('Mon , Wed - Thu 10:00 - 12:00', '2026-03-05T11:00:00Z')).toBe(true);
  });

  it('Sat 22:00-02:00 wraps past midnight into Sunday', () => {
    const line = 'Sat 22:00-02:00';
    expect(inForce(line, '2026-03-07T21:59:59Z')).toBe(false);
    expect(inForce(line, '2026-03-07T22:00:00Z')).toBe(true);
    expect(inForce(line, '2026-03-08T00:30:00Z')).toBe(true);
    expect(inForce(line, '2026-03-08T01:59:00Z')).toBe(true);
    expect(inForce(line, '2026-03-08T01:59:59.999Z')).toBe(true);
    expect(inForce(line, '2026-03-08T02:00:00Z')).toBe(false);
    // The day list names the day it starts: nothing starts on Sunday night or Friday night.
    expect(inForce(line, '2026-03-08T23:00:00Z')).toBe(false);
    expect(inForce(line, '2026-03-07T01:00:00Z')).toBe(false);
    const o = occurrenceAt(rule(line), at('2026-03-08T01:00:00Z'));
    expect([iso(o?.start), iso(o?.end)]).toEqual(['2026-03-07T22:00:00.000Z', '2026-03-08T02:00:00.000Z']);
  });

  it('24:00 as an end, and 00:00-24:00 as the whole day', () => {
    expect(inForce('Fri 22:00-24:00', '2026-03-06T23:59:59Z')).toBe(true);
    expect(inForce('Fri 22:00-24:00', '2026-03-07T00:00:00Z')).toBe(false);
    const day = 'Mon 00:00-24:00';
    expect(inForce(day, '2026-03-01T23:59:59.999Z')).toBe(false);
    expect(inForce(day, '2026-03-02T00:00:00Z')).toBe(true);
    expect(inForce(day, '2026-03-02T23:59:59.999Z')).toBe(true);
    expect(inForce(day, '2026-03-03T00:00:00Z')).toBe(false);
  });

  it('runAt merges back-to-back occurrences of one rule', () => {
    const weekend = rule('Sat-Sun 00:00-24:00');
    const o = occurrenceAt(weekend, at('2026-03-07T12:00:00Z'));
    expect(iso(o?.end)).toBe('2026-03-08T00:00:00.000Z');
    const run = runAt(weekend, at('2026-03-08T12:00:00Z'));
    expect([iso(run?.start), iso(run?.end)]).toEqual(['2026-03-07T00:00:00.000Z', '2026-03-09T00:00:00.000Z']);
    expect(runAt(weekend, at('2026-03-09T00:00:00Z'))).toBeNull();
  });
});

describe('weekly spans', () => {
  it('Fri 18:00 - Mon 08:00 runs from Friday evening to Monday morning', () => {
    for (const line of ['Fri 18:00 - Mon 08:00', 'Fri 18:00-Mon 08:00', 'fri 18:00   -   MON 08:00']) {
      expect(inForce(line, '2026-03-06T17:59:59Z')).toBe(false);
      expect(inForce(line, '2026-03-06T18:00:00Z')).toBe(true);
      expect(inForce(line, '2026-03-08T12:00:00Z')).toBe(true);
      expect(inForce(line, '2026-03-09T07:59:59.999Z')).toBe(true);
      expect(inForce(line, '2026-03-09T08:00:00Z')).toBe(false);
      expect(inForce(line, '2026-03-04T12:00:00Z')).toBe(false);
    }
  });

  it('a span may end on the day it starts, a week later, and may end at 24:00', () => {
    const long = rule('Mon 09:00 - Mon 08:00');
    expect(iso(occurrenceAt(long, at('2026-03-05T00:00:00Z'))?.end)).toBe('2026-03-09T08:00:00.000Z');
    expect(occurrenceAt(long, at('2026-03-09T08:30:00Z'))).toBeNull();
    expect(iso(occurrenceAt(rule('Sat 12:00 - Sun 24:00'), at('2026-03-08T23:00:00Z'))?.end)).toBe('2026-03-09T00:00:00.000Z');
  });
});

describe('one-off dates and date-times', () => {
  it('2026-12-20 - 2027-01-04 covers whole days, both inclusive', () => {
    for (const line of ['2026-12-20 - 2027-01-04', '2026-12-20-2027-01-04', '2026-12-20   -2027-01-04']) {
      expect(inForce(line, '2026-12-19T23:59:59.999Z')).toBe(false);
      expect(inForce(line, '2026-12-20T00:00:00Z')).toBe(true);
      expect(inForce(line, '2027-01-04T23:59:59.999Z')).toBe(true);
      expect(inForce(line, '2027-01-05T00:00:00Z')).toBe(false);
    }
  });

  it('a single date is that whole day, in the rule zone', () => {
    const xmas = rule('2026-12-25', 'Europe/Berlin');
    const o = occurrenceAt(xmas, at('2026-12-25T12:00:00Z'));
    expect([iso(o?.start), iso(o?.end)]).toEqual(['2026-12-24T23:00:00.000Z', '2026-12-25T23:00:00.000Z']);
    expect(occurrenceAt(xmas, at('2026-12-24T22:59:59Z'))).toBeNull();
    expect(occurrenceAt(xmas, at('2026-12-25T23:00:00Z'))).toBeNull();
    expect(iso(nextOccurrenceStart(xmas, at('2026-01-01T00:00:00Z')))).toBe('2026-12-24T23:00:00.000Z');
    expect(nextOccurrenceStart(xmas, at('2026-12-24T23:00:00Z'))).toBeNull();
  });

  it('2026-12-24T12:00 - 2026-12-27T08:00, with T or a space', () => {
    for (const line of ['2026-12-24T12:00 - 2026-12-27T08:00', '2026-12-24 12:00-2026-12-27 08:00']) {
      expect(inForce(line, '2026-12-24T11:59:59Z')).toBe(false);
      expect(inForce(line, '2026-12-24T12:00:00Z')).toBe(true);
      expect(inForce(line, '2026-12-27T07:59:59Z')).toBe(true);
      expect(inForce(line, '2026-12-27T08:00:00Z')).toBe(false);
    }
    expect(iso(occurrenceAt(rule('2026-12-24T12:00 - 2026-12-26T24:00'), at('2026-12-26T12:00:00Z'))?.end)).toBe(
      '2026-12-27T00:00:00.000Z'
    );
  });
});

describe('cron rules', () => {
  it('cron(0 9 * * 1-5) for 8h', () => {
    const line = 'cron(0 9 * * 1-5) for 8h';
    expect(inForce(line, '2026-03-02T08:59:59Z')).toBe(false);
    expect(inForce(line, '2026-03-02T09:00:00Z')).toBe(true);
    expect(inForce(line, '2026-03-02T16:59:59.999Z')).toBe(true);
    expect(inForce(line, '2026-03-02T17:00:00Z')).toBe(false);
    expect(inForce(line, '2026-03-07T10:00:00Z')).toBe(false);
    const next = nextOccurrence(rule(line), at('2026-03-06T10:00:00Z'));
    expect([iso(next?.start), iso(next?.end)]).toEqual(['2026-03-09T09:00:00.000Z', '2026-03-09T17:00:00.000Z']);
  });

  it.each([
    ['30m', 30 * 60_000],
    ['8h', 8 * 3_600_000],
    ['1h30m', 90 * 60_000],
    ['2d', 2 * 86_400_000],
    ['1d12h', 36 * 3_600_000],
    ['90M', 90 * 60_000]
  ])('duration %s', (duration, ms) => {
    const o = occurrenceAt(rule(`cron(0 9 * * *) for ${duration}`), at('2026-03-02T09:00:00Z'));
    expect((o?.end.getTime() ?? 0) - (o?.start.getTime() ?? 0)).toBe(ms);
  });

  it('durations longer than the gap between starts overlap; the run covers them all', () => {
    const r = rule('cron(0 */2 * * *) for 3h');
    const o = occurrenceAt(r, at('2026-03-02T03:00:00Z'));
    expect([iso(o?.start), iso(o?.end)]).toEqual(['2026-03-02T02:00:00.000Z', '2026-03-02T05:00:00.000Z']);
    const run = runAt(r, at('2026-03-02T03:00:00Z'), 86_400_000);
    expect(run && run.end.getTime() - run.start.getTime()).toBeGreaterThan(86_400_000);
  });

  it('cron(0 18 * * 5) to cron(0 8 * * 1): each start to the next end after it', () => {
    const line = 'cron(0 18 * * 5) to cron(0 8 * * 1)';
    expect(inForce(line, '2026-03-06T17:59:59Z')).toBe(false);
    expect(inForce(line, '2026-03-06T18:00:00Z')).toBe(true);
    expect(inForce(line, '2026-03-09T07:59:59.999Z')).toBe(true);
    expect(inForce(line, '2026-03-09T08:00:00Z')).toBe(false);
    expect(inForce(line, '2026-03-04T12:00:00Z')).toBe(false);
    const o = occurrenceAt(rule(line), at('2026-03-07T00:00:00Z'));
    expect([iso(o?.start), iso(o?.end)]).toEqual(['2026-03-06T18:00:00.000Z', '2026-03-09T08:00:00.000Z']);
  });

  it('a cron range whose start and end coincide lasts until the end next matches', () => {
    const o = occurrenceAt(rule('cron(0 8 * * *) to cron(0 8 * * *)'), at('2026-03-02T12:00:00Z'));
    expect([iso(o?.start), iso(o?.end)]).toEqual(['2026-03-02T08:00:00.000Z', '2026-03-03T08:00:00.000Z']);
  });

  it('accepts names and the usual cron syntax', () => {
    expect(inForce('cron(*/15 9-17 * JAN-MAR mon-fri) for 5m', '2026-03-02T09:46:00Z')).toBe(true);
    expect(inForce('cron(*/15 9-17 * JAN-MAR mon-fri) for 5m', '2026-03-02T09:51:00Z')).toBe(false);
    expect(inForce('CRON( 0 0 1 * * ) for 1d', '2026-03-01T12:00:00Z')).toBe(true);
  });
});

describe('zones', () => {
  it('a line with "in <zone>" is evaluated in that zone, others in the default zone', () => {
    const schedule = parseSchedule({
      windows: 'Mon-Fri 09:00-17:00 in America/New_York',
      freezes: '',
      timezone: 'Europe/Berlin'
    });
    // Mon 2026-03-02: 09:00 EST is 14:00Z.
    expect(evaluateCalendar(schedule, at('2026-03-02T13:59:59Z')).allowed).toBe(false);
    expect(evaluateCalendar(schedule, at('2026-03-02T14:00:00Z')).allowed).toBe(true);
    expect(evaluateCalendar(schedule, at('2026-03-02T21:59:59Z')).allowed).toBe(true);
    expect(evaluateCalendar(schedule, at('2026-03-02T22:00:00Z')).allowed).toBe(false);
  });

  it('weekdays are those of the rule zone', () => {
    // Mon 00:30 in Kolkata is Sunday 19:00Z.
    const r = rule('Mon 00:00-01:00', 'Asia/Kolkata');
    expect(occurrenceAt(r, at('2026-03-01T19:00:00Z'))).not.toBeNull();
    expect(occurrenceAt(r, at('2026-03-02T00:30:00Z'))).toBeNull();
    // Chatham is UTC+13:45 in March: Mon 00:00 is Sun 10:15Z.
    const c = rule('Mon 00:00-01:00', 'Pacific/Chatham');
    expect(iso(occurrenceAt(c, at('2026-03-01T10:30:00Z'))?.start)).toBe('2026-03-01T10:15:00.000Z');
  });
});

describe('messages', () => {
  it('formatInZone shows the weekday, date, time and zone abbreviation or offset', () => {
    expect(formatInZone(at('2026-12-04T17:00:00Z'), 'Europe/Berlin')).toBe('Fri 2026-12-04 18:00 CET');
    expect(formatInZone(at('2026-07-03T16:00:00Z'), 'Europe/Berlin')).toBe('Fri 2026-07-03 18:00 CEST');
    expect(formatInZone(at('2026-03-02T14:00:00Z'), 'America/New_York')).toBe('Mon 2026-03-02 09:00 EST');
    expect(formatInZone(at('2026-01-10T00:00:00Z'), 'Australia/Sydney')).toBe('Sat 2026-01-10 11:00 AEDT');
    expect(formatInZone(at('2026-03-02T14:00:00Z'), 'UTC')).toBe('Mon 2026-03-02 14:00 UTC');
    expect(formatInZone(at('2026-03-02T14:00:59Z'), 'Asia/Tokyo')).toBe('Mon 2026-03-02 23:00 UTC+09:00');
    expect(formatInZone(at('2026-03-02T14:00:00Z'), 'Asia/Kathmandu')).toMatch(/^Mon 2026-03-02 19:45 (NPT|UTC\+05:45)$/);
    expect(formatInZone(at('2026-03-02T14:00:00Z'), 'America/Sao_Paulo')).toBe('Mon 2026-03-02 11:00 UTC-03:00');
    expect(() => formatInZone(at('2026-03-02T14:00:00Z'), 'Mars/Olympus')).toThrow(RangeError);
  });

  it('describeRule and describeOccurrence name the rule, its zone and the bounds', () => {
    const r = parseRule('Fri 18:00 - Mon 08:00 in Europe/Berlin', 'UTC', 'freezes');
    expect(describeRule(r)).toBe('Fri 18:00 - Mon 08:00 (Europe/Berlin)');
    const o = occurrenceAt(r, at('2026-12-05T12:00:00Z'));
    expect(o && describeOccurrence(o)).toBe(
      'Fri 18:00 - Mon 08:00 (Europe/Berlin) from Fri 2026-12-04 18:00 CET until Mon 2026-12-07 08:00 CET'
    );
    expect(o && describeOccurrence(o, 'UTC')).toBe(
      'Fri 18:00 - Mon 08:00 (Europe/Berlin) from Fri 2026-12-04 17:00 UTC until Mon 2026-12-07 07:00 UTC'
    );
  });

  it('occurrencesBetween lists what overlaps a period', () => {
    const list = occurrencesBetween(rule('Mon,Thu 09:00-10:00'), at('2026-03-02T09:30:00Z'), at('2026-03-12T09:00:00Z'));
    expect(list.map((o) => iso(o.start))).toEqual([
      '2026-03-02T09:00:00.000Z',
      '2026-03-05T09:00:00.000Z',
      '2026-03-09T09:00:00.000Z'
    ]);
  });
});

describe('parse errors', () => {
  const cases: Array<[string, string]> = [
    ['Mon-Fri 9-17', 'times are hh:mm: 9-17 needs to be 09:00-17:00'],
    ['Mon-Fri 9am-5:30pm', 'times are 24-hour hh:mm: 9am-5:30pm needs to be 09:00-17:30'],
    ['Mon-Fri 0900-1700', '0900-1700 needs to be 09:00-17:00'],
    ['Mon-Fri 09:00-17:00 Europe/Berlin', 'a time zone at the end of a line needs "in": write "Mon-Fri 09:00-17:00 in Europe/Berlin"'],
    ['Mon-Fri 09:00-17:00 EST', '"EST" is an abbreviation (no daylight saving): write "Mon-Fri 09:00-17:00 in America/New_York"'],
    ['Mon-Fri 09:00-17:00 # office hours', 'a comment cannot follow a rule on the same line: put "# office hours" on a line of its own'],
    ['Mon-Fri 09:00-12:00, 13:00-17:00', 'one rule per line: write "Mon-Fri 09:00-12:00" and "Mon-Fri 13:00-17:00" on separate lines'],
    ['Mon 09:00-12:00; Tue 10:00-11:00', 'one rule per line: write "Mon 09:00-12:00" and "Tue 10:00-11:00" on separate lines'],
    ['Mon-Fri 09:00-17:00 in CET', '"CET" is an abbreviation, not a time zone'],
    ['Mon-Fri 09:00-17:00 in GMT+2', '"GMT+2" is a fixed offset (UTC+2 all year, no daylight saving)'],
    ['Weekdays 09:00-17:00', '"Weekdays" is not a day'],
    ['Mon-Fri', '"Mon-Fri" has days but no times: write e.g. "Mon-Fri 00:00-24:00"'],
    ['2026-12-24T12:00 - 2026-12-27', 'not a recognised schedule rule'],
    ['Mon-Fri 09:00-25:00', '25:00 is not a time of day'],
    ['Mon-Fri 09:60-17:00', '09:60 is not a time of day'],
    ['Mon-Fri 24:00-02:00', '24:00 is allowed only as an end'],
    ['Mon-Fri 09:00-09:00', 'starts and ends at 09:00'],
    ['Mox-Fri 09:00-17:00', '"Mox" is not a day'],
    ['Monday 09:00-17:00', '"Monday" is not a day'],
    ['Mon-Wed-Fri 09:00-17:00', '"Mon-Wed-Fri" is not a day or a range of days'],
    ['Fri 18:00 - Fri 18:00', 'starts and ends at the same weekday and time'],
    ['Fri 18:00 - Mon 25:00', '25:00 is not a time of day'],
    ['2026-02-30', '2026-02-30 is not a date'],
    ['2026-13-01 - 2026-12-31', '2026-13-01 is not a date'],
    ['2027-01-04 - 2026-12-20', 'the range ends (2026-12-20) before it starts (2027-01-04)'],
    ['2026-12-24T12:00 - 2026-12-24T11:00', 'the range ends before it starts'],
    ['2026-12-24T12:00 - 2026-12-24T12:00', 'starts and ends at the same time'],
    ['2026-12-24T25:00 - 2026-12-25T08:00', '25:00 is not a time of day'],
    ['cron(0 9 * * 1-5) for 0h', '"0h" is not a duration'],
    ['cron(0 9 * * 1-5) for 0m', '"0m" is not a duration'],
    ['cron(0 9 * * 1-5) for 8hours', '"8hours" is not a duration'],
    ['cron(0 9 * * 1-5) for 8 hours', 'a cron rule is'],
    ['cron(0 9 * * 1-5)', 'a cron rule is'],
    ['cron(0 9 * *) for 8h', 'must have 5 fields'],
    ['cron(0 0 9 * * 1-5) for 8h', 'must have 5 fields'],
    ['cron(@daily) for 8h', 'must have 5 fields'],
    ['cron(61 9 * * *) for 1h', 'invalid cron expression "61 9 * * *"'],
    ['cron(0 9 * * 1-5) to cron(0 25 * * *)', 'invalid cron expression "0 25 * * *"'],
    ['cron(0 9 * * 1) to cron(0 0 30 2 *)', 'never matches'],
    ['Mon-Fri 09:00-17:00 in Mars/Olympus', 'unknown time zone "Mars/Olympus"'],
    ['Mon-Fri 09:00-17:00 in +01:00', 'unknown time zone "+01:00"']
  ];

  it.each(cases)('%s', (line, detail) => {
    let error: unknown;
    try {
      parseSchedule({ windows: `Mon 09:00-10:00\n\n${line}`, freezes: '', timezone: 'UTC' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InputError);
    const e = error as InputError;
    expect(e.input).toBe('windows');
    expect(e.value).toBe(line);
    expect(e.accepted).toBe(ACCEPTED_RULE_FORMS);
    const [first, ...rest] = e.message.split('\n');
    expect(first).toBe(`Input 'windows', line 3 (${JSON.stringify(line)}): ${first!.slice(first!.indexOf('): ') + 3)}`);
    expect(first).toContain(detail);
    // Readable in a log: the problem on the first line, then one accepted form per line.
    expect(rest[0]).toBe('Accepted forms, one rule per line (blank lines and lines starting with # are ignored):');
    expect(rest.at(-1)).toBe("Fix line 3 of 'windows'");
    for (const formLine of rest) expect(formLine.length).toBeLessThan(200);
    for (const form of [
      'Mon-Fri 09:00-17:00',
      'Fri 18:00 - Mon 08:00',
      '2026-12-20 - 2027-01-04',
      '2026-12-24T12:00 - 2026-12-27T08:00',
      'cron(0 9 * * 1-5) for 8h',
      'cron(0 18 * * 5) to cron(0 8 * * 1)',
      'in <IANA zone>'
    ]) {
      expect(rest.some((l) => l.startsWith('- ') && l.includes(form))).toBe(true);
    }
  });

  it('names the freezes input for a bad freeze line', () => {
    expect(() => parseSchedule({ windows: '', freezes: '2026-12-32', timezone: 'UTC' })).toThrow(
      /^Input 'freezes', line 1 \("2026-12-32"\): 2026-12-32 is not a date\nAccepted forms/
    );
  });

  it.each([
    ['EST', 'Use the IANA zone America/New_York'],
    ['PST', 'Use the IANA zone America/Los_Angeles'],
    ['CET', 'Use the IANA zone Europe/Berlin'],
    ['BST', 'Use the IANA zone Europe/London'],
    ['GMT+2', '"GMT+2" is a fixed offset (UTC+2 all year, no daylight saving). Use the IANA zone of the place the schedule is for, e.g. Europe/Helsinki'],
    ['UTC-5', 'e.g. America/New_York'],
    ['Etc/GMT+2', '"Etc/GMT+2" means UTC−2 (the Etc/GMT names invert the sign)']
  ])('refuses the abbreviation or fixed offset %s as timezone, naming the IANA zone to use', (zone, advice) => {
    let error: unknown;
    try {
      parseSchedule({ windows: 'Mon 09:00-10:00', freezes: '', timezone: zone });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).input).toBe('timezone');
    expect((error as InputError).message).toContain(advice);
  });

  it.each(['UTC', 'GMT', 'Etc/UTC', 'America/New_York', 'US/Eastern'])('still accepts %s', (zone) => {
    expect(() => parseSchedule({ windows: 'Mon 09:00-10:00', freezes: '', timezone: zone })).not.toThrow();
  });

  it('names the timezone input for an unknown default zone', () => {
    let error: unknown;
    try {
      parseSchedule({ windows: 'Mon 09:00-10:00', freezes: '', timezone: 'Europe/Atlantis' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).input).toBe('timezone');
    expect((error as InputError).message).toBe(
      `Input 'timezone' has the value "Europe/Atlantis" (unknown time zone): an IANA time-zone name such as "UTC", "Europe/Berlin" or "America/New_York"`
    );
  });
});
