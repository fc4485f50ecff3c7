import { type PutBucketRefererQuery, parseBucketRefererQuery, WireParseError } from '@jsskit/wire-types';
import { emptyReply, jsonReply } from '../http/reply.ts';
import { ServiceError } from '../internal/service-error.ts';
import { DEFAULT_BUCKET_REFERER, isRefererAllowed } from '../referer/is-referer-allowed.ts';
import type { BucketRecord } from '../storage/records.ts';
import { type Operation, type OperationContext, requireBucket } from './context.ts';

/**
 * `GET /?bucketReferer` (§7.5): 200 with the rules, or with the defaults when none were put. The doc's 204
 * with a body is contradictory; 200 keeps one shape for every answer (docs/adr/0026).
 */
export const getBucketReferer: Operation = async (context) => {
  const bucket = requireBucket(context);
  const { AllowNull, Effect, Value } = bucket.referer ?? DEFAULT_BUCKET_REFERER;
  return jsonReply({ AllowNull, Effect, Value });
};

/** The rules of a PutBucketReferer; 400 InvalidArgument naming each missing or bad parameter. */
function readRules(params: URLSearchParams): PutBucketRefererQuery {
  try {
    return parseBucketRefererQuery(params);
  } catch (error) {
    if (!WireParseError.isInstance(error)) throw error;
    const names = [...new Set(error.issues.map((issue) => issue.path.split('.')[0] || 'query'))];
    throw new ServiceError(
      'InvalidArgument',
      `Bad bucket referer parameter ${names.join(', ')}: Effect must be ALLOW or DENIED, RefererList a JSON array of strings, IsAllowNull true or false`,
    );
  }
}

/** `PUT /?bucketReferer&Effect=…&RefererList=…&IsAllowNull=…` (§7.5): 200; a bad parameter changes nothing. */
export const putBucketReferer: Operation = async (context) => {
  const bucket = requireBucket(context);
  const rules = readRules(context.target.params);
  await context.store.buckets.setReferer(bucket.name, {
    AllowNull: rules.IsAllowNull,
    Effect: rules.Effect,
    Value: rules.RefererList,
  });
  return emptyReply(200);
};

function headerText(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/**
 * Refuses an object read whose Referer the bucket's rules deny (403 AccessDenied), signed or presigned alike
 * (docs/adr/0026).
 */
export function requireAllowedReferer(context: OperationContext, bucket: BucketRecord): void {
  if (bucket.referer === undefined) return;
  if (isRefererAllowed(bucket.referer, headerText(context.request.headers.referer))) return;
  throw new ServiceError('AccessDenied', 'The bucket referer rules do not allow this Referer');
}
