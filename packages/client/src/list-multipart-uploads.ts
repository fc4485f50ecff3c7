import type { Transport } from '@jsskit/http-transport';
import {
  isEncryptionEnabled,
  type ListMultipartUploadsResponse,
  parseResponseBody,
} from '@jsskit/wire-types';
import type { CallOptions } from './call-options.ts';
import { checkBucket } from './internal/check-options.ts';
import { namedCall } from './internal/named-call.ts';
import { bodyDate } from './object-info.ts';
import { createPagedList, type FetchedPage, type PagedList } from './paged-list.ts';

/** Options of `listMultipartUploads`. */
export interface ListMultipartUploadsOptions extends CallOptions {
  readonly bucket: string;
  /** Only uploads whose key starts with it. */
  readonly prefix?: string | undefined;
}

/** One upload in progress. */
export interface UploadEntry {
  readonly key: string;
  readonly uploadId: string;
  readonly initiated: Date;
  readonly encrypted: boolean;
  readonly storageClass: string | undefined;
}

/** One page of uploads. JSS documents no paging (at most 10000, protocol §9.6); servers that page are followed. */
export interface UploadsPage {
  readonly uploads: readonly UploadEntry[];
  readonly commonPrefixes: readonly string[];
  readonly isTruncated: boolean;
}

const OPERATION = 'ListMultipartUploads';
const SEPARATOR = '\n';

function entryOf(upload: ListMultipartUploadsResponse['Upload'][number]): UploadEntry {
  return {
    key: upload.Key,
    uploadId: upload.UploadId,
    initiated: bodyDate(OPERATION, upload.Initiated),
    encrypted: isEncryptionEnabled(upload),
    storageClass: upload.StorageClass ?? undefined,
  };
}

// The marker of the paged list is the key marker and the upload-id marker joined, so progress compares both.
function nextMarker(body: ListMultipartUploadsResponse): string | undefined {
  if (body.HasNext !== true) return undefined;
  const last = body.Upload.at(-1);
  const key = body.NextKeyMarker ?? last?.Key ?? '';
  const uploadId = body.NextUploadIdMarker ?? last?.UploadId ?? '';
  return `${key}${SEPARATOR}${uploadId}`;
}

function queryOf(
  options: ListMultipartUploadsOptions,
  marker: string | undefined,
): [string, string | undefined][] {
  const query: [string, string | undefined][] = [['uploads', undefined]];
  if (options.prefix !== undefined) query.push(['prefix', options.prefix]);
  if (marker !== undefined) {
    const [key = '', uploadId = ''] = marker.split(SEPARATOR);
    query.push(['key-marker', key], ['upload-id-marker', uploadId]);
  }
  return query;
}

async function fetchPage(
  transport: Transport,
  options: ListMultipartUploadsOptions,
  marker: string | undefined,
): Promise<FetchedPage<UploadEntry, UploadsPage>> {
  const { bucket, signal } = options;
  const query = queryOf(options, marker);
  const response = await namedCall(OPERATION, () => transport.send({ method: 'GET', bucket, query, signal }));
  const body = parseResponseBody('ListMultipartUploads', response.body);
  const uploads = body.Upload.map(entryOf);
  const page = { uploads, commonPrefixes: body.CommonPrefixes, isTruncated: body.HasNext === true };
  return { page, entries: uploads, next: nextMarker(body) };
}

/** ListMultipartUploads (protocol §9.6) as a {@link PagedList}. */
export function listMultipartUploads(
  transport: Transport,
  options: ListMultipartUploadsOptions,
): PagedList<UploadEntry, UploadsPage> {
  checkBucket(OPERATION, options.bucket);
  return createPagedList({
    operation: OPERATION,
    start: undefined,
    fetchPage: (marker) => fetchPage(transport, options, marker),
  });
}
