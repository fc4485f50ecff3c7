import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import { eitherSignal } from './either-signal.ts';

describe('eitherSignal', () => {
  it('aborts with the reason of whichever aborts first, and only then', () => {
    const first = new AbortController();
    const second = new AbortController();
    const either = eitherSignal(first.signal, second.signal);
    expect(either.signal.aborted).toBe(false);
    second.abort(new Error('second'));
    first.abort(new Error('first'));
    expect(either.signal.reason).toMatchObject({ message: 'second' });
  });

  it('is aborted at once when one already is', () => {
    const done = new AbortController();
    done.abort(new Error('early'));
    expect(eitherSignal(new AbortController().signal, done.signal).signal.reason).toMatchObject({
      message: 'early',
    });
  });

  it('leaves no listener on either signal once disposed', () => {
    const long = new AbortController().signal;
    const short = new AbortController().signal;
    for (let index = 0; index < 20; index++) eitherSignal(long, short).dispose();
    expect(getEventListeners(long, 'abort')).toHaveLength(0);
    expect(getEventListeners(short, 'abort')).toHaveLength(0);
  });
});
