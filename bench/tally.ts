/** Emulator-side accounting: requests, points charged, and the time the emulator spent answering. */
import type { Server } from 'node:http';
import type { Emulator } from '../test/emulator/index.js';
import type { ChildResult } from './runner.js';
import { stats, type Stats } from './stats.js';

export interface RequestTally {
  total: number;
  rest: number;
  graphql: number;
  /** GraphQL points charged (each query's cost by GitHub's formula). */
  points: number;
  /** Milliseconds between a request's arrival and the end of its answer, summed. */
  serverMs: number;
  /** performance.now() when the first request arrived and when the last answer was sent. */
  firstArrival: number;
  lastFinish: number;
  lines: string[];
}

export class Tally {
  private busyMs = 0;
  private firstArrival = NaN;
  private lastFinish = NaN;
  /** False when the emulator's server could not be reached: the phase and emulator columns stay empty. */
  readonly timed: boolean;

  constructor(private readonly gh: Emulator) {
    // The emulator keeps its HTTP server private; its 'request' event is enough to time answers.
    const server = (gh as unknown as { server?: Server }).server;
    this.timed = typeof server?.on === 'function';
    server?.on('request', (_req, res) => {
      const started = performance.now();
      if (Number.isNaN(this.firstArrival)) this.firstArrival = started;
      res.on('finish', () => {
        this.lastFinish = performance.now();
        this.busyMs += this.lastFinish - started;
      });
    });
  }

  reset(): void {
    this.gh.clearLog();
    this.gh.rateLimits.reset();
    this.busyMs = 0;
    this.firstArrival = NaN;
    this.lastFinish = NaN;
  }

  read(): RequestTally {
    const log = this.gh.log;
    const graphql = log.filter((e) => e.path.endsWith('/graphql')).length;
    return {
      total: log.length,
      rest: log.length - graphql,
      graphql,
      points: this.gh.points().graphql,
      serverMs: this.busyMs,
      firstArrival: this.firstArrival,
      lastFinish: this.lastFinish,
      lines: log.map((e) => `${e.method} ${e.path}${graphqlName(e.body)} -> ${e.status}`)
    };
  }
}

/** ` (OperationName)` of a GraphQL request body, or ''. */
export function graphqlName(body: unknown): string {
  const query = (body as { query?: unknown } | undefined)?.query;
  const name = typeof query === 'string' ? /\b(?:query|mutation)\s+(\w+)/.exec(query)?.[1] : undefined;
  return name ? ` (${name})` : '';
}

/** Where a run's wall time goes, seen from the emulator (ms). */
export interface Phases {
  /** spawn() to the first request's arrival: process start, bundle load, input parsing, client set-up. */
  toFirstRequest: Stats;
  /** First request's arrival to the last answer sent: the requests, and the work between them. */
  requests: Stats;
  /** Last answer sent to the exit event: outputs, summary, shutdown. */
  afterLastAnswer: Stats;
}

export class PhaseSamples {
  private readonly first: number[] = [];
  private readonly middle: number[] = [];
  private readonly last: number[] = [];

  add(run: ChildResult, tally: RequestTally): void {
    if (tally.total === 0) return;
    this.first.push(tally.firstArrival - run.started);
    this.middle.push(tally.lastFinish - tally.firstArrival);
    this.last.push(run.ended - tally.lastFinish);
  }

  stats(): Phases {
    return { toFirstRequest: stats(this.first), requests: stats(this.middle), afterLastAnswer: stats(this.last) };
  }
}
