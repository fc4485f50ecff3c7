// The package: directory ↔ bucket sync by content, and deleting a folder of a bucket.

export { deletePrefix } from './delete-prefix.ts';
export { SyncError, type SyncErrorCode, type SyncErrorOptions } from './errors.ts';
export { syncFromBucket } from './sync-from-bucket.ts';
export type {
  DeletePrefixOptions,
  SyncAction,
  SyncFromBucketOptions,
  SyncOptions,
  SyncProgress,
  SyncResult,
  SyncToBucketOptions,
} from './sync-options.ts';
export { syncToBucket } from './sync-to-bucket.ts';
