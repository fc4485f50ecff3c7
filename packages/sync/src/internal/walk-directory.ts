import type { Stats } from 'node:fs';
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

/** What a walk found besides regular files. */
export interface WalkResult {
  readonly files: LocalFile[];
  /** Symbolic links not followed (or dangling), by relative path. */
  readonly symlinks: { readonly relative: string; readonly path: string }[];
  /** Names that are not UTF-8 (no key can hold them as they are). */
  readonly unreadableNames: { readonly relative: string; readonly path: string; readonly error: SyncError }[];
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });

/** Walks a directory tree: regular files with their identity, symlinks followed only when asked. */
export async function walkDirectory(
  root: string,
  options: { readonly followSymlinks: boolean; readonly ignore?: ((name: string) => boolean) | undefined },
): Promise<WalkResult> {
  const result: WalkResult = { files: [], symlinks: [], unreadableNames: [] };
  const visited = new Set<string>();
  const rootStats = await stat(root);
  visited.add(`${rootStats.dev}:${rootStats.ino}`);
  const pending: { directory: string; relative: string }[] = [{ directory: root, relative: '' }];
  while (pending.length > 0) {
    const { directory, relative } = pending.pop() as { directory: string; relative: string };
    for (const entry of await readdir(directory, { withFileTypes: true, encoding: 'buffer' })) {
      const rawName = entry.name;
      const path = join(directory, rawName.toString());
      let name: string;
      try {
        name = UTF8.decode(rawName);
      } catch {
        const shown = `${relative}${rawName.toString()}`;
        const error = new SyncError(
          'SYNC_INVALID_KEY',
          `${JSON.stringify(shown)} is not UTF-8: no JSS key can hold it`,
        );
        result.unreadableNames.push({ relative: shown, path, error });
        continue;
      }
      if (options.ignore?.(name) === true) continue;
      const childRelative = `${relative}${name}`;
      const childStats = await statEntry(path, entry.isSymbolicLink(), options.followSymlinks);
      if (childStats === undefined) {
        result.symlinks.push({ relative: childRelative, path });
      } else if (childStats.isDirectory()) {
        const identity = `${childStats.dev}:${childStats.ino}`;
        if (visited.has(identity)) continue;
        visited.add(identity);
        pending.push({ directory: path, relative: `${childRelative}/` });
      } else if (childStats.isFile()) {
        result.files.push({
          relative: childRelative,
          path,
          size: childStats.size,
          mtimeMs: childStats.mtimeMs,
          ctimeMs: childStats.ctimeMs,
          ino: childStats.ino,
        });
      }
    }
  }
  result.files.sort((a, b) => (a.relative < b.relative ? -1 : a.relative > b.relative ? 1 : 0));
  return result;
}

/** The entry's stats; undefined for a symlink not followed, or one that points nowhere. */
async function statEntry(
  path: string,
  isSymlink: boolean,
  followSymlinks: boolean,
): Promise<Stats | undefined> {
  if (!isSymlink) return lstat(path);
  if (!followSymlinks) return undefined;
  try {
    return await stat(path);
  } catch {
    return undefined;
  }
}
