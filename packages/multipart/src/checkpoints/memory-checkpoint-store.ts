import { MultipartError } from '../errors.ts';
import type { CheckpointStore, ReleaseLock } from './checkpoint-store.ts';
import type { UploadState } from './upload-state.ts';

/** A checkpoint store in memory: pause and resume within one process, and tests. */
export class MemoryCheckpointStore implements CheckpointStore {
  readonly #states = new Map<string, string>();
  readonly #locks = new Set<string>();

  async load(id: string): Promise<UploadState | undefined> {
    const text = this.#states.get(id);
    return text === undefined ? undefined : (JSON.parse(text) as UploadState);
  }

  async save(id: string, state: UploadState): Promise<void> {
    this.#states.set(id, JSON.stringify(state));
  }

  async remove(id: string): Promise<void> {
    this.#states.delete(id);
  }

  async list(): Promise<string[]> {
    return [...this.#states.keys()];
  }

  async lock(id: string): Promise<ReleaseLock> {
    if (this.#locks.has(id))
      throw new MultipartError('MULTIPART_LOCKED', `checkpoint ${id} is in use by another upload`);
    this.#locks.add(id);
    return async () => {
      this.#locks.delete(id);
    };
  }
}
