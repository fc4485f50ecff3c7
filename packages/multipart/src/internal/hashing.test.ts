// The two hashing implementations are independent (OpenSSL and @noble/hashes): each checks the other.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hashing as nodeHashing } from './hashing-node.ts';
import { hashing as webHashing } from './hashing-web.ts';

describe('hashing on Node and on the web', () => {
  it('agrees on the MD5 of bytes of awkward sizes, whole and fed in uneven pieces', () => {
    for (const size of [0, 1, 55, 56, 63, 64, 65, 1024 * 1024 + 13]) {
      const bytes = randomBytes(size);
      const expected = nodeHashing.md5Hex(bytes);
      expect(webHashing.md5Hex(bytes)).toBe(expected);
      const incremental = webHashing.createMd5();
      for (let offset = 0; offset < size; offset += 7919)
        incremental.update(bytes.subarray(offset, offset + 7919));
      expect(incremental.digestHex()).toBe(expected);
    }
  });

  it('agrees on the MD5 and SHA-256 of UTF-8 text', () => {
    for (const text of ['', 'abc', 'bucket\nkey/日本語/🙂\n/tmp/a b']) {
      expect(webHashing.md5Hex(text)).toBe(nodeHashing.md5Hex(text));
      expect(webHashing.sha256Hex(text)).toBe(nodeHashing.sha256Hex(text));
    }
    expect(webHashing.md5Hex('')).toBe('d41d8cd98f00b204e9800998ecf8427e');
  });
});
