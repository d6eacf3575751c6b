/**
 * The schedule language: release windows and freezes, one rule per line, evaluated in IANA time
 * zones. Pure: time is always a parameter, and nothing depends on the host's own time zone.
 */

export type { CalendarState, Occurrence, RuleKind, Schedule, ScheduleRule } from './types.js';
export { ACCEPTED_RULE_FORMS, ACCEPTED_ZONE, parseRule, parseSchedule } from './parse.js';
export { evaluateCalendar, SEARCH_BUDGET } from './calendar.js';
export { HORIZON_MS, nextOccurrence, nextOccurrenceStart, occurrenceAt, occurrencesBetween, runAt } from './rules.js';
export { describeOccurrence, describeRule } from './describe.js';
export { formatInZone, resolveZone } from './zone.js';
