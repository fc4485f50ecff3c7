import type { Transport } from '@jsskit/http-transport';
import { parseResponseBody } from '@jsskit/wire-types';
import type { CallOptions } from './call-options.ts';
import { checkBucket } from './internal/check-options.ts';
import { namedCall } from './internal/named-call.ts';
import { bodyDate } from './object-info.ts';

/** One bucket of `listBuckets`. */
export interface BucketEntry {
  readonly name: string;
  readonly creationDate: Date;
  /** Always `''` on JSS today (protocol §6). */
  readonly location: string;
}

/** Options of the calls that address one bucket. */
export interface BucketOptions extends CallOptions {
  readonly bucket: string;
}

/** ListBuckets (GetService, protocol §6): every bucket of the account, in one answer. */
export async function listBuckets(transport: Transport, options: CallOptions = {}): Promise<BucketEntry[]> {
  const operation = 'ListBuckets';
  const response = await namedCall(operation, () =>
    transport.send({ method: 'GET', signal: options.signal }),
  );
  return parseResponseBody('ListBuckets', response.body).Buckets.map((bucket) => ({
    name: bucket.Name,
    creationDate: bodyDate(operation, bucket.CreationDate),
    location: bucket.Location ?? '',
  }));
}

/** PutBucket (protocol §7.1): 409 `BucketAlreadyOwnedByYou` or `BucketAlreadyExists` when taken. */
export async function createBucket(transport: Transport, options: BucketOptions): Promise<void> {
  await bucketCall(transport, { operation: 'CreateBucket', method: 'PUT' }, options);
}

/** DeleteBucket (protocol §7.2): 409 `BucketNotEmpty` while objects or uploads are left. */
export async function deleteBucket(transport: Transport, options: BucketOptions): Promise<void> {
  await bucketCall(transport, { operation: 'DeleteBucket', method: 'DELETE' }, options);
}

/** HeadBucket (`HEAD /`, undocumented by JD, protocol §7.4): resolves when the bucket exists. */
export async function headBucket(transport: Transport, options: BucketOptions): Promise<void> {
  await bucketCall(transport, { operation: 'HeadBucket', method: 'HEAD' }, options);
}

async function bucketCall(
  transport: Transport,
  { operation, method }: { operation: string; method: 'PUT' | 'DELETE' | 'HEAD' },
  options: BucketOptions,
): Promise<void> {
  checkBucket(operation, options.bucket);
  const { bucket, signal } = options;
  await namedCall(operation, () => transport.send({ method, bucket, signal }));
}
