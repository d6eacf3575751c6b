/**
 * Pacing for runs of writes. GitHub asks integrations to wait at least one second between
 * mutative requests (POST, PATCH, PUT, DELETE) and limits content-creating requests to 80 a
 * minute; a pacer spaces a run of writes (e.g. marking old deployments inactive) that far apart,
 * measured from the end of one write to the start of the next.
 */

/** GitHub's guidance: at least one second between mutative requests. */
export const WRITE_GAP_MS = 1000;

const sleeper = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class WritePacer {
  private lastEnd: number | undefined;

  constructor(
    readonly gapMs: number = WRITE_GAP_MS,
    private readonly now: () => number = Date.now,
    private readonly sleep: (ms: number) => Promise<void> = sleeper
  ) {}

  /** How long the next write would have to wait now, in ms. */
  waitMs(): number {
    return this.lastEnd === undefined ? 0 : Math.max(0, this.lastEnd + this.gapMs - this.now());
  }

  /** Runs one write after waiting out the gap since the previous one ended. */
  async write<T>(fn: () => Promise<T>): Promise<T> {
    const wait = this.waitMs();
    if (wait > 0) await this.sleep(wait);
    try {
      return await fn();
    } finally {
      this.lastEnd = this.now();
    }
  }
}

/**
 * The gap to use: WRITE_GAP_MS, unless TOLLGATE_TEST_WRITE_GAP_MS sets a shorter one. That
 * variable exists for Tollgate's own tests, which would otherwise wait minutes; never set it in a
 * workflow.
 */
export function writeGapFrom(env: NodeJS.ProcessEnv): number {
  const value = env['TOLLGATE_TEST_WRITE_GAP_MS'];
  if (value === undefined || !/^\d+$/.test(value)) return WRITE_GAP_MS;
  return Math.min(Number(value), WRITE_GAP_MS);
}
