/** The benchmark's command line and the sizes it measures. */
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const PR_COUNTS = [10, 100, 1000] as const;
export const WARMUP_RUNS = 2;

export interface Options {
  runs: number;
  runs1000: number;
  json: boolean;
  decideWorker: boolean;
  /** Only the GraphQL points and REST requests per release decision (no timings). */
  costOnly: boolean;
}

export function parseArgs(argv: string[]): Options {
  const options: Options = { runs: 25, runs1000: 5, json: false, decideWorker: false, costOnly: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const count = (name: string): number => {
      const value = Number(argv[++i]);
      if (!Number.isInteger(value) || value < 1) throw new Error(`${name} takes a whole number of at least 1`);
      return value;
    };
    if (arg === '--runs') options.runs = count(arg);
    else if (arg === '--runs-1000') options.runs1000 = count(arg);
    else if (arg === '--json') options.json = true;
    else if (arg === '--decide-worker') options.decideWorker = true;
    else if (arg === '--cost-only') options.costOnly = true;
    else if (arg === '--help' || arg === '-h') {
      process.stdout.write('usage: npm run bench -- [--runs N] [--runs-1000 N] [--json] [--cost-only]\n');
      process.exit(0);
    } else throw new Error(`unknown argument ${arg}`);
  }
  return options;
}
