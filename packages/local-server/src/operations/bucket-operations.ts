import { isValidBucketName, JSS_LIMITS } from '@jsskit/wire-types';
import { emptyReply, jsonReply } from '../http/reply.ts';
import { ServiceError } from '../internal/service-error.ts';
import { type Operation, requireBucket } from './context.ts';

const httpDate = (iso: string): string => new Date(iso).toUTCString();

/** `GET /` on the endpoint (§6), fields in the documented order. */
export const listBuckets: Operation = async (context) =>
  jsonReply({
    Buckets: context.store.buckets.list().map((bucket) => ({
      maxAge: 0,
      crrStatus: 0,
      Name: bucket.name,
      CreationDate: httpDate(bucket.createdAt),
      Location: '',
    })),
  });

/** `PUT /` (§7.1): 201; a single-account server answers BucketAlreadyOwnedByYou for any existing name. */
export const putBucket: Operation = async (context) => {
  const name = context.target.bucket ?? '';
  if (!isValidBucketName(name)) {
    throw new ServiceError(
      'InvalidBucketName',
      'Bucket names are 3-63 characters of a-z, 0-9 and -, no "--"',
    );
  }
  if (context.store.buckets.get(name) !== undefined) {
    throw new ServiceError(
      'BucketAlreadyOwnedByYou',
      'Your previous request to create the named bucket succeeded',
    );
  }
  if (context.store.buckets.count >= context.settings.maxBuckets) {
    throw new ServiceError(
      'TooManyBuckets',
      `You have attempted to create more than ${context.settings.maxBuckets} buckets`,
    );
  }
  await context.store.buckets.create(name, context.now);
  return emptyReply(201);
};

/** `DELETE /` (§7.2): 204; BucketNotEmpty while objects or uploads remain. */
export const deleteBucket: Operation = async (context) => {
  const bucket = requireBucket(context);
  const { objects, uploads } = context.store;
  // Checked by the bucket store in the same step that removes the bucket: a write held on the bucket
  // makes it BucketNotEmpty, and a write still receiving its body later finds no bucket (docs/adr/0007).
  await context.store.buckets.delete(bucket.name, () => {
    if (objects.count(bucket.name) > 0) {
      throw new ServiceError('BucketNotEmpty', 'The bucket you tried to delete is not empty');
    }
    if (uploads.count(bucket.name) > 0) {
      throw new ServiceError(
        'BucketNotEmpty',
        'The bucket has some multipart uploads that were not completed or aborted',
      );
    }
  });
  objects.dropBucket(bucket.name);
  return emptyReply(204);
};

/** `HEAD /` ([UNSPEC] §7.4): 200 or 404, no body. */
export const headBucket: Operation = async (context) => {
  requireBucket(context);
  return emptyReply(200);
};

function maxKeysOf(params: URLSearchParams): number {
  const text = params.get('maxKeys') ?? params.get('max-keys');
  if (text === null || text === '') return JSS_LIMITS.defaultMaxKeys;
  if (!/^-?\d+$/.test(text)) throw new ServiceError('InvalidArgument', 'maxKeys must be an integer');
  const value = Number(text);
  // 0 is no page size at all: a page of nothing cannot name where the next one starts (docs/adr/0007).
  return value < 1 || value > JSS_LIMITS.maxMaxKeys ? JSS_LIMITS.defaultMaxKeys : value;
}

/** `GET /` with a bucket (§7.3). */
export const getBucket: Operation = async (context) => {
  const bucket = requireBucket(context);
  const { params } = context.target;
  const prefix = params.get('prefix') || null;
  const marker = params.get('marker') || null;
  const delimiter = params.get('delimiter') || null;
  const maxKeys = maxKeysOf(params);
  const page = context.store.objects.list(bucket.name, {
    prefix: prefix ?? '',
    marker: marker ?? '',
    delimiter: delimiter ?? '',
    maxKeys,
  });
  return jsonReply({
    Name: bucket.name,
    Prefix: prefix,
    Marker: marker,
    NextMarker: page.nextMarker,
    Delimiter: delimiter,
    MaxKeys: maxKeys,
    HasNext: page.hasNext,
    // The documented examples show true without a delimiter and false with one (docs/adr/0007).
    HasCommonPrefix: delimiter === null,
    Contents: page.records.map((record) => ({
      Key: record.key,
      LastModified: httpDate(record.lastModified),
      ETag: record.etag,
      Size: record.size,
      StorageClass: record.storageClass,
    })),
    CommonPrefixes: page.commonPrefixes,
  });
};
