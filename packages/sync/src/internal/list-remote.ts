import type { Client } from '@jsskit/client';
import { isNotFound } from '@jsskit/client';
import { SyncError } from '../errors.ts';

/** An object of the listing: what a comparison needs. */
export interface RemoteObject {
  readonly key: string;
  readonly size: number;
  readonly etag: string;
}

/**
 * Every object under the prefix, by key, through the client's paging listing.
 * @throws {SyncError} `SYNC_SOURCE_NOT_FOUND` for a missing bucket, `SYNC_LISTING_FAILED` otherwise.
 */
export async function listRemote(
  client: Client,
  location: { readonly bucket: string; readonly prefix: string },
  signal: AbortSignal | undefined,
): Promise<Map<string, RemoteObject>> {
  const objects = new Map<string, RemoteObject>();
  try {
    const listing = client.listObjects({ bucket: location.bucket, prefix: location.prefix, signal });
    for await (const entry of listing)
      objects.set(entry.key, { key: entry.key, size: entry.size, etag: entry.etag });
  } catch (error) {
    if (signal?.aborted === true)
      throw new SyncError('SYNC_ABORTED', 'the sync was aborted while listing', { cause: error });
    if (isNotFound(error))
      throw new SyncError(
        'SYNC_SOURCE_NOT_FOUND',
        `the bucket ${location.bucket} does not exist (a sync never creates it)`,
        { cause: error },
      );
    const message = `listing ${location.bucket}/${location.prefix} failed: ${describeCause(error)}`;
    throw new SyncError('SYNC_LISTING_FAILED', message, { cause: error });
  }
  return objects;
}

/** The cause's code and message (transport and client messages carry no credentials). */
function describeCause(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const { code } = error as { code?: unknown };
  return typeof code === 'string' ? `${code}: ${error.message}` : error.message;
}
