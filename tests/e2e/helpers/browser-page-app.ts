// The page a browser test loads: bundled for the browser by esbuild, it puts `jsskitPage` on the window for
// the test to call through page.evaluate. It uploads a File fetched from the test, checkpointed in IndexedDB,
// exactly as an app would after the user picks a file.
import { createRateLimit, createRemoteSigner, createTransport } from '@jsskit/http-transport';
import {
  IndexedDbCheckpointStore,
  MultipartError,
  type PartEvent,
  uploadObject,
} from '@jsskit/multipart/web';
import type { Credentials } from '@jsskit/signer';

/** What the test asks the page to upload. */
export interface PageUploadRequest {
  /** The page's own keys, or `undefined`: each attempt is then signed by the test's `/__test/sign` route. */
  readonly credentials: Credentials | undefined;
  readonly bucket: string;
  readonly key: string;
  /** Where the page fetches the File's bytes from (a route the test serves). */
  readonly dataUrl: string;
  readonly fileName: string;
  readonly lastModified: number;
  readonly partSize: number;
  readonly concurrency: number;
  readonly bytesPerSecond?: number | undefined;
}

/** An upload's outcome as plain data that crosses into the test. */
export type PageUploadOutcome =
  | {
      readonly ok: true;
      readonly etag: string;
      readonly uploadId: string | undefined;
      readonly sentBytes: number;
      readonly resumedBytes: number;
      readonly started: number[];
      readonly reused: number[];
      readonly checkpointsLeft: string[];
    }
  | {
      readonly ok: false;
      readonly code: string;
      readonly message: string;
      /** The code of the error's cause, if it has one. */
      readonly causeCode?: string | undefined;
    };

/** What the page exposes. */
export interface JsskitPage {
  upload(request: PageUploadRequest): Promise<PageUploadOutcome>;
  /** Parts recorded in each checkpoint in IndexedDB, by checkpoint id. */
  checkpointedParts(): Promise<Record<string, { uploadId: string; parts: number }>>;
  /** Runs the checkpoint store contract in this browser and reports what it saw. */
  exerciseStore(): Promise<StoreObservations>;
}

/** What {@link JsskitPage.exerciseStore} saw. */
export interface StoreObservations {
  readonly loadedAfterSave: unknown;
  readonly loadedByAnotherConnection: unknown;
  readonly listed: string[];
  readonly secondLock: string;
  readonly lockAfterRelease: string;
  readonly loadedAfterRemove: unknown;
  readonly otherDatabaseListed: string[];
}

async function fetchFile(request: PageUploadRequest): Promise<File> {
  const response = await fetch(request.dataUrl);
  return new File([await response.arrayBuffer()], request.fileName, { lastModified: request.lastModified });
}

async function upload(request: PageUploadRequest): Promise<PageUploadOutcome> {
  const source = await fetchFile(request);
  const transport = createTransport(
    request.credentials === undefined
      ? { endpoint: location.origin, remoteSigner: createRemoteSigner({ url: '/__test/sign' }) }
      : { endpoint: location.origin, credentials: request.credentials },
  );
  const store = new IndexedDbCheckpointStore();
  const events: PartEvent[] = [];
  try {
    const result = await uploadObject({
      transport,
      bucket: request.bucket,
      key: request.key,
      source,
      partSize: request.partSize,
      concurrency: request.concurrency,
      checkpointStore: store,
      ...(request.bytesPerSecond === undefined
        ? {}
        : { rateLimit: createRateLimit({ bytesPerSecond: request.bytesPerSecond }) }),
      onPart: (event) => events.push(event),
    });
    const numbers = (state: PartEvent['state']) =>
      events.filter((event) => event.state === state).map((event) => event.partNumber);
    return {
      ok: true,
      etag: result.etag,
      uploadId: result.uploadId,
      sentBytes: result.sentBytes,
      resumedBytes: result.resumedBytes,
      started: numbers('started'),
      reused: numbers('reused'),
      checkpointsLeft: await store.list(),
    };
  } catch (error) {
    if (error instanceof MultipartError) {
      const causeCode = (error.cause as { code?: string } | undefined)?.code;
      return { ok: false, code: error.code, message: error.message, causeCode };
    }
    throw error;
  } finally {
    await store.close();
    await transport.close();
  }
}

async function checkpointedParts(): Promise<Record<string, { uploadId: string; parts: number }>> {
  const store = new IndexedDbCheckpointStore();
  const found: Record<string, { uploadId: string; parts: number }> = {};
  for (const id of await store.list()) {
    const state = await store.load(id);
    if (state !== undefined) found[id] = { uploadId: state.uploadId, parts: state.parts.length };
  }
  await store.close();
  return found;
}

async function lockOutcome(store: IndexedDbCheckpointStore, id: string): Promise<string> {
  try {
    const release = await store.lock(id);
    await release();
    return 'taken';
  } catch (error) {
    return error instanceof MultipartError ? error.code : String(error);
  }
}

async function exerciseStore(): Promise<StoreObservations> {
  const store = new IndexedDbCheckpointStore({ databaseName: 'contract' });
  const state = {
    version: 1 as const,
    bucket: 'b',
    key: 'k',
    uploadId: 'U1',
    partSize: 8,
    layout: 'fixed' as const,
    size: 20,
    fingerprint: { size: 20, sampleMd5: 'x' },
    parts: [{ partNumber: 1, size: 8, md5: '0'.repeat(32) }],
    initiatedAt: '2026-11-25T00:00:00.000Z',
  };
  await store.save('one', state);
  const loadedAfterSave = await store.load('one');
  const another = new IndexedDbCheckpointStore({ databaseName: 'contract' });
  const loadedByAnotherConnection = await another.load('one');
  const listed = await another.list();
  const release = await store.lock('one');
  const secondLock = await lockOutcome(another, 'one');
  await release();
  const lockAfterRelease = await lockOutcome(another, 'one');
  await another.remove('one');
  const loadedAfterRemove = (await store.load('one')) ?? null;
  const other = new IndexedDbCheckpointStore({ databaseName: 'contract-other' });
  const otherDatabaseListed = await other.list();
  await Promise.all([store.close(), another.close(), other.close()]);
  return {
    loadedAfterSave,
    loadedByAnotherConnection,
    listed,
    secondLock,
    lockAfterRelease,
    loadedAfterRemove,
    otherDatabaseListed,
  };
}

(globalThis as typeof globalThis & { jsskitPage: JsskitPage }).jsskitPage = {
  upload,
  checkpointedParts,
  exerciseStore,
};
