import type { Client } from '@jsskit/client';
import type { RateLimit } from '@jsskit/http-transport';
import type { MemoryBudget } from '@jsskit/multipart';
import type { SyncError } from './errors.ts';

/** What one file (or key) came to; reported through `onAction` as it happens, failures also in the result. */
export interface SyncAction {
  readonly kind: 'upload' | 'download' | 'delete' | 'skip' | 'fail';
  /** The local path, when there is one (absolute). */
  readonly path?: string | undefined;
  /** The object key (for a refused name, the key it would have had). */
  readonly key: string;
  readonly size?: number | undefined;
  /** Why it was skipped or failed, in words: `same content`, `symlink`, `directory marker`, ... */
  readonly reason?: string | undefined;
  readonly error?: SyncError | Error | undefined;
}

/** Progress of the whole run. Skipped files count as done, with their bytes. */
export interface SyncProgress {
  readonly filesDone: number;
  readonly filesTotal: number;
  readonly bytesDone: number;
  readonly bytesTotal: number;
  /** Bytes transferred per second since the run started. */
  readonly bytesPerSecond: number;
}

/** What a run did. With `dryRun`, what it would have done. */
export interface SyncResult {
  readonly uploaded: number;
  readonly downloaded: number;
  readonly deleted: number;
  readonly skipped: number;
  readonly failed: number;
  /** Bytes transferred (uploaded or downloaded; resumed bytes not counted again). */
  readonly bytes: number;
  readonly seconds: number;
  /** Every `fail` action, with its typed error. */
  readonly failures: readonly SyncAction[];
}

/** Options shared by both directions. */
export interface SyncOptions {
  /** `content` (default): skip a file whose size and ETag match; `none`: transfer everything. */
  readonly compare?: 'content' | 'none' | undefined;
  /** Remove at the destination what the source lacks (only among paths the filters select). */
  readonly delete?: boolean | undefined;
  /** Globs (picomatch, `dot: true`) on the relative path, `/`-separated; none means every file. */
  readonly include?: readonly string[] | undefined;
  /** Globs on the relative path; a path matching one is left alone (neither sent nor deleted). */
  readonly exclude?: readonly string[] | undefined;
  /** Report the actions without changing anything anywhere. */
  readonly dryRun?: boolean | undefined;
  /** Files at once (default 8). */
  readonly concurrency?: number | undefined;
  /**
   * Upload: follow symbolic links in the source (default false: a symlink is reported as skipped). A download
   * never follows links in its target: an object at a link's path is skipped, one below it refused, and
   * delete leaves what a link points to alone.
   */
  readonly followSymlinks?: boolean | undefined;
  readonly signal?: AbortSignal | undefined;
  readonly onProgress?: ((progress: SyncProgress) => void) | undefined;
  readonly onAction?: ((action: SyncAction) => void) | undefined;
  /** A directory for the hash cache and multipart checkpoints; without it, nothing is kept between runs. */
  readonly stateDirectory?: string | undefined;
  /** Shared by every file's parts (default: the engine's process-wide budget). */
  readonly memoryBudget?: MemoryBudget | undefined;
  /** Shared by every file's transfers. */
  readonly rateLimit?: RateLimit | undefined;
  /** Part size of uploads (default: the engine's, 8 MiB); also the first layout tried for multipart ETags. */
  readonly partSize?: number | undefined;
  /** Milliseconds clock for `seconds` and `bytesPerSecond` (default `performance.now`). */
  readonly clock?: (() => number) | undefined;
}

/** Options of `syncToBucket`: a directory to a bucket prefix. */
export interface SyncToBucketOptions extends SyncOptions {
  readonly client: Client;
  /** The local directory. */
  readonly from: string;
  readonly bucket: string;
  /** The folder in the bucket: `a` and `a/` both mean `a/`; none means the bucket's top. */
  readonly prefix?: string | undefined;
}

/** Options of `syncFromBucket`: a bucket prefix to a directory (created if missing). */
export interface SyncFromBucketOptions extends SyncOptions {
  readonly client: Client;
  readonly bucket: string;
  readonly prefix?: string | undefined;
  /** The local directory. */
  readonly to: string;
}

/** Options of `deletePrefix`: every object under a folder. */
export interface DeletePrefixOptions {
  readonly client: Client;
  readonly bucket: string;
  /** `a` and `a/` both mean the folder `a/`; an empty string means every object of the bucket. */
  readonly prefix: string;
  readonly dryRun?: boolean | undefined;
  /** Deletes at once (default 8). */
  readonly concurrency?: number | undefined;
  readonly signal?: AbortSignal | undefined;
  readonly onAction?: ((action: SyncAction) => void) | undefined;
  readonly clock?: (() => number) | undefined;
}
