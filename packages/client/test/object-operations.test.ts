import { describe, expect, it } from 'vitest';
import { ClientError, isNotFound, type PutObjectOptions } from '../src/index.ts';
import { createClientFixture, readAll } from './helpers/client-fixture.ts';

const HELLO_MD5 = '5d41402abc4b2a76b9719d911017c592';

describe('putObject, getObject, headObject, deleteObject', () => {
  it('puts bytes and heads them back with typed attributes', async () => {
    await using fixture = await createClientFixture();
    const { client, bucket } = fixture;
    const put = await client.putObject({
      bucket,
      key: 'a/hello.txt',
      body: 'hello',
      contentType: 'text/plain',
    });
    expect(put.etag).toBe(HELLO_MD5);
    const info = await client.headObject({ bucket, key: 'a/hello.txt' });
    expect(info).toMatchObject({ size: 5, etag: HELLO_MD5, contentType: 'text/plain', encrypted: false });
    expect(info.lastModified).toBeInstanceOf(Date);
    expect(info.storageClass).toBe('STANDARD');
  });

  it('puts a Blob and a stream of known length', async () => {
    await using fixture = await createClientFixture();
    const { client, bucket } = fixture;
    await client.putObject({ bucket, key: 'blob', body: new Blob(['hello']) });
    const stream = new Blob(['hello']).stream();
    const put = await client.putObject({
      bucket,
      key: 'stream',
      body: stream,
      contentLength: 5,
      contentMd5: HELLO_MD5,
    });
    expect(put.etag).toBe(HELLO_MD5);
    expect((await client.headObject({ bucket, key: 'blob' })).etag).toBe(HELLO_MD5);
  });

  it('refuses a stream without contentLength before sending', async () => {
    await using fixture = await createClientFixture();
    const body = new Blob(['hello']).stream();
    const error = await fixture.client
      .putObject({ bucket: fixture.bucket, key: 'k', body })
      .catch((caught) => caught);
    expect(ClientError.isInstance(error) && error.code).toBe('CLIENT_INVALID_OPTIONS');
    await expect(fixture.client.headObject({ bucket: fixture.bucket, key: 'k' })).rejects.toSatisfy(
      isNotFound,
    );
  });

  it('gets the whole object as a web stream', async () => {
    await using fixture = await createClientFixture();
    const { client, bucket } = fixture;
    await client.putObject({ bucket, key: 'k', body: 'hello world' });
    const result = await client.getObject({ bucket, key: 'k' });
    expect(result).toMatchObject({ size: 11, contentLength: 11, range: undefined });
    expect(await readAll(result.body)).toBe('hello world');
  });

  it('gets a range, closed and open-ended', async () => {
    await using fixture = await createClientFixture();
    const { client, bucket } = fixture;
    await client.putObject({ bucket, key: 'k', body: 'hello world' });
    const closed = await client.getObject({ bucket, key: 'k', range: { start: 0, end: 4 } });
    expect(closed).toMatchObject({ size: 11, contentLength: 5, range: { start: 0, end: 4 } });
    expect(await readAll(closed.body)).toBe('hello');
    const open = await client.getObject({ bucket, key: 'k', range: { start: 6 } });
    expect(await readAll(open.body)).toBe('world');
  });

  it('refuses a range whose end is before its start', async () => {
    await using fixture = await createClientFixture();
    const error = await fixture.client
      .getObject({ bucket: fixture.bucket, key: 'k', range: { start: 5, end: 2 } })
      .catch((caught) => caught);
    expect(ClientError.isInstance(error) && error.code).toBe('CLIENT_INVALID_OPTIONS');
  });

  it('says NotFound for a missing key on head, get and delete, naming the operation', async () => {
    await using fixture = await createClientFixture();
    const target = { bucket: fixture.bucket, key: 'missing' };
    const errors = await Promise.all([
      fixture.client.headObject(target).catch((caught) => caught),
      fixture.client.getObject(target).catch((caught) => caught),
      fixture.client.deleteObject(target).catch((caught) => caught),
    ]);
    expect(errors.map(isNotFound)).toEqual([true, true, true]);
    expect(errors.map((error) => String(error.message).split(':')[0])).toEqual([
      'HeadObject',
      'GetObject',
      'DeleteObject',
    ]);
  });

  it('deletes an object', async () => {
    await using fixture = await createClientFixture();
    const { client, bucket } = fixture;
    await client.putObject({ bucket, key: 'k', body: 'x' });
    await client.deleteObject({ bucket, key: 'k' });
    await expect(client.headObject({ bucket, key: 'k' })).rejects.toSatisfy(isNotFound);
  });

  it.each([
    [
      'a content type HTTP cannot carry',
      { contentType: 'тип/x' },
      /content-type: a content type is printable ASCII/,
    ],
    ['an unknown storage class', { storageClass: 'FOO' }, /x-jss-storage-class/],
  ])('refuses %s before sending, with the operation named', async (_name, attributes, message) => {
    await using fixture = await createClientFixture();
    const { client, bucket } = fixture;
    // A storage class outside the type on purpose, as JavaScript could pass it.
    const options = { bucket, key: 'k', body: 'x', ...attributes } as PutObjectOptions;
    const error = await client.putObject(options).catch((caught) => caught);
    expect(ClientError.isInstance(error) && error.code).toBe('CLIENT_INVALID_OPTIONS');
    expect(String(error.message)).toMatch(/^PutObject: invalid /);
    expect(String(error.message)).toMatch(message);
    await expect(client.headObject({ bucket, key: 'k' })).rejects.toSatisfy(isNotFound);
  });

  it('refuses a Cache-Control HTTP cannot carry as an invalid request, not as a network failure', async () => {
    await using fixture = await createClientFixture();
    const { client, bucket } = fixture;
    const error = await client
      .putObject({ bucket, key: 'k', body: 'x', cacheControl: 'максимум' })
      .catch((caught) => caught);
    expect(error).toMatchObject({ code: 'TRANSPORT_INVALID_REQUEST' });
    expect(String(error.message)).toMatch(/^PutObject: header "cache-control"/);
  });
});
