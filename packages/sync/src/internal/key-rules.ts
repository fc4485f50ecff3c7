import { isValidObjectKey } from '@jsskit/wire-types';
import { SyncError } from '../errors.ts';

/**
 * The key of a relative path under a folder prefix, as is (never mangled).
 * @throws {SyncError} `SYNC_INVALID_KEY` when JSS would refuse the key (protocol §10).
 */
export function keyForRelativePath(prefix: string, relative: string): string {
  const key = `${prefix}${relative}`;
  if (!isValidObjectKey(key))
    throw new SyncError(
      'SYNC_INVALID_KEY',
      `${JSON.stringify(relative)} makes the key ${JSON.stringify(key.slice(0, 200))}, which JSS refuses ` +
        '(1-1022 bytes of UTF-8, not starting with "\\"): left out, not renamed',
      { key },
    );
  return key;
}

const WINDOWS_RESERVED = /[\\:*?"<>|]/;

/**
 * The path segments of a key below the prefix, for writing under a target directory.
 * @throws {SyncError} `SYNC_UNSAFE_KEY` for a key that would land outside the directory or on a name the
 * file system cannot hold (`..`, `.`, an empty segment, a leading `/`, NUL; on Windows `\` and friends).
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
  return segments;
}
