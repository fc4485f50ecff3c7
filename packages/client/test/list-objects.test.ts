import { describe, expect, it } from 'vitest';
import { ClientError, createClient, type ObjectsPage } from '../src/index.ts';
import { createClientFixture } from './helpers/client-fixture.ts';
import { startScriptedListServer, startStalledListServer } from './helpers/stalled-list-server.ts';

const LOG_KEYS = Array.from({ length: 1205 }, (_, index) => `logs/${String(index).padStart(4, '0')}.txt`);
const GROUPED_KEYS = ['logs/dir-a/1', 'logs/dir-a/2', 'logs/dir-b/1'];

async function putAll(fixture: Awaited<ReturnType<typeof createClientFixture>>, keys: readonly string[]) {
  for (let start = 0; start < keys.length; start += 50) {
    const batch = keys.slice(start, start + 50);
    await Promise.all(
      batch.map((key) => fixture.client.putObject({ bucket: fixture.bucket, key, body: key })),
    );
  }
}

describe('listObjects', () => {
  it('pages across 1205 keys with a delimiter, entries and groups in order', async () => {
    await using fixture = await createClientFixture();
    await putAll(fixture, [...LOG_KEYS, ...GROUPED_KEYS, 'other/x']);
    const list = fixture.client.listObjects({ bucket: fixture.bucket, prefix: 'logs/', delimiter: '/' });
    const pages: ObjectsPage[] = [];
    for await (const page of list.pages()) pages.push(page);
    const keys: string[] = [];
    for await (const object of list) keys.push(object.key);
    expect(pages.length).toBe(2);
    expect(keys).toEqual(LOG_KEYS);
    expect(pages.flatMap((page) => page.commonPrefixes)).toEqual(['logs/dir-a', 'logs/dir-b']);
    expect(pages.map((page) => page.isTruncated)).toEqual([true, false]);
  });

  it('gives entries with size, unquoted etag and a Date', async () => {
    await using fixture = await createClientFixture();
    await fixture.client.putObject({ bucket: fixture.bucket, key: 'k', body: 'hello' });
    const entries = [];
    for await (const object of fixture.client.listObjects({ bucket: fixture.bucket })) entries.push(object);
    expect(entries).toEqual([
      expect.objectContaining({ key: 'k', size: 5, etag: '5d41402abc4b2a76b9719d911017c592' }),
    ]);
    expect(entries[0]?.lastModified).toBeInstanceOf(Date);
  });

  it('follows small pages and starts after startAfter', async () => {
    await using fixture = await createClientFixture();
    await putAll(fixture, ['a', 'b', 'c', 'd', 'e']);
    const list = fixture.client.listObjects({ bucket: fixture.bucket, startAfter: 'a', pageSize: 2 });
    const pages: string[][] = [];
    for await (const page of list.pages()) pages.push(page.objects.map((object) => object.key));
    expect(pages).toEqual([
      ['b', 'c'],
      ['d', 'e'],
    ]);
  });

  it('stops with CLIENT_PAGING_STALLED when the server says HasNext without progress', async () => {
    await using server = await startStalledListServer();
    const client = createClient({
      endpoint: server.endpoint,
      credentials: { accessKeyId: 'ak', secretAccessKey: 'sk' },
    });
    const keys: string[] = [];
    const error = await (async () => {
      for await (const object of client.listObjects({ bucket: 'bucket' })) keys.push(object.key);
    })().catch((caught) => caught);
    await client.close();
    expect(ClientError.isInstance(error) && error.code).toBe('CLIENT_PAGING_STALLED');
    expect(String(error.message)).toMatch(/^ListObjects: /);
    expect(server.requests()).toBe(2);
    expect(keys).toEqual(['same', 'same']);
  });

  it('follows markers that progress in the order of the server, not in the string order of JavaScript', async () => {
    // U+1F600 sorts before U+FF01 in UTF-16 code units but after it in UTF-8 bytes, as a server may order.
    const pages = [{ keys: ['\uff01'], next: '\uff01' }, { keys: ['😀'], next: '😀' }, { keys: ['z'] }];
    await using server = await startScriptedListServer(pages);
    const client = createClient({
      endpoint: server.endpoint,
      credentials: { accessKeyId: 'ak', secretAccessKey: 'sk' },
    });
    const keys: string[] = [];
    for await (const object of client.listObjects({ bucket: 'bucket' })) keys.push(object.key);
    await client.close();
    expect(keys).toEqual(['\uff01', '😀', 'z']);
  });

  it('refuses a page size above 1000 before sending', () => {
    const client = createClient({
      endpoint: 'http://127.0.0.1:1',
      credentials: { accessKeyId: 'ak', secretAccessKey: 'sk' },
    });
    expect(() => client.listObjects({ bucket: 'bucket', pageSize: 1001 })).toThrow(/pageSize/);
  });
});
