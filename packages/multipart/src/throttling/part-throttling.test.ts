import type { AttemptResult, FailureClass } from '@jsskit/http-transport';
import { describe, expect, it } from 'vitest';
import { ConcurrencyLimit } from './concurrency-limit.ts';
import { countingAdmission, createPartThrottling } from './part-throttling.ts';

const running = () => new AbortController().signal;

/** The end of attempt `attempt` of an UploadPart, failed as `failure` (undefined: it succeeded). */
function attemptResult(attempt: number, failure: FailureClass | undefined, willRetry = true): AttemptResult {
  return {
    method: 'PUT',
    url: 'http://127.0.0.1/b/k?partNumber=1&uploadId=U',
    attempt,
    status: failure === 'throttled' ? 503 : undefined,
    requestId: undefined,
    bytesSent: 0,
    bytesReceived: 0,
    durationMs: 1,
    error: undefined,
    failure,
    willRetry,
  };
}

/** A part refused once (its last attempt), and its limit cut from 4 to 1 (the part's refusal, then another's). */
async function cutLimit() {
  const limit = new ConcurrencyLimit(4, true);
  const slot = { permit: await limit.acquire(running()) };
  const throttling = createPartThrottling({ limit, slot, signal: running() });
  throttling.startSend();
  await throttling.afterAttempt(attemptResult(1, 'throttled', false));
  limit.throttled(1);
  return { limit, throttling };
}

describe('createPartThrottling', () => {
  it('holds the limit until a later attempt of the refused part has its body taken', async () => {
    const { limit, throttling } = await cutLimit();
    expect(limit.limit).toBe(1);
    // The refused attempt's own body, reported late, does not end the hold.
    throttling.bodyTaken(1);
    limit.succeeded();
    expect(limit.limit).toBe(1);
    throttling.bodyTaken(2);
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
    // A new request (a straggler sent again) starts at attempt 1: its body being taken ends the hold.
    throttling.startSend();
    throttling.bodyTaken(1);
    limit.succeeded();
    expect(limit.limit).toBe(2);
  });

  it('asks first once throttled, and gives its permit back before a throttled retry', async () => {
    const limit = new ConcurrencyLimit(2, true);
    const slot = { permit: await limit.acquire(running()) };
    const other = await limit.acquire(running());
    let retries = 0;
    const throttling = createPartThrottling({ limit, slot, signal: running(), onRetry: () => retries++ });
    expect(throttling.beforeAttempt(1)).toEqual({ expectContinue: undefined });
    const first = slot.permit;
    const retry = throttling.afterAttempt(attemptResult(1, 'throttled'));
    expect([limit.limit, throttling.beforeAttempt(2)?.expectContinue, retries]).toEqual([1, true, 1]);
    // Its own permit went back, but the other part still fills the cut limit: the retry waits for it.
    let granted = false;
    void retry.then(() => {
      granted = true;
    });
    // A macrotask turn: every microtask of a permit granted at once would have run.
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(granted).toBe(false);
    other.release();
    await retry;
    expect(granted).toBe(true);
    expect(slot.permit).not.toBe(first);
    // A reset is no throttle: the permit stays, and the limit too.
    const held = slot.permit;
    await throttling.afterAttempt(attemptResult(2, 'transient'));
    expect([slot.permit, limit.limit, retries]).toEqual([held, 1, 2]);
  });
});

describe('countingAdmission', () => {
  it('counts throttled attempts without cutting the limit, and reports retries', () => {
    const limit = new ConcurrencyLimit(4, true);
    let retries = 0;
    const admission = countingAdmission(limit, () => retries++);
    admission.afterAttempt?.(attemptResult(1, 'throttled'));
    admission.afterAttempt?.(attemptResult(2, 'transient'));
    admission.afterAttempt?.(attemptResult(3, undefined, false));
    expect([limit.throttles, limit.limit, retries]).toEqual([1, 4, 2]);
  });
});
