import { createHmac } from 'node:crypto';

/** HMAC-SHA1 with node:crypto: synchronous, the fast path on servers. */
export function hmacSha1(secret: string, message: string): string {
  return createHmac('sha1', secret).update(message, 'utf8').digest('base64');
}
