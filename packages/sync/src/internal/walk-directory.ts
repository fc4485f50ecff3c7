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
  /** Followed symlinks to a directory the walk visits by another path (a real path always wins). */
  readonly duplicates: WalkEntry[];
  /** Names that are not UTF-8 (`SYNC_INVALID_KEY`) and directories that could not be read (`SYNC_LOCAL_FAILED`). */
  readonly failures: (WalkEntry & { readonly error: SyncError })[];
}

interface WalkOptions {
  readonly followSymlinks: boolean;
  readonly ignore?: ((name: string) => boolean) | undefined;
  /** An absolute path left out with everything below it (the state directory inside the tree). */
  readonly exclude?: string | undefined;
}

/** A directory found by the walk, waiting to be read. */
interface PendingDirectory extends WalkEntry {
  readonly identity: string;
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Walks a directory tree: regular files with their identity, symlinks followed only when asked. Each
 * directory is read once, and every directory reached without a symlink is read before any reached through
 * one, so a real path always wins over a symlinked one (the symlink is reported in `duplicates`).
 * A subdirectory that cannot be read is a failure, a file that vanished is left out.
 * @throws {SyncError} `SYNC_LOCAL_FAILED` when the root itself cannot be read.
 */
export async function walkDirectory(root: string, options: WalkOptions): Promise<WalkResult> {
  const result: WalkResult = { files: [], symlinks: [], duplicates: [], failures: [] };
  const rootStats = await stat(root);
  const visited = new Set<string>();
  const real: PendingDirectory[] = [{ path: root, relative: '', identity: identityOf(rootStats) }];
  const linked: PendingDirectory[] = [];
  for (let directory = real.pop() ?? linked.pop(); directory !== undefined; ) {
    if (visited.has(directory.identity)) {
      result.duplicates.push({ path: directory.path, relative: directory.relative.slice(0, -1) });
    } else {
      visited.add(directory.identity);
      const children = await readDirectory(directory, { options, result });
      for (const child of children) (child.isLink ? linked : real).push(child);
    }
    directory = real.pop() ?? linked.pop();
  }
  result.files.sort((a, b) => (a.relative < b.relative ? -1 : a.relative > b.relative ? 1 : 0));
  return result;
}

function identityOf(stats: Stats): string {
  return `${stats.dev}:${stats.ino}`;
}

/** Reads one directory into the result; returns its subdirectories to walk, each marked when reached by a link. */
async function readDirectory(
  directory: PendingDirectory,
  walk: { readonly options: WalkOptions; readonly result: WalkResult },
): Promise<(PendingDirectory & { readonly isLink: boolean })[]> {
  let entries: Dirent<Buffer>[];
  try {
    entries = await readdir(directory.path, { withFileTypes: true, encoding: 'buffer' });
  } catch (error) {
    const failure = unreadable(directory, error);
    if (directory.relative === '') throw failure.error;
    walk.result.failures.push(failure);
    return [];
  }
  const children: (PendingDirectory & { readonly isLink: boolean })[] = [];
  for (const entry of entries) {
    const child = await visitEntry(directory, entry, walk);
    if (child === undefined) continue;
    const { path, relative, stats } = child;
    children.push({
      path,
      relative: `${relative}/`,
      identity: identityOf(stats),
      isLink: entry.isSymbolicLink(),
    });
  }
  return children;
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
  if (options.ignore?.(name) === true || path === options.exclude) return undefined;
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
