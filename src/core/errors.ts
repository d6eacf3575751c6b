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

/** A GitHub API call that failed after retries, naming the operation it was doing. */
export class ApiError extends Error {
  override readonly name: string = 'ApiError';
  constructor(
    readonly operation: string,
    readonly status: number | undefined,
    readonly detail: string
  ) {
    super(`${operation} failed${status ? ` (HTTP ${status})` : ''}: ${detail}`);
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
