import * as z from 'zod/mini';
import { listOf, NullableStringSchema } from './internal/schema-helpers.ts';

/**
 * One in-progress upload (protocol §9.6). `Enable-Encryption` is the string `"true"`/`"false"` in the
 * example (`TRUE`/`FALSE` in the table); read it with {@link isEncryptionEnabled}.
 */
export const UploadSummarySchema = z.looseObject({
  Key: z.string(),
  UploadId: z.string(),
  Initiated: z.string(),
  'Enable-Encryption': z.nullish(z.union([z.string(), z.boolean()])),
  Summary: z.optional(z.unknown()),
  StorageClass: z.nullish(z.string()),
});
export type UploadSummary = z.infer<typeof UploadSummarySchema>;

/** `GET /?uploads` response (protocol §9.6), sorted by Key then UploadId. Paging fields are optional (§13). */
export const ListMultipartUploadsResponseSchema = z.looseObject({
  Bucket: z.string(),
  Prefix: NullableStringSchema,
  Upload: listOf(UploadSummarySchema),
  HasNext: z.optional(z.boolean()),
  NextKeyMarker: NullableStringSchema,
  NextUploadIdMarker: NullableStringSchema,
  CommonPrefixes: listOf(z.string()),
});
export type ListMultipartUploadsResponse = z.infer<typeof ListMultipartUploadsResponseSchema>;

/** Reads `Enable-Encryption` in any documented spelling. */
export function isEncryptionEnabled(upload: Pick<UploadSummary, 'Enable-Encryption'>): boolean {
  return String(upload['Enable-Encryption'] ?? 'false').toLowerCase() === 'true';
}
