import type { RateLimit } from '@jsskit/http-transport';
import {
  type ObjectAttributes,
  objectAttributeHeaders,
  type StorageClass,
  WireParseError,
} from '@jsskit/wire-types';
import type { CheckpointStore } from '../checkpoints/checkpoint-store.ts';
import { MultipartError } from '../errors.ts';
import type { MemoryBudget } from '../parts/memory-budget.ts';
import type { SlowPartOptions } from '../parts/part-pace.ts';
import type { ServiceConnection } from '../service/service-connection.ts';
import type { ServiceProfile } from '../service/service-profile.ts';
import type { UploadSource } from '../sources/upload-source.ts';
import type { PartEvent, UploadProgress } from './progress.ts';

/** Options of {@link createUpload} and {@link uploadObject}: `client` (or `transport`), where and what. */
export interface UploadOptions extends ServiceConnection {
  readonly bucket: string;
  readonly key: string;
  readonly source: UploadSource;
  /** Part size; raised when the object would need more parts than allowed. @defaultValue 8 MiB */
  readonly partSize?: number | undefined;
  /** Parts in flight at once: the ceiling when `adaptiveConcurrency` is on. @defaultValue 4 */
  readonly concurrency?: number | undefined;
  /**
   * Halve the parts in flight when the server throttles (503, 429, SlowDown) and climb back by one per
   * `limit` parts acknowledged in a row, up to `concurrency` (docs/adr/0010). @defaultValue true
   */
  readonly adaptiveConcurrency?: boolean | undefined;
  /**
   * Stragglers: an attempt that takes longer than `factor` times what this upload's parts took for its size
   * (at least `minMs`) is cancelled and the part sent again on a new connection, at most twice; `false` turns
   * it off (docs/adr/0013). @defaultValue { factor: 6, minMs: 10000 }
   */
  readonly slowPart?: false | SlowPartOptions | undefined;
  /**
   * A cap on how fast this upload sends (`createRateLimit({ bytesPerSecond })`); give several uploads the
   * same one to cap them together. Parts take turns under it; a part waiting for its turn is not stalled.
   */
  readonly rateLimit?: RateLimit | undefined;
  /** The budget part buffers come from. @defaultValue the process-wide {@link defaultMemoryBudget} */
  readonly memoryBudget?: MemoryBudget | undefined;
  /** Where checkpoints are kept; without one, an upload resumes only within its process. */
  readonly checkpointStore?: CheckpointStore | undefined;
  /**
   * The checkpoint's name. Bytes, a plain Blob or a stream have no identity of their own, so they resume in a
   * new process or page only under a name given here.
   * @defaultValue derived from bucket, key and a file's absolute path, or a browser File's name, size and lastModified
   */
  readonly checkpointId?: string | undefined;
  /** What a resume does when the source changed since the checkpoint. @defaultValue 'error' */
  readonly onSourceChange?: 'error' | 'restart' | undefined;
  /**
   * What a failed upload leaves: `keep` it resumable (upload on the server, checkpoint in the store), or
   * `abort` it on the server and remove the checkpoint, so that nothing is left to pay for. @defaultValue 'keep'
   */
  readonly onFailure?: 'keep' | 'abort' | undefined;
  /** How long `onFailure: 'abort'` may take before it gives up (the error then says `abort-failed`). @defaultValue 30000 */
  readonly cleanupTimeoutMs?: number | undefined;
  readonly contentType?: string | undefined;
  /** Sent as `x-jss-storage-class`; another value than the documented ones is `MULTIPART_INVALID_OPTIONS`. */
  readonly storageClass?: StorageClass | undefined;
  /** Server-side encryption: sends `x-jss-server-side-encryption: true` (the header is a boolean). */
  readonly encrypt?: boolean | undefined;
  readonly signal?: AbortSignal | undefined;
  readonly onProgress?: ((progress: UploadProgress) => void) | undefined;
  readonly onPart?: ((event: PartEvent) => void) | undefined;
  /** @defaultValue {@link JSS_PROFILE} */
  readonly profile?: ServiceProfile | undefined;
}

/** What a finished upload reports. */
export interface UploadResult {
  readonly bucket: string;
  readonly key: string;
  /** The object ETag, checked against the one computed locally (protocol §8.5). */
  readonly etag: string;
  readonly size: number;
  /** 0 for a single PutObject. */
  readonly parts: number;
  readonly uploadId: string | undefined;
  /** Bytes written to sockets, retries included. */
  readonly sentBytes: number;
  /** Bytes of parts reused from an earlier run. */
  readonly resumedBytes: number;
  /** Parts sent again: every retry of the transport (refused attempts included) and every resend. */
  readonly retries: number;
  /** Attempts the server answered with 503, 429 or SlowDown. */
  readonly throttles: number;
  /** The fewest parts allowed in flight at any time: below `concurrency` when the server throttled. */
  readonly lowestConcurrency: number;
  readonly seconds: number;
  /** Whether the Complete answer was lost and the object was confirmed by HEAD instead. */
  readonly confirmedByHead: boolean;
}

/**
 * The object's attributes (content type, storage class, encryption), checked as wire-types builds their
 * headers (the schema the local server reads them with).
 * @throws {MultipartError} `MULTIPART_INVALID_OPTIONS` for an unknown storage class or an empty content type.
 */
export function objectAttributes(
  options: Pick<UploadOptions, 'contentType' | 'storageClass' | 'encrypt'>,
): ObjectAttributes {
  const { contentType, storageClass, encrypt } = options;
  const attributes = { contentType, storageClass, encrypt };
  try {
    objectAttributeHeaders(attributes);
  } catch (error) {
    if (!WireParseError.isInstance(error)) throw error;
    const issue = error.issues[0];
    throw new MultipartError('MULTIPART_INVALID_OPTIONS', `invalid ${issue?.path}: ${issue?.message}`, {
      cause: error,
    });
  }
  return attributes;
}
