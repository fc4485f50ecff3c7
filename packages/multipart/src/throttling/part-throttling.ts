import type { AttemptResult } from '@jsskit/http-transport';
import { type ConcurrencyLimit, type ConcurrencyPermit, isThrottledAttempt } from './concurrency-limit.ts';

/** The transport hooks of one part's sends that adapt the concurrency limit to throttling answers. */
export interface PartThrottling {
  /** Whether the next send should ask before its body: after a throttle, or as a probe upward. */
  asksFirst(): boolean;
  /** A new send (a new transport request, its attempts counted from 1) starts. */
  startSend(): void;
  /** Body bytes of `attempt` went out. */
  sent(delta: number, attempt: number): void;
  /** An attempt ended. */
  attempted(result: AttemptResult): void;
  /** Before a retry: a throttled part gives its permit back and waits, ahead of new parts, for another. */
  beforeRetry(failed: AttemptResult): Promise<void>;
  /** The part is done or given up. */
  end(): void;
}

/**
 * A throttled attempt cuts the limit (docs/adr/0010) and holds its growth until the server has taken the
 * part's retry: a later attempt's body going out means it was taken (a retry asks first, and the server
 * answers 100 Continue only to a request it takes), so a part started beside it can no longer cost it its
 * place. Without the hold, each climb back up raced the retry, and the same part could lose every attempt.
 */
export function createPartThrottling(
  limit: ConcurrencyLimit,
  slot: { permit: ConcurrencyPermit },
  signal: AbortSignal,
): PartThrottling {
  let refusedAttempt = 0;
  let releaseHold: (() => void) | undefined;
  return {
    asksFirst: () => limit.recentlyThrottled || slot.permit.probe,
    startSend: () => {
      refusedAttempt = 0;
    },
    sent: (delta, attempt) => {
      if (attempt > refusedAttempt && delta > 0) releaseHold?.();
    },
    attempted: (result) => {
      if (!isThrottledAttempt(result)) return;
      limit.throttled(slot.permit.window);
      refusedAttempt = result.attempt;
      releaseHold?.();
      releaseHold = limit.holdGrowth();
    },
    beforeRetry: async (failed) => {
      if (!isThrottledAttempt(failed)) return;
      slot.permit.release();
      slot.permit = await limit.acquire(signal, { retry: true });
    },
    end: () => releaseHold?.(),
  };
}
