/**
 * GitHub's rate limits as a run sees them: which limit an answer reports (REST requests or
 * GraphQL points, primary or secondary), what this run has spent so far, and the sentence a
 * user reads when a budget runs out.
 *
 * A GITHUB_TOKEN has 1,000 REST requests and 1,000 GraphQL points per hour per repository,
 * shared by every workflow there; a run that runs out can only wait for the reset.
 */

type Headers = Record<string, string | number | undefined>;

export interface RateLimitHit {
  /** `core`: REST requests; `graphql`: GraphQL points. */
  resource: 'core' | 'graphql';
  /** primary: the hourly budget is spent; secondary: too much too fast. */
  kind: 'primary' | 'secondary';
  limit?: number;
  remaining?: number;
  resetAt?: Date;
  retryAfterSeconds?: number;
}

const header = (headers: Headers, name: string): string | undefined => (headers[name] === undefined ? undefined : String(headers[name]));
const numberHeader = (headers: Headers, name: string): number | undefined => {
  const value = header(headers, name);
  return value !== undefined && /^\d+$/.test(value) ? Number(value) : undefined;
};

/**
 * The rate limit an answer reports, or null when it is not a rate limit. REST: 403/429 with
 * `x-ratelimit-remaining: 0` (primary) or GitHub's secondary message or `retry-after`.
 * GraphQL: `RATE_LIMITED` errors (primary) or the secondary message, which GitHub may send with HTTP 200.
 */
export function rateLimitHit(failure: { status: number | undefined; headers: Headers; message: string; graphqlTypes?: string[] }): RateLimitHit | null {
  const { status, headers, message } = failure;
  const graphql = failure.graphqlTypes !== undefined || header(headers, 'x-ratelimit-resource') === 'graphql';
  const secondaryWords = /secondary rate limit/i.test(message);
  const primaryType = failure.graphqlTypes?.some((t) => t === 'RATE_LIMITED' || t === 'RATE_LIMIT') ?? false;
  const refused = status === 403 || status === 429 || (status === 200 && (primaryType || secondaryWords));
  if (!refused) return null;
  const remaining = numberHeader(headers, 'x-ratelimit-remaining');
  const retryAfter = numberHeader(headers, 'retry-after');
  let kind: RateLimitHit['kind'];
  if (secondaryWords) kind = 'secondary';
  else if (primaryType || remaining === 0 || /API rate limit (already )?exceeded/i.test(message)) kind = 'primary';
  else if (retryAfter !== undefined || status === 429) kind = 'secondary';
  else return null;
  const reset = numberHeader(headers, 'x-ratelimit-reset');
  const limit = numberHeader(headers, 'x-ratelimit-limit');
  return {
    resource: graphql ? 'graphql' : 'core',
    kind,
    ...(limit !== undefined ? { limit } : {}),
    ...(remaining !== undefined ? { remaining } : {}),
    ...(reset !== undefined ? { resetAt: new Date(reset * 1000) } : {}),
    ...(retryAfter !== undefined ? { retryAfterSeconds: retryAfter } : {})
  };
}

/** What this run has spent, from the answers' `x-ratelimit-*` headers and any `rateLimit { cost }` asked for. */
export class RunUsage {
  graphqlPoints = 0;
  graphqlRequests = 0;
  restRequests = 0;
  /** True when a GraphQL cost had to be guessed (the first answer, without `rateLimit { cost }`). */
  approximate = false;
  private lastGraphql: { used: number; reset: number } | undefined;

  /** Counts one answer GitHub charged (not one it refused for a rate limit). */
  record(headers: Headers, data: unknown): void {
    const resource = header(headers, 'x-ratelimit-resource');
    if (resource === 'core') {
      this.restRequests += 1;
      return;
    }
    if (resource !== 'graphql') return;
    this.graphqlRequests += 1;
    const used = numberHeader(headers, 'x-ratelimit-used');
    const reset = numberHeader(headers, 'x-ratelimit-reset');
    const asked = (data as { data?: { rateLimit?: { cost?: unknown } } } | undefined)?.data?.rateLimit?.cost;
    let cost: number;
    if (typeof asked === 'number') cost = asked;
    else if (used !== undefined && this.lastGraphql && this.lastGraphql.reset === reset) cost = Math.max(0, used - this.lastGraphql.used);
    else {
      cost = 1;
      this.approximate = true;
    }
    this.graphqlPoints += cost;
    if (used !== undefined && reset !== undefined) this.lastGraphql = { used, reset };
  }

  describe(): string {
    const points = `${this.approximate ? 'at least ' : ''}${count(this.graphqlPoints)} GraphQL point${this.graphqlPoints === 1 ? '' : 's'}`;
    return `${points} (${count(this.graphqlRequests)} quer${this.graphqlRequests === 1 ? 'y' : 'ies'}) and ${count(this.restRequests)} REST request${this.restRequests === 1 ? '' : 's'}`;
  }
}

const count = (n: number) => n.toLocaleString('en-US');

/** `2026-11-30 11:00 UTC`, and the same instant in `timeZone` when one is given. */
export function formatReset(at: Date, timeZone?: string): string {
  const utc = `${at.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  if (!timeZone || timeZone === 'UTC') return utc;
  try {
    const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(at);
    const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
    return `${utc} (${part('year')}-${part('month')}-${part('day')} ${part('hour')}:${part('minute')} ${timeZone})`;
  } catch {
    return utc;
  }
}

/** The sentence a user reads when a rate limit ends the run. */
export function describeRateLimit(hit: RateLimitHit, usage: RunUsage | undefined, timeZone: string | undefined, now: Date = new Date()): string {
  const budget = hit.resource === 'graphql' ? 'GraphQL points' : 'REST requests (core)';
  const unit = hit.resource === 'graphql' ? 'points' : 'requests';
  const parts: string[] = [];
  if (hit.kind === 'primary') {
    const left = hit.remaining !== undefined && hit.limit !== undefined ? `: ${count(hit.remaining)} of ${count(hit.limit)} ${unit} left this hour` : '';
    const state = hit.remaining !== undefined && hit.remaining > 0 ? 'has too little left for this request' : 'is used up';
    parts.push(`GitHub's hourly budget of ${budget} ${state} (primary rate limit)${left}`);
    if (hit.resetAt) parts.push(`it resets at ${formatReset(hit.resetAt, timeZone)}`);
  } else {
    parts.push(`GitHub refused more ${hit.resource === 'graphql' ? 'GraphQL' : 'REST'} requests for now (secondary rate limit: too many requests or writes in a short time)`);
    const until = hit.retryAfterSeconds !== undefined ? new Date(now.getTime() + hit.retryAfterSeconds * 1000) : undefined;
    if (until) parts.push(`GitHub asked to wait ${hit.retryAfterSeconds} s, until ${formatReset(until, timeZone)}`);
  }
  if (usage) parts.push(`this run had used ${usage.describe()}`);
  return `${parts.join('; ')}. Run it again after the limit resets; a GITHUB_TOKEN's budget is shared by every workflow of the repository`;
}
