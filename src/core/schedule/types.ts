/**
 * The schedule language: release windows and freezes, one rule per line,
 * evaluated in a time zone. See README "Schedule lines".
 */

export type RuleKind =
  | 'weekly' // Mon-Fri 09:00-17:00, Sat 22:00-02:00 (wraps)
  | 'span' // Fri 18:00 - Mon 08:00
  | 'dates' // 2026-12-20 - 2027-01-04 (whole days, inclusive)
  | 'datetimes' // 2026-12-24T12:00 - 2026-12-27T08:00
  | 'cron-duration' // cron(0 9 * * 1-5) for 8h
  | 'cron-range'; // cron(0 18 * * 5) to cron(0 8 * * 1)

export interface ScheduleRule {
  kind: RuleKind;
  /** The line exactly as the user wrote it (trimmed), for messages and the audit trail. */
  source: string;
  /** IANA zone the rule is evaluated in (its own `in <zone>` or the default). */
  zone: string;
}

export interface Schedule {
  windows: ScheduleRule[];
  freezes: ScheduleRule[];
  /** The default zone (input `timezone`), used to show times to the user. */
  zone: string;
}

/** One occurrence of a rule: [start, end). */
export interface Occurrence {
  rule: ScheduleRule;
  start: Date;
  end: Date;
}

export interface CalendarState {
  /** True when a release may happen now: no active freeze, and (no windows configured, or one is active). */
  allowed: boolean;
  /** The window occurrence in force now, if any. */
  window: Occurrence | null;
  /** Every freeze occurrence in force now (its end is when that freeze lifts). */
  freezes: Occurrence[];
  /** True when at least one window is configured. */
  windowsConfigured: boolean;
  /**
   * When not allowed: the earliest instant after `now` at which the calendar allows a release,
   * or null if none within the search horizon (about 2 years). Null when allowed now.
   */
  nextAllowedAt: Date | null;
}
