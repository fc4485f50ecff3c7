import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDiskStore } from './disk-store.ts';

const now = new Date('2026-11-25T00:00:00Z');
const attributes = { storageClass: 'STANDARD', serverSideEncryption: false };
let root: string;

async function storeWithOnePart() {
  root = await mkdtemp(join(tmpdir(), 'jss-store-'));
  const store = await openDiskStore(root);
  await store.buckets.create('bucket', now);
  const upload = await store.uploads.initiate({ bucket: 'bucket', key: 'key' }, attributes, now);
  const bodyPath = store.layout.temporaryFile('body');
  await writeFile(bodyPath, 'part bytes');
  const part = await store.uploads.putPart(
    { bucket: 'bucket', key: 'key', uploadId: upload.uploadId, partNumber: 1 },
    { path: bodyPath, size: 10, md5: 'e1f3cb5b2f1ac68f7ba2cd1b0d4b47b3' },
    now,
  );
  return { store, uploadId: upload.uploadId, part };
}

afterEach(() => rm(root, { recursive: true, force: true }));

describe('openDiskStore recovery', () => {
  it('finishes a Complete whose record was committed but whose upload was not yet moved', async () => {
    const { store, uploadId, part } = await storeWithOnePart();
    const record = {
      bucket: 'bucket',
      key: 'key',
      ...attributes,
      size: 10,
      etag: 'multipart-etag',
      lastModified: now.toISOString(),
      blob: 'interrupted-blob',
      segments: [{ file: join('parts', part.file), size: 10 }],
      partCount: 1,
      pendingFrom: uploadId,
    };
    const path = store.layout.objectFile('bucket', 'key');
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, JSON.stringify(record));
    await store.lock.release(); // the crashed process holds the directory no longer

    const reopened = await openDiskStore(root);
    const object = reopened.objects.get('bucket', 'key');
    expect(object).toMatchObject({ etag: 'multipart-etag', blob: 'interrupted-blob' });
    expect(object?.pendingFrom).toBeUndefined();
    expect(JSON.parse(await readFile(path, 'utf8')).pendingFrom).toBeUndefined();
    expect(reopened.uploads.get(uploadId)).toBeUndefined();
    const [segmentPath] = reopened.objects.acquire(object ?? record).paths;
    expect(await readFile(segmentPath ?? '', 'utf8')).toBe('part bytes');
  });

  it('drops an Initiate that never wrote its record, part bytes never recorded, orphan blobs and temporary files', async () => {
    const { store, uploadId } = await storeWithOnePart();
    await mkdir(store.layout.partsDirectory('0000000000000000'), { recursive: true });
    await writeFile(join(store.layout.partsDirectory(uploadId), '2-unrecorded.data'), 'lost');
    await mkdir(store.layout.blobDirectory('orphan'));
    await writeFile(store.layout.temporaryFile('body-left-behind'), 'x');
    await store.lock.release(); // the crashed process holds the directory no longer

    const reopened = await openDiskStore(root);
    expect(await readdir(store.layout.uploads)).toEqual([uploadId]);
    expect(
      (await readdir(store.layout.partsDirectory(uploadId))).filter((name) => name.endsWith('.data')),
    ).toHaveLength(1);
    expect(await readdir(store.layout.blobs)).toEqual([]);
    expect(await readdir(store.layout.temporary)).toEqual([]);
    expect(reopened.uploads.listParts({ bucket: 'bucket', key: 'key', uploadId }).parts).toHaveLength(1);
  });

  it('refuses a directory holding another format', async () => {
    root = await mkdtemp(join(tmpdir(), 'jss-store-'));
    await writeFile(join(root, 'format.json'), JSON.stringify({ format: 'something-else', version: 9 }));
    await expect(openDiskStore(root)).rejects.toThrow(/unknown format/);
  });
});
