/**
 * The emulator's clock. Real time by default; `set` freezes it at a given
 * instant and `advance` moves it forward, so tests can stamp created_at,
 * merged_at and label times exactly.
 */
export type DateInput = Date | string | number;
export type Duration = number | { days?: number; hours?: number; minutes?: number; seconds?: number; ms?: number };

export function toDate(value: DateInput): Date {
  const date = value instanceof Date ? new Date(value.getTime()) : new Date(value);
  if (Number.isNaN(date.getTime())) throw new Error(`Not a date: ${String(value)}`);
  return date;
}

export function durationMs(duration: Duration): number {
  if (typeof duration === 'number') return duration;
  return (
    (duration.days ?? 0) * 86_400_000 +
    (duration.hours ?? 0) * 3_600_000 +
    (duration.minutes ?? 0) * 60_000 +
    (duration.seconds ?? 0) * 1000 +
    (duration.ms ?? 0)
  );
}

/** GitHub's timestamp format: ISO 8601 in UTC, whole seconds. */
export function isoSeconds(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export class Clock {
  private frozen: Date | null = null;
  private offsetMs = 0;

  /** The current emulated time. */
  now(): Date {
    if (this.frozen) return new Date(this.frozen.getTime());
    return new Date(Date.now() + this.offsetMs);
  }

  /** Freezes the clock at `date`. */
  set(date: DateInput): this {
    this.frozen = toDate(date);
    return this;
  }

  /** Moves the clock forward (frozen or not). */
  advance(duration: Duration): this {
    const ms = durationMs(duration);
    if (this.frozen) this.frozen = new Date(this.frozen.getTime() + ms);
    else this.offsetMs += ms;
    return this;
  }

  /** Back to real time. */
  real(): this {
    this.frozen = null;
    this.offsetMs = 0;
    return this;
  }

  get isFrozen(): boolean {
    return this.frozen !== null;
  }
}
