import * as z from 'zod/mini';
import { ETagSchema, listOf, withCanonicalKeys } from './internal/schema-helpers.ts';

/** One uploaded part (protocol §9.5). */
export const PartSummarySchema = withCanonicalKeys(
  ['ETag'],
  z.looseObject({
    PartNumber: z.int(),
    LastModified: z.string(),
    ETag: ETagSchema,
    Size: z.int().check(z.nonnegative()),
  }),
);
export type PartSummary = z.infer<typeof PartSummarySchema>;

/**
 * `GET /key?uploadId=ID` response (protocol §9.5): at most 10000 parts, ascending. No paging fields are
 * documented; `HasNext` and `NextPartNumberMarker` are read when a server adds them (§13).
 */
export const ListPartsResponseSchema = z.looseObject({
  Bucket: z.string(),
  Key: z.string(),
  UploadId: z.string(),
  Part: listOf(PartSummarySchema),
  StorageClass: z.nullish(z.string()),
  HasNext: z.optional(z.boolean()),
  NextPartNumberMarker: z.nullish(z.union([z.number(), z.string()])),
});
export type ListPartsResponse = z.infer<typeof ListPartsResponseSchema>;
