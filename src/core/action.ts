/**
 * Binding action logic to the runner: @actions/core for inputs, outputs, logs and the
 * job summary, and one place that turns any failure into a failed step with a clear message.
 */
import * as core from '@actions/core';
import { readTimeoutMinutes, seconds, StepDeadline } from './deadline.js';
import { ApiError, FactError, InputError } from './errors.js';
import { Inputs } from './inputs.js';
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

/** The step reached its bound (input `timeout-minutes`) before its work was done. */
export class StepTimeoutError extends Error {
  override readonly name = 'StepTimeoutError';
}

/**
 * Runs an action body within the step's time limit (input `timeout-minutes`); a thrown error
 * fails the step with its message, in the log and the job summary. The body is given the
 * deadline (io.deadline) and should stop by itself, cleanly; if it has not when the bound is
 * reached, the step is stopped from here, saying what it was doing.
 */
export async function runAction(title: string, body: (io: ActionIO) => Promise<void>): Promise<void> {
  const io = runnerIO();
  let deadline: StepDeadline;
  try {
    deadline = new StepDeadline(readTimeoutMinutes(new Inputs(io.input)));
  } catch (error) {
    await fail(title, io, error);
    return;
  }
  let timer: NodeJS.Timeout | undefined;
  const bound = new Promise<'stopped'>((resolve) => {
    timer = setTimeout(() => resolve('stopped'), Math.max(0, deadline.stopAt - Date.now()));
  });
  try {
    const ended = await Promise.race([body({ ...io, deadline }).then(() => 'done' as const), bound]);
    if (ended === 'stopped') {
      const doing = deadline.activity ? ` while ${lowerFirst(deadline.activity)}` : '';
      throw new StepTimeoutError(
        `Stopped${doing}: the step reached its time limit of ${seconds(deadline.minutes * 60_000)} (${deadline.describe()}). ` +
          'What was written before is listed above; a write under way when the step stopped may or may not have reached GitHub.'
      );
    }
  } catch (error) {
    await fail(title, io, error);
    // Requests still under way would keep the process alive past the bound.
    if (error instanceof StepTimeoutError) process.exit(1);
  } finally {
    clearTimeout(timer);
  }
}

async function fail(title: string, io: ActionIO, error: unknown): Promise<void> {
  const message = failureMessage(error);
  // An error annotation with a title (setFailed gives none), then a failed step.
  core.error(message, { title: `${title} failed` });
  process.exitCode = core.ExitCode.Failure;
  // An error whose summary section is already written (a blocked deployment) is not said twice.
  if (!(error instanceof Error && (error as { inSummary?: boolean }).inSummary === true)) {
    await io.summary(`### ${title} failed\n\n${message.split('\n').map((line) => `> ${line}`).join('\n')}\n`).catch(() => undefined);
  }
  if (error instanceof Error && !(error instanceof InputError || error instanceof ApiError || error instanceof FactError || error instanceof StepTimeoutError) && error.stack) {
    core.debug(error.stack);
  }
}

function lowerFirst(text: string): string {
  return /^[A-Z][a-z]/.test(text) ? text[0]!.toLowerCase() + text.slice(1) : text;
}

export function failureMessage(error: unknown): string {
  if (error instanceof InputError) return `${error.message}. Nothing was written to GitHub.`;
  if (error instanceof FactError || error instanceof ApiError) return `${error.message}${error.message.endsWith('.') ? '' : '.'} Stopped here: nothing further was written to GitHub.`;
  if (error instanceof Error) return error.message;
  return String(error);
}
