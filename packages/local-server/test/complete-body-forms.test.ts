// Complete bodies in the forms real clients send (protocol §13), and one that only pretends to be one.
import { computeMultipartETag } from '@jsskit/wire-types';
import { describe, expect, it } from 'vitest';
import { createServerFixture, initiate, type ServerFixture, uploadPart } from './helpers/server-fixture.ts';

function completeWith(fixture: ServerFixture, uploadId: string, body: string) {
  return fixture.call({
    method: 'POST',
    bucket: fixture.bucket,
    key: 'k',
    query: `uploadId=${uploadId}`,
    headers: { 'Content-Type': 'application/json' },
    body,
  });
}

describe('completeMultipartUpload', () => {
  it('completes an upload when the body is a bare array of parts (the old PHP SDK)', async () => {
    await using fixture = await createServerFixture();
    const uploadId = await initiate(fixture, 'k');
    const first = await uploadPart(fixture, { key: 'k', uploadId, partNumber: 1, body: 'one;' });
    const second = await uploadPart(fixture, { key: 'k', uploadId, partNumber: 2, body: 'two' });
    const body = JSON.stringify([
      { PartNumber: 1, ETag: first },
      { PartNumber: 2, ETag: second },
    ]);

    const response = await completeWith(fixture, uploadId, body);

    expect(response.status).toBe(200);
    expect(response.json().ETag).toBe(computeMultipartETag([first, second]));
    const stored = await fixture.call({ method: 'GET', bucket: fixture.bucket, key: 'k' });
    expect(stored.body.toString()).toBe('one;two');
  });

  it('answers MalformedJson when the part list is only reachable through __proto__, and the upload stays open', async () => {
    await using fixture = await createServerFixture();
    const uploadId = await initiate(fixture, 'k');
    const etag = await uploadPart(fixture, { key: 'k', uploadId, partNumber: 1, body: 'one' });

    const response = await completeWith(
      fixture,
      uploadId,
      `{"__proto__":{"Part":[{"PartNumber":1,"ETag":"${etag}"}]}}`,
    );

    expect(response.status).toBe(400);
    expect(response.json().code).toBe('MalformedJson');
    expect((await fixture.call({ method: 'HEAD', bucket: fixture.bucket, key: 'k' })).status).toBe(404);
    const parts = await fixture.call({
      method: 'GET',
      bucket: fixture.bucket,
      key: 'k',
      query: `uploadId=${uploadId}`,
    });
    expect(parts.status).toBe(200);
  });
});
