import { InvalidRequestError } from './errors.ts';

/** A stream of body bytes: a Node Readable, any async iterable of chunks, or a WHATWG ReadableStream. */
export type BodyStream = AsyncIterable<Uint8Array> | ReadableStream<Uint8Array>;

/** A function that opens the body afresh for each attempt: the way to make a stream replayable. */
export type BodyFactory = () => BodyStream | Uint8Array | Promise<BodyStream | Uint8Array>;

/**
 * A request body. Bytes, strings (UTF-8) and factories are replayable, so the request may be retried; a
 * stream given directly is read once, and the request is never retried after its first byte was read.
 */
export type RequestBody = Uint8Array | string | BodyFactory | BodyStream;

/** One attempt's body, opened. */
export type OpenedBody =
  | { readonly kind: 'bytes'; readonly bytes: Uint8Array }
  | { readonly kind: 'stream'; readonly chunks: AsyncIterable<Uint8Array> };

const encoder = new TextEncoder();

function isStream(value: unknown): value is BodyStream {
  if (typeof value !== 'object' || value === null) return false;
  return Symbol.asyncIterator in value || typeof (value as ReadableStream).getReader === 'function';
}

/** The chunks of a WHATWG ReadableStream, for runtimes where it is not async-iterable itself. */
export async function* readableStreamChunks(stream: ReadableStream<Uint8Array>): AsyncGenerator<Uint8Array> {
  const reader = stream.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    reader.releaseLock();
  }
}

/** The chunks of any `BodyStream` (a Node Readable, an async iterable or a WHATWG ReadableStream), on any runtime. */
export function bodyStreamChunks(stream: BodyStream): AsyncIterable<Uint8Array> {
  if (Symbol.asyncIterator in stream) return stream as AsyncIterable<Uint8Array>;
  return readableStreamChunks(stream as ReadableStream<Uint8Array>);
}

/** `chunk` in pieces of at most `size` bytes (views, no copies). */
export function* slices(chunk: Uint8Array, size: number): Generator<Uint8Array> {
  for (let offset = 0; offset < chunk.byteLength; offset += size) yield chunk.subarray(offset, offset + size);
}

/** Whether the body can be sent again on a retry. */
export function isReplayable(body: RequestBody | undefined): boolean {
  return (
    body === undefined || typeof body === 'string' || typeof body === 'function' || body instanceof Uint8Array
  );
}

/** Checks a body's type before anything is sent. */
export function assertBody(body: unknown): asserts body is RequestBody | undefined {
  if (body === undefined || typeof body === 'string' || typeof body === 'function') return;
  if (body instanceof Uint8Array || isStream(body)) return;
  throw new InvalidRequestError(
    'body must be a Uint8Array, a string, a stream, an async iterable or a function that opens one',
  );
}

/** Opens the body for one attempt. A factory is called again each time. */
export async function openBody(body: RequestBody | undefined): Promise<OpenedBody | undefined> {
  if (body === undefined) return undefined;
  if (typeof body === 'string') return { kind: 'bytes', bytes: encoder.encode(body) };
  if (body instanceof Uint8Array) return { kind: 'bytes', bytes: body };
  const opened = typeof body === 'function' ? await body() : body;
  if (opened instanceof Uint8Array) return { kind: 'bytes', bytes: opened };
  if (!isStream(opened))
    throw new InvalidRequestError('the body factory returned neither bytes nor a stream');
  return { kind: 'stream', chunks: bodyStreamChunks(opened) };
}

/** Wraps chunks so that the caller learns when the first one was pulled (the body is then consumed). */
export function watchConsumption(
  chunks: AsyncIterable<Uint8Array>,
  onFirstRead: () => void,
): AsyncIterable<Uint8Array> {
  return {
    [Symbol.asyncIterator]() {
      const iterator = chunks[Symbol.asyncIterator]();
      let started = false;
      return {
        next() {
          if (!started) {
            started = true;
            onFirstRead();
          }
          return iterator.next();
        },
        return(value?: unknown) {
          return iterator.return?.(value) ?? Promise.resolve({ done: true, value: undefined });
        },
      };
    },
  };
}
