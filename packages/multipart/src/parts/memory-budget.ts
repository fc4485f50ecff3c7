/** A buffer lent by a {@link MemoryBudget}; give it back with `release()` once the part is acknowledged. */
export interface BufferLease {
  readonly buffer: Uint8Array;
  release(): void;
}

interface Waiter {
  readonly bytes: number;
  readonly grant: () => void;
}

// Node's Buffer skips the zero fill (the bytes are overwritten by the source at once); browsers have no Buffer.
const allocate: (bytes: number) => Uint8Array =
  typeof Buffer === 'function' ? (bytes) => Buffer.allocUnsafeSlow(bytes) : (bytes) => new Uint8Array(bytes);

/**
 * One memory budget for part buffers, shared by every upload that uses it (the default one is shared by
 * the whole process). A reader waits when the budget is spent, so memory never grows past it; a part
 * larger than the whole budget is let through alone. Released buffers are pooled by size and reused:
 * fresh memory costs about 2.8 CPU-seconds per GiB here, a reused buffer nothing.
 */
export class MemoryBudget {
  readonly limitBytes: number;
  #usedBytes = 0;
  #pooledBytes = 0;
  readonly #pool = new Map<number, Uint8Array[]>();
  readonly #waiters: Waiter[] = [];

  constructor(limitBytes: number) {
    if (!Number.isFinite(limitBytes) || limitBytes <= 0)
      throw new RangeError('limitBytes must be a positive number');
    this.limitBytes = limitBytes;
  }

  /** Bytes lent out now. */
  get usedBytes(): number {
    return this.#usedBytes;
  }

  /** Lends a buffer of `bytes`, waiting for room. Rejects with the signal's reason when it fires first. */
  async acquire(bytes: number, signal?: AbortSignal): Promise<BufferLease> {
    if (signal?.aborted) throw signal.reason;
    if (this.#waiters.length === 0 && this.#fits(bytes)) {
      this.#usedBytes += bytes;
      return this.#lend(bytes);
    }
    // Granted by #wake, which counts the bytes as used before it resolves.
    await new Promise<void>((resolve, reject) => {
      const onAbort = () => {
        this.#waiters.splice(this.#waiters.indexOf(waiter), 1);
        reject(signal?.reason);
        this.#wake();
      };
      const waiter: Waiter = {
        bytes,
        grant: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#waiters.push(waiter);
    });
    return this.#lend(bytes);
  }

  #fits(bytes: number): boolean {
    return this.#usedBytes === 0 || this.#usedBytes + bytes <= this.limitBytes;
  }

  #lend(bytes: number): BufferLease {
    const pooled = this.#pool.get(bytes)?.pop();
    if (pooled !== undefined) this.#pooledBytes -= bytes;
    const buffer = pooled ?? allocate(bytes);
    let isReleased = false;
    return {
      buffer,
      release: () => {
        if (isReleased) return;
        isReleased = true;
        this.#usedBytes -= bytes;
        this.#keep(buffer);
        this.#wake();
      },
    };
  }

  // Keeps freed buffers while lent plus pooled memory stays within the budget.
  #keep(buffer: Uint8Array): void {
    if (this.#usedBytes + this.#pooledBytes + buffer.length > this.limitBytes) return;
    const list = this.#pool.get(buffer.length) ?? [];
    list.push(buffer);
    this.#pool.set(buffer.length, list);
    this.#pooledBytes += buffer.length;
  }

  #wake(): void {
    while (this.#waiters.length > 0 && this.#fits((this.#waiters[0] as Waiter).bytes)) {
      const waiter = this.#waiters.shift() as Waiter;
      this.#usedBytes += waiter.bytes;
      waiter.grant();
    }
  }
}
