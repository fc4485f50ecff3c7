import type { SyncResult } from './sync-options.ts';

/** Stable codes of {@link SyncError}, for programs to branch on. */
export type SyncErrorCode =
  /** Bad options (a bucket name JSS refuses, concurrency 0, a `from` that is a file...); nothing was sent. */
  | 'SYNC_INVALID_OPTIONS'
  /** The source is missing: the local directory of an upload, or the bucket (in every direction; never created). */
  | 'SYNC_SOURCE_NOT_FOUND'
  /** A file's relative path makes a key JSS refuses (too long, not UTF-8, starting with `\`); not mangled. */
  | 'SYNC_INVALID_KEY'
  /** A key that would land outside the target directory (`..`, `.`, an empty segment, a leading `/`). */
  | 'SYNC_UNSAFE_KEY'
  /** A local file could not be read, hashed or written (it vanished, became a directory, a disk error). */
  | 'SYNC_LOCAL_FAILED'
  /** An upload failed (`cause` is the `MultipartError`); resumable from its checkpoint. */
  | 'SYNC_UPLOAD_FAILED'
  /** A download failed (`cause` is the `MultipartError`); `<path>.jss-partial` resumes it. */
  | 'SYNC_DOWNLOAD_FAILED'
  /** A delete failed (`cause` is the transport's error). */
  | 'SYNC_DELETE_FAILED'
  /** The listing of the bucket failed (the message gives the cause's code and message); nothing was transferred. */
  | 'SYNC_LISTING_FAILED'
  /**
   * `onAction` or `onProgress` threw (`cause`): neither was called again, the files went on, and the run
   * rejects at its end with `result`.
   */
  | 'SYNC_CALLBACK_FAILED'
  /** The signal fired: the run stopped, `result` says what it had done; a rerun resumes. */
  | 'SYNC_ABORTED';

const MARKER = Symbol.for('jsskit.sync.SyncError');

/** Options of the {@link SyncError} constructor beyond code and message. */
export interface SyncErrorOptions {
  readonly cause?: unknown;
  /** The key (or relative path) the error is about. */
  readonly key?: string | undefined;
  /** What the run had done when it stopped (`SYNC_ABORTED`, `SYNC_LISTING_FAILED`). */
  readonly result?: SyncResult | undefined;
}

/**
 * What went wrong in a sync: a whole run refused or stopped (rejected), or one file's failure (listed in
 * `SyncResult.failures`, the other files go on). Messages name the key and never contain credentials.
 */
export class SyncError extends Error {
  override readonly name: string = 'SyncError';
  readonly code: SyncErrorCode;
  readonly key: string | undefined;
  readonly result: SyncResult | undefined;

  constructor(code: SyncErrorCode, message: string, options: SyncErrorOptions = {}) {
    super(message, { cause: options.cause });
    this.code = code;
    this.key = options.key;
    this.result = options.result;
    Object.defineProperty(this, MARKER, { value: true });
  }

  /** Cross-copy-safe type guard; prefer it over `instanceof`. */
  static isInstance(value: unknown): value is SyncError {
    return typeof value === 'object' && value !== null && MARKER in value;
  }
}
