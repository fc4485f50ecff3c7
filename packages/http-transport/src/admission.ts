import type { AttemptResult } from './transport-types.ts';

/** What an {@link Admission} says about the attempt about to go. */
export interface AttemptAdmission {
  /**
   * Send this attempt's body only after `100 Continue` (for bodies of 1 MiB or more); undefined leaves it to
   * the request's `expectContinue` and the transport's default (ask on a retry after an error answer).
   */
  readonly expectContinue?: boolean | undefined;
}

/**
 * The one interface between a request's attempts and whoever schedules requests (an engine's concurrency
 * limit, docs/adr/0032). The transport keeps the retries (backoff, Retry-After, deadline); the admission
 * is told each attempt's outcome, classified (`AttemptResult.failure`), and may hold a retry back.
 * Unlike the transport's logging hooks, what these throw ends the request.
 */
export interface Admission {
  /** Before attempt `attempt` (1-based) is sent. */
  beforeAttempt?(attempt: number): AttemptAdmission | undefined;
  /**
   * The first body byte of `attempt` went out: after `100 Continue` when it asked first, so the server has
   * taken the request. Called at most once per attempt, and never for a request without a body.
   */
  bodyTaken?(attempt: number): void;
  /**
   * Attempt `result.attempt` ended (after the transport's `afterAttempt` hook). Awaited: for a retry
   * (`willRetry`), before the backoff, so a throttled part can give its permit back and wait for another.
   */
  afterAttempt?(result: AttemptResult): Promise<void> | void;
}
