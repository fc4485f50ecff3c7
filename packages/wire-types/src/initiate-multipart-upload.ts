import * as z from 'zod';

/** `POST /key?uploads` response (protocol §9.1). */
export const InitiateMultipartUploadResponseSchema = z.looseObject({
  Bucket: z.string(),
  Key: z.string(),
  UploadId: z.string().min(1),
});
export type InitiateMultipartUploadResponse = z.infer<typeof InitiateMultipartUploadResponseSchema>;
