import { describe, expect, it } from 'vitest';
import { InvalidRequestError } from './errors.ts';
import { createRateLimit } from './rate-limit.ts';

const KiB = 1024;

/** Whether `promise` is still pending after `ms` of real time. */
async function pendingAfter(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let settled = false;
  promise.then(
    () => (settled = true),
    () => (settled = true),
  );
  await new Promise((resolve) => setTimeout(resolve, ms));
  return !settled;
}

/** Checks that the next KiB must wait (still pending after 30 ms), then ends the wait with an abort. */
async function expectNextKiBToWait(limit: ReturnType<typeof createRateLimit>): Promise<void> {
  const controller = new AbortController();
  const next = limit.take(KiB, controller.signal);
  expect(await pendingAfter(next, 30)).toBe(true);
  controller.abort(new Error('stop'));
  await expect(next).rejects.toThrow('stop');
}

describe('createRateLimit', () => {
  it('refuses a rate or burst that is not a positive number', () => {
    for (const bytesPerSecond of [0, -1, Number.NaN, Number.POSITIVE_INFINITY]) {
      let error: unknown;
      try {
        createRateLimit({ bytesPerSecond });
      } catch (caught) {
        error = caught;
      }
      expect(InvalidRequestError.isInstance(error) && error.code).toBe('TRANSPORT_INVALID_REQUEST');
    }
    expect(() => createRateLimit({ bytesPerSecond: 1000, burstBytes: 0 })).toThrow(/burstBytes/);
  });

  it('writes in slices of 1/16 s of the rate, between 1 KiB and 64 KiB', () => {
    expect(createRateLimit({ bytesPerSecond: 100 }).sliceBytes).toBe(KiB);
    expect(createRateLimit({ bytesPerSecond: 160 * KiB }).sliceBytes).toBe(10 * KiB);
    expect(createRateLimit({ bytesPerSecond: 1024 * KiB * KiB }).sliceBytes).toBe(64 * KiB);
  });

  it('lets the burst through at once, then makes the next bytes wait', async () => {
    const clock = 0;
    const limit = createRateLimit({ bytesPerSecond: KiB, burstBytes: 2 * KiB, now: () => clock });
    await limit.take(KiB);
    await limit.take(KiB);
    await expectNextKiBToWait(limit);
  });

  it('does not save up idle time beyond the burst', async () => {
    let clock = 0;
    const limit = createRateLimit({ bytesPerSecond: KiB, burstBytes: KiB, now: () => clock });
    await limit.take(KiB);
    clock = 60_000;
    await limit.take(KiB);
    await expectNextKiBToWait(limit);
  });

  it('gives an aborted wait back, so the next caller does not pay for it', async () => {
    let clock = 0;
    const limit = createRateLimit({ bytesPerSecond: KiB, burstBytes: KiB, now: () => clock });
    await limit.take(KiB);
    const controller = new AbortController();
    const waiting = limit.take(100 * KiB, controller.signal);
    controller.abort(new Error('gone'));
    await expect(waiting).rejects.toThrow('gone');
    clock = 1000;
    // One second later one more KiB is due; without the give-back it would wait 100 s.
    expect(await pendingAfter(limit.take(KiB), 30)).toBe(false);
  });

  it('rejects at once when the signal is already aborted', async () => {
    const limit = createRateLimit({ bytesPerSecond: KiB });
    await expect(limit.take(1, AbortSignal.abort(new Error('already')))).rejects.toThrow('already');
  });

  it('never grants more than burst + rate x elapsed, with callers served in the order they asked', async () => {
    const rate = 256 * KiB;
    const limit = createRateLimit({ bytesPerSecond: rate, burstBytes: 16 * KiB });
    const started = performance.now();
    const order: string[] = [];
    let granted = 0;
    const taker = async (name: string) => {
      for (let index = 0; index < 6; index++) {
        await limit.take(16 * KiB);
        granted += 16 * KiB;
        const elapsed = (performance.now() - started) / 1000;
        // A timer may fire late, never early (2 ms of slack for timer rounding).
        expect(granted).toBeLessThanOrEqual(16 * KiB + rate * (elapsed + 0.002));
        order.push(name);
      }
    };
    await Promise.all([taker('a'), taker('b')]);
    expect(order.join('')).toBe('abababababab');
    // 192 KiB at 256 KiB/s with 16 KiB ahead: at least 0.6875 s.
    expect(performance.now() - started).toBeGreaterThanOrEqual(687);
  });
});
