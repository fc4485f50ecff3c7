import * as z from 'zod/mini';
import { listOf } from './internal/schema-helpers.ts';

/** One bucket in a ListBuckets (GetService) response (protocol §6). */
export const BucketSummarySchema = z.looseObject({
  Name: z.string(),
  CreationDate: z.string(),
  Location: z.nullish(z.string()),
  maxAge: z.optional(z.number()),
  crrStatus: z.optional(z.number()),
});
export type BucketSummary = z.infer<typeof BucketSummarySchema>;

/** `GET /` on the bare endpoint. */
export const ListBucketsResponseSchema = z.looseObject({ Buckets: listOf(BucketSummarySchema) });
export type ListBucketsResponse = z.infer<typeof ListBucketsResponseSchema>;
