import {
  type Credentials,
  type CredentialsProvider,
  type HmacSha1,
  PRESIGN_PARAMETERS,
  type RemoteSignature,
  type RemoteSigner,
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
  return remoteSigner === undefined
    ? { credentials: credentials as Credentials | CredentialsProvider, hmac: options.hmac }
    : { remote: remoteSigner };
}

/** The headers a signature covers (Content-MD5, Content-Type, `x-jss-*`), for a signing server to see. */
export function signedHeaders(headers: Readonly<Record<string, string>>): Record<string, string> {
  const signed: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    const lower = name.toLowerCase();
    if (lower === 'content-md5' || lower === 'content-type' || lower.startsWith('x-jss-'))
      signed[lower] = value;
  }
  return signed;
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
  const auth =
    `${PRESIGN_PARAMETERS.expires}=${expires}&${PRESIGN_PARAMETERS.accessKey}=${encodeURIComponent(answer.accessKeyId)}` +
    `&${PRESIGN_PARAMETERS.signature}=${encodeURIComponent(answer.signature)}`;
  return `${url}${url.includes('?') ? '&' : '?'}${auth}`;
}
