import { readdir, rm } from 'node:fs/promises';
import { readJsonFile, syncDirectory, writeFileAtomic } from './atomic-file.ts';
import type { Layout } from './layout.ts';
import type { BucketRecord } from './records.ts';

/** Buckets, one small JSON file each, mirrored in memory. */
export class BucketStore {
  readonly #layout: Layout;
  readonly #buckets = new Map<string, BucketRecord>();

  constructor(layout: Layout) {
    this.#layout = layout;
  }

  async load(): Promise<void> {
    for (const name of await readdir(this.#layout.buckets)) {
      if (!name.endsWith('.json') || name.startsWith('.')) continue;
      const record = await readJsonFile<BucketRecord>(this.#layout.bucketFile(name.slice(0, -5)));
      if (record !== undefined) this.#buckets.set(record.name, record);
    }
  }

  get count(): number {
    return this.#buckets.size;
  }

  get(name: string): BucketRecord | undefined {
    return this.#buckets.get(name);
  }

  list(): BucketRecord[] {
    return [...this.#buckets.values()].sort((a, b) => (a.name < b.name ? -1 : 1));
  }

  async create(name: string, now: Date): Promise<BucketRecord> {
    const record = { name, createdAt: now.toISOString() };
    await writeFileAtomic(this.#layout.bucketFile(name), JSON.stringify(record));
    this.#buckets.set(name, record);
    return record;
  }

  async delete(name: string): Promise<void> {
    await rm(this.#layout.bucketFile(name), { force: true });
    await syncDirectory(this.#layout.buckets);
    this.#buckets.delete(name);
    await rm(this.#layout.bucketObjects(name), { recursive: true, force: true });
  }
}
