/**
 * Web Crypto has no MD5, and this package carries no runtime dependency but zod: outside Node, pass an MD5
 * (for example from hash-wasm) to the ETag functions.
 */
export function md5Hex(_data: Uint8Array | string): string {
  throw new TypeError(
    'No MD5 is built in on this runtime (Web Crypto has none): pass an md5Hex function, e.g. from hash-wasm',
  );
}
