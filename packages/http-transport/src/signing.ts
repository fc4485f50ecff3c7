import {
  assertCredentials,
  type Credentials,
  type CredentialsProvider,
  type HmacSha1,
  querySignature,
  type RemoteSignature,
  type RemoteSigner,
  type RemoteSigningRequest,
  SIGNED_HEADER_PREFIX,
} from '@jsskit/signer';
import { InvalidRequestError, RemoteSigningError } from './errors.ts';

/** Who signs a transport's attempts: keys it holds, or a signing server. */
export type Signing =
  | { readonly credentials: Credentials | CredentialsProvider; readonly hmac: HmacSha1 | undefined }
  | { readonly remote: RemoteSigner };

/** The transport's signing from its options: exactly one of `credentials` and `remoteSigner`. */
export function signingOf(options: {
  readonly credentials?: Credentials | CredentialsProvider | undefined;
  readonly remoteSigner?: RemoteSigner | undefined;
  readonly hmac?: HmacSha1 | undefined;
}): Signing {
  const { credentials, remoteSigner } = options;
  if ((credentials === undefined) === (remoteSigner === undefined))
    throw new InvalidRequestError('give the transport either credentials or a remoteSigner');
  // A key pair given as it is is checked now, not at the first request (a provider's, at each signature).
  if (credentials !== undefined && typeof credentials !== 'function') {
    try {
      assertCredentials(credentials);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new InvalidRequestError(`invalid credentials: ${reason}`, { cause: error });
    }
  }
  return remoteSigner === undefined
    ? { credentials: credentials as Credentials | CredentialsProvider, hmac: options.hmac }
    : { remote: remoteSigner };
}

/**
 * What a signing server is shown of a request: its method, bucket, key and query, and only the headers a
 * signature covers (Content-MD5, Content-Type, `x-jss-*`).
 */
export function describeForSigner(
  request: {
    readonly method: string;
    readonly bucket?: string | undefined;
    readonly key?: string | undefined;
  },
  query: string,
  headers: Readonly<Record<string, string>>,
): Omit<RemoteSigningRequest, 'scheme' | 'expiresIn'> {
  const signed: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    const lower = name.toLowerCase();
    if (lower === 'content-md5' || lower === 'content-type' || lower.startsWith(SIGNED_HEADER_PREFIX))
      signed[lower] = value;
  }
  return { method: request.method, bucket: request.bucket, key: request.key, query, headers: signed };
}

/** The Date a signing server signed (header scheme). */
export function signedDate(answer: RemoteSignature): string {
  if (typeof answer.date !== 'string' || answer.date === '' || /[\r\n]/.test(answer.date))
    throw new RemoteSigningError('the signing server answered without the date it signed', 200);
  return answer.date;
}

/** `url` with a signing server's URL signature in its query (protocol §3.5): `Expires`, `AccessKey`, `Signature`. */
export function withQuerySignature(url: string, answer: RemoteSignature): string {
  const { expires } = answer;
  if (typeof expires !== 'number' || !Number.isInteger(expires))
    throw new RemoteSigningError('the signing server answered without the expiry it signed', 200);
  const auth = querySignature(expires, answer.accessKeyId, answer.signature);
  return `${url}${url.includes('?') ? '&' : '?'}${auth}`;
}
