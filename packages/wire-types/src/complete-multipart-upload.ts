import * as z from 'zod/mini';
import { ETagSchema, withCanonicalKeys } from './internal/schema-helpers.ts';
import { JSS_LIMITS } from './limits.ts';

const PartNumberSchema = z
  .int()
  .check(z.minimum(JSS_LIMITS.minPartNumber), z.maximum(JSS_LIMITS.maxPartNumber));

/** One part of a Complete request, as a client should send it: int PartNumber, bare hex ETag. */
export const CompletedPartSchema = z.strictObject({
  PartNumber: PartNumberSchema,
  ETag: z.string().check(z.regex(/^[0-9a-f]{32}$/, 'a part ETag is 32 lower-case hex digits, unquoted')),
});
export type CompletedPart = z.infer<typeof CompletedPartSchema>;

/**
 * The body of `POST /key?uploadId=ID` (protocol §9.3), strict: at least one part, ascending PartNumber with
 * no repeats (gaps allowed).
 */
export const CompleteMultipartUploadRequestSchema = z
  .strictObject({
    Part: z.array(CompletedPartSchema).check(z.minLength(1), z.maxLength(JSS_LIMITS.maxPartNumber)),
  })
  .check(
    z.refine(
      (body) =>
        body.Part.every(
          (part, index) => index === 0 || part.PartNumber > (body.Part[index - 1]?.PartNumber ?? 0),
        ),
      {
        message: 'parts must be listed in strictly ascending PartNumber order',
        path: ['Part'],
      },
    ),
  );
export type CompleteMultipartUploadRequest = z.infer<typeof CompleteMultipartUploadRequestSchema>;

/**
 * A Complete body as real clients send it (protocol §13), for servers: PartNumber as int or numeric string,
 * ETag quoted or not and spelled `Etag` or `ETag`, and the old PHP SDK's bare array of parts read as the
 * `Part` list. Order is not checked here: a server answers InvalidPartOrder for that, not MalformedJson.
 */
export const IncomingCompleteMultipartUploadSchema = z.pipe(
  z.transform((value: unknown) => (Array.isArray(value) ? { Part: value } : value)),
  withCanonicalKeys(
    ['Part'],
    z.looseObject({
      Part: z
        .array(
          withCanonicalKeys(
            ['PartNumber', 'ETag'],
            z.looseObject({
              PartNumber: z.union([
                PartNumberSchema,
                z.pipe(z.pipe(z.string().check(z.regex(/^\d{1,5}$/)), z.transform(Number)), PartNumberSchema),
              ]),
              ETag: ETagSchema,
            }),
          ),
        )
        .check(z.minLength(1), z.maxLength(JSS_LIMITS.maxPartNumber)),
    }),
  ),
);
export type IncomingCompleteMultipartUpload = z.infer<typeof IncomingCompleteMultipartUploadSchema>;

/** Complete response (protocol §9.3); the field table's `Etag` spelling is accepted. */
export const CompleteMultipartUploadResponseSchema = withCanonicalKeys(
  ['ETag'],
  z.looseObject({ Bucket: z.string(), Key: z.string(), ETag: ETagSchema }),
);
export type CompleteMultipartUploadResponse = z.infer<typeof CompleteMultipartUploadResponseSchema>;
