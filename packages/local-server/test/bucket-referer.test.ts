import { createHmac } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeBucketRefererQuery, type PutBucketRefererQuery } from '@jsskit/wire-types';
import { afterAll, describe, expect, it } from 'vitest';
import { startLocalServer } from '../src/index.ts';
import { send, TEST_CREDENTIALS } from './helpers/jss-client.ts';
import { createServerFixture, type ServerFixture } from './helpers/server-fixture.ts';

const DEFAULTS = { AllowNull: false, Effect: 'ALLOW', Value: [] };
const RULES: PutBucketRefererQuery = {
  Effect: 'DENIED',
  RefererList: ['www.abc.com', 'www.*.com'],
  IsAllowNull: true,
};
const dataDirs: string[] = [];

afterAll(async () => {
  await Promise.all(dataDirs.map((directory) => rm(directory, { recursive: true, force: true })));
});

function getReferer(fixture: ServerFixture, bucket = fixture.bucket) {
  return fixture.call({ method: 'GET', bucket, query: 'bucketReferer' });
}

function putReferer(fixture: ServerFixture, query: string) {
  return fixture.call({ method: 'PUT', bucket: fixture.bucket, query });
}

/** Signs `/<bucket>?bucketReferer` as the resource, as a client that counts it as a sub-resource would. */
function signedWithSubResource(method: string, bucket: string, secret = TEST_CREDENTIALS.secretAccessKey) {
  const date = new Date().toUTCString();
  const stringToSign = `${method}\n\n\n${date}\n/${bucket}?bucketReferer`;
  const signature = createHmac('sha1', secret).update(stringToSign, 'utf8').digest('base64');
  return { Date: date, Authorization: `jingdong ${TEST_CREDENTIALS.accessKeyId}:${signature}` };
}

describe('GetBucketReferer', () => {
  it('answers 200 with the defaults when nothing was put', async () => {
    await using fixture = await createServerFixture();
    const response = await getReferer(fixture);
    expect(response.status).toBe(200);
    expect(response.json()).toEqual(DEFAULTS);
  });

  it('answers 404 NoSuchBucket for a missing bucket', async () => {
    await using fixture = await createServerFixture();
    const response = await getReferer(fixture, 'no-such-bucket');
    expect(response.status).toBe(404);
    expect(response.json().code).toBe('NoSuchBucket');
  });
});

describe('PutBucketReferer', () => {
  it('stores the rules that GetBucketReferer then returns', async () => {
    await using fixture = await createServerFixture();
    const put = await putReferer(fixture, encodeBucketRefererQuery(RULES));
    expect(put.status).toBe(200);
    expect((await getReferer(fixture)).json()).toEqual({
      AllowNull: true,
      Effect: 'DENIED',
      Value: ['www.abc.com', 'www.*.com'],
    });
  });

  it('clears the list when RefererList is []', async () => {
    await using fixture = await createServerFixture();
    await putReferer(fixture, encodeBucketRefererQuery(RULES));
    const cleared = await putReferer(
      fixture,
      'bucketReferer&Effect=ALLOW&RefererList=%5B%5D&IsAllowNull=false',
    );
    expect(cleared.status).toBe(200);
    expect((await getReferer(fixture)).json()).toEqual(DEFAULTS);
  });

  it.each([
    ['no Effect', 'bucketReferer&RefererList=%5B%5D&IsAllowNull=true', 'Effect'],
    ['no RefererList', 'bucketReferer&Effect=ALLOW&IsAllowNull=true', 'RefererList'],
    ['no IsAllowNull', 'bucketReferer&Effect=ALLOW&RefererList=%5B%5D', 'IsAllowNull'],
    ['a bad Effect', 'bucketReferer&Effect=BLOCK&RefererList=%5B%5D&IsAllowNull=true', 'Effect'],
    [
      'a RefererList that is not JSON',
      'bucketReferer&Effect=ALLOW&RefererList=a.com&IsAllowNull=true',
      'RefererList',
    ],
    [
      'a RefererList of numbers',
      'bucketReferer&Effect=ALLOW&RefererList=%5B1%5D&IsAllowNull=true',
      'RefererList',
    ],
    ['a RefererList object', 'bucketReferer&Effect=ALLOW&RefererList=%7B%7D&IsAllowNull=true', 'RefererList'],
    ['an IsAllowNull of 1', 'bucketReferer&Effect=ALLOW&RefererList=%5B%5D&IsAllowNull=1', 'IsAllowNull'],
  ])('answers 400 InvalidArgument and changes nothing for %s', async (_name, query, parameter) => {
    await using fixture = await createServerFixture();
    await putReferer(fixture, encodeBucketRefererQuery(RULES));
    const before = (await getReferer(fixture)).json();
    const response = await putReferer(fixture, query);
    expect(response.status).toBe(400);
    expect(response.json().code).toBe('InvalidArgument');
    expect(response.json().message).toContain(`parameter ${parameter}:`);
    expect((await getReferer(fixture)).json()).toEqual(before);
  });

  it('answers 404 NoSuchBucket for a missing bucket', async () => {
    await using fixture = await createServerFixture();
    const query = encodeBucketRefererQuery(RULES);
    const response = await fixture.call({ method: 'PUT', bucket: 'no-such-bucket', query });
    expect(response.status).toBe(404);
    expect(response.json().code).toBe('NoSuchBucket');
  });

  it('answers 405 MethodNotAllowed for DELETE', async () => {
    await using fixture = await createServerFixture();
    const response = await fixture.call({ method: 'DELETE', bucket: fixture.bucket, query: 'bucketReferer' });
    expect(response.status).toBe(405);
  });
});

describe('bucket referer lifetime', () => {
  it('keeps the rules across a restart on the same data directory', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'jss-referer-'));
    dataDirs.push(dataDir);
    {
      await using server = await startLocalServer({ dataDir });
      await send(server.endpoint, { method: 'PUT', bucket: 'kept' });
      await send(server.endpoint, { method: 'PUT', bucket: 'kept', query: encodeBucketRefererQuery(RULES) });
    }
    await using server = await startLocalServer({ dataDir });
    const response = await send(server.endpoint, { method: 'GET', bucket: 'kept', query: 'bucketReferer' });
    expect(response.json()).toEqual({ AllowNull: true, Effect: 'DENIED', Value: RULES.RefererList });
  });

  it('deletes the rules with the bucket: a bucket made again has the defaults', async () => {
    await using fixture = await createServerFixture();
    await putReferer(fixture, encodeBucketRefererQuery(RULES));
    expect((await fixture.call({ method: 'DELETE', bucket: fixture.bucket })).status).toBe(204);
    expect((await getReferer(fixture)).status).toBe(404);
    await fixture.call({ method: 'PUT', bucket: fixture.bucket });
    expect((await getReferer(fixture)).json()).toEqual(DEFAULTS);
  });
});

describe('bucket referer signatures', () => {
  it('accepts a signature that leaves bucketReferer out of the resource', async () => {
    await using fixture = await createServerFixture();
    expect((await getReferer(fixture)).status).toBe(200);
  });

  it('accepts a signature over /<bucket>?bucketReferer, for GET and PUT', async () => {
    await using fixture = await createServerFixture();
    const query = encodeBucketRefererQuery(RULES);
    const put = await fixture.call({
      method: 'PUT',
      bucket: fixture.bucket,
      query,
      credentials: null,
      headers: signedWithSubResource('PUT', fixture.bucket),
    });
    expect(put.status).toBe(200);
    const get = await fixture.call({
      method: 'GET',
      bucket: fixture.bucket,
      query: 'bucketReferer',
      credentials: null,
      headers: signedWithSubResource('GET', fixture.bucket),
    });
    expect(get.json()).toMatchObject({ Effect: 'DENIED' });
  });

  it('refuses a signature over /<bucket>?bucketReferer made with the wrong secret', async () => {
    await using fixture = await createServerFixture();
    const response = await fixture.call({
      method: 'GET',
      bucket: fixture.bucket,
      query: 'bucketReferer',
      credentials: null,
      headers: signedWithSubResource('GET', fixture.bucket, 'not-the-secret'),
    });
    expect(response.status).toBe(403);
    expect(response.json().code).toBe('SignatureDoesNotMatch');
  });
});
