import type { UploadState } from './upload-state.ts';

/** Releases a checkpoint lock. */
export type ReleaseLock = () => Promise<void>;

/**
 * Where upload states live between runs. Writes must be atomic (a reader sees the old or the new state,
 * never half of one); `lock` must be exclusive across every process that shares the store.
 */
export interface CheckpointStore {
  load(id: string): Promise<UploadState | undefined>;
  save(id: string, state: UploadState): Promise<void>;
  remove(id: string): Promise<void>;
  /** Takes the lock of one checkpoint, or rejects with a MultipartError `MULTIPART_LOCKED`. */
  lock(id: string): Promise<ReleaseLock>;
  /** The ids of every saved checkpoint; needed to sweep only one's own uploads (`ownedBy`). */
  list?(): Promise<string[]>;
}
