import { describe, expect, it } from '@jest/globals';
import { evaluateCalendar, formatInZone, parseSchedule } from '../../src/core/schedule/index.js';
import type { CalendarState, Schedule } from '../../src/core/schedule/index.js';

const schedule = (windows: string, freezes = '', timezone = 'UTC'): Schedule => parseSchedule({ windows, freezes, timezone });
const evaluate = (s: Schedule, at: string): CalendarState => evaluateCalendar(s, new Date(at));
const next = (s: Schedule, at: string): string | null => evaluate(s, at).nextAllowedAt?.toISOString() ?? null;

describe('evaluateCalendar', () => {
  it('allows everything when nothing is configured', () => {
    const state = evaluate(schedule(''), '2026-03-04T10:00:00Z');
    expect(state).toEqual({ allowed: true, window: null, freezes: [], windowsConfigured: false, nextAllowedAt: null });
  });

  it('with freezes only, allows everything outside them', () => {
    const s = schedule('', '2026-03-04');
    expect(evaluate(s, '2026-03-03T23:59:59Z').allowed).toBe(true);
    const frozen = evaluate(s, '2026-03-04T10:00:00Z');
    expect(frozen.allowed).toBe(false);
    expect(frozen.windowsConfigured).toBe(false);
    expect(frozen.nextAllowedAt?.toISOString()).toBe('2026-03-05T00:00:00.000Z');
  });

  it('inside a window: allowed, reports the window, no next time', () => {
    const state = evaluate(schedule('Mon-Fri 09:00-17:00'), '2026-03-04T10:00:00Z');
    expect(state.allowed).toBe(true);
    expect(state.windowsConfigured).toBe(true);
    expect(state.window?.rule.source).toBe('Mon-Fri 09:00-17:00');
    expect(state.window?.start.toISOString()).toBe('2026-03-04T09:00:00.000Z');
    expect(state.window?.end.toISOString()).toBe('2026-03-04T17:00:00.000Z');
    expect(state.nextAllowedAt).toBeNull();
  });

  it('outside every window: next window start', () => {
    const s = schedule('Mon-Fri 09:00-17:00\nSat 10:00-11:00');
    expect(evaluate(s, '2026-03-04T17:00:00Z').allowed).toBe(false);
    expect(evaluate(s, '2026-03-04T17:00:00Z').window).toBeNull();
    expect(next(s, '2026-03-04T17:00:00Z')).toBe('2026-03-05T09:00:00.000Z');
    expect(next(s, '2026-03-06T17:00:00Z')).toBe('2026-03-07T10:00:00.000Z');
    expect(next(s, '2026-03-07T11:00:00Z')).toBe('2026-03-09T09:00:00.000Z');
  });

  it('a freeze beats a window', () => {
    const s = schedule('Mon-Fri 09:00-17:00', '2026-03-04');
    const state = evaluate(s, '2026-03-04T10:00:00Z');
    expect(state.allowed).toBe(false);
    expect(state.window).not.toBeNull();
    expect(state.freezes.map((f) => [f.rule.source, f.start.toISOString(), f.end.toISOString()])).toEqual([
      ['2026-03-04', '2026-03-04T00:00:00.000Z', '2026-03-05T00:00:00.000Z']
    ]);
    expect(state.nextAllowedAt?.toISOString()).toBe('2026-03-05T09:00:00.000Z');
  });

  it('inside a freeze ending inside a window: the freeze end', () => {
    const s = schedule('Mon-Fri 09:00-17:00', '2026-03-04T08:00 - 2026-03-04T12:00');
    expect(next(s, '2026-03-04T10:00:00Z')).toBe('2026-03-04T12:00:00.000Z');
    expect(evaluate(s, '2026-03-04T12:00:00Z').allowed).toBe(true);
  });

  it('inside a freeze ending outside every window: the next window start after it', () => {
    const s = schedule('Mon-Fri 09:00-17:00', '2026-03-04T12:00 - 2026-03-04T18:00');
    expect(next(s, '2026-03-04T13:00:00Z')).toBe('2026-03-05T09:00:00.000Z');
  });

  it('a window start inside a freeze: that freeze end', () => {
    const s = schedule('Mon-Fri 09:00-17:00', '2026-03-05T06:00 - 2026-03-05T10:30');
    expect(next(s, '2026-03-04T18:00:00Z')).toBe('2026-03-05T10:30:00.000Z');
  });

  it('chains overlapping and adjacent freezes', () => {
    const s = schedule(
      'Mon-Fri 09:00-17:00',
      ['2026-03-04T08:00 - 2026-03-04T12:00', '2026-03-04T11:00 - 2026-03-04T14:00', '2026-03-04T14:00 - 2026-03-04T15:00'].join('\n')
    );
    const early = evaluate(s, '2026-03-04T10:00:00Z');
    expect(early.freezes).toHaveLength(1);
    expect(early.nextAllowedAt?.toISOString()).toBe('2026-03-04T15:00:00.000Z');
    const overlap = evaluate(s, '2026-03-04T11:30:00Z');
    expect(overlap.freezes.map((f) => f.end.toISOString())).toEqual(['2026-03-04T12:00:00.000Z', '2026-03-04T14:00:00.000Z']);
    expect(overlap.nextAllowedAt?.toISOString()).toBe('2026-03-04T15:00:00.000Z');
    expect(evaluate(s, '2026-03-04T15:00:00Z').allowed).toBe(true);
  });

  it('chains freezes of different kinds, then waits for a window', () => {
    // Weekend span, then a cron freeze Monday morning, then Monday afternoon window.
    const s = schedule('Mon 13:00-17:00', 'Fri 18:00 - Mon 08:00\ncron(0 8 * * 1) for 6h');
    expect(next(s, '2026-03-07T12:00:00Z')).toBe('2026-03-09T14:00:00.000Z');
    const mon = evaluate(s, '2026-03-09T13:30:00Z');
    expect(mon.allowed).toBe(false);
    expect(mon.window).not.toBeNull();
  });

  it('a freeze repeated back to back is reported as one run with its real end', () => {
    const s = schedule('', 'Sat-Sun 00:00-24:00');
    const state = evaluate(s, '2026-03-07T12:00:00Z');
    expect(state.freezes.map((f) => [f.start.toISOString(), f.end.toISOString()])).toEqual([
      ['2026-03-07T00:00:00.000Z', '2026-03-09T00:00:00.000Z']
    ]);
    expect(state.nextAllowedAt?.toISOString()).toBe('2026-03-09T00:00:00.000Z');
  });

  it('never allowed: null', () => {
    expect(next(schedule('Mon 09:00-10:00', 'Mon 08:00-12:00'), '2026-03-04T10:00:00Z')).toBeNull();
    expect(next(schedule('2025-01-06 - 2025-01-10'), '2026-03-04T10:00:00Z')).toBeNull();
    expect(next(schedule('', 'Mon-Sun 00:00-24:00'), '2026-03-04T10:00:00Z')).toBeNull();
    const state = evaluate(schedule('Mon-Fri 09:00-17:00', 'cron(0 0 * * *) to cron(0 0 1 1 *)'), '2026-03-04T10:00:00Z');
    expect(state.allowed).toBe(false);
    expect(state.nextAllowedAt).toBeNull();
  });

  it('searches about two years ahead', () => {
    expect(next(schedule('2028-01-10'), '2026-03-04T10:00:00Z')).toBe('2028-01-10T00:00:00.000Z');
    expect(next(schedule('2028-06-01'), '2026-03-04T10:00:00Z')).toBeNull();
  });

  it('jumps between boundaries instead of stepping through time', () => {
    // Never allowed: the search visits every weekly occurrence for two years.
    const s = schedule(
      'Mon-Fri 09:00-17:00 in America/New_York\ncron(0 9 * * 1-5) for 8h in Asia/Kolkata',
      'cron(0 0 * * *) for 1d in Pacific/Chatham\nSat 00:00 - Mon 00:00'
    );
    const started = performance.now();
    expect(evaluate(s, '2026-03-04T10:00:00Z').nextAllowedAt).toBeNull();
    expect(performance.now() - started).toBeLessThan(3000);
  });

  it('rejects an invalid date', () => {
    expect(() => evaluateCalendar(schedule(''), new Date(Number.NaN))).toThrow(RangeError);
  });
});

describe('example policy: Mon-Thu 09:00-16:00, year-end and weekend freezes, Europe/Berlin', () => {
  const policy = parseSchedule({
    windows: 'Mon-Thu 09:00-16:00',
    freezes: '2026-12-20 - 2027-01-04\nFri 18:00 - Mon 08:00',
    timezone: 'Europe/Berlin'
  });
  const local = (d: Date | null | undefined): string | null => (d ? formatInZone(d, 'Europe/Berlin') : null);

  const cases: Array<{ at: string; allowed: boolean; window: boolean; freezes: string[]; next: string | null }> = [
    // Tue 10:00 CET
    { at: '2026-12-01T09:00:00Z', allowed: true, window: true, freezes: [], next: null },
    // Tue 08:59 CET, before the window
    { at: '2026-12-01T07:59:00Z', allowed: false, window: false, freezes: [], next: 'Tue 2026-12-01 09:00 CET' },
    // Thu 15:59 CET, last minute of the window
    { at: '2026-12-03T14:59:00Z', allowed: true, window: true, freezes: [], next: null },
    // Thu 16:00 CET, window closed: next is Monday
    { at: '2026-12-03T15:00:00Z', allowed: false, window: false, freezes: [], next: 'Mon 2026-12-07 09:00 CET' },
    // Fri 12:00 CET, no window on Fridays, no freeze yet
    { at: '2026-12-04T11:00:00Z', allowed: false, window: false, freezes: [], next: 'Mon 2026-12-07 09:00 CET' },
    // Sat 12:00 CET, weekend freeze until Monday 08:00
    {
      at: '2026-12-05T11:00:00Z',
      allowed: false,
      window: false,
      freezes: ['Fri 18:00 - Mon 08:00 until Mon 2026-12-07 08:00 CET'],
      next: 'Mon 2026-12-07 09:00 CET'
    },
    // Fri 20:00 CET before the holidays: weekend freeze chains into the year-end freeze
    {
      at: '2026-12-18T19:00:00Z',
      allowed: false,
      window: false,
      freezes: ['Fri 18:00 - Mon 08:00 until Mon 2026-12-21 08:00 CET'],
      next: 'Tue 2027-01-05 09:00 CET'
    },
    // Mon 21 Dec 10:00 CET: year-end freeze beats the window
    {
      at: '2026-12-21T09:00:00Z',
      allowed: false,
      window: true,
      freezes: ['2026-12-20 - 2027-01-04 until Tue 2027-01-05 00:00 CET'],
      next: 'Tue 2027-01-05 09:00 CET'
    },
    // Mon 4 Jan 2027 15:00 CET, last day of the freeze
    {
      at: '2027-01-04T14:00:00Z',
      allowed: false,
      window: true,
      freezes: ['2026-12-20 - 2027-01-04 until Tue 2027-01-05 00:00 CET'],
      next: 'Tue 2027-01-05 09:00 CET'
    },
    // Tue 5 Jan 2027 09:00 CET: open again
    { at: '2027-01-05T08:00:00Z', allowed: true, window: true, freezes: [], next: null },
    // Fri 27 Mar 19:00 CET: weekend freeze across the spring change ends 08:00 CEST
    {
      at: '2026-03-27T18:00:00Z',
      allowed: false,
      window: false,
      freezes: ['Fri 18:00 - Mon 08:00 until Mon 2026-03-30 08:00 CEST'],
      next: 'Mon 2026-03-30 09:00 CEST'
    },
    // Mon 30 Mar 09:00 CEST = 07:00Z
    { at: '2026-03-30T07:00:00Z', allowed: true, window: true, freezes: [], next: null },
    // Mon 30 Mar 08:30 CEST: freeze over, window not yet open
    { at: '2026-03-30T06:30:00Z', allowed: false, window: false, freezes: [], next: 'Mon 2026-03-30 09:00 CEST' },
    // Fri 23 Oct 19:00 CEST: ends 08:00 CET after the autumn change
    {
      at: '2026-10-23T17:00:00Z',
      allowed: false,
      window: false,
      freezes: ['Fri 18:00 - Mon 08:00 until Mon 2026-10-26 08:00 CET'],
      next: 'Mon 2026-10-26 09:00 CET'
    }
  ];

  it.each(cases)('at $at', ({ at, allowed, window, freezes, next: nextLocal }) => {
    const state = evaluateCalendar(policy, new Date(at));
    expect(state.allowed).toBe(allowed);
    expect(state.freezes.map((f) => `${f.rule.source} until ${local(f.end)}`)).toEqual(freezes);
    expect(local(state.nextAllowedAt)).toBe(nextLocal);
    expect(state.window !== null).toBe(window);
  });
});
