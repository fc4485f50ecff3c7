import { randomBytes } from 'node:crypto';
import { open, readdir, readFile, rename, rm } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import type { CheckpointStore, ReleaseLock } from './checkpoint-store.ts';
import { MultipartError } from './errors.ts';
import { makeDirectory } from './internal/make-directory-node.ts';
import type { UploadState } from './upload-state.ts';

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Checkpoints as JSON files in one directory, each written to a temporary file, fsynced and renamed over
 * the old one, so a crash at any moment leaves the previous or the new state. The lock is a `.lock` file
 * created exclusively, holding the owner's pid and host; a lock left by a dead process on this host is
 * taken over.
 */
export class FileCheckpointStore implements CheckpointStore {
  readonly directory: string;

  constructor(directory: string) {
    this.directory = directory;
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
    const handle = await open(temporary, 'w');
    try {
      await handle.writeFile(JSON.stringify(state));
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, target);
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
    const path = this.#path(id, '.lock');
    const owner = { pid: process.pid, host: hostname() };
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        const handle = await open(path, 'wx');
        await handle.writeFile(JSON.stringify(owner));
        await handle.close();
        return () => rm(path, { force: true });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        const holder = await readFile(path, 'utf8').then(
          (text) => JSON.parse(text) as typeof owner,
          () => undefined,
        );
        const isStale = holder !== undefined && holder.host === owner.host && !isAlive(holder.pid);
        if (!isStale)
          throw new MultipartError(
            'MULTIPART_LOCKED',
            `checkpoint ${id} is locked by process ${holder?.pid ?? '?'} on ${holder?.host ?? '?'}`,
          );
        await rm(path, { force: true });
      }
    }
    throw new MultipartError('MULTIPART_LOCKED', `checkpoint ${id} could not be locked`);
  }
}
