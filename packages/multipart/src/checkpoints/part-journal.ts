import type { CheckpointStore } from './checkpoint-store.ts';
import type { UploadedPart, UploadState } from './upload-state.ts';

/**
 * The parts of a multipart upload acknowledged so far, and its state with them, saved to the checkpoint
 * after every part (saves one after another, in the order the parts were acknowledged).
 */
export class PartJournal {
  /** Acknowledged parts by number, reused ones included. */
  readonly done: Map<number, UploadedPart>;
  readonly #checkpoint: { readonly store: CheckpointStore; readonly id: string } | undefined;
  #state: UploadState;
  #saving: Promise<void> = Promise.resolve();

  constructor(
    state: UploadState,
    checkpoint: { readonly store: CheckpointStore; readonly id: string } | undefined,
  ) {
    this.#state = state;
    this.#checkpoint = checkpoint;
    this.done = new Map(state.parts.map((part) => [part.partNumber, part]));
  }

  /** The state with every part recorded so far. */
  get state(): UploadState {
    return this.#state;
  }

  /** Records an acknowledged part; resolves once the checkpoint holds it (rejects if a save failed). */
  async record(part: UploadedPart): Promise<void> {
    this.done.set(part.partNumber, part);
    this.#state = {
      ...this.#state,
      parts: [...this.done.values()].sort((a, b) => a.partNumber - b.partNumber),
    };
    const snapshot = this.#state;
    const checkpoint = this.#checkpoint;
    if (checkpoint === undefined) return;
    this.#saving = this.#saving.then(() => checkpoint.store.save(checkpoint.id, snapshot));
    await this.#saving;
  }

  /** Resolves when every save started has ended. */
  saved(): Promise<void> {
    return this.#saving;
  }
}
