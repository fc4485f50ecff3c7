import { WireParseError } from '../../src/errors.ts';

/** The WireParseError that `run` throws; any other outcome fails the test. */
export function parseFailure(run: () => unknown): WireParseError {
  try {
    run();
  } catch (error) {
    if (WireParseError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected a WireParseError');
}
