/** A run context as the runner would give it, for unit tests. */
import type { RunContext } from '../../src/core/context.js';
import { runContextFrom } from '../../src/core/context.js';
import type { ActionIO } from '../../src/core/io.js';

export function testContext(overrides: Partial<Parameters<typeof runContextFrom>[0]> = {}, repository = 'acme/shop'): RunContext {
  return runContextFrom(
    {
      payload: {},
      eventName: 'push',
      sha: 'a'.repeat(40),
      ref: 'refs/heads/main',
      workflow: 'Deploy',
      actor: 'octocat',
      job: 'deploy',
      runId: 1001,
      runAttempt: 1,
      runNumber: 7,
      serverUrl: 'https://github.com',
      apiUrl: 'https://api.github.com',
      graphqlUrl: 'https://api.github.com/graphql',
      ...overrides
    },
    repository
  );
}

/** An ActionIO that keeps everything in memory. */
export interface MemoryIO extends ActionIO {
  outputs: Record<string, string>;
  warnings: string[];
  infos: string[];
  summaries: string[];
}

export function memoryIO(inputs: Record<string, string>): MemoryIO {
  const io: MemoryIO = {
    outputs: {},
    warnings: [],
    infos: [],
    summaries: [],
    input: (name) => inputs[name] ?? '',
    setOutput: (name, value) => {
      io.outputs[name] = value;
    },
    info: (message) => io.infos.push(message),
    warning: (message) => io.warnings.push(message),
    debug: () => undefined,
    summary: async (markdown) => {
      io.summaries.push(markdown);
    }
  };
  return io;
}
