import { presignUrl, type RemoteSigner, signRequest } from '@jsskit/signer';
import type { AdapterResponse, HttpAdapter, PhaseTimeouts } from './adapter.ts';
import type { ResolvedAddress } from './addressing.ts';
import { type Authentication, QUERY_SIGNATURE_SECONDS } from './authentication.ts';
import { InvalidRequestError, TransportError } from './errors.ts';
import type { RateLimit } from './rate-limit.ts';
import { readAll } from './read-body.ts';
import { readServiceError } from './read-service-error.ts';
import { type OpenedBody, openBody, watchConsumption } from './request-body.ts';
import { contentLength } from './request-headers.ts';
import { describeForSigner, type Signing, signedDate, withQuerySignature } from './signing.ts';
import type { TransportRequest } from './transport-types.ts';

// An error body longer than this is not a JSS error body; the rest is dropped.
const MAX_ERROR_BODY_BYTES = 64 * 1024;

/** What one attempt needs beyond the request. */
export interface AttemptContext {
  readonly adapter: HttpAdapter;
  /** Who signs: these keys, or a signing server. */
  readonly signing: Signing;
  readonly authentication: Authentication;
  readonly address: ResolvedAddress;
  readonly headers: Readonly<Record<string, string>>;
  readonly timeouts: PhaseTimeouts;
  readonly signal: AbortSignal;
  readonly operation: string;
  /** The signing date: local clock plus the learned server offset. */
  readonly signingDate: Date;
  readonly onConsumed: () => void;
  readonly onSent: (deltaBytes: number) => void;
  readonly rateLimit: RateLimit | undefined;
  /** Ask with `Expect: 100-continue` if the body is big enough to be worth a round trip. */
  readonly expectContinue: boolean;
}

/** Smaller bodies go at once even when asked to expect 100 Continue: the round trip costs more (as in curl). */
export const EXPECT_CONTINUE_MIN_BYTES = 1024 * 1024;

async function open(request: TransportRequest, context: AttemptContext): Promise<OpenedBody | undefined> {
  let body: OpenedBody | undefined;
  try {
    body = await openBody(request.body);
  } catch (error) {
    if (TransportError.isInstance(error)) throw error;
    throw new InvalidRequestError(`${context.operation}: the body could not be opened`, { cause: error });
  }
  return body?.kind === 'stream'
    ? { kind: 'stream', chunks: watchConsumption(body.chunks, context.onConsumed) }
    : body;
}

// The URL and headers that carry this attempt's signature: Date and Authorization, or a URL signed in its query.
async function sign(
  request: TransportRequest,
  context: AttemptContext,
  headers: Record<string, string>,
): Promise<{ url: string; headers: Record<string, string> }> {
  const { bucket, key, method } = request;
  const { signing, signingDate, address } = context;
  if ('remote' in signing) return signRemotely(request, context, { remote: signing.remote, headers });
  const { credentials, hmac } = signing;
  try {
    if (context.authentication === 'query') {
      const url = await presignUrl(
        { method, url: address.url, bucket, key, headers },
        { credentials, hmac, now: signingDate, expiresIn: QUERY_SIGNATURE_SECONDS },
      );
      return { url, headers };
    }
    const signed = await signRequest(
      { method, bucket, key, query: address.query, headers },
      { credentials, date: signingDate, hmac },
    );
    return {
      url: address.url,
      headers: { ...headers, date: signed.Date, authorization: signed.Authorization },
    };
  } catch (error) {
    // The signer's messages never hold the secret (its credentials check names the field only).
    const reason = error instanceof Error ? `: ${error.message}` : '';
    throw new InvalidRequestError(`${context.operation} could not be signed${reason}`, { cause: error });
  }
}

// The same, signed by a signing server on its own clock: an error of its own (unreachable, refused) is
// thrown as it is, so that the retry policy sees it.
async function signRemotely(
  request: TransportRequest,
  context: AttemptContext,
  signer: { readonly remote: RemoteSigner; readonly headers: Record<string, string> },
): Promise<{ url: string; headers: Record<string, string> }> {
  const { remote, headers } = signer;
  const { address } = context;
  const described = describeForSigner(request, address.query, headers);
  try {
    if (context.authentication === 'query') {
      const answer = await remote(
        { ...described, scheme: 'query', expiresIn: QUERY_SIGNATURE_SECONDS },
        context.signal,
      );
      return { url: withQuerySignature(address.url, answer), headers };
    }
    const answer = await remote({ ...described, scheme: 'header' }, context.signal);
    return {
      url: address.url,
      headers: {
        ...headers,
        date: signedDate(answer),
        authorization: `jingdong ${answer.accessKeyId}:${answer.signature}`,
      },
    };
  } catch (error) {
    if (TransportError.isInstance(error) || context.signal.aborted) throw error;
    throw new InvalidRequestError(`${context.operation} could not be signed remotely`, { cause: error });
  }
}

/**
 * Sends one attempt: opens the body, signs afresh, and hands it to the adapter. A non-2xx answer is read
 * (bounded) and thrown as a ServiceError, so the caller only sees 2xx responses.
 */
export async function runAttempt(
  request: TransportRequest,
  context: AttemptContext,
): Promise<AdapterResponse> {
  const body = await open(request, context);
  const headers: Record<string, string> = { ...context.headers };
  const length = contentLength(request, body);
  if (length !== undefined) headers['content-length'] = length;
  const signed = await sign(request, context, headers);
  const response = await context.adapter.send({
    method: request.method,
    url: signed.url,
    headers: signed.headers,
    body,
    signal: context.signal,
    timeouts: context.timeouts,
    operation: context.operation,
    onUploadProgress: context.onSent,
    rateLimit: context.rateLimit,
    expectContinue:
      context.expectContinue &&
      body !== undefined &&
      (length === undefined || Number(length) >= EXPECT_CONTINUE_MIN_BYTES),
  });
  if (response.status >= 200 && response.status < 300) return response;
  const errorBody = await readAll(response.body, MAX_ERROR_BODY_BYTES);
  // A body read to its end leaves the keep-alive connection reusable; a longer one is cut off.
  if (errorBody.byteLength >= MAX_ERROR_BODY_BYTES) response.cancel();
  throw readServiceError(context.operation, response, errorBody);
}
