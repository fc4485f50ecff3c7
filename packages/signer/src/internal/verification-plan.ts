import { MAX_CLOCK_SKEW_MS, PRESIGN_PARAMETERS } from '../constants.ts';
import { readSigningHeaders } from '../header-input.ts';
import { parseAuthorization } from '../parse-authorization.ts';
import {
  type VerificationFailure,
  type VerificationResult,
  verificationFailure,
} from '../verification-failure.ts';
import type { VerifiableRequest, VerifyOptions } from '../verify-request.ts';
import { signatureCandidates } from './signature-candidates.ts';

/** A request whose credentials were found: the signatures to try, then the checks after a match. */
export interface VerificationPlan {
  readonly ok: true;
  readonly secret: string;
  readonly signature: string;
  readonly candidates: readonly string[];
  readonly afterMatch: () => VerificationResult;
}

function presignParameters(query: string | undefined): Map<string, string> {
  const found = new Map<string, string>();
  if (query === undefined) return found;
  const names = new Set<string>(Object.values(PRESIGN_PARAMETERS));
  for (const part of (query.startsWith('?') ? query.slice(1) : query).split('&')) {
    const equals = part.indexOf('=');
    const name = equals === -1 ? part : part.slice(0, equals);
    if (!names.has(name)) continue;
    try {
      found.set(name, decodeURIComponent(equals === -1 ? '' : part.slice(equals + 1)));
    } catch {
      found.set(name, '');
    }
  }
  return found;
}

function nowMs(options: VerifyOptions): number {
  const now = options.now ?? Date.now();
  return typeof now === 'number' ? now : now.getTime();
}

function planHeader(
  request: VerifiableRequest,
  options: VerifyOptions,
): VerificationPlan | VerificationFailure {
  const headers = readSigningHeaders(request.headers);
  const parsed = parseAuthorization(headers.authorization ?? '');
  if (parsed === undefined)
    return verificationFailure('InvalidToken', 'The Authorization header is malformed');
  if (headers.date === undefined || headers.date.trim() === '') {
    return verificationFailure('MissingSecurityHeader', 'The Date header is required');
  }
  const signedAt = Date.parse(headers.date);
  if (Number.isNaN(signedAt))
    return verificationFailure('AccessDenied', 'The Date header is not a valid date');
  const secret = options.lookupSecret(parsed.accessKeyId);
  if (secret === undefined) {
    return verificationFailure('InvalidAccessKeyId', 'The access key does not exist');
  }
  const maxSkewMs = options.maxSkewMs ?? MAX_CLOCK_SKEW_MS;
  return {
    ok: true,
    secret,
    signature: parsed.signature,
    candidates: signatureCandidates({ ...request, headers, dateSlot: headers.date }),
    afterMatch: () =>
      Math.abs(nowMs(options) - signedAt) > maxSkewMs
        ? verificationFailure(
            'RequestTimeTooSkewed',
            'The difference between the request time and the server time is too large',
          )
        : { ok: true, accessKeyId: parsed.accessKeyId, via: 'header' },
  };
}

function planPresigned(
  request: VerifiableRequest,
  options: VerifyOptions,
  found: Map<string, string>,
): VerificationPlan | VerificationFailure {
  const expires = found.get(PRESIGN_PARAMETERS.expires) ?? '';
  const accessKeyId = found.get(PRESIGN_PARAMETERS.accessKey) ?? '';
  const signature = found.get(PRESIGN_PARAMETERS.signature) ?? '';
  if (expires === '' || accessKeyId === '' || signature === '' || !/^\d{1,12}$/.test(expires)) {
    return verificationFailure('InvalidURI', 'A presigned URL needs Expires, AccessKey and Signature');
  }
  const secret = options.lookupSecret(accessKeyId);
  if (secret === undefined) return verificationFailure('InvalidAccessKeyId', 'The access key does not exist');
  const headers = readSigningHeaders(request.headers);
  return {
    ok: true,
    secret,
    signature,
    candidates: signatureCandidates({ ...request, headers, dateSlot: expires }),
    afterMatch: () =>
      nowMs(options) > Number(expires) * 1000
        ? verificationFailure('ExpiredToken', 'The presigned URL has expired')
        : { ok: true, accessKeyId, via: 'presigned-url' },
  };
}

/** Decides how a request claims to be signed and finds its secret, or says why it is refused. */
export function planVerification(
  request: VerifiableRequest,
  options: VerifyOptions,
): VerificationPlan | VerificationFailure {
  const found = presignParameters(request.query);
  const authorization = readSigningHeaders(request.headers).authorization;
  if (authorization !== undefined && found.size > 0) {
    return verificationFailure(
      'InvalidArgument',
      'A request may not be signed in both the header and the URL',
    );
  }
  if (authorization !== undefined) return planHeader(request, options);
  if (found.size > 0) return planPresigned(request, options, found);
  return verificationFailure('AccessDenied', 'Anonymous access is not allowed');
}
