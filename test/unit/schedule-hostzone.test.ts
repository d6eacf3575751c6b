/**
 * The schedule must not depend on the runner's own time zone. Jest gives each test file its own
 * copy of `process.env`, so the host zone is switched on the real process (reached through
 * `vm.runInThisContext`); Node re-reads TZ whenever it is assigned. Caches are cleared after each
 * switch so every answer is recomputed under the new host zone.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { runInThisContext } from 'node:vm';
import {
  evaluateCalendar,
  formatInZone,
  nextOccurrence,
  occurrenceAt,
  parseRule,
  parseSchedule
} from '../../src/core/schedule/index.js';
import { clearRuleCaches } from '../../src/core/schedule/parse.js';
import { clearZoneCaches } from '../../src/core/schedule/zone.js';

const realProcess = runInThisContext('process') as NodeJS.Process;

/** Host zones and their offset (Date#getTimezoneOffset, minutes west) on 2026-01-15. */
const HOST_ZONES: Array<[string, number]> = [
  ['UTC', 0],
  ['America/Los_Angeles', 480],
  ['Asia/Kolkata', -330],
  ['Pacific/Chatham', -825],
  ['Europe/Berlin', -60],
  ['Australia/Sydney', -660]
];

function setHostZone(zone: string | undefined): void {
  for (const env of [realProcess.env, process.env]) {
    if (zone === undefined) delete env.TZ;
    else env.TZ = zone;
  }
  clearZoneCaches();
  clearRuleCaches();
}

const bounds = (o: { start: Date; end: Date } | null): string | null =>
  o ? `${o.start.toISOString()} ${o.end.toISOString()}` : null;

/** [description, computed answer, expected answer] */
function cases(): Array<[string, () => unknown, unknown]> {
  const calendar = (at: string): string => {
    const policy = parseSchedule({
      windows: 'Mon-Thu 09:00-16:00',
      freezes: '2026-12-20 - 2027-01-04\nFri 18:00 - Mon 08:00',
      timezone: 'Europe/Berlin'
    });
    const state = evaluateCalendar(policy, new Date(at));
    const next = state.nextAllowedAt ? formatInZone(state.nextAllowedAt, 'Europe/Berlin') : 'none';
    const freezes = state.freezes.map((f) => formatInZone(f.end, 'Europe/Berlin')).join(', ');
    return `${state.allowed} window=${state.window !== null} freezes=[${freezes}] next=${next}`;
  };
  const occ = (line: string, zone: string, at: string): string | null =>
    bounds(occurrenceAt(parseRule(line, zone), new Date(at)));
  const next = (line: string, zone: string, after: string): string | null =>
    bounds(nextOccurrence(parseRule(line, zone), new Date(after)));

  return [
    ['policy: Tue 10:00 CET', () => calendar('2026-12-01T09:00:00Z'), 'true window=true freezes=[] next=none'],
    ['policy: Thu 16:00 CET', () => calendar('2026-12-03T15:00:00Z'), 'false window=false freezes=[] next=Mon 2026-12-07 09:00 CET'],
    [
      'policy: Sat in the weekend freeze',
      () => calendar('2026-12-05T11:00:00Z'),
      'false window=false freezes=[Mon 2026-12-07 08:00 CET] next=Mon 2026-12-07 09:00 CET'
    ],
    [
      'policy: weekend chained into year end',
      () => calendar('2026-12-18T19:00:00Z'),
      'false window=false freezes=[Mon 2026-12-21 08:00 CET] next=Tue 2027-01-05 09:00 CET'
    ],
    [
      'policy: spring weekend',
      () => calendar('2026-03-27T18:00:00Z'),
      'false window=false freezes=[Mon 2026-03-30 08:00 CEST] next=Mon 2026-03-30 09:00 CEST'
    ],
    ['weekly wrap at Sun 01:59', () => occ('Sat 22:00-02:00', 'UTC', '2026-03-08T01:59:00Z'), '2026-03-07T22:00:00.000Z 2026-03-08T02:00:00.000Z'],
    ['weekly wrap at Sun 02:00', () => occ('Sat 22:00-02:00', 'UTC', '2026-03-08T02:00:00Z'), null],
    ['24:00 end', () => occ('Fri 22:00-24:00', 'Asia/Tokyo', '2026-03-06T14:59:59Z'), '2026-03-06T13:00:00.000Z 2026-03-06T15:00:00.000Z'],
    ['dates in Kolkata', () => occ('2026-12-25', 'Asia/Kolkata', '2026-12-25T00:00:00Z'), '2026-12-24T18:30:00.000Z 2026-12-25T18:30:00.000Z'],
    [
      'date-times in Los Angeles',
      () => occ('2026-12-24T12:00 - 2026-12-27T08:00', 'America/Los_Angeles', '2026-12-25T00:00:00Z'),
      '2026-12-24T20:00:00.000Z 2026-12-27T16:00:00.000Z'
    ],
    ['Berlin weekly gap', () => occ('Sun 02:30-04:00', 'Europe/Berlin', '2026-03-29T01:00:00Z'), '2026-03-29T01:00:00.000Z 2026-03-29T02:00:00.000Z'],
    ['Berlin weekly repeat', () => occ('Sun 02:30-04:00', 'Europe/Berlin', '2026-10-25T01:30:00Z'), '2026-10-25T00:30:00.000Z 2026-10-25T03:00:00.000Z'],
    ['Berlin span', () => occ('Sat 22:00 - Mon 08:00', 'Europe/Berlin', '2026-03-29T12:00:00Z'), '2026-03-28T21:00:00.000Z 2026-03-30T06:00:00.000Z'],
    ['Berlin cron gap', () => next('cron(30 2 * * *) for 1h', 'Europe/Berlin', '2026-03-28T01:30:00Z'), '2026-03-29T01:00:00.000Z 2026-03-29T02:00:00.000Z'],
    ['Berlin cron repeat', () => next('cron(30 2 * * *) for 1h', 'Europe/Berlin', '2026-10-25T00:30:00Z'), '2026-10-26T01:30:00.000Z 2026-10-26T02:30:00.000Z'],
    [
      'Berlin cron range',
      () => occ('cron(0 22 * * 6) to cron(0 8 * * 1)', 'Europe/Berlin', '2026-10-25T12:00:00Z'),
      '2026-10-24T20:00:00.000Z 2026-10-26T07:00:00.000Z'
    ],
    ['New York weekly gap skipped', () => next('Sun 02:15-03:00', 'America/New_York', '2026-03-07T12:00:00Z'), '2026-03-15T06:15:00.000Z 2026-03-15T07:00:00.000Z'],
    ['New York span', () => occ('Sat 22:00 - Mon 08:00', 'America/New_York', '2026-11-01T12:00:00Z'), '2026-11-01T02:00:00.000Z 2026-11-02T13:00:00.000Z'],
    ['New York cron repeat', () => next('cron(30 1 * * *) for 30m', 'America/New_York', '2026-11-01T05:30:00Z'), '2026-11-02T06:30:00.000Z 2026-11-02T07:00:00.000Z'],
    [
      'New York cron range',
      () => occ('cron(0 18 * * 5) to cron(0 8 * * 1)', 'America/New_York', '2026-03-08T12:00:00Z'),
      '2026-03-06T23:00:00.000Z 2026-03-09T12:00:00.000Z'
    ],
    ['Sydney weekly gap', () => occ('Sun 02:30-03:30', 'Australia/Sydney', '2026-10-03T16:00:00Z'), '2026-10-03T16:00:00.000Z 2026-10-03T16:30:00.000Z'],
    ['Sydney cron elapsed', () => occ('cron(0 22 * * 6) for 12h', 'Australia/Sydney', '2026-10-03T23:59:59Z'), '2026-10-03T12:00:00.000Z 2026-10-04T00:00:00.000Z'],
    ['Chatham weekday', () => occ('Mon 00:00-01:00', 'Pacific/Chatham', '2026-03-01T10:30:00Z'), '2026-03-01T10:15:00.000Z 2026-03-01T11:15:00.000Z'],
    ['format CET', () => formatInZone(new Date('2026-12-04T17:00:00Z'), 'Europe/Berlin'), 'Fri 2026-12-04 18:00 CET'],
    ['format EDT', () => formatInZone(new Date('2026-07-03T22:30:00Z'), 'America/New_York'), 'Fri 2026-07-03 18:30 EDT'],
    ['format UTC', () => formatInZone(new Date('2026-07-03T23:59:00Z'), 'UTC'), 'Fri 2026-07-03 23:59 UTC']
  ];
}

describe.each(HOST_ZONES)('with the host time zone %s', (hostZone, offset) => {
  const original = realProcess.env.TZ;
  beforeAll(() => setHostZone(hostZone));
  afterAll(() => setHostZone(original));

  it('really runs in that host zone', () => {
    expect(new Date('2026-01-15T12:00:00Z').getTimezoneOffset()).toBe(offset);
  });

  it.each(cases().map(([name, compute, expected]) => ({ name, compute, expected })))('$name', ({ compute, expected }) => {
    expect(compute()).toEqual(expected);
  });
});
