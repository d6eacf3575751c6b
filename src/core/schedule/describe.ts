/** Wording for messages, job summaries and the audit trail. */

import { compiledOf } from './parse.js';
import type { Occurrence, ScheduleRule } from './types.js';
import { formatInZone } from './zone.js';

/** A rule as written, with the zone it is evaluated in: "Fri 18:00 - Mon 08:00 (Europe/Berlin)". */
export function describeRule(rule: ScheduleRule): string {
  return `${compiledOf(rule).body} (${rule.zone})`;
}

/**
 * An occurrence with its rule and its bounds shown in `zone` (the rule's own by default):
 * "Fri 18:00 - Mon 08:00 (Europe/Berlin) from Fri 2026-12-04 18:00 CET until Mon 2026-12-07 08:00 CET".
 */
export function describeOccurrence(occurrence: Occurrence, zone: string = occurrence.rule.zone): string {
  const until = occurrence.end.getTime() >= 8.64e15 ? 'with no end' : `until ${formatInZone(occurrence.end, zone)}`;
  return `${describeRule(occurrence.rule)} from ${formatInZone(occurrence.start, zone)} ${until}`;
}
