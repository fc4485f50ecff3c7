// Uploading, planning, checkpoints, cleanup and browser flows: everything in ./web.ts, plus what needs Node.

// Downloading
export type { DownloadCheck } from './download-hashes.ts';
export {
  type DownloadOptions,
  type DownloadProgress,
  type DownloadResult,
  downloadObject,
} from './download-object.ts';
// Checkpoints in files
export { FileCheckpointStore, type FileCheckpointStoreOptions } from './file-checkpoint-store.ts';
// Shutting down on SIGINT/SIGTERM
export { type SignalStop, type StopOnSignalsOptions, stopOnSignals } from './stop-on-signals.ts';
export * from './web.ts';
