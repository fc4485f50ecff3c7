import * as z from 'zod/mini';

/** `POST /key?uploads` response (protocol §9.1). */
export const InitiateMultipartUploadResponseSchema = z.looseObject({
  Bucket: z.string(),
  Key: z.string(),
  UploadId: z.string().check(z.minLength(1)),
});
export type InitiateMultipartUploadResponse = z.infer<typeof InitiateMultipartUploadResponseSchema>;
