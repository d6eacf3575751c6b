/**
 * How long a step and each of its requests may take.
 *
 * A step has a bound (input `timeout-minutes`). Its work must end a little before the bound,
 * keeping a reserve so that a step that ran out of time can still finish cleanly (e.g. give a
 * deployment it created a final `error` status) and say why. Each request gets at most
 * REQUEST_TIMEOUT_MS, or a quarter of the bound when that is shorter, so that one stalled
 * request never eats the whole budget, and never more than what is left of it.
 */

import { InputError } from './errors.js';
import type { Inputs } from './inputs.js';

/** The longest a single request may take: GitHub itself ends requests after about 10 s. */
export const REQUEST_TIMEOUT_MS = 30_000;
/** The default bound of a step, in minutes (input `timeout-minutes`). */
export const DEFAULT_TIMEOUT_MINUTES = 10;
/** The largest `timeout-minutes` accepted: GitHub ends a job after 6 hours anyway. */
export const MAX_TIMEOUT_MINUTES = 360;

export interface RequestBudget {
  /** How long the next request may take, in ms (0: no time left, do not send it). */
  ms: number;
  /** What sets that limit: the per-request timeout, or what is left of the step's bound. */
  limit: 'request' | 'step';
}

export class StepDeadline {
  /** When the step must have ended (epoch ms). */
  readonly endsAt: number;
  /** When work must stop, keeping the reserve for finishing cleanly (epoch ms). */
  readonly workEndsAt: number;
  /** The longest any one request may take. */
  readonly requestTimeoutMs: number;
  private finishing = false;
  /** The GitHub operation under way, named when the bound is reached. */
  activity: string | undefined;

  constructor(
    readonly minutes: number,
    private readonly now: () => number = Date.now
  ) {
    const total = minutes * 60_000;
    const start = now();
    this.requestTimeoutMs = Math.min(REQUEST_TIMEOUT_MS, total / 4);
    this.endsAt = start + total;
    this.workEndsAt = this.endsAt - Math.min(REQUEST_TIMEOUT_MS, total / 4);
  }

  /** From now on, requests may use the reserve: the step is finishing cleanly after a failure. */
  finishUp(): void {
    this.finishing = true;
  }

  get isFinishing(): boolean {
    return this.finishing;
  }

  /**
   * What is left for work (or, once finishing up, for finishing), in ms; never negative.
   * Finishing ends two margins before the bound: one for the step to report and exit by itself,
   * one before the outside stop (`stopAt`), which is only a safety net.
   */
  remainingMs(): number {
    return Math.max(0, (this.finishing ? this.endsAt - 2 * this.marginMs : this.workEndsAt) - this.now());
  }

  /** How long the next request may take. */
  requestBudget(): RequestBudget {
    const left = this.remainingMs();
    return left < this.requestTimeoutMs ? { ms: left, limit: 'step' } : { ms: this.requestTimeoutMs, limit: 'request' };
  }

  /** A moment kept before the bound to report and exit: 1 s, or a twentieth of a short bound. */
  get marginMs(): number {
    return Math.min(1000, (this.minutes * 60_000) / 20);
  }

  /** When the step is stopped from outside if it has not ended by itself, leaving time to report why. */
  get stopAt(): number {
    return this.endsAt - this.marginMs;
  }

  /** The bound as users set it, for messages: `timeout-minutes: 10`. */
  describe(): string {
    return `timeout-minutes: ${this.minutes}`;
  }
}

/** Reads input `timeout-minutes`: minutes, fractions allowed, above 0 and at most MAX_TIMEOUT_MINUTES. */
export function readTimeoutMinutes(inputs: Inputs): number {
  const value = inputs.raw('timeout-minutes');
  if (!value) return DEFAULT_TIMEOUT_MINUTES;
  const minutes = /^(\d+(\.\d*)?|\.\d+)$/.test(value) ? Number(value) : NaN;
  if (!(minutes > 0 && minutes <= MAX_TIMEOUT_MINUTES)) {
    throw new InputError(
      'timeout-minutes',
      value,
      `accepted values are numbers of minutes above 0 and at most ${MAX_TIMEOUT_MINUTES}, such as ${DEFAULT_TIMEOUT_MINUTES} or 0.5`
    );
  }
  return minutes;
}

/** Seconds for a message: `30 s`, `1.5 s`. */
export function seconds(ms: number): string {
  const value = ms / 1000;
  return `${Number.isInteger(value) ? value : Number(value.toFixed(value < 10 ? 1 : 0))} s`;
}
