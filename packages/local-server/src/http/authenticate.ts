import type { IncomingMessage } from 'node:http';
import { type VerifiableRequest, type VerificationResult, verifyRequestSync } from '@jsskit/signer';
import { ServiceError } from '../internal/service-error.ts';
import type { RequestTarget } from './request-target.ts';
import { utf8JssHeaders } from './utf8-headers.ts';

/** What authenticating one request needs. */
export interface AuthenticationInput {
  readonly secrets: ReadonlyMap<string, string>;
  readonly request: IncomingMessage;
  readonly target: RequestTarget;
  readonly now: Date;
}

/**
 * The same request as signed by a client that counts `bucketReferer` as a sub-resource ([UNSPEC] §7.5):
 * `/bucket?bucketReferer`. Only a bucket-level referer request has one (docs/adr/0026).
 */
function withRefererResource(
  request: VerifiableRequest,
  target: RequestTarget,
): VerifiableRequest | undefined {
  if (target.key !== undefined || target.bucket === undefined || !target.params.has('bucketReferer'))
    return undefined;
  // The signer leaves bucketReferer out of CanonicalizedResource (§3.3); naming the bucket
  // `<bucket>?bucketReferer` makes its resource path exactly `/<bucket>?bucketReferer`.
  return { ...request, bucket: `${target.bucket}?bucketReferer` };
}

/** Verifies the header signature or presigned URL; throws the verification failure as a ServiceError. */
export function authenticate(input: AuthenticationInput): void {
  const { request, target } = input;
  const verifiable: VerifiableRequest = {
    method: request.method ?? 'GET',
    bucket: target.bucket,
    key: target.key,
    rawKey: target.rawKey,
    query: target.query,
    headers: request.headers,
  };
  const options = { lookupSecret: (id: string) => input.secrets.get(id), now: input.now };
  const result = verifyRequestSync(verifiable, options);
  if (result.ok) return;
  if (result.code !== 'SignatureDoesNotMatch') throw failure(result);
  for (const variant of variantsOf(verifiable, input)) {
    const variantResult = verifyRequestSync(variant, options);
    if (variantResult.ok) return;
    // A match on a variant that then fails the clock check reports that, not the mismatch.
    if (variantResult.code !== 'SignatureDoesNotMatch') throw failure(variantResult);
  }
  throw failure(result);
}

/**
 * The same request as other clients sign it: non-ASCII `x-jss-*` headers as the UTF-8 text they were sent as
 * (Node reads header bytes as Latin-1; protocol §13), and a referer request with its sub-resource.
 */
function variantsOf(request: VerifiableRequest, input: AuthenticationInput): VerifiableRequest[] {
  const variants: VerifiableRequest[] = [];
  const utf8 = utf8JssHeaders(input.request.headers);
  if (utf8 !== undefined) variants.push({ ...request, headers: utf8 });
  const referer = withRefererResource(request, input.target);
  if (referer !== undefined) variants.push(referer);
  return variants;
}

function failure(result: Exclude<VerificationResult, { ok: true }>): ServiceError {
  const body = result.stringToSign === undefined ? undefined : { stringToSign: result.stringToSign };
  return new ServiceError(result.code, result.message, body === undefined ? {} : { body });
}
