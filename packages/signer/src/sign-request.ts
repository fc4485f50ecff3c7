import { canonicalizeJssHeaders } from './canonical-headers.ts';
import { canonicalizeResource, type ResourceInput } from './canonical-resource.ts';
import { AUTHORIZATION_SCHEME } from './constants.ts';
import {
  assertCredentials,
  type Credentials,
  type CredentialsProvider,
  resolveCredentials,
} from './credentials.ts';
import { SignerError } from './errors.ts';
import { formatHttpDate } from './format-http-date.ts';
import { type HeaderInput, readSigningHeaders } from './header-input.ts';
import { defaultHmacSha1, type HmacSha1 } from './hmac.ts';
import { buildStringToSign } from './string-to-sign.ts';

/** The parts of a request that a signature covers. Any object of this shape can be signed. */
export interface SignableRequest extends ResourceInput {
  /** HTTP verb; upper-cased when signed. */
  readonly method: string;
  /** Request headers: Content-MD5, Content-Type and every `x-jss-*` header are signed as sent. */
  readonly headers?: HeaderInput | undefined;
}

/** Options of {@link signRequestSync}. */
export interface SignOptions {
  readonly credentials: Credentials;
  /** When the request is signed; it becomes the Date header. @defaultValue `new Date()` */
  readonly date?: Date | undefined;
  /** HMAC implementation. @defaultValue node:crypto on Node, Web Crypto elsewhere */
  readonly hmac?: HmacSha1 | undefined;
}

/** Options of {@link signRequest}: credentials may come from an async provider. */
export interface AsyncSignOptions extends Omit<SignOptions, 'credentials'> {
  readonly credentials: Credentials | CredentialsProvider;
}

/** The two headers to set on the request. Any Date header the request had must be replaced by this one. */
export interface SignedHeaders {
  readonly Date: string;
  readonly Authorization: string;
}

/**
 * The exact StringToSign of a request for a given Date header value (protocol §3.1). Exposed for debugging
 * a `SignatureDoesNotMatch`: compare it with what the server says it expected.
 */
export function createStringToSign(request: SignableRequest, date: string): string {
  if (typeof request.method !== 'string' || request.method === '') {
    throw new SignerError('SIGNER_INVALID_REQUEST', 'the request has no HTTP method');
  }
  const headers = readSigningHeaders(request.headers ?? {});
  return buildStringToSign({
    method: request.method,
    contentMd5: headers.contentMd5,
    contentType: headers.contentType,
    date,
    canonicalHeaders: canonicalizeJssHeaders(headers.jss),
    canonicalResource: canonicalizeResource(request),
  });
}

function authorization(accessKeyId: string, signature: string): string {
  return `${AUTHORIZATION_SCHEME} ${accessKeyId}:${signature}`;
}

/**
 * Signs a request synchronously (node:crypto or any synchronous {@link HmacSha1}): the fast path for servers.
 * @throws {SignerError} `SIGNER_SYNC_UNSUPPORTED` when the HMAC is asynchronous (Web Crypto); use {@link signRequest}.
 * @example
 * const { Date, Authorization } = signRequestSync(
 *   { method: 'GET', bucket: 'photos', key: 'a b.jpg' },
 *   { credentials: { accessKeyId: 'AK', secretAccessKey: 'SK' } },
 * );
 */
export function signRequestSync(request: SignableRequest, options: SignOptions): SignedHeaders {
  const credentials = assertCredentials(options.credentials);
  const date = formatHttpDate(options.date ?? new Date());
  const signature = (options.hmac ?? defaultHmacSha1)(
    credentials.secretAccessKey,
    createStringToSign(request, date),
  );
  if (typeof signature !== 'string') {
    throw new SignerError(
      'SIGNER_SYNC_UNSUPPORTED',
      'this HMAC is asynchronous (Web Crypto); call signRequest instead of signRequestSync',
    );
  }
  return { Date: date, Authorization: authorization(credentials.accessKeyId, signature) };
}

/** Signs a request on any runtime; see {@link signRequestSync} for the synchronous Node path. */
export async function signRequest(
  request: SignableRequest,
  options: AsyncSignOptions,
): Promise<SignedHeaders> {
  const credentials = await resolveCredentials(options.credentials);
  const date = formatHttpDate(options.date ?? new Date());
  const stringToSign = createStringToSign(request, date);
  const signature = await (options.hmac ?? defaultHmacSha1)(credentials.secretAccessKey, stringToSign);
  return { Date: date, Authorization: authorization(credentials.accessKeyId, signature) };
}
