/**
 * Why the calendar blocks a release or a deployment now (pure): one `freeze` reason per freeze
 * in force, and `outside-window` when windows are configured and none is open. Both actions
 * use these reasons, worded for what they gate.
 */
import { formatInZone } from './schedule/index.js';
import type { CalendarState, Occurrence, Schedule } from './schedule/types.js';

export interface CalendarReason {
  code: 'freeze' | 'outside-window';
  message: string;
}

/** How a calendar message names what it gates. */
export interface GateWording {
  /** `Release`, `Deploy` (starts "… freeze"). */
  freeze: string;
  /** `release`, `deploy` (as in "every … window"). */
  window: string;
  /** `releases`, `deployments`. */
  many: string;
  /** `a release`, `a deployment`. */
  one: string;
}

export const RELEASE_WORDING: GateWording = { freeze: 'Release', window: 'release', many: 'releases', one: 'a release' };
export const DEPLOY_WORDING: GateWording = { freeze: 'Deploy', window: 'deploy', many: 'deployments', one: 'a deployment' };

/** Occurrences ending at or past this instant have no end (the schedule reports the largest date). */
export const NO_END_MS = 8.64e15;

/** How many window rules a message lists before summarising the rest. */
const WINDOWS_LISTED = 5;

/** `until <time in zone>`, or `with no end set` for a rule that never lifts. */
export function untilInZone(end: Date, zone: string): string {
  return end.getTime() >= NO_END_MS ? 'with no end set' : `until ${formatInZone(end, zone)}`;
}

/** `Wed 2026-12-02 00:00 CET (2026-12-01 23:00 UTC)`: the policy's zone, and UTC when that differs. */
export function inZoneAndUtc(date: Date, zone: string): string {
  const local = formatInZone(date, zone);
  if (/ UTC$/.test(local)) return local;
  const iso = date.toISOString();
  return `${local} (${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC)`;
}

function listWindows(schedule: Schedule): string {
  const windows = schedule.windows.map((rule) => `\`${rule.source}\``);
  if (windows.length === 0) return '';
  const shown = windows.slice(0, WINDOWS_LISTED).join(', ');
  const rest = windows.length - WINDOWS_LISTED;
  return rest > 0 ? `${shown} and ${rest} more` : shown;
}

function nextOpening(calendar: CalendarState, zone: string, words: GateWording): string {
  return calendar.nextAllowedAt
    ? `${words.many} are next allowed at ${formatInZone(calendar.nextAllowedAt, zone)}`
    : `the calendar allows no ${words.one.replace(/^an? /, '')} within the next two years`;
}

function freezeReason(freeze: Occurrence, calendar: CalendarState, zone: string, words: GateWording, emergency: boolean): CalendarReason {
  const next =
    calendar.nextAllowedAt && calendar.nextAllowedAt.getTime() !== freeze.end.getTime()
      ? `; ${nextOpening(calendar, zone, words)}`
      : '';
  return {
    code: 'freeze',
    message:
      `${words.freeze} freeze \`${freeze.rule.source}\` is in force ${untilInZone(freeze.end, zone)}${next}. ` +
      (emergency ? `Wait until then, or declare an emergency.` : `Wait until then.`)
  };
}

/**
 * Every reason the calendar blocks now; empty when it allows. A refusal it cannot explain still
 * blocks. `emergency: false` (no one can declare one) leaves "or declare an emergency" out.
 */
export function calendarReasons(calendar: CalendarState, schedule: Schedule, words: GateWording = RELEASE_WORDING, emergency = true): CalendarReason[] {
  if (calendar.allowed) return [];
  const zone = schedule.zone;
  const freezes = [...calendar.freezes].sort(
    (a, b) => a.end.getTime() - b.end.getTime() || a.rule.source.localeCompare(b.rule.source)
  );
  const reasons = freezes.map((freeze) => freezeReason(freeze, calendar, zone, words, emergency));
  if (calendar.windowsConfigured && calendar.window === null) {
    reasons.push({
      code: 'outside-window',
      message:
        `Now is outside every ${words.window} window (${listWindows(schedule)}); ${nextOpening(calendar, zone, words)}. ` +
        (emergency ? `Wait for the window, or declare an emergency.` : `Wait for the window.`)
    });
  }
  if (reasons.length === 0) {
    // The calendar said no without naming why: fail closed with what it did say.
    reasons.push({
      code: 'outside-window',
      message: `The ${words.window} calendar does not allow ${words.one} now; ${nextOpening(calendar, zone, words)}.`
    });
  }
  return reasons;
}
