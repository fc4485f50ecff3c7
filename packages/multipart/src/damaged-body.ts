import { ServiceError } from '@jsskit/http-transport';
import { MultipartError } from './errors.ts';

/**
 * How many times a part (or a single PutObject) is sent while it does not arrive intact: the server refuses
 * its Content-MD5 (BadDigest) or answers with an ETag that is not its MD5.
 */
export const INTACT_ATTEMPTS = 3;

/** The server's MD5 of what arrived is not the Content-MD5 sent: the bytes were damaged on the way. */
export function isBadDigest(error: unknown): boolean {
  return ServiceError.isInstance(error) && error.serviceCode === 'BadDigest';
}

/** Why the last send of a body did not arrive intact: a BadDigest refusal, or the ETag the server answered. */
export type Damage = { readonly refused: unknown } | { readonly etag: string };

/** `MULTIPART_CHECKSUM_MISMATCH` for a body sent {@link INTACT_ATTEMPTS} times without arriving intact. */
export function neverIntact(
  what: string,
  md5: string,
  damage: Damage,
  details: { uploadId?: string; failedParts?: number[] } = {},
): MultipartError {
  const last =
    'etag' in damage
      ? `the server answered ETag ${damage.etag}`
      : 'the server refused its Content-MD5 (BadDigest)';
  return new MultipartError(
    'MULTIPART_CHECKSUM_MISMATCH',
    `${what} never arrived intact in ${INTACT_ATTEMPTS} sends: its MD5 is ${md5}, and ${last}`,
    { ...details, ...('refused' in damage ? { cause: damage.refused } : {}) },
  );
}
