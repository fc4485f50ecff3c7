// Everything that runs on any runtime with fetch (browsers, Deno, Bun, workers) as well as on Node: uploads
// from bytes, Blobs/Files, ReadableStreams and async iterables, hashed with @noble/hashes where node:crypto
// is missing. The package root adds what needs Node: file paths, FileCheckpointStore, downloadObject.
// Checkpoints
export type { CheckpointStore, ReleaseLock } from './checkpoints/checkpoint-store.ts';
export {
  IndexedDbCheckpointStore,
  type IndexedDbCheckpointStoreOptions,
} from './checkpoints/indexeddb-checkpoint-store.ts';
export { MemoryCheckpointStore } from './checkpoints/memory-checkpoint-store.ts';
export type { UploadedPart, UploadState } from './checkpoints/upload-state.ts';
export {
  listIncompleteUploads,
  type SweepOptions,
  type SweepResult,
  sweepIncompleteUploads,
} from './cleanup/sweep-uploads.ts';
// Cleaning up
export { abortMultipartUpload, listUploadedParts, type UploadRef } from './cleanup/upload-admin.ts';
// Errors
export { MultipartError, type MultipartErrorCode, type MultipartErrorDetails } from './errors.ts';
export { type BufferLease, MemoryBudget } from './parts/memory-budget.ts';
export type { SlowPartOptions } from './parts/part-pace.ts';
export { DEFAULT_CONCURRENCY, DEFAULT_PART_SIZE, defaultMemoryBudget } from './planning/defaults.ts';
export { GROWTH_STEP_PARTS, partSizeAt, partSizeForKnownSize } from './planning/plan-parts.ts';
// Planning and limits
export { type PlanOptions, planUpload, type UploadPlan } from './planning/plan-upload.ts';
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
} from './presigned/presigned-upload.ts';
export type { ServiceConnection } from './service/service-connection.ts';
export { JSS_PROFILE, type ServiceProfile } from './service/service-profile.ts';
export type { SourceFingerprint } from './sources/source-fingerprint.ts';
export type { UploadSource } from './sources/upload-source.ts';
// Adaptive concurrency
export {
  ConcurrencyLimit,
  type ConcurrencyPermit,
  isThrottledAttempt,
  isThrottling,
} from './throttling/concurrency-limit.ts';
export { createUpload, MultipartUpload, uploadObject } from './upload/multipart-upload.ts';
export type { PartEvent, UploadProgress } from './upload/progress.ts';
export type { UploadOptions, UploadResult } from './upload/upload-options.ts';
