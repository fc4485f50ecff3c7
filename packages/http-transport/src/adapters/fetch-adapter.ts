import type { AdapterRequest, AdapterResponse, HttpAdapter } from '../adapter.ts';
import { TimeoutError } from '../errors.ts';
import { readableStreamChunks, slices } from '../request-body.ts';
import { toTransportError } from './to-transport-error.ts';
import { watchResponseBody } from './watch-response-body.ts';

/** Options of {@link createFetchAdapter}. */
export interface FetchAdapterOptions {
  /** The fetch to call. @defaultValue `globalThis.fetch` */
  readonly fetch?: typeof fetch | undefined;
}

function toReadableStream(
  chunks: AsyncIterable<Uint8Array>,
  attempt: AdapterRequest,
  signal: AbortSignal,
): ReadableStream<Uint8Array> {
  const iterator = chunks[Symbol.asyncIterator]();
  const { rateLimit } = attempt;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { done, value } = await iterator.next();
      if (done === true) return controller.close();
      for (const slice of slices(value, rateLimit?.sliceBytes ?? value.byteLength)) {
        await rateLimit?.take(slice.byteLength, signal);
        attempt.onUploadProgress?.(slice.byteLength);
        controller.enqueue(slice);
      }
    },
    async cancel() {
      await iterator.return?.();
    },
  });
}

/** The chunks of `body`, calling `release` once they end, fail or are given up. */
async function* releasedAtEnd(
  body: AsyncIterable<Uint8Array>,
  release: () => void,
): AsyncGenerator<Uint8Array, void, undefined> {
  try {
    yield* body;
  } finally {
    release();
  }
}

/**
 * The fetch adapter, for browsers and other runtimes without node:http. fetch cannot tell connecting from
 * waiting, so the connect and headers timeouts add up to one limit on the time to response headers; upload
 * progress counts bytes as fetch pulls them from a stream body, and a bytes body reports once it is sent.
 * Do not use it for uploads on Node: node:http moves parts several times faster there.
 */
export function createFetchAdapter(options: FetchAdapterOptions = {}): HttpAdapter {
  const doFetch = options.fetch ?? globalThis.fetch;
  return {
    async send(attempt: AdapterRequest): Promise<AdapterResponse> {
      const { signal, timeouts, operation } = attempt;
      const local = new AbortController();
      const onAbort = () => local.abort(signal.reason);
      // Removed once the attempt is over (failed, its body read or cancelled): the signal may outlive it.
      const release = () => signal.removeEventListener('abort', onAbort);
      signal.addEventListener('abort', onAbort, { once: true });
      if (signal.aborted) onAbort();
      // fetch cannot stream a body over HTTP/1.1 in browsers, so a limited bytes body waits for its whole
      // share first: the cap then holds over many requests, not within one.
      if (attempt.body?.kind === 'bytes' && attempt.rateLimit !== undefined) {
        try {
          await attempt.rateLimit.take(attempt.body.bytes.byteLength, local.signal);
        } catch (error) {
          release();
          throw toTransportError(error, local.signal, operation);
        }
      }
      const limit = timeouts.connectMs + timeouts.headersMs;
      const timer =
        timeouts.connectMs > 0 && timeouts.headersMs > 0
          ? setTimeout(() => local.abort(new TimeoutError('headers', limit, operation)), limit)
          : undefined;
      const { body } = attempt;
      const sent =
        body === undefined
          ? undefined
          : body.kind === 'bytes'
            ? body.bytes
            : toReadableStream(body.chunks, attempt, local.signal);
      try {
        const response = await doFetch(attempt.url, {
          method: attempt.method,
          headers: attempt.headers,
          body: sent as BodyInit | undefined,
          signal: local.signal,
          ...(body?.kind === 'stream' ? { duplex: 'half' } : {}),
        } as RequestInit);
        if (body?.kind === 'bytes') attempt.onUploadProgress?.(body.bytes.byteLength);
        const headers: Record<string, string> = {};
        response.headers.forEach((value, name) => {
          headers[name] = value;
        });
        const stream = response.body ?? new ReadableStream<Uint8Array>({ start: (c) => c.close() });
        return {
          status: response.status,
          headers,
          body: releasedAtEnd(
            watchResponseBody(readableStreamChunks(stream), {
              stallMs: timeouts.stallMs,
              signal: local.signal,
              operation,
              destroy: (error) => local.abort(error),
            }),
            release,
          ),
          cancel: () => {
            release();
            local.abort();
          },
        };
      } catch (error) {
        release();
        throw toTransportError(error, local.signal, operation);
      } finally {
        clearTimeout(timer);
      }
    },
  };
}
