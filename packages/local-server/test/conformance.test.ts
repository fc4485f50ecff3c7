import { createHash } from 'node:crypto';
import { computeMultipartETag, parseResponseBody } from '@jsskit/wire-types';
import { describe, expect, it } from 'vitest';
import { complete, createServerFixture, initiate, uploadPart } from './helpers/server-fixture.ts';

const md5 = (text: string) => createHash('md5').update(text).digest('hex');

describe('documented requests and responses (protocol §4-9)', () => {
  it('answers ListBuckets with the documented fields in the documented order', async () => {
    await using fixture = await createServerFixture();
    const response = await fixture.call({ method: 'GET' });
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('application/json;charset=UTF-8');
    expect(response.headers['x-jss-request-id']).toMatch(/^[0-9A-F]{16}$/);
    const body = parseResponseBody('ListBuckets', response.body);
    expect(body.Buckets.map((bucket) => bucket.Name)).toEqual([fixture.bucket]);
    expect(Object.keys((response.json().Buckets as Array<Record<string, unknown>>)[0] ?? {})).toEqual([
      'maxAge',
      'crrStatus',
      'Name',
      'CreationDate',
      'Location',
    ]);
    expect(body.Buckets[0]?.CreationDate).toMatch(/^\w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} GMT$/);
  });

  it('creates a bucket with 201 and Content-Length 0, deletes it with 204 and no Content-Length', async () => {
    await using fixture = await createServerFixture();
    const created = await fixture.call({ method: 'PUT', bucket: 'oss-example' });
    expect(created.status).toBe(201);
    expect(created.headers['content-length']).toBe('0');
    expect(created.headers['content-type']).toBeUndefined();
    expect((await fixture.call({ method: 'HEAD', bucket: 'oss-example' })).status).toBe(200);
    const deleted = await fixture.call({ method: 'DELETE', bucket: 'oss-example' });
    expect(deleted.status).toBe(204);
    expect(deleted.headers['content-length']).toBeUndefined();
    expect((await fixture.call({ method: 'HEAD', bucket: 'oss-example' })).status).toBe(404);
  });

  it('reproduces the GetBucket example with a prefix and a delimiter', async () => {
    await using fixture = await createServerFixture();
    for (const key of ['jingdong/test.jpg', 'jingdong/dir/a.jpg', 'jingdong/dir/b.jpg', 'other.txt']) {
      await fixture.call({ method: 'PUT', bucket: fixture.bucket, key, body: key });
    }
    const response = await fixture.call({
      method: 'GET',
      bucket: fixture.bucket,
      query: 'prefix=jingdong%2F&delimiter=%2F',
    });
    const body = parseResponseBody('GetBucket', response.body);
    expect(body).toMatchObject({
      Name: fixture.bucket,
      Prefix: 'jingdong/',
      Marker: null,
      NextMarker: null,
      Delimiter: '/',
      MaxKeys: 1000,
      HasNext: false,
      HasCommonPrefix: false,
      CommonPrefixes: ['jingdong/dir'],
    });
    expect(body.Contents).toEqual([
      expect.objectContaining({
        Key: 'jingdong/test.jpg',
        ETag: md5('jingdong/test.jpg'),
        Size: 17,
        StorageClass: 'STANDARD',
      }),
    ]);
  });

  it('pages GetBucket with maxKeys, HasNext and NextMarker', async () => {
    await using fixture = await createServerFixture();
    for (const key of ['a', 'b', 'c'])
      await fixture.call({ method: 'PUT', bucket: fixture.bucket, key, body: key });
    const first = parseResponseBody(
      'GetBucket',
      (await fixture.call({ method: 'GET', bucket: fixture.bucket, query: 'maxKeys=2' })).body,
    );
    expect(first).toMatchObject({ HasNext: true, NextMarker: 'b', MaxKeys: 2, HasCommonPrefix: true });
    const second = parseResponseBody(
      'GetBucket',
      (await fixture.call({ method: 'GET', bucket: fixture.bucket, query: 'maxKeys=2&marker=b' })).body,
    );
    expect(second.Contents.map((item) => item.Key)).toEqual(['c']);
    expect(second).toMatchObject({ HasNext: false, NextMarker: null, Marker: 'b' });
  });

  it('stores an object with 200, a quoted MD5 ETag and Content-Length 0, and returns the §8.2 headers', async () => {
    await using fixture = await createServerFixture();
    const put = await fixture.call({
      method: 'PUT',
      bucket: fixture.bucket,
      key: 'example.jpg',
      body: 'Hello, World!',
      headers: {
        'Content-Type': 'image/jpeg',
        'Content-MD5': md5('Hello, World!'),
        'x-jss-storage-class': 'REDUCED_REDUNDANCY',
      },
    });
    expect(put.status).toBe(200);
    expect(put.headers.etag).toBe(`"${md5('Hello, World!')}"`);
    expect(put.headers['content-length']).toBe('0');
    const get = await fixture.call({ method: 'GET', bucket: fixture.bucket, key: 'example.jpg' });
    expect(get.status).toBe(200);
    expect(get.body.toString()).toBe('Hello, World!');
    expect(get.headers).toMatchObject({
      'content-type': 'image/jpeg',
      'content-length': '13',
      'cache-control': 'max-age=2592000',
      'content-disposition': 'inline; filename="example.jpg"',
      'accept-ranges': 'bytes',
      etag: `"${md5('Hello, World!')}"`,
      'x-jss-storage-class': 'REDUCED_REDUNDANCY',
    });
    expect(Date.parse(String(get.headers['last-modified']))).not.toBeNaN();
    const head = await fixture.call({ method: 'HEAD', bucket: fixture.bucket, key: 'example.jpg' });
    expect(head.status).toBe(200);
    expect(head.body.length).toBe(0);
    expect(head.headers['content-length']).toBe('13');
  });

  it('answers a Range with 206 and Content-Range, as the example bytes=0-9 of 13', async () => {
    await using fixture = await createServerFixture();
    await fixture.call({ method: 'PUT', bucket: fixture.bucket, key: 'example.jpg', body: 'Hello, World!' });
    const ranges: Array<[string, number, string, string | undefined]> = [
      ['bytes=0-9', 206, 'Hello, Wor', 'bytes 0-9/13'],
      ['bytes=7-', 206, 'World!', 'bytes 7-12/13'],
      ['bytes=-6', 206, 'World!', 'bytes 7-12/13'],
      ['bytes=10-99', 206, 'ld!', 'bytes 10-12/13'],
      ['bytes=0-1,4-5', 200, 'Hello, World!', undefined],
      ['lines=1-2', 200, 'Hello, World!', undefined],
    ];
    for (const [range, status, body, contentRange] of ranges) {
      const response = await fixture.call({
        method: 'GET',
        bucket: fixture.bucket,
        key: 'example.jpg',
        headers: { Range: range },
      });
      expect([range, response.status, response.body.toString(), response.headers['content-range']]).toEqual([
        range,
        status,
        body,
        contentRange,
      ]);
    }
  });

  it('applies the response-override parameters on GET', async () => {
    await using fixture = await createServerFixture();
    await fixture.call({ method: 'PUT', bucket: fixture.bucket, key: 'a.bin', body: 'x' });
    const response = await fixture.call({
      method: 'GET',
      bucket: fixture.bucket,
      key: 'a.bin',
      query: 'contentType=text%2Fplain&contentDisposition=attachment%3B%20filename%3Da.txt',
    });
    expect(response.headers['content-type']).toBe('text/plain');
    expect(response.headers['content-disposition']).toBe('attachment; filename=a.txt');
  });

  it('deletes an object with 204', async () => {
    await using fixture = await createServerFixture();
    await fixture.call({ method: 'PUT', bucket: fixture.bucket, key: 'k', body: 'x' });
    expect((await fixture.call({ method: 'DELETE', bucket: fixture.bucket, key: 'k' })).status).toBe(204);
    expect((await fixture.call({ method: 'GET', bucket: fixture.bucket, key: 'k' })).status).toBe(404);
  });

  it('runs the documented multipart flow with the documented shapes and ETags', async () => {
    await using fixture = await createServerFixture();
    const initiated = await fixture.call({
      method: 'POST',
      bucket: fixture.bucket,
      key: 'multipart.data',
      query: 'uploads',
    });
    expect(Object.keys(initiated.json())).toEqual(['Bucket', 'Key', 'UploadId']);
    const { UploadId: uploadId } = parseResponseBody('InitiateMultipartUpload', initiated.body);
    expect(uploadId).toMatch(/^[0-9A-F]{16}$/);
    const etags = [];
    for (const [index, body] of ['123', '456', '789'].entries()) {
      etags.push(await uploadPart(fixture, { key: 'multipart.data', uploadId, partNumber: index + 1, body }));
    }
    expect(etags[0]).toBe('202cb962ac59075b964b07152d234b70');
    const listed = await fixture.call({
      method: 'GET',
      bucket: fixture.bucket,
      key: 'multipart.data',
      query: `uploadId=${uploadId}`,
    });
    expect(Object.keys(listed.json())).toEqual(['Bucket', 'Key', 'UploadId', 'Part', 'StorageClass']);
    expect(
      parseResponseBody('ListParts', listed.body).Part.map((part) => [part.PartNumber, part.Size, part.ETag]),
    ).toEqual(etags.map((etag, index) => [index + 1, 3, etag]));
    const uploads = await fixture.call({ method: 'GET', bucket: fixture.bucket, query: 'uploads' });
    const upload = (uploads.json().Upload as Array<Record<string, unknown>>)[0] ?? {};
    expect(Object.keys(upload)).toEqual([
      'Key',
      'UploadId',
      'Initiated',
      'Enable-Encryption',
      'Summary',
      'StorageClass',
    ]);
    expect(upload).toMatchObject({
      Key: 'multipart.data',
      UploadId: uploadId,
      'Enable-Encryption': 'false',
      Summary: null,
    });
    const done = await complete(fixture, {
      key: 'multipart.data',
      uploadId,
      parts: etags.map((ETag, index) => ({ PartNumber: index + 1, ETag })),
    });
    expect(done.status).toBe(200);
    expect(Object.keys(done.json())).toEqual(['Bucket', 'Key', 'ETag']);
    expect(parseResponseBody('CompleteMultipartUpload', done.body).ETag).toBe(computeMultipartETag(etags));
    const object = await fixture.call({ method: 'GET', bucket: fixture.bucket, key: 'multipart.data' });
    expect(object.body.toString()).toBe('123456789');
    expect(object.headers.etag).toBe(`"${computeMultipartETag(etags)}"`);
  });

  it('aborts an upload with 204', async () => {
    await using fixture = await createServerFixture();
    const uploadId = await initiate(fixture, 'k');
    expect(
      (
        await fixture.call({
          method: 'DELETE',
          bucket: fixture.bucket,
          key: 'k',
          query: `uploadId=${uploadId}`,
        })
      ).status,
    ).toBe(204);
  });
});
