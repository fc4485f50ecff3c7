import type { Transport } from '@jsskit/http-transport';
import { parseResponseBody, type UploadSummary } from '@jsskit/wire-types';
import { abortUpload } from './jss-calls.ts';

/** Options of {@link sweepIncompleteUploads}. */
export interface SweepOptions {
  readonly transport: Transport;
  readonly bucket: string;
  readonly prefix?: string | undefined;
  /** Only uploads initiated longer ago than this are aborted. */
  readonly olderThanMs: number;
  /** List what would be aborted without aborting it. @defaultValue false */
  readonly dryRun?: boolean | undefined;
  readonly now?: (() => number) | undefined;
  readonly signal?: AbortSignal | undefined;
}

/** What a sweep found. */
export interface SweepResult {
  readonly aborted: readonly UploadSummary[];
  readonly kept: readonly UploadSummary[];
}

/** Every in-progress upload under a prefix (ListMultipartUploads), following the markers when the server pages. */
export async function listIncompleteUploads(
  transport: Transport,
  bucket: string,
  prefix: string | undefined,
  signal?: AbortSignal,
): Promise<UploadSummary[]> {
  const uploads: UploadSummary[] = [];
  let markers: [string, string][] = [];
  for (;;) {
    const query: [string, string | undefined][] = [['uploads', undefined], ...markers];
    if (prefix !== undefined) query.push(['prefix', prefix]);
    const page = parseResponseBody(
      'ListMultipartUploads',
      (await transport.send({ method: 'GET', bucket, query, signal })).body,
    );
    uploads.push(...page.Upload);
    const { NextKeyMarker: key, NextUploadIdMarker: id } = page as {
      NextKeyMarker?: string | null;
      NextUploadIdMarker?: string | null;
    };
    if (page.HasNext !== true || !key) return uploads;
    markers = [['key-marker', key], ...(id ? ([['upload-id-marker', id]] as [string, string][]) : [])];
  }
}

/**
 * Aborts in-progress uploads under a prefix that were initiated more than `olderThanMs` ago: the orphans a
 * crashed or abandoned client leaves. Uploads younger than that, which may still be running, are kept.
 */
export async function sweepIncompleteUploads(options: SweepOptions): Promise<SweepResult> {
  const now = (options.now ?? Date.now)();
  const uploads = await listIncompleteUploads(
    options.transport,
    options.bucket,
    options.prefix,
    options.signal,
  );
  const aborted: UploadSummary[] = [];
  const kept: UploadSummary[] = [];
  for (const upload of uploads) {
    const initiated = Date.parse(upload.Initiated);
    if (Number.isNaN(initiated) || now - initiated <= options.olderThanMs) {
      kept.push(upload);
      continue;
    }
    if (options.dryRun !== true)
      await abortUpload(
        options.transport,
        { bucket: options.bucket, key: upload.Key },
        upload.UploadId,
        options.signal,
      );
    aborted.push(upload);
  }
  return { aborted, kept };
}
