import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  createMd5Stream,
  createPortableMd5Stream,
  defaultMd5Hex,
  portableMd5Hex,
} from '../src/internal/md5.ts';

describe.each([
  ['the portable MD5 (browsers)', createPortableMd5Stream],
  ['the MD5 of this runtime', createMd5Stream],
])('%s', (_name, create) => {
  it('gives the MD5 of node:crypto whatever the sizes and chunk boundaries', () => {
    for (const size of [0, 1, 55, 56, 63, 64, 65, 119, 120, 128, 1000, 100_003]) {
      const bytes = randomBytes(size);
      for (const chunkSize of [1, 7, 64, 100, 65_536]) {
        const hash = create();
        for (let start = 0; start < size; start += chunkSize)
          hash.update(bytes.subarray(start, start + chunkSize));
        expect(hash.digestHex(), `${size} bytes in chunks of ${chunkSize}`).toBe(
          createHash('md5').update(bytes).digest('hex'),
        );
      }
    }
  });

  it('matches the RFC 1321 test vectors', () => {
    const md5 = (text: string) => {
      const hash = create();
      hash.update(new TextEncoder().encode(text));
      return hash.digestHex();
    };
    expect(md5('')).toBe('d41d8cd98f00b204e9800998ecf8427e');
    expect(md5('abc')).toBe('900150983cd24fb0d6963f7d28e17f72');
    expect(md5('1234567890'.repeat(8))).toBe('57edf4a22be3c955ac49da2e2107b67a');
  });
});

describe('the MD5 of whole bodies', () => {
  it('is the same from @noble/hashes (browsers) and from this runtime, for bytes and text', () => {
    const bytes = new TextEncoder().encode('hello');
    for (const md5Hex of [portableMd5Hex, defaultMd5Hex]) {
      expect(md5Hex(bytes)).toBe('5d41402abc4b2a76b9719d911017c592');
      expect(md5Hex('hello')).toBe('5d41402abc4b2a76b9719d911017c592');
      expect(md5Hex('')).toBe('d41d8cd98f00b204e9800998ecf8427e');
    }
  });
});
