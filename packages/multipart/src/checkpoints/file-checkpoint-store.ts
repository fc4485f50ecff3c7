import { randomBytes } from 'node:crypto';
import { open, readdir, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { MultipartError } from '../errors.ts';
import { makeDirectory } from '../internal/make-directory-node.ts';
import type { CheckpointStore, ReleaseLock } from './checkpoint-store.ts';
import { acquireFileLock, type FileLockOptions } from './file-lock.ts';
import type { UploadState } from './upload-state.ts';

/** Options of {@link FileCheckpointStore}: the lock's staleness rule (docs/adr/0024-checkpoint-lock.md). */
export interface FileCheckpointStoreOptions {
  /**
   * A lock whose file nobody touched for this long is stale and may be taken over, whichever host holds it
   * (a lock of a dead process on this host is stale at once). @defaultValue 300000 (5 minutes)
   */
  readonly staleMs?: number | undefined;
  /** How often a held lock's mtime is refreshed; below `staleMs`. @defaultValue 30000 */
  readonly heartbeatMs?: number | undefined;
  /** The clock lock files are touched with and judged by. @defaultValue Date.now */
  readonly now?: (() => number) | undefined;
  /** Runs the heartbeat; returns what stops it (tests drive it by hand). @defaultValue an unref'd setInterval */
  readonly schedule?: ((beat: () => Promise<void>, ms: number) => () => void) | undefined;
  /** Awaited after a lock was judged stale, before taking it over: a seam to interleave processes in tests. */
  readonly onStaleLock?: ((path: string) => Promise<void> | void) | undefined;
}

function scheduleInterval(beat: () => Promise<void>, ms: number): () => void {
  const timer = setInterval(() => void beat().catch(() => undefined), ms);
  timer.unref();
  return () => clearInterval(timer);
}

/** fsync of a directory, so that a rename into it survives a crash (twin of local-server's). */
async function syncDirectory(path: string): Promise<void> {
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Checkpoints as JSON files in one directory, each written to a temporary file, fsynced, renamed over the
 * old one and the directory fsynced, so a crash at any moment leaves the previous or the new state; a
 * temporary file left by a killed writer is removed by the next holder of the checkpoint's lock. The lock is
 * a `.lock` file created exclusively (pid, host, token), its mtime refreshed while held; a lock of a dead
 * process on this host, or one untouched for `staleMs` (another host's), is taken over, by one process only.
 */
export class FileCheckpointStore implements CheckpointStore {
  readonly directory: string;

  readonly #lock: FileLockOptions;

  constructor(directory: string, options: FileCheckpointStoreOptions = {}) {
    this.directory = directory;
    const staleMs = options.staleMs ?? 300_000;
    const heartbeatMs = options.heartbeatMs ?? 30_000;
    if (
      !(
        Number.isInteger(staleMs) &&
        Number.isInteger(heartbeatMs) &&
        heartbeatMs > 0 &&
        heartbeatMs < staleMs
      )
    )
      throw new MultipartError(
        'MULTIPART_INVALID_OPTIONS',
        'staleMs and heartbeatMs must be positive integers, heartbeatMs below staleMs',
      );
    this.#lock = {
      staleMs,
      heartbeatMs,
      now: options.now ?? Date.now,
      schedule: options.schedule ?? scheduleInterval,
      onStaleLock: options.onStaleLock,
    };
  }

  #path(id: string, suffix: string): string {
    if (!/^[\w.-]+$/.test(id))
      throw new MultipartError(
        'MULTIPART_INVALID_OPTIONS',
        'a checkpoint id may hold only letters, digits, ".", "_" and "-"',
      );
    return join(this.directory, `${id}${suffix}`);
  }

  async load(id: string): Promise<UploadState | undefined> {
    try {
      const state = JSON.parse(await readFile(this.#path(id, '.json'), 'utf8')) as UploadState;
      return state.version === 1 ? state : undefined;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT' || error instanceof SyntaxError)
        return undefined;
      throw error;
    }
  }

  async save(id: string, state: UploadState): Promise<void> {
    await makeDirectory(this.directory);
    const target = this.#path(id, '.json');
    const temporary = `${target}.${randomBytes(4).toString('hex')}.tmp`;
    try {
      const handle = await open(temporary, 'w');
      try {
        await handle.writeFile(JSON.stringify(state));
        await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(temporary, target);
    } catch (error) {
      await rm(temporary, { force: true });
      throw error;
    }
    await syncDirectory(this.directory);
  }

  // Temporary files of `id` left by a writer killed mid-save: only the lock's holder writes them.
  async #removeLeftovers(id: string): Promise<void> {
    const prefix = `${id}.json.`;
    for (const name of await readdir(this.directory))
      if (name.startsWith(prefix) && name.endsWith('.tmp'))
        await rm(join(this.directory, name), { force: true });
  }

  async list(): Promise<string[]> {
    const names = await readdir(this.directory).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return [];
      throw error;
    });
    return names.filter((name) => /^[\w.-]+\.json$/.test(name)).map((name) => name.slice(0, -'.json'.length));
  }

  async remove(id: string): Promise<void> {
    await rm(this.#path(id, '.json'), { force: true });
  }

  async lock(id: string): Promise<ReleaseLock> {
    await makeDirectory(this.directory);
    const release = await acquireFileLock(this.#path(id, '.lock'), this.#lock);
    await this.#removeLeftovers(id);
    return release;
  }
}
