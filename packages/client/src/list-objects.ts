import type { Transport } from '@jsskit/http-transport';
import { type GetBucketResponse, normalizeETag, parseResponseBody } from '@jsskit/wire-types';
import type { CallOptions } from './call-options.ts';
import { checkBucket, invalidOptions } from './internal/check-options.ts';
import { namedCall } from './internal/named-call.ts';
import { bodyDate } from './object-info.ts';
import { createPagedList, type FetchedPage, type PagedList } from './paged-list.ts';

/** Options of `listObjects`. */
export interface ListObjectsOptions extends CallOptions {
  readonly bucket: string;
  /** Only keys that start with it (they keep it). */
  readonly prefix?: string | undefined;
  /** Groups keys by it into `commonPrefixes` (without the trailing delimiter, protocol §7.3). */
  readonly delimiter?: string | undefined;
  /** Start strictly after this key. */
  readonly startAfter?: string | undefined;
  /** Entries per page, 1 to 1000. @defaultValue the server's, 1000 */
  readonly pageSize?: number | undefined;
}

/** One object of a listing. */
export interface ObjectEntry {
  readonly key: string;
  readonly size: number;
  /** Unquoted, lower-case. */
  readonly etag: string;
  readonly lastModified: Date;
  readonly storageClass: string | undefined;
}

/** One page of a listing. */
export interface ObjectsPage {
  readonly objects: readonly ObjectEntry[];
  /** With a delimiter: the groups, as the server names them (no trailing delimiter). */
  readonly commonPrefixes: readonly string[];
  readonly isTruncated: boolean;
}

const OPERATION = 'ListObjects';

function entryOf(summary: GetBucketResponse['Contents'][number]): ObjectEntry {
  return {
    key: summary.Key,
    size: summary.Size,
    etag: normalizeETag(summary.ETag),
    lastModified: bodyDate(OPERATION, summary.LastModified),
    storageClass: summary.StorageClass ?? undefined,
  };
}

/** Where the next page starts: NextMarker, else past the last key or the last group. */
function nextMarker(body: GetBucketResponse, delimiter: string | undefined): string | undefined {
  if (!body.HasNext) return undefined;
  if (body.NextMarker !== null && body.NextMarker !== '') return body.NextMarker;
  const lastKey = body.Contents.at(-1)?.Key ?? '';
  const lastGroup = body.CommonPrefixes.at(-1);
  if (lastGroup !== undefined && delimiter !== undefined && lastGroup >= lastKey)
    return `${lastGroup}${lastGroup.endsWith(delimiter) ? '' : delimiter}\uffff`;
  return lastKey;
}

function queryOf(options: ListObjectsOptions, marker: string | undefined): [string, string][] {
  const query: [string, string][] = [];
  if (options.prefix !== undefined) query.push(['prefix', options.prefix]);
  if (marker !== undefined) query.push(['marker', marker]);
  if (options.delimiter !== undefined) query.push(['delimiter', options.delimiter]);
  if (options.pageSize !== undefined) query.push(['maxKeys', String(options.pageSize)]);
  return query;
}

async function fetchPage(
  transport: Transport,
  options: ListObjectsOptions,
  marker: string | undefined,
): Promise<FetchedPage<ObjectEntry, ObjectsPage>> {
  const { bucket, signal } = options;
  const query = queryOf(options, marker);
  const response = await namedCall(OPERATION, () => transport.send({ method: 'GET', bucket, query, signal }));
  const body = parseResponseBody('GetBucket', response.body);
  const objects = body.Contents.map(entryOf);
  const page = { objects, commonPrefixes: body.CommonPrefixes, isTruncated: body.HasNext };
  return { page, entries: objects, next: nextMarker(body, options.delimiter) };
}

/** GetBucket (protocol §7.3) as a {@link PagedList}; checks the options before anything is sent. */
export function listObjects(
  transport: Transport,
  options: ListObjectsOptions,
): PagedList<ObjectEntry, ObjectsPage> {
  checkBucket(OPERATION, options.bucket);
  const size = options.pageSize;
  if (size !== undefined && !(Number.isInteger(size) && size >= 1 && size <= 1000))
    throw invalidOptions(OPERATION, `pageSize must be an integer from 1 to 1000, got ${size}`);
  return createPagedList({
    operation: OPERATION,
    start: options.startAfter,
    fetchPage: (marker) => fetchPage(transport, options, marker),
  });
}
