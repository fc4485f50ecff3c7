import type { UploadState } from './checkpoints/upload-state.ts';

/** Stable codes of {@link MultipartError}. */
export type MultipartErrorCode =
  | 'MULTIPART_INVALID_OPTIONS'
  | 'MULTIPART_SOURCE_CHANGED'
  | 'MULTIPART_SOURCE_FAILED'
  | 'MULTIPART_PART_FAILED'
  | 'MULTIPART_CHECKSUM_MISMATCH'
  | 'MULTIPART_COMPLETE_FAILED'
  | 'MULTIPART_LOCKED'
  | 'MULTIPART_ABORTED'
  | 'MULTIPART_ALREADY_COMPLETE'
  | 'MULTIPART_TOO_LARGE'
  | 'MULTIPART_DOWNLOAD_FAILED';

const MARKER = Symbol.for('jsskit.multipart.MultipartError');

/** What an upload error carries so that the caller can resume or clean up. */
export interface MultipartErrorDetails {
  readonly uploadId?: string | undefined;
  /** Part numbers that were in flight or failed when the upload stopped. */
  readonly failedParts?: readonly number[] | undefined;
  /** The resumable state as saved (also in the checkpoint store, when there is one). */
  readonly state?: UploadState | undefined;
  /** What `onFailure: 'abort'` did: the upload is gone from the server, or aborting it failed. */
  readonly cleanup?: 'aborted' | 'abort-failed' | undefined;
  /** Why aborting failed, with `cleanup: 'abort-failed'` (the transport's error). */
  readonly cleanupError?: unknown;
  readonly cause?: unknown;
}

/**
 * Why an upload stopped. `uploadId`, `failedParts` and `state` say where it stands; an upload stopped by a
 * part failure, an abort signal or a crash stays resumable from its checkpoint.
 */
export class MultipartError extends Error {
  override readonly name: string = 'MultipartError';
  readonly code: MultipartErrorCode;
  readonly uploadId: string | undefined;
  readonly failedParts: readonly number[];
  readonly state: UploadState | undefined;
  readonly cleanup: 'aborted' | 'abort-failed' | undefined;
  readonly cleanupError: unknown;

  constructor(code: MultipartErrorCode, message: string, details: MultipartErrorDetails = {}) {
    super(message, { cause: details.cause });
    this.code = code;
    this.uploadId = details.uploadId;
    this.failedParts = details.failedParts ?? [];
    this.state = details.state;
    this.cleanup = details.cleanup;
    this.cleanupError = details.cleanupError;
    Object.defineProperty(this, MARKER, { value: true });
  }

  /** Cross-copy-safe type guard; prefer it over `instanceof`. */
  static isInstance(value: unknown): value is MultipartError {
    return typeof value === 'object' && value !== null && MARKER in value;
  }
}
