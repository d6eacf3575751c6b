/**
 * The runner seen from action logic: inputs in, outputs, log lines and a job summary out.
 * Entry points bind it to @actions/core; tests bind it to memory.
 */
import type { InputReader } from './inputs.js';

export interface ActionIO {
  input: InputReader;
  setOutput(name: string, value: string): void;
  info(message: string): void;
  /** A warning annotation; `title` heads it on the run's page. */
  warning(message: string, properties?: { title?: string }): void;
  debug(message: string): void;
  /** Appends Markdown to the job summary (a no-op outside a runner). */
  summary(markdown: string): Promise<void>;
}
