import { constants } from 'node:os';
import { MultipartError } from '../errors.ts';

/** Options of {@link stopOnSignals}. */
export interface StopOnSignalsOptions {
  /** @defaultValue ['SIGINT', 'SIGTERM'] */
  readonly signals?: readonly NodeJS.Signals[] | undefined;
  /**
   * After the first signal, how long the uploads get to stop (and, with `onFailure: 'abort'`, to abort on
   * the server) before the process exits anyway. @defaultValue 10000
   */
  readonly timeoutMs?: number | undefined;
  /** How the process is ended when time is up or a second signal comes. @defaultValue process.exit */
  readonly exit?: ((code: number) => void) | undefined;
}

/** What {@link stopOnSignals} returns. */
export interface SignalStop {
  /** Pass it to uploads and downloads: it aborts on the first signal. */
  readonly signal: AbortSignal;
  /** The signal received, if any. */
  readonly received: NodeJS.Signals | undefined;
  /** 128 + the signal's number once one was received (130 for SIGINT, 143 for SIGTERM), else 0. */
  readonly exitCode: number;
  /** Removes the handlers and the exit timer; Node's default handling of the signals is back. */
  dispose(): void;
}

/**
 * Opt-in shutdown for Node programs: the first SIGINT/SIGTERM aborts `signal` with `MULTIPART_ABORTED`, so
 * uploads stop, save their checkpoint (or abort on the server, as `onFailure` says) and reject; the process
 * is ended with `exitCode` if that takes longer than `timeoutMs`, or at once on a second signal.
 * @example
 * const shutdown = stopOnSignals();
 * try { await uploadObject({ ...options, signal: shutdown.signal }); }
 * finally { shutdown.dispose(); process.exitCode = shutdown.exitCode; }
 */
export function stopOnSignals(options: StopOnSignalsOptions = {}): SignalStop {
  const signals = options.signals ?? ['SIGINT', 'SIGTERM'];
  const timeoutMs = options.timeoutMs ?? 10_000;
  if (!Number.isInteger(timeoutMs) || timeoutMs <= 0)
    throw new MultipartError('MULTIPART_INVALID_OPTIONS', 'timeoutMs must be a positive integer');
  const exit = options.exit ?? ((code: number) => process.exit(code));
  const controller = new AbortController();
  let received: NodeJS.Signals | undefined;
  let timer: NodeJS.Timeout | undefined;
  const codeOf = (name: NodeJS.Signals) => 128 + constants.signals[name];
  const onSignal = (name: NodeJS.Signals) => {
    if (received !== undefined) return exit(codeOf(received));
    received = name;
    timer = setTimeout(() => exit(codeOf(name)), timeoutMs);
    controller.abort(new MultipartError('MULTIPART_ABORTED', `stopped by ${name}`));
  };
  for (const name of signals) process.on(name, onSignal);
  return {
    signal: controller.signal,
    get received() {
      return received;
    },
    get exitCode() {
      return received === undefined ? 0 : codeOf(received);
    },
    dispose: () => {
      clearTimeout(timer);
      for (const name of signals) process.off(name, onSignal);
    },
  };
}
