// Everything that runs on any runtime with fetch (browsers, Deno, Bun, workers) as well as on Node: uploads
// from bytes, Blobs/Files, ReadableStreams and async iterables, hashed with @noble/hashes where node:crypto
// is missing. The package root (index.ts) adds what needs Node: file paths, FileCheckpointStore,
// downloadObject, stopOnSignals; and the cleanup of old uploads (an administrator's job, which the client's
// listMultipartUploads and abortMultipartUpload do anywhere), kept out of the browser bundle. Each group below starts with a comment and a blank line: Biome sorts the
// exports within a group and leaves the groups in place.

// Uploading

export { MemoryBudget } from './parts/memory-budget.ts';
export type { UploadSource } from './sources/upload-source.ts';
export { createUpload, type MultipartUpload, uploadObject } from './upload/multipart-upload.ts';
export type { PartEvent, UploadProgress } from './upload/progress.ts';
export type { UploadOptions, UploadResult } from './upload/upload-options.ts';

// Checkpoints

export type { CheckpointStore } from './checkpoints/checkpoint-store.ts';
export { IndexedDbCheckpointStore } from './checkpoints/indexeddb-checkpoint-store.ts';
export { MemoryCheckpointStore } from './checkpoints/memory-checkpoint-store.ts';
export type { UploadState } from './checkpoints/upload-state.ts';

// Planning: the part size, concurrency and memory an upload will use

export { planUpload } from './planning/plan-upload.ts';

// Browser uploads through presigned part URLs

export {
  completePresignedUpload,
  createPresignedUpload,
  presignUploadPart,
} from './presigned/presigned-upload.ts';

// Errors

export { MultipartError } from './errors.ts';
