import { execFileSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository's root directory. */
export const REPOSITORY_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/** Builds packages (`multipart`, `local-server`, ...) with `tsc -b`, for tests that run their dist in a child. */
export function buildPackages(...names: readonly string[]): void {
  execFileSync(process.execPath, [
    join(REPOSITORY_ROOT, 'node_modules', 'typescript', 'bin', 'tsc'),
    '-b',
    ...names.map((name) => join(REPOSITORY_ROOT, 'packages', name)),
  ]);
}
