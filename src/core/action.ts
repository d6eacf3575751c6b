/**
 * Binding action logic to the runner: @actions/core for inputs, outputs, logs and the
 * job summary, and one place that turns any failure into a failed step with a clear message.
 */
import * as core from '@actions/core';
import { ApiError, FactError, InputError } from './errors.js';
import type { ActionIO } from './io.js';

export function runnerIO(): ActionIO {
  return {
    input: (name) => core.getInput(name),
    setOutput: (name, value) => core.setOutput(name, value),
    info: (message) => core.info(message),
    warning: (message, properties) => core.warning(message, properties),
    debug: (message) => core.debug(message),
    group: (name, fn) => core.group(name, fn),
    summary: async (markdown) => {
      if (!process.env['GITHUB_STEP_SUMMARY']) {
        core.debug('GITHUB_STEP_SUMMARY is not set: the job summary is skipped.');
        return;
      }
      await core.summary.addRaw(markdown, true).write();
    }
  };
}

/** Runs an action body; a thrown error fails the step with its message, in the log and the job summary. */
export async function runAction(title: string, body: (io: ActionIO) => Promise<void>): Promise<void> {
  const io = runnerIO();
  try {
    await body(io);
  } catch (error) {
    const message = failureMessage(error);
    // An error annotation with a title (setFailed gives none), then a failed step.
    core.error(message, { title: `${title} failed` });
    process.exitCode = core.ExitCode.Failure;
    await io.summary(`### ${title} failed\n\n${message.split('\n').map((line) => `> ${line}`).join('\n')}\n`).catch(() => undefined);
    if (error instanceof Error && !(error instanceof InputError || error instanceof ApiError || error instanceof FactError) && error.stack) {
      core.debug(error.stack);
    }
  }
}

export function failureMessage(error: unknown): string {
  if (error instanceof InputError) return `${error.message}. Nothing was written to GitHub.`;
  if (error instanceof FactError || error instanceof ApiError) return `${error.message}${error.message.endsWith('.') ? '' : '.'} Stopped here: nothing further was written to GitHub.`;
  if (error instanceof Error) return error.message;
  return String(error);
}
