import type { Transport } from '@jsskit/http-transport';
import { type ListPartsResponse, normalizeETag, parseResponseBody } from '@jsskit/wire-types';
import { checkObject } from './internal/check-options.ts';
import { namedCall } from './internal/named-call.ts';
import type { UploadOptions } from './multipart-operations.ts';
import { bodyDate } from './object-info.ts';
import { createPagedList, type FetchedPage } from './paged-list.ts';

/** One part of an upload. */
export interface PartEntry {
  readonly partNumber: number;
  readonly size: number;
  /** Unquoted, lower-case. */
  readonly etag: string;
  readonly lastModified: Date;
}

const OPERATION = 'ListParts';

function entryOf(part: ListPartsResponse['Part'][number]): PartEntry {
  return {
    partNumber: part.PartNumber,
    size: part.Size,
    etag: normalizeETag(part.ETag),
    lastModified: bodyDate(OPERATION, part.LastModified),
  };
}

// Part numbers as markers compare as text in the paged list, so they are zero-padded.
function nextMarker(body: ListPartsResponse): string | undefined {
  if (body.HasNext !== true) return undefined;
  const next = body.NextPartNumberMarker ?? body.Part.at(-1)?.PartNumber ?? 0;
  return String(next).padStart(5, '0');
}

async function fetchPage(
  transport: Transport,
  options: UploadOptions,
  marker: string | undefined,
): Promise<FetchedPage<PartEntry, readonly PartEntry[]>> {
  const { bucket, key, uploadId, signal } = options;
  const query: [string, string][] = [['uploadId', uploadId]];
  if (marker !== undefined) query.push(['part-number-marker', String(Number(marker))]);
  const response = await namedCall(OPERATION, () =>
    transport.send({ method: 'GET', bucket, key, query, signal }),
  );
  const body = parseResponseBody('ListParts', response.body);
  const parts = body.Part.map(entryOf);
  return { page: parts, entries: parts, next: nextMarker(body) };
}

/** ListParts (protocol §9.5): every part the server holds, ascending (JSS sends at most 10000, unpaged). */
export async function listParts(transport: Transport, options: UploadOptions): Promise<PartEntry[]> {
  checkObject(OPERATION, options);
  const parts: PartEntry[] = [];
  const list = createPagedList({
    operation: OPERATION,
    start: undefined,
    fetchPage: (marker) => fetchPage(transport, options, marker),
  });
  for await (const part of list) parts.push(part);
  return parts;
}
