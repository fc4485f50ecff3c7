import { copyFile, link, mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Segment } from './records.ts';

// A hard link shares the bytes without copying them; bodies are never written in place once committed, so
// a shared file never changes under either object. Where links are refused, the bytes are copied.
async function linkOrCopy(from: string, to: string): Promise<void> {
  try {
    await link(from, to);
  } catch {
    await copyFile(from, to);
  }
}

/**
 * Gives `directory` (a new blob) the segment files at `paths`, under the same relative names. The blob is
 * referred to by no record yet: a crash leaves an orphan that the next start removes.
 */
export async function duplicateBlob(
  paths: readonly string[],
  segments: readonly Segment[],
  directory: string,
): Promise<void> {
  for (const [index, segment] of segments.entries()) {
    const to = join(directory, segment.file);
    await mkdir(dirname(to), { recursive: true });
    await linkOrCopy(paths[index] as string, to);
  }
}
