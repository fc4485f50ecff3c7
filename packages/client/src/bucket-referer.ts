import type { Transport } from '@jsskit/http-transport';
import { bucketRefererQueryParameters, parseResponseBody } from '@jsskit/wire-types';
import type { BucketOptions } from './bucket-operations.ts';
import { checkBucket, invalidOptions } from './internal/check-options.ts';
import { namedCall } from './internal/named-call.ts';

/**
 * A bucket's referer rules (hotlink protection, protocol §7.5). `ALLOW` lets in only the listed referers,
 * `DENY` keeps them out; `allowEmpty` says whether a request without a Referer passes. An empty list
 * protects nothing (ADR 0026). A pattern is a host name where `*` stands for any run of characters.
 */
export interface BucketRefererRules {
  readonly effect: 'ALLOW' | 'DENY';
  readonly referers: readonly string[];
  readonly allowEmpty: boolean;
}

/** Options of `putBucketReferer`. */
export interface PutBucketRefererOptions extends BucketOptions, BucketRefererRules {}

/** The rules of a bucket nobody configured, as JSS documents them. */
const DEFAULT_RULES: BucketRefererRules = { effect: 'ALLOW', referers: [], allowEmpty: false };

/**
 * GetBucketReferer (`GET /?bucketReferer`, protocol §7.5). A 204 or an empty body (the documented example
 * shows 204) reads as the defaults: an empty ALLOW list.
 */
export async function getBucketReferer(
  transport: Transport,
  options: BucketOptions,
): Promise<BucketRefererRules> {
  const operation = 'GetBucketReferer';
  checkBucket(operation, options.bucket);
  const { bucket, signal } = options;
  const response = await namedCall(operation, () =>
    transport.send({ method: 'GET', bucket, query: [['bucketReferer', undefined]], signal }),
  );
  if (response.body.length === 0) return DEFAULT_RULES;
  const body = parseResponseBody(operation, response.body);
  return {
    effect: body.Effect === 'DENIED' ? 'DENY' : 'ALLOW',
    referers: body.Value,
    allowEmpty: body.AllowNull,
  };
}

/**
 * PutBucketReferer (`PUT /?bucketReferer&Effect=&RefererList=&IsAllowNull=`, protocol §7.5): replaces the
 * rules; `referers: []` turns protection off.
 * @throws {ClientError} `CLIENT_INVALID_OPTIONS` for an unknown effect, a non-string or empty referer, or a
 * non-boolean `allowEmpty`, before anything is sent.
 */
export async function putBucketReferer(
  transport: Transport,
  options: PutBucketRefererOptions,
): Promise<void> {
  const operation = 'PutBucketReferer';
  checkBucket(operation, options.bucket);
  const { bucket, signal, effect, referers, allowEmpty } = options;
  if (effect !== 'ALLOW' && effect !== 'DENY') {
    throw invalidOptions(operation, `effect must be 'ALLOW' or 'DENY', got ${JSON.stringify(effect)}`);
  }
  if (!Array.isArray(referers) || referers.some((referer) => typeof referer !== 'string' || referer === '')) {
    throw invalidOptions(operation, 'referers must be an array of non-empty strings');
  }
  if (typeof allowEmpty !== 'boolean') {
    throw invalidOptions(operation, `allowEmpty must be true or false, got ${String(allowEmpty)}`);
  }
  const query = bucketRefererQueryParameters({
    Effect: effect === 'DENY' ? 'DENIED' : 'ALLOW',
    RefererList: referers,
    IsAllowNull: allowEmpty,
  });
  await namedCall(operation, () => transport.send({ method: 'PUT', bucket, query, signal }));
}
