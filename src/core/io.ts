/**
 * The runner seen from action logic: inputs in, outputs, log lines and a job summary out.
 * Entry points bind it to @actions/core; tests bind it to memory.
 */
import type { StepDeadline } from './deadline.js';
import type { InputReader } from './inputs.js';

export interface ActionIO {
  input: InputReader;
  setOutput(name: string, value: string): void;
  info(message: string): void;
  /** A warning annotation; `title` heads it on the run's page. */
  warning(message: string, properties?: { title?: string }): void;
  debug(message: string): void;
  /** Runs `fn` with its log lines folded under `name` in the run's log (the runner's ::group::). */
  group?<T>(name: string, fn: () => Promise<T>): Promise<T>;
  /** Appends Markdown to the job summary (a no-op outside a runner). */
  summary(markdown: string): Promise<void>;
  /** The step's time limit (input `timeout-minutes`), when the runner binding sets one. */
  deadline?: StepDeadline;
}

/** `fn` inside a log group when the runner binding has groups, as is otherwise. */
export function inGroup<T>(io: Pick<ActionIO, 'group'>, name: string, fn: () => Promise<T>): Promise<T> {
  return io.group ? io.group(name, fn) : fn();
}
