import { AbortError, TimeoutError } from './errors.ts';

/** The signal of one logical request: the caller's signal and the overall deadline, both typed. */
export interface RequestScope {
  readonly signal: AbortSignal;
  /** When the deadline falls, in the transport's clock; Infinity when there is none. */
  readonly deadlineAt: number;
  dispose(): void;
}

/** Joins the caller's AbortSignal and the deadline into one signal whose reason is a transport error. */
export function createRequestScope(
  callerSignal: AbortSignal | undefined,
  deadlineMs: number,
  context: { operation: string; now: number },
): RequestScope {
  const controller = new AbortController();
  const onAbort = () => controller.abort(new AbortError(context.operation, callerSignal?.reason));
  if (callerSignal?.aborted === true) onAbort();
  else callerSignal?.addEventListener('abort', onAbort, { once: true });
  const timer =
    deadlineMs > 0
      ? setTimeout(
          () => controller.abort(new TimeoutError('deadline', deadlineMs, context.operation)),
          deadlineMs,
        )
      : undefined;
  return {
    signal: controller.signal,
    deadlineAt: deadlineMs > 0 ? context.now + deadlineMs : Number.POSITIVE_INFINITY,
    dispose: () => {
      clearTimeout(timer);
      callerSignal?.removeEventListener('abort', onAbort);
    },
  };
}

/** The default wait between attempts; it ends early, rejecting with the reason, when the signal fires. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
