import { listenForAbort } from './abort-listener.ts';

/** A signal that aborts when either of two does, and what detaches it from both. */
export interface EitherSignal {
  readonly signal: AbortSignal;
  /** Removes its listeners from both signals; call it once the work under `signal` has settled. */
  dispose(): void;
}

/**
 * Aborts with the reason of whichever aborts first. Listeners rather than AbortSignal.any: they are removed
 * by `dispose`, so a long-lived signal keeps nothing of the work once it settled (and browsers before 2024
 * have no AbortSignal.any).
 */
export function eitherSignal(a: AbortSignal, b: AbortSignal): EitherSignal {
  const controller = new AbortController();
  const abort = (reason: unknown) => {
    if (!controller.signal.aborted) controller.abort(reason);
  };
  const removeA = listenForAbort(a, abort);
  const removeB = listenForAbort(b, abort);
  return {
    signal: controller.signal,
    dispose: () => {
      removeA();
      removeB();
    },
  };
}
