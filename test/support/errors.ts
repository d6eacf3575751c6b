/** Catches the InputError a call throws, for tests that assert its input, value and message. */
import { InputError } from '../../src/core/errors.js';

export function inputErrorOf(fn: () => unknown): InputError {
  try {
    fn();
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
  throw new Error('expected an InputError');
}
