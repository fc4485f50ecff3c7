import { encodeKey } from '../encode-key.ts';

/**
 * Whether `rawKey`, a key as it stood in the wire path, is the canonical encoding of `key`, the key the
 * server decoded from it: `encodeKey(key)`, each segment percent-encoded as clients encode (upper-case hex,
 * every byte outside RFC 3986 unreserved escaped), `/` kept (protocol §13, docs/adr/0021). Only then may a
 * signature over the raw path stand for `key`: `x%41` is not the encoding of `xA` (that is `xA`), so a
 * signature made for the literal key `x%41` does not open `xA`.
 */
export function isCanonicalKeyEncoding(rawKey: string, key: string): boolean {
  return encodeKey(key) === rawKey;
}

/**
 * The other key a signature over `/bucket/<key>` would also open, if any: when `key` is itself the canonical
 * encoding of a different key (`a%20b` encodes `a b`), a request whose wire path is `key` verbatim decodes to
 * that other key and matches through the raw-path candidate.
 */
export function keyReadAsEncoding(key: string): string | undefined {
  if (!/%[0-9A-Fa-f]{2}/.test(key)) return undefined;
  let decoded: string;
  try {
    decoded = decodeURIComponent(key);
  } catch {
    return undefined;
  }
  return decoded !== key && isCanonicalKeyEncoding(key, decoded) ? decoded : undefined;
}
