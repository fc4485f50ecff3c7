import type { AttemptResult } from '@jsskit/http-transport';
import { describe, expect, it } from 'vitest';
import { ConcurrencyLimit } from './concurrency-limit.ts';
import { createPartThrottling } from './part-throttling.ts';

const running = () => new AbortController().signal;

/** The end of attempt `attempt` of an UploadPart: answered `status` (undefined: no answer), retried after. */
function attemptResult(attempt: number, status: number | undefined): AttemptResult {
  return {
    method: 'PUT',
    url: 'http://127.0.0.1/b/k?partNumber=1&uploadId=U',
    attempt,
    status,
    requestId: undefined,
    bytesSent: 0,
    bytesReceived: 0,
    durationMs: 1,
    error: undefined,
    willRetry: true,
  };
}

/** A part refused once, and its limit cut from 4 to 1 (the part's refusal, then another part's). */
async function cutLimit() {
  const limit = new ConcurrencyLimit(4, true);
  const slot = { permit: await limit.acquire(running()) };
  const throttling = createPartThrottling(limit, slot, running());
  throttling.startSend();
  throttling.attempted(attemptResult(1, 503));
  limit.throttled(1);
  return { limit, throttling };
}

describe('createPartThrottling', () => {
  it('holds the limit until a later attempt of the refused part sends its body', async () => {
    const { limit, throttling } = await cutLimit();
    expect(limit.limit).toBe(1);
    // The refused attempt's own bytes, reported late, and an empty write, do not end the hold.
    throttling.sent(1024, 1);
    throttling.sent(0, 2);
    limit.succeeded();
    expect(limit.limit).toBe(1);
    throttling.sent(1024, 2);
    limit.succeeded();
    expect(limit.limit).toBe(2);
  });

  it('ends the hold when the part is done or given up', async () => {
    const { limit, throttling } = await cutLimit();
    throttling.end();
    limit.succeeded();
    expect(limit.limit).toBe(2);
  });

  it('counts attempts afresh for each send', async () => {
    const { limit, throttling } = await cutLimit();
    // A new request (a straggler sent again) starts at attempt 1: its body going out ends the hold.
    throttling.startSend();
    throttling.sent(1024, 1);
    limit.succeeded();
    expect(limit.limit).toBe(2);
  });

  it('asks first once throttled, and gives its permit back before a throttled retry', async () => {
    const limit = new ConcurrencyLimit(2, true);
    const slot = { permit: await limit.acquire(running()) };
    const other = await limit.acquire(running());
    const throttling = createPartThrottling(limit, slot, running());
    expect(throttling.asksFirst()).toBe(false);
    throttling.attempted(attemptResult(1, 503));
    expect([limit.limit, throttling.asksFirst()]).toEqual([1, true]);
    const first = slot.permit;
    const retry = throttling.beforeRetry(attemptResult(1, 503));
    // Its own permit went back, but the other part still fills the cut limit: the retry waits for it.
    let granted = false;
    void retry.then(() => {
      granted = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(granted).toBe(false);
    other.release();
    await retry;
    expect(granted).toBe(true);
    expect(slot.permit).not.toBe(first);
    // A reset is no throttle: the permit stays.
    const held = slot.permit;
    await throttling.beforeRetry(attemptResult(2, undefined));
    expect(slot.permit).toBe(held);
  });
});
