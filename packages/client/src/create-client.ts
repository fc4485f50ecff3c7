import { createTransport, type Transport, type TransportOptions } from '@jsskit/http-transport';
import type { Md5Hex } from '@jsskit/wire-types';
import { createBucket, deleteBucket, headBucket, listBuckets } from './bucket-operations.ts';
import { getBucketReferer, putBucketReferer } from './bucket-referer.ts';
import type { Client } from './client.ts';
import { copyObject, moveObject } from './copy-object.ts';
import { deleteObject } from './delete-object.ts';
import { getObject } from './get-object.ts';
import { headObject } from './head-object.ts';
import { defaultMd5Hex } from './internal/md5.ts';
import { listMultipartUploads } from './list-multipart-uploads.ts';
import { listObjects } from './list-objects.ts';
import { listParts } from './list-parts.ts';
import {
  abortMultipartUpload,
  completeMultipartUpload,
  initiateMultipartUpload,
  uploadPart,
} from './multipart-operations.ts';
import { putObject } from './put-object.ts';

/**
 * Options of {@link createClient}: an existing transport, or what `createTransport` takes. `md5Hex` hashes
 * bodies sent (Content-MD5, the ETag check): node:crypto's on Node, @noble/hashes' elsewhere, unless you pass
 * a faster synchronous one (in a browser, hash-wasm's `createMD5()` once loaded; its `md5` is asynchronous).
 */
export type ClientOptions = ({ readonly transport: Transport } | TransportOptions) & {
  readonly md5Hex?: Md5Hex | undefined;
};

/**
 * Creates a client over `options.transport`, or over a new transport made from the endpoint, credentials
 * (or `remoteSigner`) and transport options given.
 * @throws {InvalidRequestError} from `createTransport`, for a bad endpoint or credentials.
 * @example
 * const client = createClient({ endpoint: 'http://127.0.0.1:9000', credentials });
 * for await (const object of client.listObjects({ bucket: 'photos', prefix: '2026/' })) console.log(object.key);
 */
export function createClient(options: ClientOptions): Client {
  const transport = 'transport' in options ? options.transport : createTransport(options);
  const md5Hex = options.md5Hex ?? defaultMd5Hex;
  return {
    transport,
    listBuckets: (call) => listBuckets(transport, call),
    createBucket: (call) => createBucket(transport, call),
    deleteBucket: (call) => deleteBucket(transport, call),
    headBucket: (call) => headBucket(transport, call),
    getBucketReferer: (call) => getBucketReferer(transport, call),
    putBucketReferer: (call) => putBucketReferer(transport, call),
    listObjects: (call) => listObjects(transport, call),
    putObject: (call) => putObject(transport, call, md5Hex),
    getObject: (call) => getObject(transport, call),
    headObject: (call) => headObject(transport, call),
    deleteObject: (call) => deleteObject(transport, call),
    copyObject: (call) => copyObject(transport, call),
    moveObject: (call) => moveObject(transport, call),
    initiateMultipartUpload: (call) => initiateMultipartUpload(transport, call),
    uploadPart: (call) => uploadPart(transport, call, md5Hex),
    completeMultipartUpload: (call) => completeMultipartUpload(transport, call),
    abortMultipartUpload: (call) => abortMultipartUpload(transport, call),
    listParts: (call) => listParts(transport, call),
    listMultipartUploads: (call) => listMultipartUploads(transport, call),
    close: () => transport.close(),
  };
}
