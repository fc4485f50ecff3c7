import { bodyStreamChunks } from '@jsskit/http-transport';
import { openFile } from '#file-source';
import { MultipartError } from './errors.ts';
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

function openStream(stream: AsyncIterable<Uint8Array> | ReadableStream<Uint8Array>): SequentialSource {
  const iterator = bodyStreamChunks(stream)[Symbol.asyncIterator]();
  let leftover: Uint8Array | undefined;
  let isDone = false;
  return {
    kind: 'sequential',
    read: async (target) => {
      let filled = 0;
      while (filled < target.length) {
        if (leftover === undefined) {
          if (isDone) break;
          let next: IteratorResult<Uint8Array>;
          try {
            next = await iterator.next();
          } catch (error) {
            throw new MultipartError('MULTIPART_SOURCE_FAILED', 'the source stream failed', { cause: error });
          }
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
      if (!isDone) await iterator.return?.();
    },
  };
}

/** Opens a source for reading parts. @throws {MultipartError} `MULTIPART_SOURCE_FAILED` or `MULTIPART_INVALID_OPTIONS`. */
export async function openSource(source: UploadSource): Promise<OpenedSource> {
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
    return openStream(source as AsyncIterable<Uint8Array>);
  }
  throw new MultipartError(
    'MULTIPART_INVALID_OPTIONS',
    'source must be a file path, bytes, a Blob or a stream',
  );
}
