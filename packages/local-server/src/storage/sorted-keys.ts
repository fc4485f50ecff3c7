/** Keys of one bucket in lexicographic (UTF-16 code unit) order, as listings return them. */
export class SortedKeys {
  readonly #keys: string[] = [];

  get size(): number {
    return this.#keys.length;
  }

  /** Index of the first key strictly greater than `key` (or equal, with `inclusive`). */
  indexAfter(key: string, inclusive = false): number {
    let low = 0;
    let high = this.#keys.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      const current = this.#keys[middle] as string;
      if (current < key || (!inclusive && current === key)) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  at(index: number): string | undefined {
    return this.#keys[index];
  }

  add(key: string): void {
    const index = this.indexAfter(key, true);
    if (this.#keys[index] !== key) this.#keys.splice(index, 0, key);
  }

  delete(key: string): void {
    const index = this.indexAfter(key, true);
    if (this.#keys[index] === key) this.#keys.splice(index, 1);
  }
}
