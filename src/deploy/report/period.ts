/** The `period` input of `step: report`: `30d`, `7d`, `12w`, `90d`... */
import { InputError } from '../../core/errors.js';

/** Longest period: a year and a day (the previous period doubles what is read). */
export const MAX_PERIOD_DAYS = 366;

export function parsePeriod(value: string): { days: number; label: string } {
  const match = /^\s*(\d{1,3})\s*([dw])\s*$/i.exec(value);
  const days = match ? Number(match[1]) * (match[2]!.toLowerCase() === 'w' ? 7 : 1) : Number.NaN;
  if (!match || days < 1 || days > MAX_PERIOD_DAYS) {
    throw new InputError('period', value, `accepted values are a number of days or weeks such as 7d, 30d, 90d or 12w, from 1d to ${MAX_PERIOD_DAYS}d`);
  }
  return { days, label: `${match[1]}${match[2]!.toLowerCase()}` };
}
