import {
  type Credentials,
  type CredentialsProvider,
  type HmacSha1,
  presignUrl,
  SignerError,
} from '@jsskit/signer';
import type { ResolvedAddress } from './addressing.ts';
import { InvalidRequestError } from './errors.ts';
import { callerHeaders } from './request-headers.ts';
import type { PresignRequest } from './transport-types.ts';

interface PresignContext {
  readonly address: ResolvedAddress;
  readonly credentials: Credentials | CredentialsProvider;
  readonly hmac: HmacSha1 | undefined;
  readonly now: Date;
}

/** Presigns a request at its resolved address; signer errors become InvalidRequestError. */
export async function presignRequest(request: PresignRequest, context: PresignContext): Promise<string> {
  if (request.bucket === '') throw new InvalidRequestError('a presigned URL needs a bucket');
  const headers = callerHeaders(request);
  try {
    return await presignUrl(
      { method: request.method, url: context.address.url, bucket: request.bucket, key: request.key, headers },
      {
        credentials: context.credentials,
        expiresIn: request.expiresIn,
        now: context.now,
        hmac: context.hmac,
      },
    );
  } catch (error) {
    if (SignerError.isInstance(error)) throw new InvalidRequestError(error.message, { cause: error });
    throw error;
  }
}
