import type { RateLimit } from './rate-limit.ts';
import type { OpenedBody } from './request-body.ts';

/** The per-attempt timeouts an adapter enforces; 0 turns one off. */
export interface PhaseTimeouts {
  /** From the socket being assigned to the connection being open (TCP, and TLS for https). */
  readonly connectMs: number;
  /** From the last request byte written to the response headers. */
  readonly headersMs: number;
  /** The longest time no byte moves while the request body is written or the response body is read. */
  readonly stallMs: number;
  /**
   * With `expectContinue`: how long to wait for `100 Continue` (or a final answer) before sending the body
   * anyway, for servers that ignore `Expect`.
   */
  readonly continueMs: number;
}

/** One attempt, signed and addressed, handed to an adapter. */
export interface AdapterRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: OpenedBody | undefined;
  /**
   * Ends the attempt: the adapter stops at once and rejects with `signal.reason`, which the transport
   * always sets to a typed error (an AbortError or a deadline TimeoutError).
   */
  readonly signal: AbortSignal;
  readonly timeouts: PhaseTimeouts;
  /** `METHOD /bucket/key`, for error messages. */
  readonly operation: string;
  /** Called with the number of body bytes just handed to the socket. */
  readonly onUploadProgress?: ((deltaBytes: number) => void) | undefined;
  /**
   * A cap on the body's rate: write it in slices of `rateLimit.sliceBytes`, awaiting `take` (with the
   * attempt's signal) before each; time spent waiting there is not a stall.
   */
  readonly rateLimit?: RateLimit | undefined;
  /**
   * Send `Expect: 100-continue` and hold the body until the server says `100 Continue`, answers (then the
   * body is never sent), or `timeouts.continueMs` passes. An adapter that cannot send the header (fetch)
   * sends the body at once.
   */
  readonly expectContinue?: boolean | undefined;
}

/** The response of one attempt. */
export interface AdapterResponse {
  readonly status: number;
  /** Lower-cased names. */
  readonly headers: Readonly<Record<string, string>>;
  /** The body; a read that stalls or breaks throws a typed TimeoutError or NetworkError. */
  readonly body: AsyncIterable<Uint8Array>;
  /** Drops the rest of the body and releases the connection. */
  cancel(): void;
}

/**
 * What actually moves bytes: the Node adapter (node:http, keep-alive) or the fetch adapter (browsers).
 * Implement it to route requests through anything else; it must reject only with typed transport errors.
 */
export interface HttpAdapter {
  send(request: AdapterRequest): Promise<AdapterResponse>;
  /** Frees pooled connections. */
  close?(): void | Promise<void>;
}
