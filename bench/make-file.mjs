import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';

const MiB = 1024 * 1024;

/** Writes `mebibytes` MiB of random-looking bytes (one random MiB, varied per block) to `path`. */
export async function makeFile(path, mebibytes) {
  const block = randomBytes(MiB);
  const stream = createWriteStream(path);
  for (let index = 0; index < mebibytes; index++) {
    block[0] = index & 0xff;
    if (!stream.write(block)) await new Promise((resolve) => stream.once('drain', resolve));
  }
  await new Promise((resolve, reject) => stream.end((error) => (error ? reject(error) : resolve())));
}
