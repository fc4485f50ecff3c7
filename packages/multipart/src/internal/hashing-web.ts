import { md5 as nobleMd5 } from '@noble/hashes/legacy.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { createMD5, type IHasher } from 'hash-wasm';
import type { Hashing, IncrementalMd5 } from './hashing.ts';

/** The web hashing, and which MD5 it runs now (for tests and benchmarks). */
export interface WebHashing extends Hashing {
  md5Engine(): 'hash-wasm' | '@noble/hashes';
}

const bytesOf = (data: Uint8Array | string): Uint8Array =>
  typeof data === 'string' ? utf8ToBytes(data) : data;

function nobleIncremental(): IncrementalMd5 {
  const hash = nobleMd5.create();
  return {
    update: (data) => {
      hash.update(data);
    },
    digestHex: () => bytesToHex(hash.digest()),
  };
}

/**
 * Many incremental MD5s on one WebAssembly hasher: each keeps its own saved state and loads it for every
 * update, so hashes fed in turns never mix (a hasher can only be created asynchronously).
 */
function wasmIncremental(hasher: IHasher): IncrementalMd5 {
  let state = hasher.init().save();
  return {
    update: (data) => {
      state = hasher.load(state).update(data).save();
    },
    digestHex: () => hasher.load(state).digest('hex'),
  };
}

/**
 * MD5 in WebAssembly (hash-wasm, about 6 times @noble/hashes in V8) once `ready()` has loaded it, and
 * @noble/hashes before that or where WebAssembly cannot be compiled (a Content-Security-Policy without
 * 'wasm-unsafe-eval'). SHA-256 only hashes short texts here and stays on @noble/hashes.
 */
export function createWebHashing(loadMd5: () => Promise<IHasher>): WebHashing {
  let wasm: IHasher | undefined;
  let loading: Promise<void> | undefined;
  return {
    ready: () =>
      (loading ??= loadMd5().then(
        (hasher) => {
          wasm = hasher;
        },
        () => undefined,
      )),
    md5Engine: () => (wasm === undefined ? '@noble/hashes' : 'hash-wasm'),
    md5Hex: (data) =>
      wasm === undefined
        ? bytesToHex(nobleMd5(bytesOf(data)))
        : wasm.init().update(bytesOf(data)).digest('hex'),
    sha256Hex: (text) => bytesToHex(sha256(utf8ToBytes(text))),
    createMd5: () => (wasm === undefined ? nobleIncremental() : wasmIncremental(wasm)),
  };
}

/** For runtimes without node:crypto (Web Crypto has no MD5, and no incremental digest). */
export const hashing: WebHashing = createWebHashing(createMD5);
