// The client's MD5s: of a whole body sent (Content-MD5, the ETag check) and fed chunk by chunk (getObject's
// `checkMd5`). On Node, node:crypto's, taken through `process.getBuiltinModule` (no import, so that browser
// bundles never see node:crypto); elsewhere @noble/hashes' (Web Crypto has no MD5; see the README's
// Dependencies).
import { md5 } from '@noble/hashes/legacy.js';
import { bytesToHex } from '@noble/hashes/utils.js';

/** What `checkMd5` hashes with. */
export interface Md5Stream {
  update(chunk: Uint8Array): void;
  digestHex(): string;
}

interface NodeHash {
  update(data: Uint8Array | string): NodeHash;
  digest(encoding: 'hex'): string;
}

interface NodeCrypto {
  createHash(algorithm: 'md5'): NodeHash;
}

// Looked up once: the runtime does not change, and the MD5 of every part sent goes through here.
const runtime = globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } };
const nodeCrypto = runtime.process?.getBuiltinModule?.('node:crypto') as NodeCrypto | undefined;

/** @noble/hashes' incremental MD5: what browsers and workers hash with. */
export function createPortableMd5Stream(): Md5Stream {
  const hash = md5.create();
  return { update: (chunk) => void hash.update(chunk), digestHex: () => bytesToHex(hash.digest()) };
}

/** node:crypto's incremental MD5 where the runtime has it (about 6 times faster), else @noble/hashes'. */
export function createMd5Stream(): Md5Stream {
  if (nodeCrypto === undefined) return createPortableMd5Stream();
  const hash = nodeCrypto.createHash('md5');
  return { update: (chunk) => void hash.update(chunk), digestHex: () => hash.digest('hex') };
}

const encoder = new TextEncoder();

/** @noble/hashes' MD5 of a whole body, as lower-case hex. */
export function portableMd5Hex(data: Uint8Array | string): string {
  return bytesToHex(md5(typeof data === 'string' ? encoder.encode(data) : data));
}

/** The MD5 of bodies sent when `createClient` is given no `md5Hex`: node:crypto's, else @noble/hashes'. */
export function defaultMd5Hex(data: Uint8Array | string): string {
  if (nodeCrypto === undefined) return portableMd5Hex(data);
  return nodeCrypto.createHash('md5').update(data).digest('hex');
}
