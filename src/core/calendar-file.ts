/** Writes the `calendar-file` input's iCalendar file (both actions), before anything is written to GitHub. */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { InputError } from './errors.js';
import { renderIcs, type IcsOptions } from './ics.js';
import type { Schedule } from './schedule/types.js';

/** Writes the coming 90 days of `schedule` to `file` (its directory is created); returns the number of events. */
export function writeCalendarFile(file: string, schedule: Schedule, options: IcsOptions): number {
  const ics = renderIcs(schedule, options);
  try {
    mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    writeFileSync(file, ics, 'utf8');
  } catch (error) {
    throw new InputError('calendar-file', file, 'a path where a file can be written, e.g. release-calendar.ics', (error as Error).message);
  }
  return ics.split('BEGIN:VEVENT').length - 1;
}
