import { parseSubResources, type SubResource } from './canonical-resource.ts';
import {
  assertCredentials,
  type Credentials,
  type CredentialsProvider,
  resolveCredentials,
} from './credentials.ts';
import { SignerError } from './errors.ts';
import { formatHttpDate } from './format-http-date.ts';
import { defaultHmacSha1, type HmacSha1 } from './hmac.ts';
import { keyReadAsEncoding } from './internal/canonical-key.ts';
import { bucketName, invalid, optionalText, signedHeaders } from './internal/remote-request-fields.ts';
import { createStringToSign } from './sign-request.ts';

/**
 * One attempt of one request, as a client without the secret (a browser) asks a signing server to sign it:
 * plain JSON. The server, not the client, picks the time the signature carries, so a client with a wrong
 * clock still sends requests that JSS accepts.
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
  /** `header`: sent with `Date` and `Authorization`; `query`: `Expires`, `AccessKey`, `Signature` in the URL. */
  readonly scheme: 'header' | 'query';
  /** For `query`: how long the URL should live, in seconds; the server may grant less. */
  readonly expiresIn?: number | undefined;
}

/** The signing server's answer: the signature and the time it signed, `date` or `expires` by the scheme. */
export interface RemoteSignature {
  readonly accessKeyId: string;
  readonly signature: string;
  /** `header` scheme: the Date header to send, as signed. */
  readonly date?: string | undefined;
  /** `query` scheme: the `Expires` to send (Unix seconds), as signed. */
  readonly expires?: number | undefined;
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
  /** The signing clock: the Date it signs, or the start of the URL's life. @defaultValue `new Date()` */
  readonly now?: Date | undefined;
  /** The longest life of a URL signature, in seconds; longer requests get this. @defaultValue 3600 */
  readonly maxExpiresIn?: number | undefined;
  /** The life of a URL signature when the request names none, in seconds. @defaultValue 900 */
  readonly defaultExpiresIn?: number | undefined;
  readonly hmac?: HmacSha1 | undefined;
}

/** Options of {@link signRemoteRequest}: credentials may come from an async provider. */
export interface AsyncRemoteSigningOptions extends Omit<RemoteSigningOptions, 'credentials'> {
  readonly credentials: Credentials | CredentialsProvider;
}

/** Checks an untrusted request (parsed JSON); returns its StringToSign and the time the server gives it. */
function check(input: unknown, options: Omit<RemoteSigningOptions, 'credentials'>) {
  if (typeof input !== 'object' || input === null) invalid('the request must be an object');
  const request = input as Record<string, unknown>;
  const method = request.method;
  if (typeof method !== 'string' || !/^[A-Za-z]+$/.test(method)) invalid('method must be an HTTP verb');
  const query = request.query ?? '';
  if (typeof query !== 'string' || /[\s#]/.test(query)) invalid('query must be a query string');
  const bucket = bucketName(request.bucket);
  const key = optionalText(request.key, 'key');
  // An empty key signs as the bucket itself (`DELETE /b` is DeleteBucket), and a key needs its bucket.
  if (key === '' || (key !== undefined && bucket === undefined))
    invalid('key must be a non-empty key of a bucket');
  // A key that is itself the canonical encoding of another (`a%20b` of `a b`, `%E4%B8%AD/x` of `中/x`) would
  // open that other key too, sent verbatim: the policy would judge one key and JSS act on another (ADR 0021).
  if (key !== undefined && keyReadAsEncoding(key) !== undefined)
    invalid('key must not be the percent-encoding of another key');
  const view: RemoteSigningView = {
    method: method.toUpperCase(),
    bucket,
    key,
    subResources: parseSubResources(query),
    headers: signedHeaders(request.headers),
  };
  const now = options.now ?? new Date();
  const { scheme, expiresIn } = request;
  let time: { date: string } | { expires: number };
  if (scheme === 'header' && expiresIn === undefined) time = { date: formatHttpDate(now) };
  else if (scheme === 'query') {
    if (expiresIn !== undefined && !(typeof expiresIn === 'number' && expiresIn > 0))
      invalid('expiresIn must be a positive number of seconds');
    const seconds = Math.min(expiresIn ?? options.defaultExpiresIn ?? 900, options.maxExpiresIn ?? 3600);
    time = { expires: Math.ceil(now.getTime() / 1000 + seconds) };
  } else invalid('scheme must be header (without expiresIn) or query');
  if (!options.allow(view)) throw new SignerError('SIGNER_REFUSED', `${view.method} refused by the policy`);
  const signedTime = 'date' in time ? time.date : String(time.expires);
  return { stringToSign: createStringToSign({ ...view, query: query as string }, signedTime), time };
}

/**
 * Signs, on a server that holds the secret, one attempt that a client without it (a browser running the
 * upload engine) asked for, after checking it: its shape, no key or bucket that could stand for another
 * request, and `allow`. The time signed is the server's: `date` now, or `expires` at most `maxExpiresIn`
 * ahead, returned with the signature.
 * @throws {SignerError} `SIGNER_INVALID_REQUEST`, `SIGNER_REFUSED`,
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
  const { stringToSign, time } = check(input, options);
  const signature = (options.hmac ?? defaultHmacSha1)(credentials.secretAccessKey, stringToSign);
  if (typeof signature !== 'string') {
    throw new SignerError(
      'SIGNER_SYNC_UNSUPPORTED',
      'this HMAC is asynchronous; call signRemoteRequest instead',
    );
  }
  return { accessKeyId: credentials.accessKeyId, signature, ...time };
}

/** {@link signRemoteRequestSync} for any runtime and for credential providers. */
export async function signRemoteRequest(
  input: unknown,
  options: AsyncRemoteSigningOptions,
): Promise<RemoteSignature> {
  const { stringToSign, time } = check(input, options);
  const credentials = await resolveCredentials(options.credentials);
  const signature = await (options.hmac ?? defaultHmacSha1)(credentials.secretAccessKey, stringToSign);
  return { accessKeyId: credentials.accessKeyId, signature, ...time };
}
