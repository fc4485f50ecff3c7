import { presignUrl, type RemoteSigner, SignerError } from '@jsskit/signer';
import type { ResolvedAddress } from './addressing.ts';
import { QUERY_SIGNATURE_SECONDS } from './authentication.ts';
import { InvalidRequestError } from './errors.ts';
import { callerHeaders } from './request-headers.ts';
import { describeForSigner, type Signing, withQuerySignature } from './signing.ts';
import type { PresignRequest } from './transport-types.ts';

interface PresignContext {
  readonly address: ResolvedAddress;
  readonly signing: Signing;
  readonly now: Date;
}

/** Presigns a request at its resolved address; signer errors become InvalidRequestError. */
export async function presignRequest(request: PresignRequest, context: PresignContext): Promise<string> {
  if (request.bucket === '') throw new InvalidRequestError('a presigned URL needs a bucket');
  const headers = callerHeaders(request);
  const { signing, address } = context;
  if ('remote' in signing) return presignRemotely(request, context, { remote: signing.remote, headers });
  try {
    return await presignUrl(
      { method: request.method, url: address.url, bucket: request.bucket, key: request.key, headers },
      {
        credentials: signing.credentials,
        expiresIn: request.expiresIn,
        now: context.now,
        hmac: signing.hmac,
      },
    );
  } catch (error) {
    if (SignerError.isInstance(error)) throw new InvalidRequestError(error.message, { cause: error });
    throw error;
  }
}

// A URL signed by the signing server, which decides how long it may live.
async function presignRemotely(
  request: PresignRequest,
  context: PresignContext,
  signer: { readonly remote: RemoteSigner; readonly headers: Record<string, string> },
): Promise<string> {
  const { remote, headers } = signer;
  const answer = await remote(
    {
      ...describeForSigner(request, context.address.query, headers),
      scheme: 'query',
      expiresIn: request.expiresIn ?? QUERY_SIGNATURE_SECONDS,
    },
    new AbortController().signal,
  );
  return withQuerySignature(context.address.url, answer);
}
