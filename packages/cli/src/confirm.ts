import { createInterface } from 'node:readline/promises';
import { InterruptedError } from './cli-errors.ts';

/** Where a question is asked: stdin for the answer, stderr for the question. */
export interface ConfirmStreams {
  readonly stdin: NodeJS.ReadableStream;
  readonly stderr: NodeJS.WritableStream;
}

/**
 * Asks a yes/no question on the terminal; resolves true for `y` or `yes` (any case), false for anything else,
 * an empty line or the end of input. The signal (Ctrl-C) rejects it with an {@link InterruptedError}.
 */
export async function confirm(
  question: string,
  streams: ConfirmStreams,
  signal: AbortSignal,
): Promise<boolean> {
  // Input that has ended already (a closed terminal) answers nothing, which is no.
  if ((streams.stdin as { readableEnded?: boolean }).readableEnded === true) return false;
  const prompt = createInterface({ input: streams.stdin, output: streams.stderr, terminal: false });
  const closed = new Promise<string>((resolve) => prompt.once('close', () => resolve('')));
  try {
    const answer = await Promise.race([prompt.question(`${question} [y/N] `, { signal }), closed]);
    return /^\s*y(es)?\s*$/i.test(answer);
  } catch (error) {
    if (signal.aborted)
      throw new InterruptedError('interrupted before an answer: nothing deleted', { cause: error });
    throw error;
  } finally {
    prompt.close();
  }
}
