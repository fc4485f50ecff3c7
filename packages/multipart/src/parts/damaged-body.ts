import { ServiceError } from '@jsskit/http-transport';
import { MultipartError } from '../errors.ts';

/**
 * How many times a part (or a single PutObject) is sent while it does not arrive intact: the server refuses
 * its Content-MD5 (BadDigest) or answers with an ETag that is not its MD5.
 */
export const INTACT_ATTEMPTS = 3;

/** The server's MD5 of what arrived is not the Content-MD5 sent: the bytes were damaged on the way. */
function isBadDigest(error: unknown): boolean {
  return ServiceError.isInstance(error) && error.serviceCode === 'BadDigest';
}

/** What {@link sendUntilIntact} needs. */
export interface IntactSend {
  /** What is sent, for the error: `part 3`, `PutObject of key`. */
  readonly what: string;
  readonly md5: string;
  /**
   * One send: resolves with the ETag the server answered, or `undefined` when the send was given up for a
   * reason of the caller's (a straggler cancelled) and is simply made again. Other errors end the sending.
   */
  readonly send: () => Promise<string | undefined>;
  /** Called before each send after the first. */
  readonly onResend: () => void;
  readonly details?: { readonly uploadId?: string; readonly failedParts?: number[] } | undefined;
}

/**
 * Sends a body until it arrives intact: a BadDigest refusal or an ETag that is not its MD5 means it was
 * damaged on the way, and it is sent again from the same bytes, {@link INTACT_ATTEMPTS} times in all.
 * @throws {MultipartError} `MULTIPART_CHECKSUM_MISMATCH` saying what the server answered last.
 */
export async function sendUntilIntact(options: IntactSend): Promise<void> {
  const { md5 } = options;
  let damaged = 0;
  for (;;) {
    let etag: string | undefined;
    let refused: unknown;
    try {
      etag = await options.send();
    } catch (error) {
      if (!isBadDigest(error)) throw error;
      refused = error;
    }
    if (etag === md5) return;
    if (refused !== undefined || etag !== undefined) damaged++;
    if (damaged === INTACT_ATTEMPTS) {
      const last =
        etag === undefined
          ? 'the server refused its Content-MD5 (BadDigest)'
          : `the server answered ETag ${etag}`;
      throw new MultipartError(
        'MULTIPART_CHECKSUM_MISMATCH',
        `${options.what} never arrived intact in ${INTACT_ATTEMPTS} sends: its MD5 is ${md5}, and ${last}`,
        { ...options.details, ...(refused === undefined ? {} : { cause: refused }) },
      );
    }
    options.onResend();
  }
}
