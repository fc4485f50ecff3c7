import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { UsageError } from '../cli-errors.ts';
import { isJssUrl, parseJssUrl } from '../jss-url.ts';

/** The two sides of a directory run: a local directory and a bucket folder, in one direction. */
export interface SyncSides {
  readonly direction: 'up' | 'down';
  /** The local directory, absolute. */
  readonly directory: string;
  readonly bucket: string;
  /** The folder in the bucket as written (`a` and `a/` both mean `a/`), '' for the bucket's top. */
  readonly prefix: string;
}

/** `jss://` alone or `jss:///k`: say that the bucket is missing rather than quote an empty name. */
function parseRemote(text: string): { bucket: string; key: string } {
  if (text === 'jss://' || text.startsWith('jss:///'))
    throw new UsageError(`${text} names no bucket: write jss://BUCKET or jss://BUCKET/PREFIX`);
  return parseJssUrl(text);
}

/** Checks the local side: the source of an upload must be a directory, a download's target must not be a file. */
async function checkDirectory(path: string, isSource: boolean): Promise<string> {
  const absolute = resolve(path);
  const info = await stat(absolute).catch(() => undefined);
  if (info === undefined && isSource) throw new UsageError(`${path}: no such directory`);
  if (info !== undefined && !info.isDirectory())
    throw new UsageError(`${path} is not a directory (a directory is synced or copied with -r, not a file)`);
  return absolute;
}

/**
 * The sides of `jss sync SRC DST` or `jss cp -r SRC DST`: one a local directory, the other
 * `jss://BUCKET[/PREFIX]`. Two local or two remote sides are a usage error that says what is supported.
 * Nothing is sent.
 */
export async function parseSyncSides(
  source: string,
  destination: string,
  command: string,
): Promise<SyncSides> {
  const supported = `${command} goes between a local directory and jss://BUCKET[/PREFIX], either way`;
  const [sourceRemote, destinationRemote] = [isJssUrl(source), isJssUrl(destination)];
  if (sourceRemote && destinationRemote)
    throw new UsageError(`${supported}; both sides are jss:// locations, which is not supported`);
  if (!sourceRemote && !destinationRemote)
    throw new UsageError(`${supported}; both sides are local paths (one must be jss://BUCKET[/PREFIX])`);
  if (destinationRemote) {
    const { bucket, key } = parseRemote(destination);
    return { direction: 'up', directory: await checkDirectory(source, true), bucket, prefix: key };
  }
  const { bucket, key } = parseRemote(source);
  return { direction: 'down', directory: await checkDirectory(destination, false), bucket, prefix: key };
}
