import type * as z from 'zod/mini';
import { BucketRefererSchema } from './bucket-referer.ts';
import {
  type CompleteMultipartUploadRequest,
  CompleteMultipartUploadRequestSchema,
  CompleteMultipartUploadResponseSchema,
  type IncomingCompleteMultipartUpload,
  IncomingCompleteMultipartUploadSchema,
} from './complete-multipart-upload.ts';
import { ErrorBodySchema } from './error-body.ts';
import { WireParseError } from './errors.ts';
import { GetBucketResponseSchema } from './get-bucket.ts';
import { InitiateMultipartUploadResponseSchema } from './initiate-multipart-upload.ts';
import { ListBucketsResponseSchema } from './list-buckets.ts';
import { ListMultipartUploadsResponseSchema } from './list-multipart-uploads.ts';
import { ListPartsResponseSchema } from './list-parts.ts';

/** The response schema of every JSS operation that answers with JSON, and of the error body. */
export const RESPONSE_SCHEMAS = {
  ListBuckets: ListBucketsResponseSchema,
  GetBucket: GetBucketResponseSchema,
  InitiateMultipartUpload: InitiateMultipartUploadResponseSchema,
  CompleteMultipartUpload: CompleteMultipartUploadResponseSchema,
  ListParts: ListPartsResponseSchema,
  ListMultipartUploads: ListMultipartUploadsResponseSchema,
  GetBucketReferer: BucketRefererSchema,
  Error: ErrorBodySchema,
} as const;

/** Operations whose response body {@link parseResponseBody} reads. */
export type ResponseOperation = keyof typeof RESPONSE_SCHEMAS;
/** The parsed body type of an operation. */
export type ResponseBody<TOperation extends ResponseOperation> = z.infer<
  (typeof RESPONSE_SCHEMAS)[TOperation]
>;

const decoder = new TextDecoder();

function decodeJson(operation: string, body: unknown): unknown {
  if (typeof body !== 'string' && !(body instanceof Uint8Array)) return body;
  const text = typeof body === 'string' ? body : decoder.decode(body);
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new WireParseError('WIRE_MALFORMED_JSON', operation, [{ path: '', message: String(error) }], {
      cause: error,
    });
  }
}

function parseWith<TSchema extends z.ZodMiniType>(
  operation: string,
  schema: TSchema,
  body: unknown,
): z.infer<TSchema> {
  const result = schema.safeParse(decodeJson(operation, body));
  if (!result.success) throw WireParseError.fromZodError(operation, result.error);
  return result.data;
}

/**
 * Parses and validates a response body (JSON text, bytes, or an already-parsed value).
 * @throws {WireParseError} `WIRE_MALFORMED_JSON` or `WIRE_SCHEMA_MISMATCH`, naming the operation and paths.
 * @example const { UploadId } = parseResponseBody('InitiateMultipartUpload', text);
 */
export function parseResponseBody<TOperation extends ResponseOperation>(
  operation: TOperation,
  body: unknown,
): ResponseBody<TOperation> {
  return parseWith(operation, RESPONSE_SCHEMAS[operation], body) as ResponseBody<TOperation>;
}

/** Reads an incoming Complete body the way a tolerant server must (protocol §13). @throws {WireParseError} */
export function parseIncomingCompleteBody(body: unknown): IncomingCompleteMultipartUpload {
  return parseWith('CompleteMultipartUpload', IncomingCompleteMultipartUploadSchema, body);
}

/** Validates a Complete request strictly and returns its JSON text. @throws {WireParseError} */
export function encodeCompleteBody(body: CompleteMultipartUploadRequest): string {
  return JSON.stringify(parseWith('CompleteMultipartUpload', CompleteMultipartUploadRequestSchema, body));
}
