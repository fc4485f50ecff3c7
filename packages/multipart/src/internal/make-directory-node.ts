import { mkdir, stat } from 'node:fs/promises';
import { dirname } from 'node:path';

/**
 * `mkdir -p` that fails instead of spinning: Node 20's `mkdir(path, { recursive: true })` never settles,
 * looping in the thread pool at 100% CPU, when a parent exists but answers ENOENT for a new child (any path
 * under /proc), since it reads each ENOENT as a missing parent. Here an ENOENT once the parent is in place
 * is final. Its twin in @jsskit/local-server (storage/make-directory.ts) serves the server's data directory:
 * the two packages share no code by design (each installs alone).
 */
export async function makeDirectory(path: string): Promise<void> {
  try {
    await mkdir(path);
    return;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // EEXIST: a directory, or a file or a dangling symlink, which stat tells (ENOENT for a dangling link).
    if (code === 'EEXIST' && (await stat(path)).isDirectory()) return;
    if (code !== 'ENOENT' || dirname(path) === path) throw error;
  }
  await makeDirectory(dirname(path));
  await mkdir(path).catch(async (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EEXIST' || !(await stat(path)).isDirectory()) throw error;
  });
}
