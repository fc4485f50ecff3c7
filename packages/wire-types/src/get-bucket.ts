import * as z from 'zod';
import { ETagSchema, listOf, NullableStringSchema } from './internal/schema-helpers.ts';
import { JSS_LIMITS } from './limits.ts';

/** Query parameters of GetBucket (ListObjects); none of them is signed (protocol §7.3). */
export const GetBucketQuerySchema = z.strictObject({
  prefix: z.string().optional(),
  marker: z.string().optional(),
  delimiter: z.string().optional(),
  maxKeys: z.int().min(1).max(JSS_LIMITS.maxMaxKeys).optional(),
});
export type GetBucketQuery = z.infer<typeof GetBucketQuerySchema>;

/** One object of a listing. Its ETag is unquoted in JSON. */
export const ObjectSummarySchema = z.looseObject({
  Key: z.string(),
  LastModified: z.string(),
  ETag: ETagSchema,
  Size: z.number().int().nonnegative(),
  StorageClass: z.string().nullish(),
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
  MaxKeys: z.number().int(),
  HasNext: z.boolean(),
  HasCommonPrefix: z.boolean().optional(),
  Contents: listOf(ObjectSummarySchema),
  CommonPrefixes: listOf(z.string()),
});
export type GetBucketResponse = z.infer<typeof GetBucketResponseSchema>;
