import { JSS_LIMITS, parseIncomingCompleteBody, quoteETag } from '@jsskit/wire-types';
import { readSmallBody } from '../http/read-small-body.ts';
import { emptyReply, jsonReply } from '../http/reply.ts';
import { UPLOAD_ID } from '../internal/ids.ts';
import { ServiceError } from '../internal/service-error.ts';
import {
  expectedMd5,
  type Operation,
  type OperationContext,
  readObjectAttributes,
  receiveChecked,
  requireBucket,
  requireContentLength,
  requireWritableKey,
  writeIntoBucket,
} from './context.ts';

// 10000 parts of {"PartNumber":10000,"ETag":"<32 hex>"} fit in well under 1 MiB.
const MAX_COMPLETE_BODY_BYTES = 2 * 1024 * 1024;
const httpDate = (iso: string): string => new Date(iso).toUTCString();

function uploadTarget(context: OperationContext) {
  const bucket = requireBucket(context);
  const uploadId = context.target.params.get('uploadId') ?? '';
  if (uploadId === '') throw new ServiceError('InvalidArgument', 'uploadId must not be empty');
  if (!UPLOAD_ID.test(uploadId))
    throw new ServiceError('NoSuchUpload', 'The specified upload does not exist');
  return { bucket: bucket.name, key: context.target.key ?? '', uploadId };
}

function partNumberOf(params: URLSearchParams): number {
  const text = params.get('partNumber');
  if (text === null || !/^\d{1,9}$/.test(text) || Number(text) < JSS_LIMITS.minPartNumber) {
    throw new ServiceError(
      'InvalidArgument',
      `partNumber must be an integer from 1 to ${JSS_LIMITS.maxPartNumber}`,
    );
  }
  const partNumber = Number(text);
  if (partNumber > JSS_LIMITS.maxPartNumber) {
    throw new ServiceError('TooManyParts', `partNumber may not exceed ${JSS_LIMITS.maxPartNumber}`);
  }
  return partNumber;
}

/** `POST /key?uploads` (§9.1). Content-Type, Cache-Control and Content-Disposition become the object's. */
export const initiateMultipartUpload: Operation = async (context) => {
  const bucket = requireBucket(context);
  const key = requireWritableKey(context);
  const attributes = readObjectAttributes(context.request);
  const record = await writeIntoBucket(context, { bucket: bucket.name }, () =>
    context.store.uploads.initiate({ bucket: bucket.name, key }, attributes, context.now),
  );
  return jsonReply({ Bucket: record.bucket, Key: record.key, UploadId: record.uploadId });
};

/** `PUT /key?uploadId=ID&partNumber=N` (§9.2): the upload is checked before a byte of the body is read. */
export const uploadPart: Operation = async (context) => {
  const target = uploadTarget(context);
  const partNumber = partNumberOf(context.target.params);
  context.store.uploads.requireOpen(target);
  const length = requireContentLength(context.request, JSS_LIMITS.maxPartSize);
  const md5 = expectedMd5(context.request);
  const body = await receiveChecked(context, length, md5);
  const part = await context.store.uploads.putPart({ ...target, partNumber }, body, context.now);
  return emptyReply(200, { ETag: quoteETag(part.etag) });
};

/** `POST /key?uploadId=ID` (§9.3). */
export const completeMultipartUpload: Operation = async (context) => {
  const target = uploadTarget(context);
  context.store.uploads.requireOpen(target);
  context.readyForBody();
  const text = await readSmallBody(context.request, {
    limit: MAX_COMPLETE_BODY_BYTES,
    timeoutMs: context.settings.bodyTimeoutMs,
  });
  let listed: ReturnType<typeof parseIncomingCompleteBody>;
  try {
    listed = parseIncomingCompleteBody(text);
  } catch (error) {
    throw new ServiceError('MalformedJson', `The Complete body is not valid: ${(error as Error).message}`);
  }
  const record = await context.store.uploads.complete(target, listed.Part, {
    now: context.now,
    minPartSize: context.settings.minPartSize,
    afterCommit: context.afterCommit,
  });
  return jsonReply({ Bucket: record.bucket, Key: record.key, ETag: record.etag });
};

/** `DELETE /key?uploadId=ID` (§9.4). */
export const abortMultipartUpload: Operation = async (context) => {
  await context.store.uploads.abort(uploadTarget(context));
  return emptyReply(204);
};

/** `GET /key?uploadId=ID` (§9.5): every part, ascending, no paging. */
export const listParts: Operation = async (context) => {
  const { record, parts } = context.store.uploads.listParts(uploadTarget(context));
  return jsonReply({
    Bucket: record.bucket,
    Key: record.key,
    UploadId: record.uploadId,
    Part: parts.map((part) => ({
      PartNumber: part.partNumber,
      LastModified: httpDate(part.lastModified),
      ETag: part.etag,
      Size: part.size,
    })),
    StorageClass: record.storageClass,
  });
};

/** `GET /?uploads` (§9.6): sorted by key then upload id; more matches than the limit is an error. */
export const listMultipartUploads: Operation = async (context) => {
  const bucket = requireBucket(context);
  const prefix = context.target.params.get('prefix') || null;
  const uploads = context.store.uploads.list(bucket.name, prefix ?? '');
  if (uploads.length > context.settings.maxListedUploads) {
    throw new ServiceError(
      'TooManyMultipartUploads',
      `More than ${context.settings.maxListedUploads} uploads match`,
    );
  }
  return jsonReply({
    Bucket: bucket.name,
    Prefix: prefix,
    Upload: uploads.map((upload) => ({
      Key: upload.key,
      UploadId: upload.uploadId,
      Initiated: httpDate(upload.initiated),
      'Enable-Encryption': String(upload.serverSideEncryption),
      Summary: null,
      StorageClass: upload.storageClass,
    })),
  });
};
