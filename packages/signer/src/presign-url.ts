import { canonicalizeJssHeaders } from './canonical-headers.ts';
import { canonicalizeResource } from './canonical-resource.ts';
import { PRESIGN_PARAMETERS } from './constants.ts';
import {
  assertCredentials,
  type Credentials,
  type CredentialsProvider,
  resolveCredentials,
} from './credentials.ts';
import { SignerError } from './errors.ts';
import { type HeaderInput, readSigningHeaders } from './header-input.ts';
import { defaultHmacSha1, type HmacSha1 } from './hmac.ts';
import { buildStringToSign } from './string-to-sign.ts';

/** A request to be sent later by someone without the secret (a browser, curl). */
export interface PresignableRequest {
  readonly method: string;
  /** The full URL that will be requested, key already percent-encoded; its sub-resources are signed. */
  readonly url: string | URL;
  readonly bucket?: string | undefined;
  /** The decoded key (protocol §13). */
  readonly key?: string | undefined;
  /** Content-MD5, Content-Type and `x-jss-*` headers the eventual request will carry; they are signed too. */
  readonly headers?: HeaderInput | undefined;
}

/** Options of {@link presignUrlSync}. */
export interface PresignOptions {
  readonly credentials: Credentials;
  /** Lifetime in seconds from `now`. @defaultValue 3600 */
  readonly expiresIn?: number | undefined;
  /** Absolute expiry; wins over `expiresIn`. */
  readonly expiresAt?: Date | undefined;
  /** The signing clock. @defaultValue `new Date()` */
  readonly now?: Date | undefined;
  readonly hmac?: HmacSha1 | undefined;
}

/** Options of {@link presignUrl}: credentials may come from an async provider. */
export interface AsyncPresignOptions extends Omit<PresignOptions, 'credentials'> {
  readonly credentials: Credentials | CredentialsProvider;
}

const DEFAULT_EXPIRES_IN_SECONDS = 3600;
const PRESIGN_NAMES = new Set<string>(Object.values(PRESIGN_PARAMETERS));

function expiresSeconds(options: Omit<PresignOptions, 'credentials'>): number {
  const now = (options.now ?? new Date()).getTime();
  const expiresIn = options.expiresIn ?? DEFAULT_EXPIRES_IN_SECONDS;
  if (options.expiresAt === undefined && !(Number.isFinite(expiresIn) && expiresIn > 0)) {
    throw new SignerError(
      'SIGNER_INVALID_EXPIRY',
      `expiresIn must be a positive number of seconds, got ${expiresIn}`,
    );
  }
  const at = options.expiresAt?.getTime() ?? now + expiresIn * 1000;
  if (!(at > now)) throw new SignerError('SIGNER_INVALID_EXPIRY', 'the expiry must be in the future');
  return Math.ceil(at / 1000);
}

function prepare(request: PresignableRequest, expires: number) {
  const url = new URL(String(request.url));
  const kept = url.search
    .slice(1)
    .split('&')
    .filter((part) => part !== '' && !PRESIGN_NAMES.has(part.split('=')[0] ?? ''));
  const query = kept.join('&');
  const headers = readSigningHeaders(request.headers ?? {});
  const stringToSign = buildStringToSign({
    method: request.method,
    contentMd5: headers.contentMd5,
    contentType: headers.contentType,
    date: String(expires),
    canonicalHeaders: canonicalizeJssHeaders(headers.jss),
    canonicalResource: canonicalizeResource({ bucket: request.bucket, key: request.key, query }),
  });
  return { url, query, stringToSign };
}

/**
 * The query parameters that carry a URL signature (protocol §3.5): `Expires=…&AccessKey=…&Signature=…`, to
 * append to the request's own query.
 */
export function querySignature(expires: number, accessKeyId: string, signature: string): string {
  return `${PRESIGN_PARAMETERS.expires}=${expires}&${PRESIGN_PARAMETERS.accessKey}=${encodeURIComponent(accessKeyId)}&${PRESIGN_PARAMETERS.signature}=${encodeURIComponent(signature)}`;
}

function finish(
  prepared: ReturnType<typeof prepare>,
  expires: number,
  accessKeyId: string,
  signature: string,
) {
  const { url, query } = prepared;
  const auth = querySignature(expires, accessKeyId, signature);
  url.search = query === '' ? auth : `${query}&${auth}`;
  return url.toString();
}

/**
 * A presigned URL (protocol §3.5): the request's URL plus `Expires`, `AccessKey` and `Signature`.
 * @throws {SignerError} `SIGNER_INVALID_EXPIRY`, `SIGNER_INVALID_CREDENTIALS`, `SIGNER_SYNC_UNSUPPORTED`.
 * @example
 * presignUrlSync({ method: 'GET', url: 'http://127.0.0.1:9000/photos/a.jpg', bucket: 'photos', key: 'a.jpg' },
 *   { credentials, expiresIn: 600 });
 */
export function presignUrlSync(request: PresignableRequest, options: PresignOptions): string {
  const credentials = assertCredentials(options.credentials);
  const expires = expiresSeconds(options);
  const prepared = prepare(request, expires);
  const signature = (options.hmac ?? defaultHmacSha1)(credentials.secretAccessKey, prepared.stringToSign);
  if (typeof signature !== 'string') {
    throw new SignerError('SIGNER_SYNC_UNSUPPORTED', 'this HMAC is asynchronous; call presignUrl instead');
  }
  return finish(prepared, expires, credentials.accessKeyId, signature);
}

/** {@link presignUrlSync} for any runtime and for credential providers. */
export async function presignUrl(request: PresignableRequest, options: AsyncPresignOptions): Promise<string> {
  const credentials = await resolveCredentials(options.credentials);
  const expires = expiresSeconds(options);
  const prepared = prepare(request, expires);
  const signature = await (options.hmac ?? defaultHmacSha1)(
    credentials.secretAccessKey,
    prepared.stringToSign,
  );
  return finish(prepared, expires, credentials.accessKeyId, signature);
}
