import * as z from 'zod/mini';
import { WireParseError } from './errors.ts';
import { JSS_HEADERS } from './headers.ts';
import { type StorageClass, StorageClassSchema } from './storage-class.ts';

/**
 * `x-jss-server-side-encryption` as a request sends it: a boolean in text (protocol §8.1, §9.1), never an
 * algorithm name such as `AES256`.
 */
export const ServerSideEncryptionHeaderSchema = z.enum(['true', 'false']);

/** The object attributes that PutObject and InitiateMultipartUpload take as headers (protocol §8.1, §9.1). */
export const ObjectAttributeHeadersSchema = z.strictObject({
  [JSS_HEADERS.contentType]: z.optional(
    z
      .string()
      .check(
        z.minLength(1, 'a content type may not be empty'),
        z.regex(/^[\x21-\x7e][\x20-\x7e]*$/, 'a content type is printable ASCII, such as "image/jpeg"'),
      ),
  ),
  [JSS_HEADERS.storageClass]: z.optional(StorageClassSchema),
  [JSS_HEADERS.serverSideEncryption]: z.optional(ServerSideEncryptionHeaderSchema),
});
export type ObjectAttributeHeaders = z.infer<typeof ObjectAttributeHeadersSchema>;

/** What a new object may be given besides its bytes. */
export interface ObjectAttributes {
  readonly contentType?: string | undefined;
  readonly storageClass?: StorageClass | undefined;
  /** Server-side encryption: sent as `x-jss-server-side-encryption: true`. */
  readonly encrypt?: boolean | undefined;
}

/**
 * The headers of PutObject or InitiateMultipartUpload for `attributes`, checked against
 * {@link ObjectAttributeHeadersSchema} (the schema the local server reads them with).
 * @throws {WireParseError} `WIRE_SCHEMA_MISMATCH` for an unknown storage class or an empty content type.
 */
export function objectAttributeHeaders(attributes: ObjectAttributes): Record<string, string> {
  const headers: Record<string, string> = {};
  if (attributes.contentType !== undefined) headers[JSS_HEADERS.contentType] = attributes.contentType;
  if (attributes.storageClass !== undefined) headers[JSS_HEADERS.storageClass] = attributes.storageClass;
  if (attributes.encrypt === true) headers[JSS_HEADERS.serverSideEncryption] = 'true';
  const parsed = ObjectAttributeHeadersSchema.safeParse(headers);
  if (!parsed.success) throw WireParseError.fromZodError('object attribute headers', parsed.error);
  return headers;
}
