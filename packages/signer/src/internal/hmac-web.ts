const encoder = new TextEncoder();
const keyCache = new Map<string, Promise<CryptoKey>>();
const MAX_CACHED_KEYS = 16;

function importKey(secret: string): Promise<CryptoKey> {
  let key = keyCache.get(secret);
  if (key === undefined) {
    if (keyCache.size >= MAX_CACHED_KEYS) keyCache.clear();
    key = crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-1' }, false, [
      'sign',
    ]);
    keyCache.set(secret, key);
  }
  return key;
}

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/** HMAC-SHA1 with Web Crypto, for browsers and other runtimes without node:crypto. */
export async function hmacSha1(secret: string, message: string): Promise<string> {
  const key = await importKey(secret);
  const signature = await crypto.subtle.sign('HMAC', key, encoder.encode(message));
  return toBase64(new Uint8Array(signature));
}
