/**
 * Daylight saving: a skipped local start moves to the end of the gap, a repeated local time counts
 * once (at its first occurrence), wall-clock ends stay at their local time, durations are elapsed.
 *
 * 2026 changes used here:
 * - Europe/Berlin: Sun 03-29 01:00Z (02:00 CET -> 03:00 CEST); Sun 10-25 01:00Z (03:00 CEST -> 02:00 CET).
 * - America/New_York: Sun 03-08 07:00Z (02:00 EST -> 03:00 EDT); Sun 11-01 06:00Z (02:00 EDT -> 01:00 EST).
 * - Australia/Sydney: Sun 04-05, 04-04 16:00Z (03:00 AEDT -> 02:00 AEST); Sun 10-04, 10-03 16:00Z (02:00 AEST -> 03:00 AEDT).
 */
import { describe, expect, it } from '@jest/globals';
import { formatInZone, nextOccurrence, occurrenceAt, occurrencesBetween, parseRule } from '../../src/core/schedule/index.js';

type Bounds = [string, string] | null;

const bounds = (o: { start: Date; end: Date } | null): Bounds => (o ? [o.start.toISOString(), o.end.toISOString()] : null);
const occ = (line: string, zone: string, at: string): Bounds => bounds(occurrenceAt(parseRule(line, zone), new Date(at)));
const next = (line: string, zone: string, after: string): Bounds => bounds(nextOccurrence(parseRule(line, zone), new Date(after)));
const z = (s: string): string => s.replace(/Z$/, ':00.000Z');

describe('Europe/Berlin', () => {
  const B = 'Europe/Berlin';

  it('weekly: a start in the spring-forward gap moves to 03:00 local (01:00Z)', () => {
    expect(occ('Sun 02:30-04:00', B, '2026-03-29T00:59:59Z')).toBeNull();
    expect(occ('Sun 02:30-04:00', B, '2026-03-29T01:00:00Z')).toEqual([z('2026-03-29T01:00Z'), z('2026-03-29T02:00Z')]);
    expect(formatInZone(new Date('2026-03-29T01:00:00Z'), B)).toBe('Sun 2026-03-29 03:00 CEST');
  });

  it('weekly: a start repeated by the fall-back counts once, at its first occurrence', () => {
    // 02:30 CEST (00:30Z) to 04:00 CET (03:00Z); the second 02:30 (01:30Z) is inside, not a new start.
    expect(occ('Sun 02:30-04:00', B, '2026-10-25T00:30:00Z')).toEqual([z('2026-10-25T00:30Z'), z('2026-10-25T03:00Z')]);
    expect(occ('Sun 02:30-04:00', B, '2026-10-25T01:30:00Z')).toEqual([z('2026-10-25T00:30Z'), z('2026-10-25T03:00Z')]);
    expect(next('Sun 02:30-04:00', B, '2026-10-25T00:30:00Z')).toEqual([z('2026-11-01T01:30Z'), z('2026-11-01T03:00Z')]);
    // A range inside the repeated hour happens in the first pass only.
    expect(occ('Sun 02:00-02:30', B, '2026-10-25T00:15:00Z')).toEqual([z('2026-10-25T00:00Z'), z('2026-10-25T00:30Z')]);
    expect(occ('Sun 02:00-02:30', B, '2026-10-25T01:15:00Z')).toBeNull();
  });

  it('weekly: a range wholly inside the gap does not happen that week', () => {
    expect(next('Sun 02:00-02:30', B, '2026-03-28T12:00:00Z')).toEqual([z('2026-04-05T00:00Z'), z('2026-04-05T00:30Z')]);
    expect(occ('Sun 02:00-02:30', B, '2026-03-29T01:00:00Z')).toBeNull();
  });

  it('weekly: a wrapping range ending in the gap ends when the gap does', () => {
    expect(occ('Sat 22:00-02:30', B, '2026-03-29T00:30:00Z')).toEqual([z('2026-03-28T21:00Z'), z('2026-03-29T01:00Z')]);
  });

  it('span: Sat 22:00 - Mon 08:00 ends at 08:00 local across either change', () => {
    expect(occ('Sat 22:00 - Mon 08:00', B, '2026-03-29T12:00:00Z')).toEqual([z('2026-03-28T21:00Z'), z('2026-03-30T06:00Z')]);
    expect(occ('Sat 22:00 - Mon 08:00', B, '2026-03-30T05:59:59Z')).not.toBeNull();
    expect(occ('Sat 22:00 - Mon 08:00', B, '2026-03-30T06:00:00Z')).toBeNull();
    expect(occ('Sat 22:00 - Mon 08:00', B, '2026-10-25T12:00:00Z')).toEqual([z('2026-10-24T20:00Z'), z('2026-10-26T07:00Z')]);
    expect(occ('Sat 22:00 - Mon 08:00', B, '2026-10-26T06:59:59Z')).not.toBeNull();
    expect(occ('Sat 22:00 - Mon 08:00', B, '2026-10-26T07:00:00Z')).toBeNull();
  });

  it('cron-duration: gap start moves forward, repeated start counts once, duration is elapsed', () => {
    const daily = 'cron(30 2 * * *) for 1h';
    expect(next(daily, B, '2026-03-28T00:00:00Z')).toEqual([z('2026-03-28T01:30Z'), z('2026-03-28T02:30Z')]);
    expect(next(daily, B, '2026-03-28T01:30:00Z')).toEqual([z('2026-03-29T01:00Z'), z('2026-03-29T02:00Z')]);
    expect(next(daily, B, '2026-03-29T01:00:00Z')).toEqual([z('2026-03-30T00:30Z'), z('2026-03-30T01:30Z')]);
    expect(occ(daily, B, '2026-10-25T00:30:00Z')).toEqual([z('2026-10-25T00:30Z'), z('2026-10-25T01:30Z')]);
    expect(next(daily, B, '2026-10-25T00:30:00Z')).toEqual([z('2026-10-26T01:30Z'), z('2026-10-26T02:30Z')]);
    expect(occ(daily, B, '2026-10-25T01:45:00Z')).toBeNull();

    const night = 'cron(0 22 * * 6) for 12h';
    const spring = occ(night, B, '2026-03-29T08:59:59Z');
    expect(spring).toEqual([z('2026-03-28T21:00Z'), z('2026-03-29T09:00Z')]);
    expect(formatInZone(new Date('2026-03-29T09:00:00Z'), B)).toBe('Sun 2026-03-29 11:00 CEST');
    expect(occ(night, B, '2026-10-25T07:59:59Z')).toEqual([z('2026-10-24T20:00Z'), z('2026-10-25T08:00Z')]);
  });

  it('cron-duration: hourly starts across both changes', () => {
    const hourly = parseRule('cron(0 * * * *) for 30m', B);
    const starts = (from: string, to: string): string[] =>
      occurrencesBetween(hourly, new Date(from), new Date(to)).map((o) => o.start.toISOString());
    // 02:00 does not exist in spring: it moves to 03:00 CEST, where 03:00 also starts; one occurrence.
    expect(starts('2026-03-29T00:00:00Z', '2026-03-29T03:00:00Z')).toEqual([
      z('2026-03-29T00:00Z'),
      z('2026-03-29T01:00Z'),
      z('2026-03-29T02:00Z')
    ]);
    // 02:00 happens twice in autumn: it starts at the first only.
    expect(starts('2026-10-25T00:00:00Z', '2026-10-25T03:00:00Z')).toEqual([z('2026-10-25T00:00Z'), z('2026-10-25T02:00Z')]);
  });

  it('cron-range: the end is a wall-clock time', () => {
    const weekend = 'cron(0 22 * * 6) to cron(0 8 * * 1)';
    expect(occ(weekend, B, '2026-03-29T12:00:00Z')).toEqual([z('2026-03-28T21:00Z'), z('2026-03-30T06:00Z')]);
    expect(occ(weekend, B, '2026-10-25T12:00:00Z')).toEqual([z('2026-10-24T20:00Z'), z('2026-10-26T07:00Z')]);
    expect(occ('cron(30 2 * * 0) to cron(0 5 * * 0)', B, '2026-03-29T01:00:00Z')).toEqual([
      z('2026-03-29T01:00Z'),
      z('2026-03-29T03:00Z')
    ]);
    expect(occ('cron(30 2 * * 0) to cron(0 5 * * 0)', B, '2026-03-29T00:59:59Z')).toBeNull();
  });

  it('dates: whole local days, 23 and 25 hours long on change days', () => {
    expect(occ('2026-03-29', B, '2026-03-29T12:00:00Z')).toEqual([z('2026-03-28T23:00Z'), z('2026-03-29T22:00Z')]);
    expect(occ('2026-10-25', B, '2026-10-25T12:00:00Z')).toEqual([z('2026-10-24T22:00Z'), z('2026-10-25T23:00Z')]);
    expect(occ('2026-03-29T02:30 - 2026-10-25T02:30', B, '2026-06-01T00:00:00Z')).toEqual([
      z('2026-03-29T01:00Z'),
      z('2026-10-25T00:30Z')
    ]);
  });
});

describe('America/New_York', () => {
  const NY = 'America/New_York';

  it('weekly: a start in the gap moves to 03:00 EDT; a range inside the gap is skipped', () => {
    expect(occ('Sun 02:30-04:00', NY, '2026-03-08T07:00:00Z')).toEqual([z('2026-03-08T07:00Z'), z('2026-03-08T08:00Z')]);
    expect(occ('Sun 02:30-04:00', NY, '2026-03-08T06:59:59Z')).toBeNull();
    expect(occ('Sun 02:15-03:00', NY, '2026-03-08T07:00:00Z')).toBeNull();
    expect(next('Sun 02:15-03:00', NY, '2026-03-07T12:00:00Z')).toEqual([z('2026-03-15T06:15Z'), z('2026-03-15T07:00Z')]);
  });

  it('weekly: the repeated 01:00-02:00 counts once', () => {
    // 01:30 EDT (05:30Z) to 03:00 EST (08:00Z): 3.5 hours elapsed.
    expect(occ('Sun 01:30-03:00', NY, '2026-11-01T06:30:00Z')).toEqual([z('2026-11-01T05:30Z'), z('2026-11-01T08:00Z')]);
    expect(next('Sun 01:30-03:00', NY, '2026-11-01T05:30:00Z')).toEqual([z('2026-11-08T06:30Z'), z('2026-11-08T08:00Z')]);
    // An end in the repeated hour is its first occurrence.
    expect(occ('Sat 23:00-01:30', NY, '2026-11-01T05:29:59Z')).toEqual([z('2026-11-01T03:00Z'), z('2026-11-01T05:30Z')]);
    expect(occ('Sat 23:00-01:30', NY, '2026-11-01T06:15:00Z')).toBeNull();
  });

  it('span: Sat 22:00 - Mon 08:00 ends at 08:00 local', () => {
    expect(occ('Sat 22:00 - Mon 08:00', NY, '2026-03-08T12:00:00Z')).toEqual([z('2026-03-08T03:00Z'), z('2026-03-09T12:00Z')]);
    expect(occ('Sat 22:00 - Mon 08:00', NY, '2026-11-01T12:00:00Z')).toEqual([z('2026-11-01T02:00Z'), z('2026-11-02T13:00Z')]);
    expect(occ('Sat 22:00 - Mon 08:00', NY, '2026-11-02T12:30:00Z')).not.toBeNull();
  });

  it('cron-duration: gap, repeat and elapsed duration', () => {
    expect(next('cron(30 2 * * *) for 1h', NY, '2026-03-07T12:00:00Z')).toEqual([z('2026-03-08T07:00Z'), z('2026-03-08T08:00Z')]);
    expect(next('cron(30 2 * * *) for 1h', NY, '2026-03-08T07:00:00Z')).toEqual([z('2026-03-09T06:30Z'), z('2026-03-09T07:30Z')]);
    expect(occ('cron(30 1 * * *) for 30m', NY, '2026-11-01T05:45:00Z')).toEqual([z('2026-11-01T05:30Z'), z('2026-11-01T06:00Z')]);
    expect(occ('cron(30 1 * * *) for 30m', NY, '2026-11-01T06:45:00Z')).toBeNull();
    expect(next('cron(30 1 * * *) for 30m', NY, '2026-11-01T05:30:00Z')).toEqual([z('2026-11-02T06:30Z'), z('2026-11-02T07:00Z')]);
    // Elapsed: Sat 22:00 EST + 12h is Sun 11:00 EDT.
    expect(occ('cron(0 22 * * 6) for 12h', NY, '2026-03-08T12:00:00Z')).toEqual([z('2026-03-08T03:00Z'), z('2026-03-08T15:00Z')]);
  });

  it('cron-range: Friday 18:00 to Monday 08:00 local', () => {
    const weekend = 'cron(0 18 * * 5) to cron(0 8 * * 1)';
    expect(occ(weekend, NY, '2026-03-08T12:00:00Z')).toEqual([z('2026-03-06T23:00Z'), z('2026-03-09T12:00Z')]);
    expect(occ(weekend, NY, '2026-11-01T12:00:00Z')).toEqual([z('2026-10-30T22:00Z'), z('2026-11-02T13:00Z')]);
  });
});

describe('Australia/Sydney (southern hemisphere)', () => {
  const S = 'Australia/Sydney';

  it('weekly: October gap and April repeat', () => {
    expect(occ('Sun 02:30-03:30', S, '2026-10-03T16:00:00Z')).toEqual([z('2026-10-03T16:00Z'), z('2026-10-03T16:30Z')]);
    expect(occ('Sun 02:30-03:30', S, '2026-10-03T15:59:59Z')).toBeNull();
    expect(occ('Sun 02:30-03:30', S, '2026-04-04T16:45:00Z')).toEqual([z('2026-04-04T15:30Z'), z('2026-04-04T17:30Z')]);
    expect(next('Sun 02:30-03:30', S, '2026-04-04T15:30:00Z')).toEqual([z('2026-04-11T16:30Z'), z('2026-04-11T17:30Z')]);
  });

  it('span: ends at 08:00 local on Monday', () => {
    expect(occ('Sat 22:00 - Mon 08:00', S, '2026-04-05T12:00:00Z')).toEqual([z('2026-04-04T11:00Z'), z('2026-04-05T22:00Z')]);
    expect(occ('Sat 22:00 - Mon 08:00', S, '2026-10-04T12:00:00Z')).toEqual([z('2026-10-03T12:00Z'), z('2026-10-04T21:00Z')]);
  });

  it('cron-duration and cron-range', () => {
    expect(occ('cron(0 22 * * 6) for 12h', S, '2026-10-03T23:59:59Z')).toEqual([z('2026-10-03T12:00Z'), z('2026-10-04T00:00Z')]);
    expect(formatInZone(new Date('2026-10-04T00:00:00Z'), S)).toBe('Sun 2026-10-04 11:00 AEDT');
    expect(occ('cron(30 2 * * 0) for 1h', S, '2026-10-03T16:00:00Z')).toEqual([z('2026-10-03T16:00Z'), z('2026-10-03T17:00Z')]);
    expect(occ('cron(30 2 * * 0) for 1h', S, '2026-04-04T15:45:00Z')).toEqual([z('2026-04-04T15:30Z'), z('2026-04-04T16:30Z')]);
    expect(occ('cron(30 2 * * 0) for 1h', S, '2026-04-04T16:45:00Z')).toBeNull();
    expect(occ('cron(0 22 * * 6) to cron(0 8 * * 1)', S, '2026-04-05T12:00:00Z')).toEqual([
      z('2026-04-04T11:00Z'),
      z('2026-04-05T22:00Z')
    ]);
  });
});
