import { md5Hex as runtimeMd5Hex } from '#md5';

/** Lower-case hex MD5 of bytes or of a string's UTF-8. */
export type Md5Hex = (data: Uint8Array | string) => string;

/** The runtime's MD5: node:crypto on Node; elsewhere it throws and asks for one to be passed in. */
export const defaultMd5Hex: Md5Hex = runtimeMd5Hex;

const HEX_MD5 = /^[0-9a-f]{32}$/;

/**
 * An ETag as it appears anywhere (quoted header `"abc…"`, weak `W/"…"`, unquoted JSON, any case) reduced to
 * the bare lower-case form used in JSON bodies (protocol §8.5).
 */
export function normalizeETag(value: string): string {
  let text = value.trim();
  if (text.startsWith('W/')) text = text.slice(2);
  if (text.length >= 2 && text.startsWith('"') && text.endsWith('"')) text = text.slice(1, -1);
  return text.toLowerCase();
}

/** The ETag as an HTTP header value: quoted. */
export function quoteETag(etag: string): string {
  return `"${normalizeETag(etag)}"`;
}

/** Whether a value is a part ETag or single-PUT ETag: 32 lower-case hex digits once normalized. */
export function isMd5ETag(value: string): boolean {
  return HEX_MD5.test(normalizeETag(value));
}

/** The ETag of a part or of a single PUT: hex MD5 of its bytes (protocol §8.5). */
export function computePartETag(bytes: Uint8Array, md5: Md5Hex = defaultMd5Hex): string {
  return md5(bytes);
}

/**
 * The ETag of a multipart object: hex MD5 of the ASCII concatenation of the lower-case hex part ETags in
 * part-number order, with no `-N` suffix (protocol §8.5, verified against the documented Complete example).
 */
export function computeMultipartETag(partETags: readonly string[], md5: Md5Hex = defaultMd5Hex): string {
  return md5(partETags.map(normalizeETag).join(''));
}

/** Converts a Content-MD5 header value, hex (32) or Base64 (24), to lower-case hex; `undefined` if neither. */
export function contentMd5ToHex(value: string): string | undefined {
  const text = value.trim();
  if (HEX_MD5.test(text.toLowerCase())) return text.toLowerCase();
  if (!/^[A-Za-z0-9+/]{22}==$/.test(text)) return undefined;
  const binary = atob(text);
  let hex = '';
  for (let index = 0; index < binary.length; index++)
    hex += binary.charCodeAt(index).toString(16).padStart(2, '0');
  return hex;
}
