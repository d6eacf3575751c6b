/**
 * Injected failures: a fault matches requests by method and path and, for its
 * next `times` matches, delays, drops the connection, or answers in place of
 * the emulator (a status, a body, a secondary rate limit).
 */
export interface FaultSpec {
  method?: string;
  /** Matched against the path without query, GHES prefix removed (`/api/v3/x` → `/x`, `/api/graphql` → `/graphql`). */
  path: string | RegExp;
  /** How many matching requests it affects (default 1; `Infinity` for all). */
  times?: number;
  /** Matching requests to let through untouched before it starts (default 0): e.g. the second PATCH of a release. */
  skip?: number;
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Waits this long before handling (or before answering with `status`). */
  delayMs?: number;
  /** Destroys the socket without answering. */
  drop?: boolean;
  /** Answers 403 with `retry-after` and GitHub's secondary rate limit message. */
  secondaryRateLimit?: { retryAfter: number };
  /** Never answers (the connection stays open until the client gives up or the emulator closes). */
  hang?: boolean;
  /**
   * The emulator carries the request out first (state changes, as GitHub would), then loses
   * the answer: `drop` destroys the socket, `hang` never answers, a number answers that status
   * (e.g. 502) instead of the real result. Models "GitHub acted, the client never heard".
   */
  afterActing?: 'drop' | 'hang' | number;
  /**
   * Runs just before the emulator handles the matching request: something that happens on
   * GitHub between a client's last read and its write (e.g. someone pushes the tag).
   */
  before?: () => void;
}

export interface Fault extends FaultSpec {
  /** Matches left. */
  remaining: number;
  /** Requests it has affected so far. */
  hits: number;
  /** Matching requests let through so far (see `skip`). */
  skipped: number;
}

export class Faults {
  readonly active: Fault[] = [];

  add(spec: FaultSpec): Fault {
    const fault: Fault = { ...spec, remaining: spec.times ?? 1, hits: 0, skipped: 0 };
    this.active.push(fault);
    return fault;
  }

  clear(): void {
    this.active.length = 0;
  }

  /** Faults that still have matches left. */
  pending(): Fault[] {
    return this.active.filter((f) => f.remaining > 0);
  }

  /** The first fault matching the request, consuming one of its matches. */
  take(method: string, path: string): Fault | undefined {
    for (const fault of this.active) {
      if (fault.remaining <= 0) continue;
      if (fault.method && fault.method.toUpperCase() !== method.toUpperCase()) continue;
      const matches = typeof fault.path === 'string' ? fault.path === path : fault.path.test(path);
      if (!matches) continue;
      if ((fault.skip ?? 0) > fault.skipped) {
        fault.skipped += 1;
        continue;
      }
      fault.remaining -= 1;
      fault.hits += 1;
      return fault;
    }
    return undefined;
  }
}
