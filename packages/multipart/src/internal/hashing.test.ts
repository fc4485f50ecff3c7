// The hashing implementations are independent (OpenSSL, hash-wasm and @noble/hashes): each checks the others.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hashing as nodeHashing } from './hashing-node.ts';
import { createWebHashing, type WebHashing, hashing as webHashing } from './hashing-web.ts';

const SIZES = [0, 1, 55, 56, 63, 64, 65, 1024 * 1024 + 13];

function expectSameMd5s(web: WebHashing): void {
  for (const size of SIZES) {
    const bytes = randomBytes(size);
    const expected = nodeHashing.md5Hex(bytes);
    expect(web.md5Hex(bytes)).toBe(expected);
    const incremental = web.createMd5();
    for (let offset = 0; offset < size; offset += 7919)
      incremental.update(bytes.subarray(offset, offset + 7919));
    expect(incremental.digestHex()).toBe(expected);
  }
}

describe('hashing on Node and on the web', () => {
  it('hashes MD5 in WebAssembly once ready, agreeing with OpenSSL on awkward sizes and uneven pieces', async () => {
    await webHashing.ready();
    expect(webHashing.md5Engine()).toBe('hash-wasm');
    expectSameMd5s(webHashing);
  });

  it('keeps incremental MD5s fed in turns apart, with one-shot hashes in between', async () => {
    await webHashing.ready();
    const [first, second] = [randomBytes(300_001), randomBytes(170_003)];
    const [a, b] = [webHashing.createMd5(), webHashing.createMd5()];
    for (let offset = 0; offset < first.length; offset += 65_536) {
      a.update(first.subarray(offset, offset + 65_536));
      b.update(second.subarray(offset, offset + 65_536));
      expect(webHashing.md5Hex('between')).toBe(nodeHashing.md5Hex('between'));
    }
    expect(a.digestHex()).toBe(nodeHashing.md5Hex(first));
    expect(b.digestHex()).toBe(nodeHashing.md5Hex(second));
  });

  it('hashes with @noble/hashes before ready() and where WebAssembly cannot be compiled', async () => {
    const refused = createWebHashing(() => Promise.reject(new Error('wasm-unsafe-eval not allowed')));
    expect(refused.md5Engine()).toBe('@noble/hashes');
    expectSameMd5s(refused);
    const started = refused.createMd5();
    started.update(new Uint8Array([1, 2, 3]));
    await expect(refused.ready()).resolves.toBeUndefined();
    expect(refused.md5Engine()).toBe('@noble/hashes');
    expectSameMd5s(refused);
    started.update(new Uint8Array([4]));
    expect(started.digestHex()).toBe(nodeHashing.md5Hex(new Uint8Array([1, 2, 3, 4])));
  });

  it('finishes an MD5 begun on @noble/hashes there after WebAssembly became ready', async () => {
    const fresh = createWebHashing((await import('hash-wasm')).createMD5);
    const begun = fresh.createMd5();
    begun.update(new Uint8Array([1, 2, 3]));
    await fresh.ready();
    expect(fresh.md5Engine()).toBe('hash-wasm');
    begun.update(new Uint8Array([4]));
    expect(begun.digestHex()).toBe(nodeHashing.md5Hex(new Uint8Array([1, 2, 3, 4])));
  });

  it('agrees on the MD5 and SHA-256 of UTF-8 text', async () => {
    await webHashing.ready();
    for (const text of ['', 'abc', 'bucket\nkey/日本語/🙂\n/tmp/a b']) {
      expect(webHashing.md5Hex(text)).toBe(nodeHashing.md5Hex(text));
      expect(webHashing.sha256Hex(text)).toBe(nodeHashing.sha256Hex(text));
    }
    expect(webHashing.md5Hex('')).toBe('d41d8cd98f00b204e9800998ecf8427e');
  });
});
