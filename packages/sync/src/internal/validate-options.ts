import { stat } from 'node:fs/promises';
import { isValidBucketName, isValidObjectKey } from '@jsskit/wire-types';
import { SyncError } from '../errors.ts';
import type { SyncOptions } from '../sync-options.ts';

/** Default files (or deletes) at once. */
export const DEFAULT_SYNC_CONCURRENCY = 8;

function invalid(message: string): SyncError {
  return new SyncError('SYNC_INVALID_OPTIONS', message);
}

/** Checks what every entry point shares: client, bucket, concurrency, signal, callbacks. */
export function validateCommonOptions(options: {
  readonly client?: unknown;
  readonly bucket?: unknown;
  readonly concurrency?: unknown;
  readonly signal?: unknown;
  readonly onAction?: unknown;
  readonly clock?: unknown;
}): void {
  const client = options.client as { listObjects?: unknown } | undefined;
  if (typeof client !== 'object' || client === null || typeof client.listObjects !== 'function')
    throw invalid('client must be a @jsskit/client client (createClient)');
  if (typeof options.bucket !== 'string' || !isValidBucketName(options.bucket))
    throw invalid(`bucket ${JSON.stringify(options.bucket)} is not a bucket name JSS accepts`);
  const concurrency = options.concurrency;
  if (concurrency !== undefined && (!Number.isInteger(concurrency) || (concurrency as number) < 1))
    throw invalid(`concurrency must be a whole number of at least 1, not ${String(concurrency)}`);
  if (options.signal !== undefined && !(options.signal instanceof AbortSignal))
    throw invalid('signal must be an AbortSignal');
  for (const name of ['onAction', 'clock'] as const)
    if (options[name] !== undefined && typeof options[name] !== 'function')
      throw invalid(`${name} must be a function`);
}

/** Checks the options of both sync directions beyond the common ones. */
export function validateSyncOptions(options: SyncOptions): void {
  if (options.compare !== undefined && options.compare !== 'content' && options.compare !== 'none')
    throw invalid(`compare must be 'content' or 'none', not ${JSON.stringify(options.compare)}`);
  for (const name of ['include', 'exclude'] as const) {
    const globs = options[name];
    if (
      globs !== undefined &&
      (!Array.isArray(globs) || globs.some((glob) => typeof glob !== 'string' || glob === ''))
    )
      throw invalid(`${name} must be an array of non-empty glob strings`);
  }
  if (
    options.stateDirectory !== undefined &&
    (typeof options.stateDirectory !== 'string' || options.stateDirectory === '')
  )
    throw invalid('stateDirectory must be a non-empty path');
  if (options.partSize !== undefined && (!Number.isInteger(options.partSize) || options.partSize < 1))
    throw invalid('partSize must be a positive whole number of bytes');
  if (options.onProgress !== undefined && typeof options.onProgress !== 'function')
    throw invalid('onProgress must be a function');
  if (!hasMethod(options.rateLimit, 'take'))
    throw invalid('rateLimit must come from createRateLimit of @jsskit/http-transport (an object with take)');
  if (!hasMethod(options.memoryBudget, 'acquire'))
    throw invalid('memoryBudget must be a MemoryBudget of @jsskit/multipart (an object with acquire)');
}

/** True for undefined, or an object with that method (duck-checked as the engine does). */
function hasMethod(value: unknown, name: string): boolean {
  if (value === undefined) return true;
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Record<string, unknown>)[name] === 'function'
  );
}

/**
 * The folder prefix: `a` and `a/` both give `a/`, none or empty gives `` (the bucket's top).
 * @throws {SyncError} `SYNC_INVALID_OPTIONS` for a prefix JSS refuses as a key, or with an empty, `.` or
 * `..` segment.
 */
export function normalizePrefix(prefix: unknown): string {
  if (prefix === undefined || prefix === '') return '';
  if (typeof prefix !== 'string') throw invalid('prefix must be a string');
  const folder = prefix.endsWith('/') ? prefix : `${prefix}/`;
  if (!isValidObjectKey(folder)) throw invalid(`prefix ${JSON.stringify(prefix)} is not a key JSS accepts`);
  const segments = folder.slice(0, -1).split('/');
  if (segments.some((segment) => segment === '' || segment === '.' || segment === '..'))
    throw invalid(
      `prefix ${JSON.stringify(prefix)} has an empty, "." or ".." segment (a leading "/" or "//"): ` +
        'its keys could not be read back',
    );
  return folder;
}

/**
 * Checks that the state directory, when given and present, is a directory (it is made when missing).
 * @throws {SyncError} `SYNC_INVALID_OPTIONS` for a path that exists and is something else.
 */
export async function checkStateDirectory(stateDirectory: string | undefined): Promise<void> {
  if (stateDirectory === undefined) return;
  const stats = await stat(stateDirectory).catch(() => undefined);
  if (stats !== undefined && !stats.isDirectory())
    throw invalid(`stateDirectory ${stateDirectory} exists and is not a directory`);
}

/** Rejects an already-aborted run before anything is read or sent. */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted === true) throw new SyncError('SYNC_ABORTED', 'the sync was aborted before it started');
}
