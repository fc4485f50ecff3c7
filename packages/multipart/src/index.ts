// The package: everything of ./web.ts (listed again here, no `export *`, so that this file is the whole
// public surface), plus what needs Node. Each group starts with a comment and a blank line: Biome sorts the
// exports within a group and leaves the groups in place.

// Uploading

export { MemoryBudget } from './parts/memory-budget.ts';
export type { UploadSource } from './sources/upload-source.ts';
export { createUpload, type MultipartUpload, uploadObject } from './upload/multipart-upload.ts';
export type { PartEvent, UploadProgress } from './upload/progress.ts';
export type { UploadOptions, UploadResult } from './upload/upload-options.ts';

// Checkpoints

export type { CheckpointStore } from './checkpoints/checkpoint-store.ts';
export { FileCheckpointStore } from './checkpoints/file-checkpoint-store.ts';
export { IndexedDbCheckpointStore } from './checkpoints/indexeddb-checkpoint-store.ts';
export { MemoryCheckpointStore } from './checkpoints/memory-checkpoint-store.ts';
export type { UploadState } from './checkpoints/upload-state.ts';

// Downloading (Node)

export { type DownloadProgress, downloadObject } from './download/download-object.ts';

// Stopping on SIGINT/SIGTERM (Node)

export { stopOnSignals } from './signals/stop-on-signals.ts';

// Planning: the part size, concurrency and memory an upload will use

export { planUpload } from './planning/plan-upload.ts';

// Browser uploads through presigned part URLs

export {
  completePresignedUpload,
  createPresignedUpload,
  presignUploadPart,
} from './presigned/presigned-upload.ts';

// Cleaning up

export { listIncompleteUploads, sweepIncompleteUploads } from './cleanup/sweep-uploads.ts';

// Errors

export { MultipartError } from './errors.ts';
