// Uploading, planning, checkpoints, cleanup and browser flows: everything in ./web.ts, plus what needs Node.

// Checkpoints in files
export { FileCheckpointStore, type FileCheckpointStoreOptions } from './checkpoints/file-checkpoint-store.ts';
// Downloading
export type { DownloadCheck } from './download/download-hashes.ts';
export {
  type DownloadOptions,
  type DownloadProgress,
  type DownloadResult,
  downloadObject,
} from './download/download-object.ts';
// Shutting down on SIGINT/SIGTERM
export { type SignalStop, type StopOnSignalsOptions, stopOnSignals } from './signals/stop-on-signals.ts';
export * from './web.ts';
