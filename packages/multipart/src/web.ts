// Everything that runs on any runtime with fetch (browsers, Deno, Bun, workers) as well as on Node: uploads
// from bytes, Blobs/Files, ReadableStreams and async iterables, hashed with @noble/hashes where node:crypto
// is missing. The package root adds what needs Node: file paths, FileCheckpointStore, downloadObject.
// Checkpoints
export type { CheckpointStore, ReleaseLock } from './checkpoint-store.ts';
// Adaptive concurrency
export {
  ConcurrencyLimit,
  type ConcurrencyPermit,
  isThrottledAttempt,
  isThrottling,
} from './concurrency-limit.ts';
// Errors
export { MultipartError, type MultipartErrorCode, type MultipartErrorDetails } from './errors.ts';
export {
  IndexedDbCheckpointStore,
  type IndexedDbCheckpointStoreOptions,
} from './indexeddb-checkpoint-store.ts';
export { type BufferLease, MemoryBudget } from './memory-budget.ts';
export { MemoryCheckpointStore } from './memory-checkpoint-store.ts';
export {
  createUpload,
  DEFAULT_CONCURRENCY,
  DEFAULT_PART_SIZE,
  defaultMemoryBudget,
  MultipartUpload,
  uploadObject,
} from './multipart-upload.ts';
export type { SlowPartOptions } from './part-pace.ts';
export { GROWTH_STEP_PARTS, partSizeAt, partSizeForKnownSize } from './plan-parts.ts';
// Planning and limits
export { type PlanOptions, planUpload, type UploadPlan } from './plan-upload.ts';
// Browser uploads through presigned part URLs
export {
  completePresignedUpload,
  createPresignedUpload,
  type PresignedPart,
  type PresignedUpload,
  type PresignedUploadOptions,
  type PresignedUploadResult,
  type PresignPartOptions,
  presignUploadPart,
} from './presigned-upload.ts';
export type { PartEvent, UploadProgress } from './progress.ts';
export type { ServiceConnection } from './service-connection.ts';
export { JSS_PROFILE, type ServiceProfile } from './service-profile.ts';
export type { SourceFingerprint } from './source-fingerprint.ts';
export {
  listIncompleteUploads,
  type SweepOptions,
  type SweepResult,
  sweepIncompleteUploads,
} from './sweep-uploads.ts';
// Cleaning up
export { abortMultipartUpload, listUploadedParts, type UploadRef } from './upload-admin.ts';
export type { UploadOptions, UploadResult } from './upload-options.ts';
export type { UploadSource } from './upload-source.ts';
export type { UploadedPart, UploadState } from './upload-state.ts';
