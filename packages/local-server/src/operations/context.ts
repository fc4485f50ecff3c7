import { rm } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import {
  contentMd5ToHex,
  JSS_LIMITS,
  ServerSideEncryptionHeaderSchema,
  StorageClassSchema,
} from '@jsskit/wire-types';
import { type ReceiveOptions, receiveBody } from '../http/receive-body.ts';
import type { Reply } from '../http/reply.ts';
import type { RequestTarget } from '../http/request-target.ts';
import { createFileId } from '../internal/ids.ts';
import { ServiceError } from '../internal/service-error.ts';
import type { DiskStore } from '../storage/disk-store.ts';
import type { BucketRecord, ObjectAttributes, ReceivedBody } from '../storage/records.ts';

/** Limits and switches of one server, defaulted. */
export interface ServerSettings {
  readonly virtualHostSuffixes: readonly string[];
  readonly minPartSize: number;
  readonly maxBuckets: number;
  readonly maxListedUploads: number;
  /** RequestTimeout once a body stalls this long (0: never). */
  readonly bodyTimeoutMs: number;
}

/** Everything an operation needs to answer one request. */
export interface OperationContext {
  readonly request: IncomingMessage;
  readonly target: RequestTarget;
  readonly store: DiskStore;
  readonly now: Date;
  readonly settings: ServerSettings;
  readonly resetAfterBytes: number | undefined;
  /** Read the body no faster than this (a `slow-body` fault). */
  readonly bodyBytesPerSecond: number | undefined;
  /** Flip a bit of the body at `atByte` (a `corrupt-body` fault); `unchecked` skips the Content-MD5 check. */
  readonly corruptBody: { readonly atByte: number; readonly unchecked: boolean } | undefined;
  /** Runs once a Complete committed, before it tidies up and answers (a `stall` fault's `after-commit`). */
  readonly afterCommit: (() => Promise<void>) | undefined;
  /** Fail the body's write with ENOSPC after this many bytes (a `disk-full` fault). */
  readonly diskFullAfterBytes: number | undefined;
  readonly countBytesIn: (bytes: number) => void;
  /**
   * Called just before the body is read: sends `100 Continue` to a client that asked for it (Expect), so
   * that a request refused earlier (signature, missing upload, throttling) gets its answer before it sends
   * a byte of the body.
   */
  readonly readyForBody: () => void;
}

/** A handler of one JSS operation. */
export type Operation = (context: OperationContext) => Promise<Reply>;

export function requireBucket(context: OperationContext): BucketRecord {
  const bucket = context.store.buckets.get(context.target.bucket ?? '');
  if (bucket === undefined) throw new ServiceError('NoSuchBucket', 'The specified bucket does not exist');
  return bucket;
}

/** The object key of a write, checked against the 1022-byte limit (§8.1). */
export function requireWritableKey(context: OperationContext): string {
  const key = context.target.key ?? '';
  if (Buffer.byteLength(key, 'utf8') > JSS_LIMITS.maxKeyBytes) {
    throw new ServiceError(
      'InvalidArgument',
      `The object key is longer than ${JSS_LIMITS.maxKeyBytes} bytes`,
    );
  }
  if (key.startsWith('\\'))
    throw new ServiceError('InvalidArgument', 'The object key may not start with "\\"');
  return key;
}

function header(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value.join(',') : value;
}

/** Content-Type, Cache-Control, Content-Disposition, storage class and encryption of a PUT or Initiate. */
export function readObjectAttributes(request: IncomingMessage): ObjectAttributes {
  const storageClassText = header(request, 'x-jss-storage-class') ?? 'STANDARD';
  const storageClass = StorageClassSchema.safeParse(storageClassText);
  if (!storageClass.success) {
    throw new ServiceError('InvalidArgument', `Unknown storage class ${JSON.stringify(storageClassText)}`);
  }
  const encryption = ServerSideEncryptionHeaderSchema.safeParse(
    (header(request, 'x-jss-server-side-encryption') ?? 'false').toLowerCase(),
  );
  if (!encryption.success) {
    throw new ServiceError('InvalidArgument', 'x-jss-server-side-encryption must be true or false');
  }
  return {
    contentType: header(request, 'content-type'),
    cacheControl: header(request, 'cache-control'),
    contentDisposition: header(request, 'content-disposition'),
    storageClass: storageClass.data,
    serverSideEncryption: encryption.data === 'true',
  };
}

/** The declared body length; refuses a missing one (or chunked encoding) and one above `maximum`. */
export function requireContentLength(request: IncomingMessage, maximum: number): number {
  const text = header(request, 'content-length');
  if (text === undefined || !/^\d+$/.test(text)) {
    throw new ServiceError('MissingContentLength', 'You must provide the Content-Length HTTP header');
  }
  const length = Number(text);
  if (length > maximum) throw new ServiceError('EntityTooLarge', `The body is larger than ${maximum} bytes`);
  return length;
}

/** The Content-MD5 as hex (hex or Base64 accepted) (§8.5); `undefined` when absent. */
export function expectedMd5(request: IncomingMessage): string | undefined {
  const value = header(request, 'content-md5');
  if (value === undefined) return undefined;
  const hex = contentMd5ToHex(value);
  if (hex === undefined)
    throw new ServiceError('InvalidArgument', 'Content-MD5 is neither 32 hex digits nor Base64 of 16 bytes');
  return hex;
}

/**
 * Runs a write that makes something exist in `target.bucket` while holding the bucket against DeleteBucket
 * (docs/adr/0007). When the bucket went away while the body arrived, the received body is removed and the
 * answer is NoSuchBucket.
 */
export async function writeIntoBucket<T>(
  context: OperationContext,
  target: { readonly bucket: string; readonly received?: ReceivedBody },
  work: () => Promise<T>,
): Promise<T> {
  let release: () => void;
  try {
    release = context.store.buckets.beginWrite(target.bucket);
  } catch (error) {
    if (target.received !== undefined) await rm(target.received.path, { force: true });
    throw error;
  }
  try {
    return await work();
  } finally {
    release();
  }
}

/** Receives the body into a temporary file and checks it against Content-MD5: BadDigest stores nothing. */
export async function receiveChecked(
  context: OperationContext,
  expectedLength: number,
  md5: string | undefined,
): Promise<ReceivedBody> {
  const options: ReceiveOptions = {
    path: context.store.layout.temporaryFile(`body-${createFileId()}`),
    expectedLength,
    resetAfterBytes: context.resetAfterBytes,
    bytesPerSecond: context.bodyBytesPerSecond,
    flipBitAt: context.corruptBody?.atByte,
    diskFullAfterBytes: context.diskFullAfterBytes,
    timeoutMs: context.settings.bodyTimeoutMs,
    onBytes: context.countBytesIn,
  };
  context.readyForBody();
  const body = await receiveBody(context.request, options);
  if (md5 !== undefined && md5 !== body.md5 && context.corruptBody?.unchecked !== true) {
    await rm(body.path, { force: true });
    throw new ServiceError('BadDigest', 'The Content-MD5 you specified did not match what we received');
  }
  return body;
}
