import { toTransportError } from './adapters/to-transport-error.ts';
import { classifyFailure } from './classify-failure.ts';
import { RetriesExhaustedError, ServiceError, type TransportError } from './errors.ts';
import { assertBody } from './request-body.ts';
import { redactUrl } from './request-headers.ts';
import { type Finish, type RequestRun, startRun, type TransportContext } from './request-run.ts';
import { decideRetry, type RetryDecision, readClockOffset } from './retry-policy.ts';
import { type AttemptContext, runAttempt } from './run-attempt.ts';
import type { AttemptInfo, AttemptResult, TransportRequest } from './transport-types.ts';

/** An attempt that failed, before it is decided whether another follows. */
interface FailedOutcome {
  readonly info: AttemptInfo;
  readonly started: number;
  readonly bytesSent: number;
  readonly error: TransportError;
}

function report(context: TransportContext, result: AttemptResult): void {
  try {
    context.options.hooks?.afterAttempt?.(result);
  } catch {
    // A logging hook must not break a transfer.
  }
}

// The admission hears of the last attempt too, but nothing waits on it: the request's outcome is settled.
function tellLast(request: TransportRequest, result: AttemptResult): void {
  try {
    Promise.resolve(request.admission?.afterAttempt?.(result)).catch(() => undefined);
  } catch {
    // The outcome stands whatever the admission makes of it.
  }
}

function attemptContext<T>(
  context: TransportContext,
  run: RequestRun<T>,
  attempt: { readonly number: number; readonly sent: { bytes: number }; readonly expectContinue: boolean },
): AttemptContext {
  const { request } = run;
  return {
    ...{ adapter: context.adapter, signing: context.signing, authentication: context.authentication },
    ...{ address: run.address, headers: run.headers, timeouts: run.timeouts, operation: run.operation },
    signal: run.scope.signal,
    signingDate: new Date(context.now() + context.clock.offsetMs),
    onConsumed: () => {
      run.isConsumed = true;
    },
    onSent: (delta) => {
      if (attempt.sent.bytes === 0 && delta > 0) request.admission?.bodyTaken?.(attempt.number);
      attempt.sent.bytes += delta;
      request.onUploadProgress?.(delta, attempt.number);
    },
    rateLimit: request.rateLimit ?? context.options.rateLimit,
    expectContinue: attempt.expectContinue,
  };
}

/** Sends attempt `number`: the caller's result, or how it failed. */
async function tryAttempt<T>(
  context: TransportContext,
  run: RequestRun<T>,
  number: number,
): Promise<{ readonly result: T } | FailedOutcome> {
  const { request, scope } = run;
  const info: AttemptInfo = { method: request.method, url: redactUrl(run.address.url), attempt: number };
  try {
    context.options.hooks?.beforeAttempt?.(info);
  } catch {
    // ignored, as for afterAttempt
  }
  const admitted = request.admission?.beforeAttempt?.(number);
  const expectContinue = admitted?.expectContinue ?? request.expectContinue ?? run.wasRefused;
  const started = context.now();
  const sent = { bytes: 0 };
  try {
    if (scope.signal.aborted) throw scope.signal.reason;
    const response = await runAttempt(
      request,
      attemptContext(context, run, { number, sent, expectContinue }),
    );
    const { result, bytesReceived } = await run.finish(response, scope);
    const succeeded: AttemptResult = {
      ...info,
      status: response.status,
      requestId: response.headers['x-jss-request-id'],
      ...{ bytesSent: sent.bytes, bytesReceived, durationMs: context.now() - started },
      ...{ error: undefined, failure: undefined, willRetry: false },
    };
    report(context, succeeded);
    tellLast(request, succeeded);
    return { result };
  } catch (caught) {
    const error = toTransportError(caught, scope.signal, run.operation);
    return { info, started, bytesSent: sent.bytes, error };
  }
}

/** Whether and when to try again: at once after learning the server's clock, else by the retry policy. */
function decide<T>(context: TransportContext, run: RequestRun<T>, failed: FailedOutcome) {
  const { error } = failed;
  const canRepeat = run.mayRepeat && (run.replayable || !run.isConsumed);
  const offset =
    canRepeat && !run.isClockCorrected
      ? readClockOffset(error, context.now(), context.clock.offsetMs)
      : undefined;
  if (offset !== undefined) {
    context.clock.offsetMs = offset;
    run.isClockCorrected = true;
    return { canRepeat, decision: { delayMs: 0 } as RetryDecision };
  }
  if (!canRepeat || !error.isRetryable)
    return { canRepeat, decision: { stop: 'not retryable' } as RetryDecision };
  const { retry, random } = context;
  const policy = { retry, now: context.now(), random, deadlineAt: run.scope.deadlineAt };
  return { canRepeat, decision: decideRetry(error, failed.info.attempt, policy) };
}

/**
 * Reports a failed attempt and, when another follows, lets the admission hold it and waits out the backoff;
 * otherwise throws the error (or `RetriesExhaustedError` after several retryable failures).
 */
async function afterFailure<T>(
  context: TransportContext,
  run: RequestRun<T>,
  failed: FailedOutcome,
): Promise<void> {
  const { error, info } = failed;
  run.wasRefused = ServiceError.isInstance(error);
  const { canRepeat, decision } = decide(context, run, failed);
  const willRetry = 'delayMs' in decision;
  const answered = ServiceError.isInstance(error);
  const result: AttemptResult = {
    ...info,
    status: answered ? error.status : undefined,
    requestId: answered ? error.requestId : undefined,
    ...{ bytesSent: failed.bytesSent, bytesReceived: 0, durationMs: context.now() - failed.started },
    ...{ error, failure: classifyFailure(error), willRetry },
  };
  report(context, result);
  run.failures.push({ attempt: info.attempt, error, delayMs: willRetry ? decision.delayMs : 0 });
  if (!willRetry) {
    tellLast(run.request, result);
    if (run.failures.length === 1 || !error.isRetryable || !canRepeat) throw error;
    throw new RetriesExhaustedError(run.operation, run.failures, decision.stop);
  }
  await run.request.admission?.afterAttempt?.(result);
  if (decision.delayMs > 0) await context.wait(decision.delayMs, run.scope.signal);
}

/**
 * Sends a request: every attempt signed afresh, retried while the policy allows, each attempt told to the
 * hooks and the request's admission. The scope (deadline, signal) ends with the request, or is handed to
 * `finish`'s result (a stream) once an attempt succeeds.
 */
export async function executeRequest<T>(
  context: TransportContext,
  request: TransportRequest,
  finish: Finish<T>,
): Promise<T> {
  assertBody(request.body);
  const run = startRun(context, request, finish);
  let keepScope = false;
  try {
    for (let attempt = 1; ; attempt++) {
      const outcome = await tryAttempt(context, run, attempt);
      if ('result' in outcome) {
        keepScope = true;
        return outcome.result;
      }
      await afterFailure(context, run, outcome);
    }
  } finally {
    if (!keepScope) run.scope.dispose();
  }
}
