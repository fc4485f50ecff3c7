import { JSS_LIMITS, quoteETag } from '@jsskit/wire-types';
import { emptyReply, type Reply } from '../http/reply.ts';
import { ServiceError } from '../internal/service-error.ts';
import type { ObjectRecord } from '../storage/records.ts';
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
import { copyObject } from './copy-object.ts';
import { readCopySource } from './copy-source.ts';
import { parseRange, readSegments } from './read-object.ts';
import { requireAllowedReferer } from './referer-operations.ts';

/**
 * `PUT /key` (§8.1): streamed to disk, checked against Content-MD5, visible atomically. With a copy or move
 * source header it is a server-side copy instead (§13), and the request body is never stored.
 */
export const putObject: Operation = async (context) => {
  const source = readCopySource(context.request);
  if (source !== undefined) return copyObject(context, source);
  const bucket = requireBucket(context);
  const key = requireWritableKey(context);
  const length = requireContentLength(context.request, JSS_LIMITS.maxSinglePutSize);
  const md5 = expectedMd5(context.request);
  const attributes = readObjectAttributes(context.request);
  const body = await receiveChecked(context, length, md5);
  const record = await writeIntoBucket(context, { bucket: bucket.name, received: body }, () =>
    context.store.objects.put({ bucket: bucket.name, key }, body, attributes, context.now),
  );
  return emptyReply(200, { ETag: quoteETag(record.etag) });
};

/** The object a GET or HEAD reads; the referer rules are checked first, so a refused caller learns nothing. */
function requireReadableObject(context: OperationContext): ObjectRecord {
  const bucket = requireBucket(context);
  requireAllowedReferer(context, bucket);
  const record = context.store.objects.get(bucket.name, context.target.key ?? '');
  if (record === undefined) throw new ServiceError('NoSuchKey', 'The specified key does not exist');
  return record;
}

const OVERRIDES: Record<string, string> = {
  contentType: 'Content-Type',
  contentLanguage: 'Content-Language',
  cacheControl: 'Cache-Control',
  contentDisposition: 'Content-Disposition',
  contentEncoding: 'Content-Encoding',
};

// What a header value may hold (RFC 9110 field-value: tab, visible ASCII, space, obs-text); Node refuses the rest.
const HEADER_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;

function overrideValue(params: URLSearchParams, parameter: string): string | null {
  const value = params.get(parameter);
  if (value !== null && !HEADER_VALUE.test(value)) {
    throw new ServiceError('InvalidArgument', `${parameter} holds a character not allowed in a header`);
  }
  return value;
}

function objectHeaders(record: ObjectRecord, params: URLSearchParams): Record<string, string | number> {
  const filename = record.key.split('/').pop() ?? record.key;
  const headers: Record<string, string | number> = {
    'Content-Type': record.contentType ?? 'application/octet-stream',
    // §8.1/§8.2: the service defaults both when the PUT sent none.
    'Cache-Control': record.cacheControl ?? 'max-age=2592000',
    'Content-Disposition': record.contentDisposition ?? `inline; filename="${encodeURIComponent(filename)}"`,
    'Accept-Ranges': 'bytes',
    ETag: quoteETag(record.etag),
    'Last-Modified': new Date(record.lastModified).toUTCString(),
    'x-jss-storage-class': record.storageClass,
  };
  if (record.serverSideEncryption) headers['x-jss-server-side-encryption'] = 'true';
  for (const [parameter, name] of Object.entries(OVERRIDES)) {
    const value = overrideValue(params, parameter);
    if (value) headers[name] = value;
  }
  return headers;
}

function readReply(context: OperationContext, withBody: boolean): Reply {
  const record = requireReadableObject(context);
  const headers = objectHeaders(record, context.target.params);
  const range = parseRange(context.request.headers.range, record.size);
  if (range === 'unsatisfiable') {
    throw new ServiceError('InvalidRange', 'The requested range is not satisfiable', {
      headers: { 'Content-Range': `bytes */${record.size}` },
    });
  }
  const slice = range ?? { start: 0, end: record.size - 1 };
  const length = slice.end - slice.start + 1;
  const status = range === undefined ? 200 : 206;
  const rangeHeaders =
    range === undefined ? {} : { 'Content-Range': `bytes ${slice.start}-${slice.end}/${record.size}` };
  const allHeaders = { ...headers, ...rangeHeaders, 'Content-Length': length };
  if (!withBody || length === 0) return { status, headers: allHeaders };
  const files = context.store.objects.acquire(record);
  return {
    status,
    headers: allHeaders,
    stream: readSegments(files.paths, record.segments, slice),
    onDone: files.release,
  };
}

/** `GET /key` (§8.2), with Range (206/416), the response-override parameters and the referer rules (§7.5). */
export const getObject: Operation = async (context) => readReply(context, true);

/** `HEAD /key` ([UNSPEC] §8.3): the headers of GET, no body; the same referer rules. */
export const headObject: Operation = async (context) => readReply(context, false);

/** `DELETE /key` (§8.4): 204, and unlike S3 404 NoSuchKey when missing. */
export const deleteObject: Operation = async (context) => {
  const bucket = requireBucket(context);
  const deleted = await context.store.objects.delete(bucket.name, context.target.key ?? '');
  if (!deleted) throw new ServiceError('NoSuchKey', 'The specified key does not exist');
  return emptyReply(204);
};
