import { MultipartError } from '@jsskit/multipart';
import { SyncError, type SyncErrorCode } from '../errors.ts';

const LOCAL_CODES = new Set(['MULTIPART_SOURCE_FAILED', 'MULTIPART_SOURCE_CHANGED']);

/** One file's failure as a typed SyncError (kept as is when it is one already), naming the key. */
export function toSyncError(error: unknown, code: SyncErrorCode, key: string): SyncError {
  if (SyncError.isInstance(error)) return error;
  const isLocal = MultipartError.isInstance(error) && LOCAL_CODES.has(error.code);
  const finalCode = isLocal ? 'SYNC_LOCAL_FAILED' : code;
  const message = error instanceof Error ? error.message : String(error);
  return new SyncError(finalCode, `${key}: ${message}`, { cause: error, key });
}
