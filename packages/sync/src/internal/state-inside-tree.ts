import { isAbsolute, relative, resolve, sep } from 'node:path';
import { SyncError } from '../errors.ts';

/** Where the state directory sits in the synced tree, when it does. */
export interface StateInsideTree {
  /** Its absolute path (left out of the walk). */
  readonly path: string;
  /** Its `/`-separated path below the tree (its keys are never sent, deleted or downloaded). */
  readonly relative: string;
}

/**
 * The state directory's place inside the tree `root`, or undefined when it is outside.
 * @throws {SyncError} `SYNC_INVALID_OPTIONS` when it is the tree itself or holds it.
 */
export function stateInsideTree(
  root: string,
  stateDirectory: string | undefined,
): StateInsideTree | undefined {
  if (stateDirectory === undefined) return undefined;
  const path = resolve(stateDirectory);
  const below = relative(root, path);
  const fromState = relative(path, root);
  if (below === '' || isInside(fromState))
    throw new SyncError('SYNC_INVALID_OPTIONS', `stateDirectory ${path} must not be ${root} or hold it`);
  if (!isInside(below)) return undefined;
  return { path, relative: below.split(sep).join('/') };
}

/** True when a `path.relative` result points below its base (not up, not to another drive). */
function isInside(path: string): boolean {
  return path !== '' && path !== '..' && !path.startsWith(`..${sep}`) && !isAbsolute(path);
}

/** True when a relative path is `relative` itself or below it. */
export function isAtOrBelow(path: string, relative: string): boolean {
  return path === relative || path.startsWith(`${relative}/`);
}
