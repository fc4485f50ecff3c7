import { hmacSha1 } from '#hmac';

/**
 * Base64 of HMAC-SHA1(secret, UTF-8 message). Synchronous on Node (node:crypto); a Promise with Web Crypto.
 * Inject your own to sign with a hardware key or a KMS.
 */
export type HmacSha1 = (secret: string, message: string) => string | Promise<string>;

/** The runtime's HMAC: node:crypto on Node (synchronous), Web Crypto elsewhere (asynchronous). */
export const defaultHmacSha1: HmacSha1 = hmacSha1;
