import { createHash } from 'node:crypto';

/** Lower-case hex MD5 with node:crypto. */
export function md5Hex(data: Uint8Array | string): string {
  return createHash('md5').update(data).digest('hex');
}
