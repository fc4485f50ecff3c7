import type { Admission, AttemptResult } from '@jsskit/http-transport';
import type { ConcurrencyLimit, ConcurrencyPermit } from './concurrency-limit.ts';

/** What a part's throttling works with: the upload's limit, the part's permit, and who hears of retries. */
export interface PartThrottlingOptions {
  readonly limit: ConcurrencyLimit;
  /** The part's permit; replaced when a throttled retry gives it back and waits for another. */
  readonly slot: { permit: ConcurrencyPermit };
  readonly signal: AbortSignal;
  /** An attempt failed and the transport will send it again. */
  readonly onRetry?: (() => void) | undefined;
}

/** The transport's admission for one part's sends (docs/adr/0032), plus where a send and the part end. */
export interface PartThrottling extends Required<Admission> {
  afterAttempt(result: AttemptResult): Promise<void>;
  /** A new send (a new transport request, its attempts counted from 1) starts. */
  startSend(): void;
  /** The part is done or given up. */
  end(): void;
}

/**
 * A throttled attempt (the transport's `failure: 'throttled'`) cuts the limit (docs/adr/0010) and holds its
 * growth until the server has taken the part's retry: a later attempt's body going out means it was taken (a
 * retry asks first, and the server answers 100 Continue only to a request it takes), so a part started
 * beside it can no longer cost it its place. Without the hold, each climb back up raced the retry, and the
 * same part could lose every attempt. Before the retry's backoff, the part gives its permit back and waits,
 * ahead of new parts, for another under the cut limit.
 */
export function createPartThrottling(options: PartThrottlingOptions): PartThrottling {
  const { limit, slot, signal } = options;
  let refusedAttempt = 0;
  let releaseHold: (() => void) | undefined;
  return {
    startSend: () => {
      refusedAttempt = 0;
    },
    // After a throttle, and for a probe upward, ask before the body; otherwise the transport's default.
    beforeAttempt: () => ({ expectContinue: limit.recentlyThrottled || slot.permit.probe || undefined }),
    bodyTaken: (attempt) => {
      if (attempt > refusedAttempt) releaseHold?.();
    },
    afterAttempt: async (result) => {
      if (result.willRetry) options.onRetry?.();
      if (result.failure !== 'throttled') return;
      limit.throttled(slot.permit.window);
      refusedAttempt = result.attempt;
      releaseHold?.();
      releaseHold = limit.holdGrowth();
      if (!result.willRetry) return;
      slot.permit.release();
      slot.permit = await limit.acquire(signal, { retry: true });
    },
    end: () => releaseHold?.(),
  };
}

/**
 * The admission of a single PutObject: its throttled attempts count (`UploadResult.throttles`), but it has
 * no part beside it to hold back.
 */
export function countingAdmission(limit: ConcurrencyLimit, onRetry: () => void): Admission {
  return {
    afterAttempt: (result: AttemptResult) => {
      if (result.failure === 'throttled') limit.throttled();
      if (result.willRetry) onRetry();
    },
  };
}
