import { hasMarker, markError, TransportError } from './transport-error.ts';

/**
 * Which timeout fired: `connect` (no TCP/TLS connection), `headers` (the request was sent, no response
 * headers came), `stall` (no byte moved in either direction for the stall window), `deadline` (the overall
 * deadline of the logical request, retries included).
 */
export type TimeoutPhase = 'connect' | 'headers' | 'stall' | 'deadline';

/** A phase timeout of one attempt, or the overall deadline. */
export class TimeoutError extends TransportError {
  override readonly name: string = 'TimeoutError';
  readonly phase: TimeoutPhase;
  readonly timeoutMs: number;

  constructor(phase: TimeoutPhase, timeoutMs: number, operation: string) {
    super('TRANSPORT_TIMEOUT', `${operation} timed out: ${phase} timeout of ${timeoutMs} ms`);
    this.phase = phase;
    this.timeoutMs = timeoutMs;
    markError(this, 'TimeoutError');
  }

  static override isInstance(value: unknown): value is TimeoutError {
    return hasMarker(value, 'TimeoutError');
  }
}
