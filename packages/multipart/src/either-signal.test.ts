import { afterEach, describe, expect, it } from 'vitest';
import { eitherSignal } from './either-signal.ts';

const any = AbortSignal.any;
afterEach(() => {
  AbortSignal.any = any;
});

describe.each([
  ['with AbortSignal.any', () => undefined],
  [
    'on a runtime without AbortSignal.any',
    () => {
      // Browsers before 2024 lack it: the fallback must behave the same.
      (AbortSignal as { any?: unknown }).any = undefined;
    },
  ],
])('eitherSignal %s', (_name, setUp) => {
  it('aborts with the reason of whichever aborts first, and only then', () => {
    setUp();
    const first = new AbortController();
    const second = new AbortController();
    const either = eitherSignal(first.signal, second.signal);
    expect(either.aborted).toBe(false);
    second.abort(new Error('second'));
    first.abort(new Error('first'));
    expect(either.reason).toMatchObject({ message: 'second' });
  });

  it('is aborted at once when one already is', () => {
    setUp();
    const done = new AbortController();
    done.abort(new Error('early'));
    expect(eitherSignal(new AbortController().signal, done.signal).reason).toMatchObject({
      message: 'early',
    });
  });
});
