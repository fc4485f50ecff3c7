import { parseSubResources, type SubResource } from './canonical-resource.ts';
import { MAX_CLOCK_SKEW_MS } from './constants.ts';
import {
  assertCredentials,
  type Credentials,
  type CredentialsProvider,
  resolveCredentials,
} from './credentials.ts';
import { SignerError } from './errors.ts';
import { defaultHmacSha1, type HmacSha1 } from './hmac.ts';
import { createStringToSign } from './sign-request.ts';

/**
 * One attempt of one request, as a client without the secret (a browser) asks a signing server to sign it:
 * plain JSON. Exactly one of `date` (the Date header, for the Authorization header) and `expires` (Unix
 * seconds, for a signature in the URL) is set.
 */
export interface RemoteSigningRequest {
  readonly method: string;
  readonly bucket?: string | undefined;
  /** The decoded key (protocol §13). */
  readonly key?: string | undefined;
  /** The raw query string as sent; only its sub-resources are signed. */
  readonly query?: string | undefined;
  /** Content-MD5, Content-Type and `x-jss-*` headers as sent; other headers are not signed. */
  readonly headers?: Readonly<Record<string, string>> | undefined;
  readonly date?: string | undefined;
  readonly expires?: number | undefined;
}

/** The signing server's answer. */
export interface RemoteSignature {
  readonly accessKeyId: string;
  readonly signature: string;
}

/**
 * Asks a signing server for the signature of one attempt (see `createRemoteSigner` in http-transport);
 * `signal` fires when the attempt is given up.
 */
export type RemoteSigner = (request: RemoteSigningRequest, signal: AbortSignal) => Promise<RemoteSignature>;

/** What `allow` decides on: the request as it will be signed. */
export interface RemoteSigningView {
  /** Upper-cased. */
  readonly method: string;
  readonly bucket: string | undefined;
  readonly key: string | undefined;
  /** The sub-resources the signature covers, in request order (`uploadId`, `partNumber`, `uploads`, ...). */
  readonly subResources: readonly SubResource[];
  /** The signed headers, names lower-cased. */
  readonly headers: Readonly<Record<string, string>>;
}

/** Options of {@link signRemoteRequestSync}. */
export interface RemoteSigningOptions {
  readonly credentials: Credentials;
  /**
   * Whether this client may send this request: check the method, bucket, key and sub-resources against
   * what the user is allowed (their own key prefix, uploads only). `false` refuses with `SIGNER_REFUSED`.
   */
  readonly allow: (request: RemoteSigningView) => boolean;
  /** The signing clock. @defaultValue `new Date()` */
  readonly now?: Date | undefined;
  /**
   * How far `date` may be from `now`, in seconds; `expires` may be this far ahead plus 15 minutes more, for
   * a client whose clock runs ahead. @defaultValue 900
   */
  readonly maxAgeSeconds?: number | undefined;
  readonly hmac?: HmacSha1 | undefined;
}

/** Options of {@link signRemoteRequest}: credentials may come from an async provider. */
export interface AsyncRemoteSigningOptions extends Omit<RemoteSigningOptions, 'credentials'> {
  readonly credentials: Credentials | CredentialsProvider;
}

const SIGNED_HEADER = /^(content-md5|content-type|x-jss-[a-z0-9-]+)$/;
// A key with `?` or a control character could make the StringToSign of another request (another
// sub-resource, another header line): refused rather than guessed at.
function isAmbiguous(text: string): boolean {
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code === 0x3f || code < 0x20 || code === 0x7f) return true;
  }
  return false;
}

function invalid(message: string): never {
  throw new SignerError('SIGNER_INVALID_REQUEST', message);
}

function optionalText(value: unknown, name: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') invalid(`${name} must be a string`);
  if (isAmbiguous(value)) invalid(`${name} must not contain "?" or control characters`);
  return value;
}

// A bucket with `/` in it would sign `/bucket/key` of another bucket and key.
function bucketName(value: unknown): string | undefined {
  const bucket = optionalText(value, 'bucket');
  if (bucket !== undefined && !/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket))
    invalid('bucket is not a bucket name');
  return bucket;
}

function signedHeaders(value: unknown): Record<string, string> {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) invalid('headers must be an object');
  const headers: Record<string, string> = {};
  for (const [name, text] of Object.entries(value as Record<string, unknown>)) {
    const lower = name.toLowerCase();
    if (!SIGNED_HEADER.test(lower)) invalid(`header ${name} is not signed by JSS`);
    if (typeof text !== 'string' || /[\r\n]/.test(text)) invalid(`header ${name} must be one line of text`);
    headers[lower] = text;
  }
  return headers;
}

/** Checks an untrusted request (parsed JSON) and returns what it signs: its view and its date field. */
function check(input: unknown, options: Omit<RemoteSigningOptions, 'credentials'>) {
  if (typeof input !== 'object' || input === null) invalid('the request must be an object');
  const request = input as Record<string, unknown>;
  const method = request.method;
  if (typeof method !== 'string' || !/^[A-Za-z]+$/.test(method)) invalid('method must be an HTTP verb');
  const query = request.query ?? '';
  if (typeof query !== 'string' || /[\s#]/.test(query)) invalid('query must be a query string');
  const view: RemoteSigningView = {
    method: method.toUpperCase(),
    bucket: bucketName(request.bucket),
    key: optionalText(request.key, 'key'),
    subResources: parseSubResources(query),
    headers: signedHeaders(request.headers),
  };
  const now = (options.now ?? new Date()).getTime();
  const maxAgeMs = (options.maxAgeSeconds ?? MAX_CLOCK_SKEW_MS / 1000) * 1000;
  const { date, expires } = request;
  let signedDate: string;
  if (typeof date === 'string' && expires === undefined) {
    const at = Date.parse(date);
    if (Number.isNaN(at) || /[\r\n]/.test(date)) invalid('date must be an HTTP date');
    if (Math.abs(at - now) > maxAgeMs)
      throw new SignerError('SIGNER_INVALID_EXPIRY', 'date is too far from the signing clock');
    signedDate = date;
  } else if (typeof expires === 'number' && date === undefined && Number.isInteger(expires)) {
    if (expires * 1000 <= now || expires * 1000 > now + maxAgeMs + MAX_CLOCK_SKEW_MS)
      throw new SignerError('SIGNER_INVALID_EXPIRY', 'expires must be in the future, within maxAgeSeconds');
    signedDate = String(expires);
  } else invalid('exactly one of date (a string) and expires (whole seconds) is required');
  if (!options.allow(view)) throw new SignerError('SIGNER_REFUSED', `${view.method} refused by the policy`);
  const stringToSign = createStringToSign({ ...view, query: query as string }, signedDate);
  return stringToSign;
}

/**
 * Signs, on a server that holds the secret, one attempt that a client without it (a browser running the
 * upload engine) asked for, after checking it: shape, freshness (`date` within `maxAgeSeconds` of now,
 * `expires` at most that far ahead), no key or bucket that could stand for another request, and `allow`.
 * @throws {SignerError} `SIGNER_INVALID_REQUEST`, `SIGNER_INVALID_EXPIRY`, `SIGNER_REFUSED`,
 * `SIGNER_INVALID_CREDENTIALS`, `SIGNER_SYNC_UNSUPPORTED` (an asynchronous HMAC: use {@link signRemoteRequest}).
 * @example
 * // In the signing endpoint, with `body` the client's JSON:
 * const signature = signRemoteRequestSync(body, {
 *   credentials,
 *   allow: (request) => request.bucket === 'photos' && request.key?.startsWith(`${user.id}/`) === true,
 * });
 */
export function signRemoteRequestSync(input: unknown, options: RemoteSigningOptions): RemoteSignature {
  const credentials = assertCredentials(options.credentials);
  const stringToSign = check(input, options);
  const signature = (options.hmac ?? defaultHmacSha1)(credentials.secretAccessKey, stringToSign);
  if (typeof signature !== 'string') {
    throw new SignerError(
      'SIGNER_SYNC_UNSUPPORTED',
      'this HMAC is asynchronous; call signRemoteRequest instead',
    );
  }
  return { accessKeyId: credentials.accessKeyId, signature };
}

/** {@link signRemoteRequestSync} for any runtime and for credential providers. */
export async function signRemoteRequest(
  input: unknown,
  options: AsyncRemoteSigningOptions,
): Promise<RemoteSignature> {
  const stringToSign = check(input, options);
  const credentials = await resolveCredentials(options.credentials);
  const signature = await (options.hmac ?? defaultHmacSha1)(credentials.secretAccessKey, stringToSign);
  return { accessKeyId: credentials.accessKeyId, signature };
}
