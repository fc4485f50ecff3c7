import { md5 } from '@noble/hashes/legacy.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import type { Hashing } from '../hashing.ts';

const bytesOf = (data: Uint8Array | string): Uint8Array =>
  typeof data === 'string' ? utf8ToBytes(data) : data;

/** @noble/hashes, for runtimes without node:crypto (Web Crypto has no MD5, and no incremental digest). */
export const hashing: Hashing = {
  md5Hex: (data) => bytesToHex(md5(bytesOf(data))),
  sha256Hex: (text) => bytesToHex(sha256(utf8ToBytes(text))),
  createMd5: () => {
    const hash = md5.create();
    return {
      update: (data) => {
        hash.update(data);
      },
      digestHex: () => bytesToHex(hash.digest()),
    };
  },
};
