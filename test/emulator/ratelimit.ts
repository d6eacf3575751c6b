/**
 * GitHub's rate limits, measured on the emulator's clock.
 *
 * Primary limits: an hourly budget per budget holder and resource (`core`: one point per REST
 * request; `graphql`: each query's point cost). A workflow's GITHUB_TOKEN has 1,000 of each per
 * hour per repository, other tokens 5,000 (both configurable per token).
 *
 * Secondary limits, per budget holder, in sliding windows:
 * - at most 100 requests in flight at once (REST and GraphQL together);
 * - at most 900 REST points a minute (GET/HEAD/OPTIONS 1, other methods 5);
 * - at most 2,000 GraphQL points a minute, in GitHub's secondary points (a query 1, a mutation 5),
 *   not the primary cost;
 * - at most 80 content-creating requests a minute and 500 an hour.
 */
import type { Clock } from './clock.js';

export type RateResource = 'core' | 'graphql';

export interface RateSnapshot {
  resource: RateResource;
  limit: number;
  remaining: number;
  used: number;
  /** Epoch seconds. */
  reset: number;
  resetAt: Date;
}

interface Window {
  used: number;
  resetAt: Date;
  limit: number;
}

/** The documented secondary limits (tests may lower them to provoke one). */
export interface SecondaryLimits {
  concurrent: number;
  restPointsPerMinute: number;
  graphqlPointsPerMinute: number;
  contentPerMinute: number;
  contentPerHour: number;
}

export const SECONDARY_LIMITS: SecondaryLimits = {
  concurrent: 100,
  restPointsPerMinute: 900,
  graphqlPointsPerMinute: 2000,
  contentPerMinute: 80,
  contentPerHour: 500
};

/** Which secondary limit a request ran into, and how long until it would pass. */
export interface SecondaryBreach {
  limit: 'concurrent' | 'rest-points' | 'graphql-points' | 'content-minute' | 'content-hour';
  /** Seconds until the window has room again (at least 1; 60 for concurrency, as GitHub advises). */
  retryAfter: number;
}

interface Mark {
  at: number;
  points: number;
}

const MINUTE = 60_000;
const HOUR = 3_600_000;

export class RateLimits {
  private readonly windows = new Map<string, Window>();
  private readonly marks = new Map<string, Mark[]>();
  private readonly inFlight = new Map<string, number>();
  readonly defaults: Record<RateResource, number> = { core: 5000, graphql: 5000 };
  /** Change to provoke secondary limits with fewer requests. */
  readonly secondary: SecondaryLimits = { ...SECONDARY_LIMITS };

  /** `limitOf` gives a holder's hourly limit when no request has said it yet (the emulator asks its tokens). */
  constructor(
    private readonly clock: Clock,
    private readonly limitOf: (holder: string, resource: RateResource) => number | undefined = () => undefined
  ) {}

  private window(holder: string, resource: RateResource, limit?: number): Window {
    const key = `${resource}:${holder.toLowerCase()}`;
    const now = this.clock.now();
    let w = this.windows.get(key);
    if (!w || now >= w.resetAt) {
      w = { used: 0, resetAt: new Date(now.getTime() + HOUR), limit: w?.limit ?? limit ?? this.limitOf(holder, resource) ?? this.defaults[resource] };
      this.windows.set(key, w);
    }
    return w;
  }

  private snapshot(w: Window, resource: RateResource): RateSnapshot {
    return {
      resource,
      limit: w.limit,
      remaining: Math.max(0, w.limit - w.used),
      used: w.used,
      reset: Math.floor(w.resetAt.getTime() / 1000),
      resetAt: w.resetAt
    };
  }

  /** The budget now; `limit` is the holder's hourly limit when its window starts. */
  peek(holder: string, resource: RateResource, limit?: number): RateSnapshot {
    return this.snapshot(this.window(holder, resource, limit), resource);
  }

  /** Charges `cost` points; `exceeded` (and nothing charged) when fewer are left. */
  take(holder: string, resource: RateResource, cost = 1, limit?: number): RateSnapshot & { exceeded: boolean } {
    const w = this.window(holder, resource, limit);
    if (w.used + cost > w.limit) return { ...this.snapshot(w, resource), exceeded: true };
    w.used += cost;
    return { ...this.snapshot(w, resource), exceeded: false };
  }

  /** Sets what is left for a budget holder (a login, or `owner/name` for a repository's GITHUB_TOKEN budget). */
  setRemaining(holder: string, resource: RateResource, remaining: number, limit?: number): void {
    const w = this.window(holder, resource, limit);
    if (limit !== undefined) w.limit = limit;
    w.used = Math.max(0, w.limit - remaining);
  }

  // -- secondary limits ---------------------------------------------------------

  private recent(key: string, span: number): Mark[] {
    const now = this.clock.now().getTime();
    const list = (this.marks.get(key) ?? []).filter((m) => m.at > now - HOUR);
    this.marks.set(key, list);
    return list.filter((m) => m.at > now - span);
  }

  private static waitFor(marks: Mark[], span: number, over: number, now: number): number {
    // Drop the oldest marks until the window would have room; wait until the last dropped one leaves it.
    let sum = 0;
    for (const mark of marks) {
      sum += mark.points;
      if (sum >= over) return Math.max(1, Math.ceil((mark.at + span - now) / 1000));
    }
    return Math.max(1, Math.ceil(span / 1000));
  }

  /**
   * Checks a request against the secondary limits before it is carried out and, when it
   * passes, records it. `points` are secondary points (REST: GET 1, others 5; GraphQL: query 1, mutation 5).
   */
  admitSecondary(holder: string, request: { graphql: boolean; points: number; createsContent: boolean }, overrides: Partial<SecondaryLimits> = {}): SecondaryBreach | null {
    const h = holder.toLowerCase();
    const limits = { ...this.secondary, ...overrides };
    const now = this.clock.now().getTime();
    const pointsKey = `${request.graphql ? 'graphql' : 'rest'}:${h}`;
    const pointsLimit = request.graphql ? limits.graphqlPointsPerMinute : limits.restPointsPerMinute;
    const minute = this.recent(pointsKey, MINUTE);
    const used = minute.reduce((sum, m) => sum + m.points, 0);
    if (used + request.points > pointsLimit) {
      return { limit: request.graphql ? 'graphql-points' : 'rest-points', retryAfter: RateLimits.waitFor(minute, MINUTE, used + request.points - pointsLimit, now) };
    }
    const contentKey = `content:${h}`;
    if (request.createsContent) {
      const lastMinute = this.recent(contentKey, MINUTE);
      if (lastMinute.length + 1 > limits.contentPerMinute) return { limit: 'content-minute', retryAfter: RateLimits.waitFor(lastMinute, MINUTE, lastMinute.length + 1 - limits.contentPerMinute, now) };
      const lastHour = this.recent(contentKey, HOUR);
      if (lastHour.length + 1 > limits.contentPerHour) return { limit: 'content-hour', retryAfter: RateLimits.waitFor(lastHour, HOUR, lastHour.length + 1 - limits.contentPerHour, now) };
      this.marks.get(contentKey)!.push({ at: now, points: 1 });
    }
    this.marks.get(pointsKey)!.push({ at: now, points: request.points });
    return null;
  }

  /** Counts a request in flight; null when the holder already has the most GitHub allows. */
  begin(holder: string, overrides: Partial<SecondaryLimits> = {}): SecondaryBreach | null {
    const h = holder.toLowerCase();
    const n = this.inFlight.get(h) ?? 0;
    if (n >= (overrides.concurrent ?? this.secondary.concurrent)) return { limit: 'concurrent', retryAfter: 60 };
    this.inFlight.set(h, n + 1);
    return null;
  }

  end(holder: string): void {
    const h = holder.toLowerCase();
    const n = (this.inFlight.get(h) ?? 1) - 1;
    if (n <= 0) this.inFlight.delete(h);
    else this.inFlight.set(h, n);
  }

  /** Forgets all budgets and secondary windows (limits set on `secondary` stay). */
  reset(): void {
    this.windows.clear();
    this.marks.clear();
  }
}
