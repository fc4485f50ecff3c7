import * as z from 'zod/mini';
import { JSS_LIMITS } from './limits.ts';

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const BUCKET_NAME = /^[a-z0-9](?:[a-z0-9-]{1,61})[a-z0-9]$/;

/** A bucket name: 3-63 of `[a-z0-9-]`, a letter or digit at each end, no `--` (protocol §7.1). */
export const BucketNameSchema = z.string('a bucket name is a string').check(
  z.regex(
    BUCKET_NAME,
    'bucket names are 3-63 characters of a-z, 0-9 and -, starting and ending with a letter or digit',
  ),
  z.refine((name) => !name.includes('--'), 'bucket names may not contain "--"'),
);

/** An object key: 1-1022 bytes of UTF-8, not starting with `\` (protocol §10). */
export const ObjectKeySchema = z.string('an object key is a string').check(
  z.minLength(1, 'object keys may not be empty'),
  z.refine(
    (key) => new TextEncoder().encode(key).length <= JSS_LIMITS.maxKeyBytes,
    'object keys are at most 1022 bytes of UTF-8',
  ),
  z.refine((key) => !key.startsWith('\\'), 'object keys may not start with "\\"'),
  z.refine((key) => !LONE_SURROGATE.test(key), 'object keys must be well-formed Unicode'),
);

/** Whether a string is a valid bucket name. */
export function isValidBucketName(name: string): boolean {
  return BucketNameSchema.safeParse(name).success;
}

/** Whether a string is a valid object key. */
export function isValidObjectKey(key: string): boolean {
  return ObjectKeySchema.safeParse(key).success;
}
