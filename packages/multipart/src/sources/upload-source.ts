import { openFile } from '#file-source';
import { MultipartError } from '../errors.ts';
import { type SourceFingerprint, sampleMd5 } from './source-fingerprint.ts';

/**
 * What to upload: a file path (read by ranges, resumable across processes), bytes, a Blob, a Node
 * Readable, a WHATWG ReadableStream or any async iterable of chunks (size unknown, read once).
 */
export type UploadSource =
  | string
  | { readonly path: string }
  | Uint8Array
  | Blob
  | AsyncIterable<Uint8Array>
  | ReadableStream<Uint8Array>;

/** A source whose parts can be read in any order: files, bytes, Blobs. */
export interface RandomAccessSource {
  readonly kind: 'random';
  readonly size: number;
  /** An identity for checkpoints: the absolute path of a file, or a File's name, size and lastModified. */
  readonly identity: string | undefined;
  fingerprint(): Promise<SourceFingerprint>;
  /** Fills `target` from `offset`; returns the bytes read. */
  read(offset: number, target: Uint8Array): Promise<number>;
  close(): Promise<void>;
}

/** A source read once, front to back: streams of unknown size. */
export interface SequentialSource {
  readonly kind: 'sequential';
  /** Fills `target` as far as the stream goes; returns the bytes read (less than its length at the end). */
  read(target: Uint8Array): Promise<number>;
  close(): Promise<void>;
}

export type OpenedSource = RandomAccessSource | SequentialSource;

function openBytes(bytes: Uint8Array): RandomAccessSource {
  return {
    kind: 'random',
    size: bytes.byteLength,
    identity: undefined,
    fingerprint: async () => ({
      size: bytes.byteLength,
      sampleMd5: await sampleMd5(bytes.byteLength, async (offset, length) =>
        bytes.subarray(offset, offset + length),
      ),
    }),
    read: async (offset, target) => {
      const slice = bytes.subarray(offset, offset + target.length);
      target.set(slice);
      return slice.length;
    },
    close: async () => undefined,
  };
}

// A File picked again after a reload is a new object with the same name, size and lastModified: that is its
// identity, as in tus. A plain Blob has none, so it resumes across pages only under a caller's checkpointId.
function openBlob(blob: Blob): RandomAccessSource {
  const readRange = async (offset: number, length: number) =>
    new Uint8Array(await blob.slice(offset, offset + length).arrayBuffer());
  const file = typeof File === 'function' && blob instanceof File ? blob : undefined;
  return {
    kind: 'random',
    size: blob.size,
    identity: file === undefined ? undefined : `file:${file.name}\n${file.size}\n${file.lastModified}`,
    fingerprint: async () => ({
      size: blob.size,
      ...(file === undefined ? {} : { mtimeMs: file.lastModified }),
      sampleMd5: await sampleMd5(blob.size, readRange),
    }),
    read: async (offset, target) => {
      const bytes = await readRange(offset, target.length);
      target.set(bytes);
      return bytes.length;
    },
    close: async () => undefined,
  };
}

/** `promise`, or a rejection with the signal's reason as soon as it fires. */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  let onAbort: () => void = () => undefined;
  const aborted = new Promise<never>((_resolve, reject) => {
    onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
  });
  return Promise.race([promise, aborted]).finally(() => signal.removeEventListener('abort', onAbort));
}

/** A WHATWG stream read through a reader of its own, so that `return` cancels it even while a read waits. */
function webStreamChunks(stream: ReadableStream<Uint8Array>): AsyncIterator<Uint8Array> {
  const reader = stream.getReader();
  return {
    next: () => reader.read() as Promise<IteratorResult<Uint8Array>>,
    return: async () => {
      await reader.cancel();
      return { done: true, value: undefined };
    },
  };
}

function openStream(
  stream: AsyncIterable<Uint8Array> | ReadableStream<Uint8Array>,
  signal: AbortSignal,
): SequentialSource {
  // A WHATWG stream is read through a reader even where it is async-iterable too (Node, newer browsers): its
  // iterator's return, like a generator's, waits for a stalled read instead of cancelling it.
  const iterator =
    'getReader' in stream
      ? webStreamChunks(stream)
      : (stream as AsyncIterable<Uint8Array>)[Symbol.asyncIterator]();
  let leftover: Uint8Array | undefined;
  let isDone = false;
  // A read of the stream that has not settled: an aborted upload stops waiting for it, and close stops it.
  let isWaiting = false;
  const nextChunk = async (): Promise<IteratorResult<Uint8Array>> => {
    const next = iterator.next();
    isWaiting = true;
    const settle = () => {
      isWaiting = false;
    };
    next.then(settle, settle);
    try {
      return await untilAborted(next, signal);
    } catch (error) {
      if (signal.aborted) throw signal.reason;
      throw new MultipartError('MULTIPART_SOURCE_FAILED', 'the source stream failed', { cause: error });
    }
  };
  return {
    kind: 'sequential',
    read: async (target) => {
      let filled = 0;
      while (filled < target.length) {
        if (leftover === undefined) {
          if (isDone) break;
          const next = await nextChunk();
          if (next.done === true) {
            isDone = true;
            break;
          }
          leftover = typeof next.value === 'string' ? new TextEncoder().encode(next.value) : next.value;
        }
        const take = Math.min(leftover.length, target.length - filled);
        target.set(leftover.subarray(0, take), filled);
        filled += take;
        leftover = take === leftover.length ? undefined : leftover.subarray(take);
      }
      return filled;
    },
    close: async () => {
      if (isDone) return;
      isDone = true;
      if (!isWaiting) {
        await iterator.return?.();
        return;
      }
      // The stream stalled and the upload gave up on it: a Node stream is destroyed (its iterator's return
      // would wait for the stalled read), a WHATWG stream cancelled; an async generator cannot be stopped.
      const { destroy } = stream as { destroy?: unknown };
      if (typeof destroy === 'function') destroy.call(stream);
      iterator.return?.().catch(() => undefined);
    },
  };
}

/**
 * Opens a source for reading parts. A stream's read rejects with `signal`'s reason as soon as it fires, even
 * while the stream produces nothing. @throws {MultipartError} `MULTIPART_SOURCE_FAILED` or
 * `MULTIPART_INVALID_OPTIONS`.
 */
export async function openSource(source: UploadSource, signal: AbortSignal): Promise<OpenedSource> {
  if (typeof source === 'string') return openFile(source);
  if (source instanceof Uint8Array) return openBytes(source);
  if (typeof Blob !== 'undefined' && source instanceof Blob) return openBlob(source);
  if (typeof source === 'object' && source !== null && 'path' in source && typeof source.path === 'string') {
    return openFile(source.path);
  }
  if (
    typeof source === 'object' &&
    source !== null &&
    (Symbol.asyncIterator in source || 'getReader' in source)
  ) {
    return openStream(source as AsyncIterable<Uint8Array>, signal);
  }
  throw new MultipartError(
    'MULTIPART_INVALID_OPTIONS',
    'source must be a file path, bytes, a Blob or a stream',
  );
}
