// An empty object from every kind of source: one PutObject of zero bytes, the MD5 of nothing as its ETag,
// and no hang (aws-sdk-js-v3 #6426: commands hung after an empty upload).
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { MemoryCheckpointStore, type UploadSource, uploadObject } from '@jsskit/multipart';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalFixture, startLocalFixture } from '../helpers/local-fixture.ts';

const EMPTY_MD5 = 'd41d8cd98f00b204e9800998ecf8427e';
let fixture: LocalFixture;

beforeAll(async () => {
  fixture = await startLocalFixture({ name: 'empty-e2e', bucket: 'empty' });
});
afterAll(() => fixture.close());

describe('multipart × empty sources', () => {
  it('puts a zero-byte object from a file, bytes, a Blob and every kind of stream', async () => {
    const path = join(fixture.directory, 'empty.bin');
    await writeFile(path, '');
    const sources: Record<string, () => UploadSource> = {
      file: () => path,
      bytes: () => new Uint8Array(0),
      blob: () => new Blob([]),
      'node stream': () => Readable.from([]),
      'web stream': () => new ReadableStream({ start: (controller) => controller.close() }),
      'async generator': () => (async function* () {})(),
    };
    for (const [name, source] of Object.entries(sources)) {
      const result = await uploadObject({
        transport: fixture.transport,
        bucket: 'empty',
        key: name,
        source: source(),
        checkpointStore: new MemoryCheckpointStore(),
      });
      expect(result, name).toMatchObject({ parts: 0, size: 0, etag: EMPTY_MD5, sentBytes: 0 });
      const head = await fixture.transport.send({ method: 'HEAD', bucket: 'empty', key: name });
      expect([head.headers['content-length'], head.headers.etag], name).toEqual(['0', `"${EMPTY_MD5}"`]);
    }
  });
});
