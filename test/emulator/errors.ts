/**
 * An HTTP answer other than success, thrown by the model and by handlers and
 * turned into a response by the REST layer. `violation` marks a request that
 * breaks GitHub's published contract (tests fail on those), as opposed to a
 * legitimate runtime answer such as 404, 409 or 422 `already_exists`.
 */
export interface ValidationErrorItem {
  resource?: string;
  field?: string;
  code: string;
  message?: string;
  [key: string]: unknown;
}

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: Record<string, unknown>,
    readonly options: { headers?: Record<string, string>; violation?: string } = {}
  ) {
    super(typeof body.message === 'string' ? body.message : `HTTP ${status}`);
  }

  static notFound(message = 'Not Found'): HttpError {
    return new HttpError(404, { message });
  }

  static validation(errors: ValidationErrorItem[], violation?: string): HttpError {
    return new HttpError(422, { message: 'Validation Failed', errors }, violation ? { violation } : {});
  }
}

/** GitHub's answer when an installation token lacks a permission. */
export const NOT_ACCESSIBLE = 'Resource not accessible by integration';
