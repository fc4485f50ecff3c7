import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import type { RequestLogEntry } from '@jsskit/local-server';

/** Writes files (relative path → content) under a directory, making the directories on the way. */
export async function writeTree(
  directory: string,
  files: Record<string, string | Uint8Array>,
): Promise<void> {
  for (const [path, content] of Object.entries(files)) {
    await mkdir(dirname(join(directory, path)), { recursive: true });
    await writeFile(join(directory, path), content);
  }
}

/** Every file under a directory (relative path → content as text), to compare with what was written. */
export async function readTree(directory: string): Promise<Record<string, string>> {
  const tree: Record<string, string> = {};
  for (const entry of await readdir(directory, { recursive: true, withFileTypes: true }))
    if (entry.isFile()) {
      const path = join(entry.parentPath, entry.name);
      tree[relative(directory, path).split('\\').join('/')] = await readFile(path, 'utf8');
    }
  return tree;
}

/** A request log the server fills, with counts by operation since it was last cleared. */
export function createRequestLog() {
  const entries: RequestLogEntry[] = [];
  return {
    entries,
    log: (entry: RequestLogEntry) => {
      entries.push(entry);
    },
    count: (operation: RequestLogEntry['operation']) =>
      entries.filter((entry) => entry.operation === operation).length,
    clear: () => {
      entries.length = 0;
    },
  };
}

/** Resolves once `check` holds, looking again every 20 ms (a wait for a state, never for a duration). */
export async function until(check: () => boolean): Promise<void> {
  while (!check()) await new Promise((resolve) => setTimeout(resolve, 20));
}
