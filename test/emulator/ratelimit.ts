/**
 * Primary rate limits per account and resource (`core`, `graphql`), in hourly
 * windows on the emulator's clock, reported in `x-ratelimit-*` headers.
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

export class RateLimits {
  private readonly windows = new Map<string, Window>();
  readonly defaults: Record<RateResource, number> = { core: 5000, graphql: 5000 };

  constructor(private readonly clock: Clock) {}

  private window(login: string, resource: RateResource): Window {
    const key = `${resource}:${login.toLowerCase()}`;
    const now = this.clock.now();
    let w = this.windows.get(key);
    if (!w || now >= w.resetAt) {
      w = { used: 0, resetAt: new Date(now.getTime() + 3_600_000), limit: w?.limit ?? this.defaults[resource] };
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

  peek(login: string, resource: RateResource): RateSnapshot {
    return this.snapshot(this.window(login, resource), resource);
  }

  /** Counts one request; `exceeded` when none was left. */
  take(login: string, resource: RateResource, cost = 1): RateSnapshot & { exceeded: boolean } {
    const w = this.window(login, resource);
    if (w.used + cost > w.limit) return { ...this.snapshot(w, resource), exceeded: true };
    w.used += cost;
    return { ...this.snapshot(w, resource), exceeded: false };
  }

  /** Sets what is left for an account (e.g. 0 to provoke a primary rate limit). */
  setRemaining(login: string, resource: RateResource, remaining: number, limit?: number): void {
    const w = this.window(login, resource);
    if (limit !== undefined) w.limit = limit;
    w.used = Math.max(0, w.limit - remaining);
  }

  reset(): void {
    this.windows.clear();
  }
}
