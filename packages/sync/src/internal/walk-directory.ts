import type { Dirent, Stats } from 'node:fs';
import { lstat, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { SyncError } from '../errors.ts';

/** A regular file found by {@link walkDirectory}. */
export interface LocalFile {
  /** `/`-separated path below the root. */
  readonly relative: string;
  readonly path: string;
  readonly size: number;
  readonly mtimeMs: number;
  readonly ctimeMs: number;
  readonly ino: number;
}

/** An entry the walk reports without a file: a symlink not followed, or a failure. */
export interface WalkEntry {
  readonly relative: string;
  readonly path: string;
}

/** What a walk found. */
export interface WalkResult {
  readonly files: LocalFile[];
  /** Symbolic links not followed (or dangling). */
  readonly symlinks: WalkEntry[];
  /** Names that are not UTF-8 (`SYNC_INVALID_KEY`) and directories that could not be read (`SYNC_LOCAL_FAILED`). */
  readonly failures: (WalkEntry & { readonly error: SyncError })[];
}

interface WalkOptions {
  readonly followSymlinks: boolean;
  readonly ignore?: ((name: string) => boolean) | undefined;
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Walks a directory tree: regular files with their identity, symlinks followed only when asked (each
 * directory visited once). A subdirectory that cannot be read is a failure, a file that vanished is left out.
 * @throws {SyncError} `SYNC_LOCAL_FAILED` when the root itself cannot be read.
 */
export async function walkDirectory(root: string, options: WalkOptions): Promise<WalkResult> {
  const result: WalkResult = { files: [], symlinks: [], failures: [] };
  const rootStats = await stat(root);
  const visited = new Set([`${rootStats.dev}:${rootStats.ino}`]);
  const pending: WalkEntry[] = [{ path: root, relative: '' }];
  for (let directory = pending.pop(); directory !== undefined; directory = pending.pop()) {
    let entries: Dirent<Buffer>[];
    try {
      entries = await readdir(directory.path, { withFileTypes: true, encoding: 'buffer' });
    } catch (error) {
      const failure = unreadable(directory, error);
      if (directory.relative === '') throw failure.error;
      result.failures.push(failure);
      continue;
    }
    for (const entry of entries) {
      const child = await visitEntry(directory, entry, { options, result });
      if (child === undefined) continue;
      const identity = `${child.stats.dev}:${child.stats.ino}`;
      if (visited.has(identity)) continue;
      visited.add(identity);
      pending.push({ path: child.path, relative: `${child.relative}/` });
    }
  }
  result.files.sort((a, b) => (a.relative < b.relative ? -1 : a.relative > b.relative ? 1 : 0));
  return result;
}

function unreadable(directory: WalkEntry, error: unknown): WalkEntry & { error: SyncError } {
  const message = `the directory ${directory.path} could not be read: ${(error as Error).message}`;
  return { ...directory, error: new SyncError('SYNC_LOCAL_FAILED', message, { cause: error }) };
}

/** Records one entry in the result; returns it when it is a directory to descend into. */
async function visitEntry(
  directory: WalkEntry,
  entry: Dirent<Buffer>,
  walk: { readonly options: WalkOptions; readonly result: WalkResult },
): Promise<(WalkEntry & { readonly stats: Stats }) | undefined> {
  const { options, result } = walk;
  const path = join(directory.path, entry.name.toString());
  let name: string;
  try {
    name = UTF8.decode(entry.name);
  } catch {
    const relative = `${directory.relative}${entry.name.toString()}`;
    const error = new SyncError(
      'SYNC_INVALID_KEY',
      `${JSON.stringify(relative)} is not UTF-8: no JSS key can hold it`,
    );
    result.failures.push({ relative, path, error });
    return undefined;
  }
  if (options.ignore?.(name) === true) return undefined;
  const relative = `${directory.relative}${name}`;
  const stats = await statEntry(path, entry.isSymbolicLink(), options.followSymlinks);
  if (stats === 'gone') return undefined;
  if (stats === undefined) result.symlinks.push({ relative, path });
  else if (stats.isDirectory()) return { relative, path, stats };
  else if (stats.isFile()) {
    const { size, mtimeMs, ctimeMs, ino } = stats;
    result.files.push({ relative, path, size, mtimeMs, ctimeMs, ino });
  }
  return undefined;
}

/** The entry's stats; undefined for a symlink not followed or dangling; 'gone' for an entry that vanished. */
async function statEntry(
  path: string,
  isSymlink: boolean,
  followSymlinks: boolean,
): Promise<Stats | undefined | 'gone'> {
  if (isSymlink && !followSymlinks) return undefined;
  try {
    return await (isSymlink ? stat(path) : lstat(path));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' && !isSymlink) return 'gone';
    if (isSymlink) return undefined;
    throw error;
  }
}
