import { open, readFile, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { createFileId } from '../internal/ids.ts';

/**
 * Writes a file so that readers and crashes see either the old content or the new, never a mix: temporary
 * file in the same directory, fsync, rename, then fsync of the directory so the rename itself is durable.
 */
export async function writeFileAtomic(path: string, content: string | Uint8Array): Promise<void> {
  const temporary = join(dirname(path), `.${basename(path)}.${createFileId()}.tmp`);
  await writeSynced(temporary, content, 'w');
  try {
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
  await syncDirectory(dirname(path));
}

/** Whether a file name is the temporary file of a {@link writeFileAtomic} that a crash interrupted. */
export function isAtomicWriteLeftover(name: string): boolean {
  return name.startsWith('.') && name.endsWith('.tmp');
}

/**
 * Writes `content` to the file at `path` (`wx`: only if it does not exist yet) and fsyncs it. A failed write
 * or fsync (a full disk) removes the file instead of leaving a partial one behind.
 */
export async function writeSynced(
  path: string,
  content: string | Uint8Array,
  flags: 'w' | 'wx',
): Promise<void> {
  const handle = await open(path, flags);
  try {
    await handle.writeFile(content);
    await handle.sync();
  } catch (error) {
    await handle.close();
    await rm(path, { force: true });
    throw error;
  }
  await handle.close();
}

/** fsync of a directory, so that a rename or creation inside it survives a crash. */
export async function syncDirectory(path: string): Promise<void> {
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Reads a JSON file, or `undefined` when it does not exist. */
export async function readJsonFile<T>(path: string): Promise<T | undefined> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as T;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}
