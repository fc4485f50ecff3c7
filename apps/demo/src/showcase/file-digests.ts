import { createHash, randomFillSync } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { computeMultipartETag } from '@jsskit/wire-types';

const MiB = 1024 * 1024;
/** The part size of the showcase's uploads (the CLI's default). */
export const PART_SIZE = 8 * MiB;

/** Writes `size` random bytes to a file, 4 MiB at a time. */
export async function writeRandomFile(path: string, size: number): Promise<void> {
  const file = await open(path, 'w');
  const block = Buffer.allocUnsafe(4 * MiB);
  try {
    for (let offset = 0; offset < size; offset += block.length) {
      const length = Math.min(block.length, size - offset);
      randomFillSync(block, 0, length);
      await file.write(block, 0, length);
    }
  } finally {
    await file.close();
  }
}

/** MD5 of a file and the multipart ETag its 8 MiB parts give (protocol §8.5), in one read. */
export async function fileDigests(path: string): Promise<{ md5: string; multipartETag: string }> {
  const whole = createHash('md5');
  const parts: string[] = [];
  let part = createHash('md5');
  let inPart = 0;
  for await (const chunk of createReadStream(path, { highWaterMark: MiB }) as AsyncIterable<Buffer>) {
    whole.update(chunk);
    part.update(chunk);
    inPart += chunk.length;
    if (inPart === PART_SIZE) {
      parts.push(part.digest('hex'));
      part = createHash('md5');
      inPart = 0;
    }
  }
  if (inPart > 0) parts.push(part.digest('hex'));
  return { md5: whole.digest('hex'), multipartETag: computeMultipartETag(parts) };
}
