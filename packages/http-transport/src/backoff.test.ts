import { describe, expect, it } from 'vitest';
import { backoffDelay, DEFAULT_RETRY, parseRetryAfter } from './backoff.ts';

describe('backoffDelay', () => {
  it('waits up to base * 2^(n-1), capped, with full jitter', () => {
    expect(backoffDelay(1, DEFAULT_RETRY, { random: () => 0.999999, retryAfterMs: undefined })).toBe(199);
    expect(backoffDelay(3, DEFAULT_RETRY, { random: () => 0.5, retryAfterMs: undefined })).toBe(400);
    expect(backoffDelay(30, DEFAULT_RETRY, { random: () => 0.999999, retryAfterMs: undefined })).toBe(19_999);
    expect(backoffDelay(4, DEFAULT_RETRY, { random: () => 0, retryAfterMs: undefined })).toBe(0);
  });

  it('treats Retry-After as a floor', () => {
    expect(backoffDelay(1, DEFAULT_RETRY, { random: () => 0.5, retryAfterMs: 3000 })).toBe(3000);
    expect(backoffDelay(10, DEFAULT_RETRY, { random: () => 0.5, retryAfterMs: 10 })).toBe(10_000);
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('Wed, 25 Nov 2026 01:00:00 GMT');
  it('reads delay-seconds and HTTP dates', () => {
    expect(parseRetryAfter('2', now)).toBe(2000);
    expect(parseRetryAfter('Wed, 25 Nov 2026 01:00:05 GMT', now)).toBe(5000);
    expect(parseRetryAfter('Wed, 25 Nov 2026 00:59:00 GMT', now)).toBe(0);
  });
  it('ignores absent and unreadable values', () => {
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(' ', now)).toBeUndefined();
  });
});
