/**
 * Typed reading of action inputs, apart from any logic that uses them.
 * Every failure is an InputError naming the input, the value and what is accepted.
 */
import { InputError } from './errors.js';

/** Reads one raw input value ('' when unset), as the runner passes it. */
export type InputReader = (name: string) => string;

const TRUE = ['true', 'True', 'TRUE'];
const FALSE = ['false', 'False', 'FALSE'];

export class Inputs {
  constructor(private readonly read: InputReader) {}

  /** Trimmed value, or '' when unset. */
  raw(name: string): string {
    return this.read(name).trim();
  }

  /** A value that must be present. */
  required(name: string, accepted: string): string {
    const value = this.raw(name);
    if (!value) throw new InputError(name, value, accepted, 'it is required');
    return value;
  }

  optional(name: string): string | undefined {
    return this.raw(name) || undefined;
  }

  boolean(name: string, fallback: boolean): boolean {
    return this.optionalBoolean(name) ?? fallback;
  }

  /** A boolean that may be left unset (undefined), for inputs whose default GitHub decides. */
  optionalBoolean(name: string): boolean | undefined {
    const value = this.raw(name);
    if (!value) return undefined;
    if (TRUE.includes(value)) return true;
    if (FALSE.includes(value)) return false;
    throw new InputError(name, value, 'accepted values are true or false');
  }

  choice<T extends string>(name: string, choices: readonly T[], fallback: T): T {
    const value = this.raw(name);
    if (!value) return fallback;
    const found = choices.find((c) => c === value.toLowerCase());
    if (!found) throw new InputError(name, value, `accepted values are ${choices.join(', ')}`);
    return found;
  }

  integer(name: string, fallback: number, min: number, max: number): number {
    const value = this.raw(name);
    if (!value) return fallback;
    if (!/^-?\d+$/.test(value) || Number(value) < min || Number(value) > max) {
      throw new InputError(name, value, `accepted values are whole numbers from ${min} to ${max}`);
    }
    return Number(value);
  }

  /** An http(s) URL, or undefined when unset. */
  url(name: string): string | undefined {
    const value = this.raw(name);
    if (!value) return undefined;
    let parsed: URL | undefined;
    try {
      parsed = new URL(value);
    } catch {
      parsed = undefined;
    }
    if (!parsed || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')) {
      throw new InputError(name, value, 'accepted values are absolute http:// or https:// URLs');
    }
    return value;
  }

  /** A JSON object (not an array, string or number), or undefined when unset. */
  jsonObject(name: string): Record<string, unknown> | undefined {
    const value = this.raw(name);
    if (!value) return undefined;
    let parsed: unknown;
    try {
      parsed = JSON.parse(value);
    } catch (error) {
      throw new InputError(name, value, 'accepted values are JSON objects such as {"key": "value"}', (error as Error).message);
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
      throw new InputError(name, value, 'accepted values are JSON objects such as {"key": "value"}', `it is ${Array.isArray(parsed) ? 'an array' : parsed === null ? 'null' : `a ${typeof parsed}`}`);
    }
    return parsed as Record<string, unknown>;
  }

  /** Items separated by commas or new lines, trimmed, empty ones dropped. */
  list(name: string): string[] {
    return this.raw(name)
      .split(/[\n,]/)
      .map((item) => item.trim())
      .filter((item) => item.length > 0);
  }

  /** The raw multi-line text (for inputs with their own line language). */
  text(name: string): string {
    return this.read(name);
  }
}
