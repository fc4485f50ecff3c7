// Downloads (resume, restarts, checks) and presigned browser-style uploads against the local server.
import { createHash, randomBytes } from 'node:crypto';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { createClient } from '@jsskit/client';
import type { Transport } from '@jsskit/http-transport';
import type { LocalServer } from '@jsskit/local-server';
import {
  completePresignedUpload,
  createPresignedUpload,
  type DownloadProgress,
  downloadObject,
  MultipartError,
  presignUploadPart,
  uploadObject,
} from '@jsskit/multipart';
import { computeMultipartETag } from '@jsskit/wire-types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalFixture, startLocalFixture } from '../helpers/local-fixture.ts';

const MiB = 1024 * 1024;
const md5 = (bytes: Uint8Array) => createHash('md5').update(bytes).digest('hex');
let fixture: LocalFixture;
let directory: string;
let server: LocalServer;
let transport: Transport;
let data: Buffer;

beforeAll(async () => {
  fixture = await startLocalFixture({
    name: 'download-e2e',
    bucket: 'dls',
    transport: { retry: { baseDelayMs: 5 }, timeouts: { headersMs: 2_000, stallMs: 500 } },
  });
  ({ directory, server, transport } = fixture);
  data = randomBytes(9 * MiB + 777);
  await uploadObject({ transport, bucket: 'dls', key: 'multi', source: data, partSize: 2 * MiB });
  await uploadObject({ transport, bucket: 'dls', key: 'single', source: data.subarray(0, 300_000) });
});

afterAll(() => fixture.close());

/** A partial download as an interrupted run leaves it: the bytes so far and the sidecar naming the object. */
async function leavePartial(
  name: string,
  bytes: Uint8Array,
  object: { key: string; etag: string; size: number },
): Promise<string> {
  const destination = join(directory, name);
  await writeFile(`${destination}.jss-partial`, bytes);
  await writeFile(`${destination}.jss-partial.json`, JSON.stringify({ bucket: 'dls', ...object }));
  return destination;
}

/** Downloads the 2 MiB-part object, telling downloadObject its layout. */
function downloadMulti(destination: string, onProgress?: (progress: DownloadProgress) => void) {
  return downloadObject({
    transport,
    bucket: 'dls',
    key: 'multi',
    destination,
    partSize: 2 * MiB,
    onProgress,
  });
}

describe('downloadObject', () => {
  it('checks a multipart object against its ETag with the part size it was uploaded with', async () => {
    const destination = join(directory, 'multi.bin');
    const result = await downloadMulti(destination);
    expect(result).toMatchObject({ size: data.length, check: 'multipart-etag', resumedBytes: 0 });
    expect((await readFile(destination)).equals(data)).toBe(true);
    const guessed = await downloadObject({ transport, bucket: 'dls', key: 'multi', destination });
    expect(guessed.check).toBe('size'); // 8 MiB default layout does not match 2 MiB parts: size only
  });

  it('checks a single PUT by MD5 and streams to a Writable', async () => {
    const sink = new PassThrough();
    const chunks: Buffer[] = [];
    sink.on('data', (chunk: Buffer) => chunks.push(chunk));
    const result = await downloadObject({ transport, bucket: 'dls', key: 'single', destination: sink });
    expect(result.check).toBe('md5');
    expect(Buffer.concat(chunks).equals(data.subarray(0, 300_000))).toBe(true);
  });

  it('resumes a partial file with a Range request and keeps its bytes', async () => {
    const etag = computeMultipartETag(
      [0, 2, 4, 6, 8].map((start) =>
        md5(data.subarray(start * MiB, Math.min((start + 2) * MiB, data.length))),
      ),
    );
    const destination = await leavePartial('resumed.bin', data.subarray(0, 3 * MiB), {
      key: 'multi',
      etag,
      size: data.length,
    });
    const result = await downloadMulti(destination);
    expect(result).toMatchObject({ resumedBytes: 3 * MiB, receivedBytes: data.length - 3 * MiB });
    expect((await readFile(destination)).equals(data)).toBe(true);
    await expect(stat(`${destination}.jss-partial.json`)).rejects.toThrow();
  });

  it('starts over when the object changed since the partial file was written', async () => {
    const destination = await leavePartial('changed.bin', Buffer.alloc(1000, 1), {
      key: 'single',
      etag: '0'.repeat(32),
      size: 300_000,
    });
    const result = await downloadObject({ transport, bucket: 'dls', key: 'single', destination });
    expect(result).toMatchObject({ resumedBytes: 0, receivedBytes: 300_000, check: 'md5' });
    expect((await readFile(destination)).equals(data.subarray(0, 300_000))).toBe(true);
  });

  it('refuses corrupt bytes of a small object and removes the partial file', async () => {
    const head = await transport.send({ method: 'HEAD', bucket: 'dls', key: 'single' });
    const destination = await leavePartial('corrupt.bin', Buffer.alloc(1000, 7), {
      key: 'single',
      etag: head.headers.etag?.replaceAll('"', '') ?? '',
      size: 300_000,
    });
    const error = await downloadObject({ transport, bucket: 'dls', key: 'single', destination }).catch(
      (e) => e,
    );
    expect(MultipartError.isInstance(error) && error.code).toBe('MULTIPART_CHECKSUM_MISMATCH');
    await expect(stat(`${destination}.jss-partial`)).rejects.toThrow();
    await expect(stat(destination)).rejects.toThrow();
  });

  it('leaves no file behind for a key that does not exist, and does not say to run it again', async () => {
    const destination = join(directory, 'missing.bin');
    const error = await downloadObject({ transport, bucket: 'dls', key: 'missing', destination }).catch(
      (caught: unknown) => caught,
    );
    expect(MultipartError.isInstance(error) && error.code).toBe('MULTIPART_DOWNLOAD_FAILED');
    expect((error as Error).message).not.toContain('run it again');
    expect(((error as Error).cause as { serviceCode?: string }).serviceCode).toBe('NoSuchKey');
    await expect(stat(`${destination}.jss-partial`)).rejects.toThrow();
    await expect(stat(`${destination}.jss-partial.json`)).rejects.toThrow();
    await expect(stat(destination)).rejects.toThrow();
  });

  it('keeps the partial file of a refusal mid-way, saying a later run resumes from it', async () => {
    const destination = join(directory, 'refused.bin');
    const head = await transport.send({ method: 'HEAD', bucket: 'dls', key: 'multi' });
    const etag = (head.headers.etag ?? '').replaceAll('"', '');
    await leavePartial('refused.bin', data.subarray(0, MiB), { key: 'multi', etag, size: data.length });
    const fault = server.faults.add({
      operation: 'GetObject',
      action: { type: 'error', status: 403, code: 'AccessDenied' },
    });
    try {
      const error = await downloadMulti(destination).catch((caught: unknown) => caught);
      expect(MultipartError.isInstance(error) && error.code).toBe('MULTIPART_DOWNLOAD_FAILED');
      expect((error as Error).message).toContain(`${destination}.jss-partial is kept`);
    } finally {
      fault.remove();
    }
    expect((await stat(`${destination}.jss-partial`)).size).toBe(MiB);
    const resumed = await downloadMulti(destination);
    expect(resumed.resumedBytes).toBe(MiB);
    expect((await readFile(destination)).equals(data)).toBe(true);
  });

  it('continues from the byte reached when the response stalls mid-body', async () => {
    const destination = join(directory, 'stalled.bin');
    const fault = server.faults.add({
      operation: 'GetObject',
      action: { type: 'stall', ms: 1_500, phase: 'during-response' },
    });
    try {
      const progress: DownloadProgress[] = [];
      const result = await downloadMulti(destination, (report) => progress.push(report));
      expect(fault.hits).toBe(1);
      expect(result.restarts).toBe(1);
      // Half the body arrived before the stall; the restart asked only for the rest.
      expect(result.receivedBytes).toBe(data.length);
      const done = progress.map((report) => report.doneBytes);
      expect(done.every((value, index) => index === 0 || value >= (done[index - 1] ?? 0))).toBe(true);
      expect(done.at(-1)).toBe(data.length);
      expect(result.check).toBe('multipart-etag');
      expect((await readFile(destination)).equals(data)).toBe(true);
    } finally {
      fault.remove();
    }
  });
});

describe('presigned uploads', () => {
  it('lets a client without the secret upload parts that the server then completes and checks', async () => {
    const upload = await createPresignedUpload({
      transport,
      bucket: 'dls',
      key: 'browser',
      size: data.length,
      partSize: 4 * MiB,
    });
    expect(upload.parts.map((part) => part.size)).toEqual([4 * MiB, 4 * MiB, MiB + 777]);
    for (const part of upload.parts) {
      const url = new URL(part.url);
      expect(url.searchParams.get('Signature')).toBeTruthy();
      const response = await fetch(part.url, {
        method: 'PUT',
        body: new Uint8Array(data.subarray(part.offset, part.offset + part.size)),
      });
      expect(response.status).toBe(200);
    }
    const result = await completePresignedUpload({ ...upload, transport, partSize: 4 * MiB });
    expect(result.parts).toBe(3);
    const object = await transport.send({ method: 'GET', bucket: 'dls', key: 'browser' });
    expect(Buffer.from(object.body).equals(data)).toBe(true);
  });

  it('refuses to complete while a part is missing or short, leaving the upload open', async () => {
    const upload = await createPresignedUpload({
      transport,
      bucket: 'dls',
      key: 'partial',
      size: 3 * MiB,
      partSize: MiB,
    });
    const [first, second] = upload.parts;
    await fetch(first?.url ?? '', { method: 'PUT', body: new Uint8Array(data.subarray(0, MiB)) });
    await fetch(second?.url ?? '', { method: 'PUT', body: new Uint8Array(data.subarray(0, 1000)) });
    const error = await completePresignedUpload({ ...upload, transport, partSize: MiB }).catch((e) => e);
    expect(MultipartError.isInstance(error) && error.failedParts).toEqual([2, 3]);
    const { uploadId } = upload;
    expect(
      await createClient({ transport }).listParts({ bucket: 'dls', key: 'partial', uploadId }),
    ).toHaveLength(2);
  });

  it('signs Content-MD5 into a part URL, so other bytes are refused', async () => {
    const upload = await createPresignedUpload({
      transport,
      bucket: 'dls',
      key: 'pinned',
      size: 2 * MiB,
      partSize: MiB,
    });
    const part = data.subarray(0, MiB);
    const url = await presignUploadPart({
      transport,
      bucket: 'dls',
      key: 'pinned',
      uploadId: upload.uploadId,
      partNumber: 1,
      contentMd5: md5(part),
      expiresIn: 60,
    });
    const wrong = await fetch(url, {
      method: 'PUT',
      body: new Uint8Array(data.subarray(1, MiB + 1)),
      headers: { 'content-md5': md5(part) },
    });
    expect(wrong.status).toBe(400);
    const unsigned = await fetch(url, { method: 'PUT', body: new Uint8Array(part) });
    expect(unsigned.status).toBe(403);
    const right = await fetch(url, {
      method: 'PUT',
      body: new Uint8Array(part),
      headers: { 'content-md5': md5(part) },
    });
    expect(right.status).toBe(200);
    await expect(
      presignUploadPart({
        transport,
        bucket: 'dls',
        key: 'pinned',
        uploadId: upload.uploadId,
        partNumber: 0,
      }),
    ).rejects.toMatchObject({ code: 'MULTIPART_INVALID_OPTIONS' });
  });

  it('presigns a GET with the transport that curl-like clients can use until it expires', async () => {
    const url = await transport.presign({ method: 'GET', bucket: 'dls', key: 'single', expiresIn: 60 });
    const response = await fetch(url);
    expect(response.status).toBe(200);
    expect(md5(new Uint8Array(await response.arrayBuffer()))).toBe(md5(data.subarray(0, 300_000)));
    await expect(
      transport.presign({ method: 'GET', bucket: 'dls', key: 'x', expiresIn: -1 }),
    ).rejects.toMatchObject({
      code: 'TRANSPORT_INVALID_REQUEST',
    });
  });
});
