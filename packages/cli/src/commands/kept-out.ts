import { isAbsolute, relative, resolve, sep } from 'node:path';

/**
 * Exclude globs for the directories of jss's own that lie inside a synced directory: the embedded store's
 * data directory and the checkpoint directory. A sync must neither send them as files nor, with --delete,
 * remove them (the library leaves an excluded path alone both ways).
 */
export function keptOutGlobs(directory: string, own: readonly string[]): string[] {
  const root = resolve(directory);
  const globs: string[] = [];
  for (const path of own) {
    const inside = relative(root, resolve(path));
    if (inside === '' || inside.startsWith('..') || isAbsolute(inside)) continue;
    const glob = inside.split(sep).join('/');
    globs.push(glob, `${glob}/**`);
  }
  return globs;
}
