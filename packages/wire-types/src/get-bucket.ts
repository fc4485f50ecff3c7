import * as z from 'zod/mini';
import { ETagSchema, listOf, NullableStringSchema } from './internal/schema-helpers.ts';
import { JSS_LIMITS } from './limits.ts';

/** Query parameters of GetBucket (ListObjects); none of them is signed (protocol §7.3). */
export const GetBucketQuerySchema = z.strictObject({
  prefix: z.optional(z.string()),
  marker: z.optional(z.string()),
  delimiter: z.optional(z.string()),
  maxKeys: z.optional(z.int().check(z.minimum(1), z.maximum(JSS_LIMITS.maxMaxKeys))),
});
export type GetBucketQuery = z.infer<typeof GetBucketQuerySchema>;

/** One object of a listing. Its ETag is unquoted in JSON. */
export const ObjectSummarySchema = z.looseObject({
  Key: z.string(),
  LastModified: z.string(),
  ETag: ETagSchema,
  Size: z.int().check(z.nonnegative()),
  StorageClass: z.nullish(z.string()),
});
export type ObjectSummary = z.infer<typeof ObjectSummarySchema>;

/**
 * GetBucket (ListObjects) response (protocol §7.3). `HasNext` true means truncated: ask again with
 * `marker` = `NextMarker` (or the last key). CommonPrefixes carry no trailing delimiter.
 */
export const GetBucketResponseSchema = z.looseObject({
  Name: z.string(),
  Prefix: NullableStringSchema,
  Marker: NullableStringSchema,
  NextMarker: NullableStringSchema,
  Delimiter: NullableStringSchema,
  MaxKeys: z.int(),
  HasNext: z.boolean(),
  HasCommonPrefix: z.optional(z.boolean()),
  Contents: listOf(ObjectSummarySchema),
  CommonPrefixes: listOf(z.string()),
});
export type GetBucketResponse = z.infer<typeof GetBucketResponseSchema>;
