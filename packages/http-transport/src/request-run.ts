import type { AdapterResponse, HttpAdapter } from './adapter.ts';
import { type ResolvedAddress, resolveAddress } from './addressing.ts';
import type { Authentication } from './authentication.ts';
import type { RetryOptions } from './backoff.ts';
import type { FailedAttempt } from './errors.ts';
import { isReplayable } from './request-body.ts';
import { callerHeaders } from './request-headers.ts';
import { createRequestScope, type RequestScope } from './request-scope.ts';
import type { Signing } from './signing.ts';
import type { TimeoutOptions, TransportOptions, TransportRequest } from './transport-types.ts';

// What a request is before its first attempt: the transport's shared context, and one request's run.

const REPEATABLE_METHODS = new Set(['GET', 'HEAD', 'DELETE', 'PUT']);
const DEFAULT_TIMEOUTS: TimeoutOptions = {
  connectMs: 10_000,
  headersMs: 120_000,
  stallMs: 30_000,
  continueMs: 1000,
  deadlineMs: 0,
};
const DEFAULT_USER_AGENT = 'jsskit-http-transport/0.1';

/** What every request of one transport shares. */
export interface TransportContext {
  readonly options: TransportOptions;
  readonly endpoint: URL;
  readonly signing: Signing;
  readonly adapter: HttpAdapter;
  readonly authentication: Authentication;
  readonly retry: RetryOptions;
  readonly now: () => number;
  readonly random: () => number;
  readonly wait: (ms: number, signal: AbortSignal) => Promise<void>;
  /** What the transport learned of the server clock (server minus local, ms); requests update it. */
  readonly clock: { offsetMs: number };
}

/** Turns a 2xx answer into what the caller gets, and says how many body bytes it read. */
export type Finish<T> = (
  response: AdapterResponse,
  scope: RequestScope,
) => Promise<{ readonly result: T; readonly bytesReceived: number }>;

/** One logical request across its attempts. */
export interface RequestRun<T> {
  readonly request: TransportRequest;
  readonly finish: Finish<T>;
  readonly operation: string;
  readonly timeouts: TimeoutOptions;
  readonly headers: Readonly<Record<string, string>>;
  readonly address: ResolvedAddress;
  readonly scope: RequestScope;
  readonly mayRepeat: boolean;
  readonly replayable: boolean;
  readonly failures: FailedAttempt[];
  /** A stream body's first byte was read: it cannot be sent again. */
  isConsumed: boolean;
  /** The clock was corrected once after a skew answer; a second skew answer is not retried for free. */
  isClockCorrected: boolean;
  /** The last attempt got an error answer: by default its retry asks before sending the body again. */
  wasRefused: boolean;
}

/** `PUT /bucket/key`: how errors name a request. */
export function describe(request: TransportRequest): string {
  const path =
    request.bucket === undefined
      ? '/'
      : `/${request.bucket}${request.key === undefined ? '' : `/${request.key}`}`;
  return `${request.method} ${path}`;
}

/** A request's run before its first attempt: timeouts, headers, address, scope (deadline, signal). */
export function startRun<T>(
  context: TransportContext,
  request: TransportRequest,
  finish: Finish<T>,
): RequestRun<T> {
  const { options } = context;
  const operation = describe(request);
  const timeouts = { ...DEFAULT_TIMEOUTS, ...options.timeouts, ...request.timeouts };
  return {
    request,
    finish,
    operation,
    timeouts,
    headers: { 'user-agent': options.userAgent ?? DEFAULT_USER_AGENT, ...callerHeaders(request) },
    address: resolveAddress(context.endpoint, request, options.addressing ?? 'auto'),
    scope: createRequestScope(request.signal, timeouts.deadlineMs, { operation, now: context.now() }),
    mayRepeat: request.retryable ?? REPEATABLE_METHODS.has(request.method),
    replayable: isReplayable(request.body),
    failures: [],
    isConsumed: false,
    isClockCorrected: false,
    wasRefused: false,
  };
}
