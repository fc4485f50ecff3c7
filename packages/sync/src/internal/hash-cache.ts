import { mkdir, open, readFile, rename } from 'node:fs/promises';
import { join, sep } from 'node:path';
import type { LocalFile } from './walk-directory.ts';

/** What the cache knows of one file's content, valid while its size, mtime, ctime and inode stay. */
interface CacheEntry {
  readonly size: number;
  readonly mtimeMs: number;
  readonly ctimeMs: number;
  readonly ino: number;
  /** ETags this content has: its MD5, multipart ETags computed or confirmed by a transfer. */
  readonly known: string[];
  /** Layouts already computed: 0 for the MD5, else a part size. */
  readonly computed: number[];
}

const FILE_NAME = 'hash-cache.json';
const VERSION = 1;

/**
 * The hash cache: a small JSON file in the state directory (written to a temporary name, fsynced and
 * renamed), keyed by absolute path; without a state directory it lives for the run only.
 */
export class HashCache {
  readonly #path: string | undefined;
  readonly #entries: Map<string, CacheEntry>;
  #isDirty = false;

  private constructor(path: string | undefined, entries: Map<string, CacheEntry>) {
    this.#path = path;
    this.#entries = entries;
  }

  /** Opens the cache of a state directory (an unreadable or foreign file starts an empty one). */
  static async open(stateDirectory: string | undefined): Promise<HashCache> {
    if (stateDirectory === undefined) return new HashCache(undefined, new Map());
    const path = join(stateDirectory, FILE_NAME);
    try {
      const parsed = JSON.parse(await readFile(path, 'utf8')) as { version?: unknown; entries?: unknown };
      if (parsed.version === VERSION && typeof parsed.entries === 'object' && parsed.entries !== null)
        return new HashCache(path, new Map(Object.entries(parsed.entries as Record<string, CacheEntry>)));
    } catch {
      // Missing or damaged: the cache only saves work, so start empty.
    }
    return new HashCache(path, new Map());
  }

  /** The entry of a file whose identity has not changed since it was cached. */
  lookup(
    file: LocalFile,
  ): { readonly known: readonly string[]; readonly computed: readonly number[] } | undefined {
    const entry = this.#entries.get(file.path);
    if (entry === undefined) return undefined;
    const isSame =
      entry.size === file.size &&
      entry.mtimeMs === file.mtimeMs &&
      entry.ctimeMs === file.ctimeMs &&
      entry.ino === file.ino;
    return isSame && Array.isArray(entry.known) && Array.isArray(entry.computed) ? entry : undefined;
  }

  /** Adds ETags (and the layouts they came from) to what is known of a file's content. */
  remember(file: LocalFile, etags: readonly string[], layouts: readonly number[] = []): void {
    const previous = this.lookup(file);
    const known = new Set([...(previous?.known ?? []), ...etags]);
    const computed = new Set([...(previous?.computed ?? []), ...layouts]);
    const { size, mtimeMs, ctimeMs, ino } = file;
    this.#entries.set(file.path, { size, mtimeMs, ctimeMs, ino, known: [...known], computed: [...computed] });
    this.#isDirty = true;
  }

  /** Drops the entries of files under `root` that a walk of it no longer found (`paths`: those it found). */
  forgetMissing(root: string, paths: ReadonlySet<string>): void {
    const under = root.endsWith(sep) ? root : `${root}${sep}`;
    for (const path of this.#entries.keys()) {
      if (!path.startsWith(under) || paths.has(path)) continue;
      this.#entries.delete(path);
      this.#isDirty = true;
    }
  }

  /** Writes the cache atomically if it changed (a no-op without a state directory). */
  async save(): Promise<void> {
    if (this.#path === undefined || !this.#isDirty) return;
    const directory = join(this.#path, '..');
    await mkdir(directory, { recursive: true });
    const temporary = `${this.#path}.${process.pid}.${Date.now()}.tmp`;
    const handle = await open(temporary, 'w');
    try {
      await handle.writeFile(
        JSON.stringify({ version: VERSION, entries: Object.fromEntries(this.#entries) }),
      );
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, this.#path);
    this.#isDirty = false;
  }
}
