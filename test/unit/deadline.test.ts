/** The step's time limit: input `timeout-minutes`, and how it bounds each request. */
import { describe, expect, it } from '@jest/globals';
import { readTimeoutMinutes, StepDeadline } from '../../src/core/deadline.js';
import { InputError } from '../../src/core/errors.js';
import { Inputs } from '../../src/core/inputs.js';

const minutes = (value: string) => readTimeoutMinutes(new Inputs((name) => (name === 'timeout-minutes' ? value : '')));

describe('input timeout-minutes', () => {
  it('takes whole and fractional minutes, 10 by default', () => {
    expect(minutes('')).toBe(10);
    expect(minutes('25')).toBe(25);
    expect(minutes('0.5')).toBe(0.5);
    expect(minutes('.25')).toBe(0.25);
  });

  it.each(['0', '-1', 'ten', '1e3', '361', '5m', '0.0'])('refuses %j, naming the input and what is accepted', (value) => {
    expect(() => minutes(value)).toThrow(InputError);
    expect(() => minutes(value)).toThrow(`Input 'timeout-minutes' has the value ${JSON.stringify(value)}: accepted values are numbers of minutes above 0 and at most 360`);
  });
});

describe('step deadline', () => {
  it('gives each request 30 s, and keeps a reserve before the bound to finish cleanly', () => {
    let now = 0;
    const deadline = new StepDeadline(10, () => now);
    expect(deadline.requestBudget()).toEqual({ ms: 30_000, limit: 'request' });
    now = 600_000 - 30_000 - 10_000;
    expect(deadline.requestBudget()).toEqual({ ms: 10_000, limit: 'step' });
    now = 600_000 - 30_000;
    expect(deadline.requestBudget()).toEqual({ ms: 0, limit: 'step' });
    deadline.finishUp();
    expect(deadline.requestBudget()).toEqual({ ms: 28_000, limit: 'step' });
    // Finishing ends before the outside stop, which ends a second before the bound.
    expect(deadline.stopAt).toBe(599_000);
    now = 598_000;
    expect(deadline.remainingMs()).toBe(0);
  });

  it('a short bound gives each request a quarter of it, so one stalled request cannot use it all', () => {
    const deadline = new StepDeadline(0.1, () => 0);
    expect(deadline.requestBudget()).toEqual({ ms: 1500, limit: 'request' });
    expect(deadline.workEndsAt).toBe(4500);
    expect(deadline.endsAt).toBe(6000);
  });
});
