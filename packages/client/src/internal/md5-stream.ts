// MD5 fed chunk by chunk, for GetObject's `checkMd5` to hash a body as it streams. On Node, node:crypto's,
// taken through `process.getBuiltinModule` (no import, so that browser bundles never see node:crypto);
// elsewhere @noble/hashes' (Web Crypto has no MD5; see the README's Dependencies).
import { md5 } from '@noble/hashes/legacy.js';
import { bytesToHex } from '@noble/hashes/utils.js';

/** What `checkMd5` hashes with. */
export interface Md5Stream {
  update(chunk: Uint8Array): void;
  digestHex(): string;
}

interface NodeCrypto {
  createHash(algorithm: 'md5'): { update(data: Uint8Array): unknown; digest(encoding: 'hex'): string };
}

function nodeCrypto(): NodeCrypto | undefined {
  const runtime = globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } };
  return runtime.process?.getBuiltinModule?.('node:crypto') as NodeCrypto | undefined;
}

/** @noble/hashes' incremental MD5: what browsers and workers hash with. */
export function createPortableMd5Stream(): Md5Stream {
  const hash = md5.create();
  return { update: (chunk) => void hash.update(chunk), digestHex: () => bytesToHex(hash.digest()) };
}

/** node:crypto's incremental MD5 where the runtime has it (about 6 times faster), else @noble/hashes'. */
export function createMd5Stream(): Md5Stream {
  const crypto = nodeCrypto();
  if (crypto === undefined) return createPortableMd5Stream();
  const hash = crypto.createHash('md5');
  return { update: (chunk) => void hash.update(chunk), digestHex: () => hash.digest('hex') };
}
