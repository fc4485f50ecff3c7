import * as z from 'zod';
import { listOf } from './internal/schema-helpers.ts';

/** One bucket in a ListBuckets (GetService) response (protocol §6). */
export const BucketSummarySchema = z.looseObject({
  Name: z.string(),
  CreationDate: z.string(),
  Location: z.string().nullish(),
  maxAge: z.number().optional(),
  crrStatus: z.number().optional(),
});
export type BucketSummary = z.infer<typeof BucketSummarySchema>;

/** `GET /` on the bare endpoint. */
export const ListBucketsResponseSchema = z.looseObject({ Buckets: listOf(BucketSummarySchema) });
export type ListBucketsResponse = z.infer<typeof ListBucketsResponseSchema>;
