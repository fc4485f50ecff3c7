import { type FileHandle, open, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { MultipartError } from '../errors.ts';
import { sampleMd5 } from '../sources/source-fingerprint.ts';
import type { RandomAccessSource } from '../sources/upload-source.ts';

// Reads of at least 1 MiB keep syscalls few on big parts.
const READ_BYTES = 4 * 1024 * 1024;

const REASONS: Readonly<Record<string, string>> = {
  ENOENT: 'no such file',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EMFILE: 'too many open files in this process',
  ENFILE: 'too many open files on this system',
};

/** Why a file could not be opened, in words: a missing file and a full file table are not the same fault. */
function cannotOpen(absolute: string, error: unknown): MultipartError {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const reason = code === undefined ? String((error as Error)?.message ?? error) : (REASONS[code] ?? code);
  return new MultipartError('MULTIPART_SOURCE_FAILED', `cannot open ${absolute}: ${reason}`, {
    cause: error,
  });
}

/** A file read by ranges; its absolute path is its checkpoint identity. */
export async function openFile(path: string): Promise<RandomAccessSource> {
  const absolute = resolve(path);
  // Checked before opening: opening a named pipe waits for a writer, and its size (0) says nothing.
  const kind = await stat(absolute).catch((error: unknown) => {
    throw cannotOpen(absolute, error);
  });
  if (!kind.isFile())
    throw new MultipartError(
      'MULTIPART_SOURCE_FAILED',
      `${absolute} is not a regular file: a directory cannot be uploaded, and a pipe or device goes as a stream`,
    );
  let handle: FileHandle;
  try {
    handle = await open(absolute, 'r');
  } catch (error) {
    throw cannotOpen(absolute, error);
  }
  const stats = await handle.stat();
  const read = async (offset: number, target: Uint8Array) => {
    let filled = 0;
    while (filled < target.length) {
      const length = Math.min(READ_BYTES, target.length - filled);
      const { bytesRead } = await handle.read(target, filled, length, offset + filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    return filled;
  };
  return {
    kind: 'random',
    size: stats.size,
    identity: absolute,
    fingerprint: async () => ({
      size: stats.size,
      mtimeMs: stats.mtimeMs,
      inode: stats.ino,
      device: stats.dev,
      sampleMd5: await sampleMd5(stats.size, async (offset, length) => {
        const buffer = Buffer.alloc(length);
        return buffer.subarray(0, await read(offset, buffer));
      }),
    }),
    read,
    close: () => handle.close(),
  };
}
