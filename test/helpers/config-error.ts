// The ConfigError a configuration throws, for the config tests to read its message.
import { expect } from 'vitest';
import { ConfigError } from '../../src/core/errors.js';

/** Runs `make`, expects it to throw a ConfigError, and returns it. */
export function configError(make: () => unknown): ConfigError {
  try {
    make();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error('expected a ConfigError');
}
