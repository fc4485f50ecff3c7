import type { TransportRequest } from '@jsskit/http-transport';

/** What every client method takes besides its own options. */
export interface CallOptions {
  /** Cancels the call (and a listing between pages); the transport rejects with `AbortError`. */
  readonly signal?: AbortSignal | undefined;
}

/** An object's address. */
export interface ObjectLocation {
  readonly bucket: string;
  readonly key: string;
}

/**
 * The transport's per-request settings, passed through as they are: progress of the body sent, the
 * `admission` that is told of each attempt and may hold a retry (docs/adr/0032), `Expect: 100-continue`, a
 * rate limit, timeouts, and whether the request may be repeated (over the call's own default). For engines
 * that drive the transport's retries (`@jsskit/multipart`); see `TransportRequest` for each field.
 */
export type RequestHooks = Pick<
  TransportRequest,
  'onUploadProgress' | 'admission' | 'expectContinue' | 'rateLimit' | 'timeouts' | 'retryable'
>;

/** The options of the calls that take the transport's per-request settings. */
export interface HookedCallOptions extends CallOptions {
  /** Per-request transport settings (progress, attempt hooks, rate limit, timeouts...). */
  readonly request?: RequestHooks | undefined;
}

/**
 * The fields of `hooks` that are set, to spread into a transport request; a call's own defaults go before
 * the spread (`{ retryable: true, ...requestHooks(options.request) }`) so that the caller's win.
 */
export function requestHooks(hooks: RequestHooks | undefined): RequestHooks {
  if (hooks === undefined) return {};
  const picked: { -readonly [K in keyof RequestHooks]: RequestHooks[K] } = {};
  if (hooks.onUploadProgress !== undefined) picked.onUploadProgress = hooks.onUploadProgress;
  if (hooks.admission !== undefined) picked.admission = hooks.admission;
  if (hooks.expectContinue !== undefined) picked.expectContinue = hooks.expectContinue;
  if (hooks.rateLimit !== undefined) picked.rateLimit = hooks.rateLimit;
  if (hooks.timeouts !== undefined) picked.timeouts = hooks.timeouts;
  if (hooks.retryable !== undefined) picked.retryable = hooks.retryable;
  return picked;
}
