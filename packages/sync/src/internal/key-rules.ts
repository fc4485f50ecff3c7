import { isValidObjectKey } from '@jsskit/wire-types';
import { SyncError } from '../errors.ts';

/**
 * The key of a relative path under a folder prefix, as is (never mangled).
 * @throws {SyncError} `SYNC_INVALID_KEY` when JSS would refuse the key (protocol §10).
 */
export function keyForRelativePath(prefix: string, relative: string): string {
  const key = `${prefix}${relative}`;
  if (!isValidObjectKey(key)) {
    const bytes = Buffer.byteLength(key);
    const shown =
      key.length > 200 ? `${JSON.stringify(key.slice(0, 200))}... (${bytes} bytes)` : JSON.stringify(key);
    throw new SyncError(
      'SYNC_INVALID_KEY',
      `the key ${shown} is one JSS refuses (1-1022 bytes of UTF-8, not starting with "\\"): left out, not renamed`,
      { key },
    );
  }
  return key;
}

/**
 * The names `downloadObject` writes beside its target `<path>`: `<path>.jss-partial`, its journal
 * `<path>.jss-partial.json` and the journal's `.tmp` while it is replaced (multipart partial-file.ts and
 * range-journal.ts).
 */
const WORKING_FILE = /\.jss-partial(\.json(\.tmp)?)?$/;

/** True for a name the download engine uses for its working files (never synced, never deleted). */
export function isWorkingFileName(name: string): boolean {
  return WORKING_FILE.test(name);
}

/** True when some `/`-separated segment of a relative path is a working file's name. */
export function hasWorkingFileSegment(relative: string): boolean {
  return relative.split('/').some(isWorkingFileName);
}

const WINDOWS_RESERVED = /[\\:*?"<>|]/;

/**
 * The path segments of a key below the prefix, for writing under a target directory.
 * @throws {SyncError} `SYNC_UNSAFE_KEY` for a key that would land outside the directory or on a name the
 * file system cannot hold (`..`, `.`, an empty segment, a leading `/`, NUL; on Windows `\` and friends),
 * or whose path has a segment named like a download's working file (see {@link isWorkingFileName}).
 */
export function segmentsForKey(prefix: string, key: string): string[] {
  const relative = key.slice(prefix.length);
  const segments = relative.split('/');
  const isUnsafe = (segment: string) =>
    segment === '' ||
    segment === '.' ||
    segment === '..' ||
    segment.includes('\0') ||
    (process.platform === 'win32' && WINDOWS_RESERVED.test(segment));
  if (segments.some(isUnsafe))
    throw new SyncError(
      'SYNC_UNSAFE_KEY',
      `the key ${JSON.stringify(key.slice(0, 200))} would not land inside the target directory: refused`,
      { key },
    );
  if (segments.some(isWorkingFileName))
    throw new SyncError(
      'SYNC_UNSAFE_KEY',
      `the key ${JSON.stringify(key.slice(0, 200))} has the name of a download's working file ` +
        '(*.jss-partial, *.jss-partial.json, *.jss-partial.json.tmp), where another download would write: refused',
      { key },
    );
  return segments;
}
