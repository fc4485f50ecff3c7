import { SignerError } from './errors.ts';
import type { HeaderInput } from './header-input.ts';
import { defaultHmacSha1, type HmacSha1 } from './hmac.ts';
import { constantTimeEqual } from './internal/constant-time-equal.ts';
import { planVerification, type VerificationPlan } from './internal/verification-plan.ts';
import { type VerificationResult, verificationFailure } from './verification-failure.ts';

/** An incoming request, as a server sees it after resolving the bucket from the Host or the path. */
export interface VerifiableRequest {
  readonly method: string;
  readonly bucket?: string | undefined;
  /** The key decoded from the path (`+` stays `+`). */
  readonly key?: string | undefined;
  /** The key exactly as it stood in the wire path, still percent-encoded: some clients sign that. */
  readonly rawKey?: string | undefined;
  /** The raw query string, with or without `?`. */
  readonly query?: string | undefined;
  readonly headers: HeaderInput;
}

/** Options of {@link verifyRequestSync} and {@link verifyRequest}. */
export interface VerifyOptions {
  /** The secret of an access key id, or `undefined` when the key is unknown. */
  readonly lookupSecret: (accessKeyId: string) => string | undefined;
  /** The server's clock (a shifted clock in tests). @defaultValue `Date.now()` */
  readonly now?: Date | number | undefined;
  /** Allowed distance between Date and the server clock. @defaultValue 15 minutes */
  readonly maxSkewMs?: number | undefined;
  readonly hmac?: HmacSha1 | undefined;
}

function mismatch(plan: VerificationPlan): VerificationResult {
  return verificationFailure(
    'SignatureDoesNotMatch',
    'The request signature we calculated does not match the signature you provided',
    plan.candidates[0],
  );
}

/**
 * Verifies a header-signed or presigned request synchronously, accepting every variant real clients send
 * (protocol §13). Signatures are compared in constant time. The skew or expiry check follows a signature
 * match, so an unauthenticated caller learns nothing about the server clock.
 * @throws {SignerError} `SIGNER_SYNC_UNSUPPORTED` when the HMAC is asynchronous.
 */
export function verifyRequestSync(request: VerifiableRequest, options: VerifyOptions): VerificationResult {
  const plan = planVerification(request, options);
  if (!plan.ok) return plan;
  const hmac = options.hmac ?? defaultHmacSha1;
  for (const candidate of plan.candidates) {
    const expected = hmac(plan.secret, candidate);
    if (typeof expected !== 'string') {
      throw new SignerError(
        'SIGNER_SYNC_UNSUPPORTED',
        'this HMAC is asynchronous; call verifyRequest instead',
      );
    }
    if (constantTimeEqual(expected, plan.signature)) return plan.afterMatch();
  }
  return mismatch(plan);
}

/** {@link verifyRequestSync} for any runtime (Web Crypto included). */
export async function verifyRequest(
  request: VerifiableRequest,
  options: VerifyOptions,
): Promise<VerificationResult> {
  const plan = planVerification(request, options);
  if (!plan.ok) return plan;
  const hmac = options.hmac ?? defaultHmacSha1;
  for (const candidate of plan.candidates) {
    if (constantTimeEqual(await hmac(plan.secret, candidate), plan.signature)) return plan.afterMatch();
  }
  return mismatch(plan);
}
