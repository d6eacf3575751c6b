/** What every measurement shares: the emulator, its tally, and the problems found on the way. */
import type { Emulator } from '../test/emulator/index.js';
import type { Options } from './options.js';
import type { BundleRun } from './runner.js';
import type { Stats } from './stats.js';
import type { Tally } from './tally.js';

export interface Problem {
  where: string;
  what: string;
}

export interface Measured {
  ms: Stats;
  /** Median of this measurement divided by the median of `node -e ''` on the same binary. */
  ratio: number;
}

export function progress(message: string): void {
  process.stderr.write(`${message}\n`);
}

export interface Env {
  gh: Emulator;
  tally: Tally;
  problems: Problem[];
  options: Options;
}

export function takeViolations(env: Env, where: string): void {
  for (const v of env.gh.takeViolations()) env.problems.push({ where, what: `emulator violation [${v.kind}] ${v.method} ${v.path}: ${v.message}` });
}

export function checkRun(env: Env, where: string, run: BundleRun, expect: (run: BundleRun) => string | null): void {
  const wrong = expect(run);
  if (wrong && !env.problems.some((p) => p.where === where)) {
    const detail = run.errors.length ? run.errors.join(' | ') : run.stderr.trim().split('\n').slice(-3).join(' | ');
    env.problems.push({ where, what: `${wrong} (exit ${run.exitCode}${detail ? `: ${detail}` : ''})` });
  }
}
