// The error a call throws synchronously, checked for its class, for tests that read its message and fields.
import { expect } from 'vitest';

/** Runs `make`, expects it to throw an instance of `type`, and returns it. */
export function thrown<E extends Error>(type: abstract new (...args: never[]) => E, make: () => unknown): E {
  try {
    make();
  } catch (error) {
    expect(error).toBeInstanceOf(type);
    return error as E;
  }
  throw new Error(`expected a ${type.name}`);
}
