import { createDefaultAdapter } from '#default-adapter';
import type { AdapterResponse } from './adapter.ts';
import { toTransportError } from './adapters/to-transport-error.ts';
import { parseEndpoint, resolveAddress } from './addressing.ts';
import { defaultAuthentication } from './authentication.ts';
import { DEFAULT_RETRY, type RetryOptions } from './backoff.ts';
import { classifyFailure } from './classify-failure.ts';
import { type FailedAttempt, InvalidResponseError, RetriesExhaustedError, ServiceError } from './errors.ts';
import { presignRequest } from './presign-request.ts';
import { readAll } from './read-body.ts';
import { assertBody, isReplayable } from './request-body.ts';
import { callerHeaders, redactUrl } from './request-headers.ts';
import { createRequestScope, type RequestScope, sleep } from './request-scope.ts';
import { decideRetry, type RetryDecision, readClockOffset } from './retry-policy.ts';
import { runAttempt } from './run-attempt.ts';
import { signingOf } from './signing.ts';
import type {
  AttemptResult,
  StreamingResponse,
  TimeoutOptions,
  Transport,
  TransportOptions,
  TransportRequest,
  TransportResponse,
} from './transport-types.ts';

const REPEATABLE_METHODS = new Set(['GET', 'HEAD', 'DELETE', 'PUT']);
const DEFAULT_TIMEOUTS: TimeoutOptions = {
  connectMs: 10_000,
  headersMs: 120_000,
  stallMs: 30_000,
  continueMs: 1000,
  deadlineMs: 0,
};
const DEFAULT_USER_AGENT = 'jsskit-http-transport/0.1';
const decoder = new TextDecoder();

// The admission hears of the last attempt too, but nothing waits on it: the request's outcome is settled.
function tellLast(request: TransportRequest, result: AttemptResult): void {
  try {
    Promise.resolve(request.admission?.afterAttempt?.(result)).catch(() => undefined);
  } catch {
    // The outcome stands whatever the admission makes of it.
  }
}

function describe(request: TransportRequest): string {
  const path =
    request.bucket === undefined
      ? '/'
      : `/${request.bucket}${request.key === undefined ? '' : `/${request.key}`}`;
  return `${request.method} ${path}`;
}

function bufferedResponse(response: AdapterResponse, body: Uint8Array, operation: string): TransportResponse {
  return {
    status: response.status,
    headers: response.headers,
    requestId: response.headers['x-jss-request-id'],
    body,
    text: () => decoder.decode(body),
    json: () => {
      try {
        return JSON.parse(decoder.decode(body)) as unknown;
      } catch (error) {
        throw new InvalidResponseError(
          `${operation} answered ${response.status} with a body that is not JSON`,
          { cause: error },
        );
      }
    },
  };
}

function streamingResponse(response: AdapterResponse, scope: RequestScope): StreamingResponse {
  async function* body() {
    try {
      yield* response.body;
    } finally {
      scope.dispose();
    }
  }
  return {
    status: response.status,
    headers: response.headers,
    requestId: response.headers['x-jss-request-id'],
    body: body(),
    cancel: () => {
      response.cancel();
      scope.dispose();
    },
  };
}

/**
 * Creates a transport: it signs every attempt afresh, addresses buckets by virtual host or path, retries
 * what is safe to retry with full-jitter backoff, enforces phase timeouts and learns the server's clock.
 * @throws {InvalidRequestError} when the endpoint is not an http(s) origin, or when neither or both of
 * `credentials` and `remoteSigner` are given.
 * @example
 * const transport = createTransport({ endpoint: 'http://127.0.0.1:9000', credentials });
 * const response = await transport.send({ method: 'GET', bucket: 'photos' });
 * console.log(response.json());
 */
export function createTransport(options: TransportOptions): Transport {
  const endpoint = parseEndpoint(options.endpoint);
  const signing = signingOf(options);
  const adapter = options.adapter ?? createDefaultAdapter();
  const authentication = options.authentication ?? defaultAuthentication();
  const retry: RetryOptions = { ...DEFAULT_RETRY, ...options.retry };
  const now = options.now ?? Date.now;
  const random = options.random ?? Math.random;
  const wait = options.sleep ?? sleep;
  const hooks = options.hooks ?? {};
  let clockOffsetMs = 0;

  function report(result: AttemptResult): void {
    try {
      hooks.afterAttempt?.(result);
    } catch {
      // A logging hook must not break a transfer.
    }
  }

  async function execute<T>(
    request: TransportRequest,
    finish: (response: AdapterResponse, scope: RequestScope) => Promise<{ result: T; bytesReceived: number }>,
  ): Promise<T> {
    assertBody(request.body);
    const operation = describe(request);
    const timeouts = { ...DEFAULT_TIMEOUTS, ...options.timeouts, ...request.timeouts };
    const headers = { 'user-agent': options.userAgent ?? DEFAULT_USER_AGENT, ...callerHeaders(request) };
    const address = resolveAddress(endpoint, request, options.addressing ?? 'auto');
    const scope = createRequestScope(request.signal, timeouts.deadlineMs, { operation, now: now() });
    const mayRepeat = request.retryable ?? REPEATABLE_METHODS.has(request.method);
    const replayable = isReplayable(request.body);
    const failures: FailedAttempt[] = [];
    let isConsumed = false;
    let isClockCorrected = false;
    // Whether the last attempt got an error answer: its retry asks before sending the body again.
    let wasRefused = false;
    let keepScope = false;
    try {
      for (let attempt = 1; ; attempt++) {
        const info = { method: request.method, url: redactUrl(address.url), attempt };
        try {
          hooks.beforeAttempt?.(info);
        } catch {
          // ignored, as for afterAttempt
        }
        const admitted = request.admission?.beforeAttempt?.(attempt);
        const started = now();
        let bytesSent = 0;
        let response: AdapterResponse | undefined;
        try {
          if (scope.signal.aborted) throw scope.signal.reason;
          response = await runAttempt(request, {
            adapter,
            signing,
            authentication,
            address,
            headers,
            timeouts,
            signal: scope.signal,
            operation,
            signingDate: new Date(now() + clockOffsetMs),
            onConsumed: () => {
              isConsumed = true;
            },
            onSent: (delta) => {
              if (bytesSent === 0 && delta > 0) request.admission?.bodyTaken?.(attempt);
              bytesSent += delta;
              request.onUploadProgress?.(delta, attempt);
            },
            rateLimit: request.rateLimit ?? options.rateLimit,
            expectContinue: admitted?.expectContinue ?? request.expectContinue ?? wasRefused,
          });
          const { result, bytesReceived } = await finish(response, scope);
          keepScope = true;
          const succeeded: AttemptResult = {
            ...info,
            status: response.status,
            requestId: response.headers['x-jss-request-id'],
            bytesSent,
            bytesReceived,
            durationMs: now() - started,
            error: undefined,
            failure: undefined,
            willRetry: false,
          };
          report(succeeded);
          tellLast(request, succeeded);
          return result;
        } catch (caught) {
          const error = toTransportError(caught, scope.signal, operation);
          wasRefused = ServiceError.isInstance(error);
          const canRepeat = mayRepeat && (replayable || !isConsumed);
          const offset =
            canRepeat && !isClockCorrected ? readClockOffset(error, now(), clockOffsetMs) : undefined;
          if (offset !== undefined) {
            clockOffsetMs = offset;
            isClockCorrected = true;
          }
          const decision: RetryDecision =
            offset !== undefined
              ? { delayMs: 0 }
              : canRepeat && error.isRetryable
                ? decideRetry(error, attempt, { retry, now: now(), random, deadlineAt: scope.deadlineAt })
                : { stop: 'not retryable' };
          const willRetry = 'delayMs' in decision;
          const failed: AttemptResult = {
            ...info,
            status: ServiceError.isInstance(error) ? error.status : undefined,
            requestId: ServiceError.isInstance(error) ? error.requestId : undefined,
            bytesSent,
            bytesReceived: 0,
            durationMs: now() - started,
            error,
            failure: classifyFailure(error),
            willRetry,
          };
          report(failed);
          failures.push({ attempt, error, delayMs: willRetry ? decision.delayMs : 0 });
          if (!willRetry) {
            tellLast(request, failed);
            if (failures.length === 1 || !error.isRetryable || !canRepeat) throw error;
            throw new RetriesExhaustedError(operation, failures, decision.stop);
          }
          await request.admission?.afterAttempt?.(failed);
          if (decision.delayMs > 0) await wait(decision.delayMs, scope.signal);
        }
      }
    } finally {
      if (!keepScope) scope.dispose();
    }
  }

  return {
    send: (request) =>
      execute(request, async (response, scope) => {
        const body = await readAll(response.body);
        scope.dispose();
        return {
          result: bufferedResponse(response, body, describe(request)),
          bytesReceived: body.byteLength,
        };
      }),
    stream: (request) =>
      execute(request, async (response, scope) => ({
        result: streamingResponse(response, scope),
        bytesReceived: 0,
      })),
    presign: async (request) =>
      presignRequest(request, {
        address: resolveAddress(endpoint, request, options.addressing ?? 'auto'),
        signing,
        now: new Date(now() + clockOffsetMs),
      }),
    get clockOffsetMs() {
      return clockOffsetMs;
    },
    close: async () => {
      await adapter.close?.();
    },
  };
}
