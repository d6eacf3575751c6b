/**
 * Errors a user reads. Each names what went wrong in the user's terms:
 * the input and value for bad configuration, the GitHub operation for API failures.
 */

/** A bad action input. Thrown before anything is read from or written to GitHub. */
export class InputError extends Error {
  override readonly name = 'InputError';
  constructor(
    readonly input: string,
    readonly value: string,
    readonly accepted: string,
    detail?: string
  ) {
    super(`Input '${input}' has the value ${JSON.stringify(value)}${detail ? ` (${detail})` : ''}: ${accepted}`);
  }
}

/** What is known about a failed call beyond its status. */
export interface ApiFailure {
  /**
   * The call was a write, and its answer was lost (dropped connection, 5xx, timeout after
   * sending): GitHub may have carried it out. Read back before sending it again.
   */
  outcomeUnknown?: boolean;
  /** The call ran out of time: after this many ms, because of the request's or the step's limit. */
  timedOut?: { afterMs: number; limit: 'request' | 'step'; sent: boolean };
}

/** A GitHub API call that failed after retries, naming the operation it was doing. */
export class ApiError extends Error {
  override readonly name: string = 'ApiError';
  readonly outcomeUnknown: boolean;
  readonly timedOut: ApiFailure['timedOut'];
  constructor(
    readonly operation: string,
    readonly status: number | undefined,
    readonly detail: string,
    failure: ApiFailure = {}
  ) {
    const head = failure.timedOut?.sent ? `${operation} ${detail}` : `${operation} failed${status ? ` (HTTP ${status})` : ''}: ${detail}`;
    super(failure.outcomeUnknown ? `${head}. The answer was lost, so GitHub may have carried it out` : head);
    this.outcomeUnknown = failure.outcomeUnknown ?? false;
    this.timedOut = failure.timedOut;
  }
}

/** A GitHub rate limit ended the run: which budget, when it resets, what the run had spent. */
export class RateLimitError extends ApiError {
  override readonly name: string = 'RateLimitError';
  constructor(
    operation: string,
    status: number | undefined,
    detail: string,
    readonly resource: 'core' | 'graphql',
    readonly kind: 'primary' | 'secondary',
    readonly resetAt: Date | undefined
  ) {
    super(operation, status, detail);
  }
}

/** A fact Tollgate needs but cannot establish; the action fails closed on it. */
export class FactError extends Error {
  override readonly name = 'FactError';
}
