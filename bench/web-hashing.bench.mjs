// MD5 of 8 MiB parts (the default part size) as the web entry of @jsskit/multipart hashes them: hash-wasm
// once ready, and @noble/hashes where WebAssembly cannot be compiled (what the web entry used for every MD5
// before), next to node:crypto (OpenSSL, the Node entry) measured in the same run as the baseline. In a
// browser this hashing runs on the page's thread: the time per part is how long each part holds it.
import { createHash, randomBytes } from 'node:crypto';
import { createWebHashing, hashing } from '../packages/multipart/dist/internal/hashing-web.js';

const MiB = 1024 * 1024;
const PART = 8 * MiB;

function throughput(hashPart, part) {
  hashPart(part);
  let hashed = 0;
  const started = performance.now();
  while (performance.now() - started < 2000 || hashed < 64 * MiB) {
    hashPart(part);
    hashed += part.byteLength;
  }
  const seconds = (performance.now() - started) / 1000;
  return { mibPerSecond: hashed / MiB / seconds, msPerPart: (seconds * 1000 * PART) / hashed };
}

export async function runWebHashingBench() {
  const part = new Uint8Array(randomBytes(PART));
  await hashing.ready();
  if (hashing.md5Engine() !== 'hash-wasm') throw new Error('the web MD5 did not load its WebAssembly');
  const fallback = createWebHashing(() => Promise.reject(new Error('no WebAssembly')));
  await fallback.ready();
  const incremental = (web) => (bytes) => {
    const md5 = web.createMd5();
    for (let offset = 0; offset < bytes.byteLength; offset += MiB)
      md5.update(bytes.subarray(offset, offset + MiB));
    return md5.digestHex();
  };
  const runs = {
    'node:crypto (baseline)': throughput((bytes) => createHash('md5').update(bytes).digest('hex'), part),
    'web: hash-wasm, one shot': throughput((bytes) => hashing.md5Hex(bytes), part),
    'web: hash-wasm, 1 MiB updates': throughput(incremental(hashing), part),
    'web: @noble/hashes fallback': throughput((bytes) => fallback.md5Hex(bytes), part),
  };
  const baseline = runs['node:crypto (baseline)'].mibPerSecond;
  console.log('\n== web MD5 of 8 MiB parts ==');
  console.table(
    Object.entries(runs).map(([name, run]) => ({
      name,
      'MiB/s': Math.round(run.mibPerSecond),
      's/GiB': Number((1024 / run.mibPerSecond).toFixed(2)),
      'ms per part': Math.round(run.msPerPart),
      'vs node:crypto': Number((run.mibPerSecond / baseline).toFixed(2)),
    })),
  );
  const wasm = runs['web: hash-wasm, one shot'].mibPerSecond;
  const noble = runs['web: @noble/hashes fallback'].mibPerSecond;
  console.log(`hash-wasm / @noble/hashes = ${(wasm / noble).toFixed(1)}x`);
  return { name: 'web MD5 (hash-wasm) vs node:crypto', ratio: wasm / baseline };
}
