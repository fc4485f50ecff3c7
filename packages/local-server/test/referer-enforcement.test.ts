import { presignUrlSync } from '@jsskit/signer';
import { encodeBucketRefererQuery, type PutBucketRefererQuery } from '@jsskit/wire-types';
import { describe, expect, it } from 'vitest';
import { TEST_CREDENTIALS } from './helpers/jss-client.ts';
import { createServerFixture, type ServerFixture } from './helpers/server-fixture.ts';

const KEY = 'photo.jpg';

async function withRules(rules: PutBucketRefererQuery): Promise<ServerFixture & AsyncDisposable> {
  const fixture = await createServerFixture();
  await fixture.call({ method: 'PUT', bucket: fixture.bucket, key: KEY, body: 'pixels' });
  const put = await fixture.call({
    method: 'PUT',
    bucket: fixture.bucket,
    query: encodeBucketRefererQuery(rules),
  });
  if (put.status !== 200) {
    await fixture.server.close();
    throw new Error(`PutBucketReferer failed: ${put.status}`);
  }
  return fixture;
}

async function statusOf(fixture: ServerFixture, referer: string | undefined, method = 'GET') {
  const headers: Record<string, string> = referer === undefined ? {} : { Referer: referer };
  const response = await fixture.call({ method, bucket: fixture.bucket, key: KEY, headers });
  if (response.status === 403 && method === 'GET') expect(response.json().code).toBe('AccessDenied');
  return response.status;
}

describe('GetObject under bucket referer rules', () => {
  it('serves any Referer, and none, when no rules were put', async () => {
    await using fixture = await createServerFixture();
    await fixture.call({ method: 'PUT', bucket: fixture.bucket, key: KEY, body: 'pixels' });
    expect(await statusOf(fixture, undefined)).toBe(200);
    expect(await statusOf(fixture, 'http://anyone.example/')).toBe(200);
  });

  it('lets only listed referers in under ALLOW', async () => {
    await using fixture = await withRules({
      Effect: 'ALLOW',
      RefererList: ['www.abc.com'],
      IsAllowNull: false,
    });
    expect(await statusOf(fixture, 'http://www.abc.com/page.html')).toBe(200);
    expect(await statusOf(fixture, 'http://www.evil.com/page.html')).toBe(403);
  });

  it('keeps listed referers out under DENIED', async () => {
    await using fixture = await withRules({
      Effect: 'DENIED',
      RefererList: ['www.evil.com'],
      IsAllowNull: true,
    });
    expect(await statusOf(fixture, 'http://www.evil.com/')).toBe(403);
    expect(await statusOf(fixture, 'http://www.abc.com/')).toBe(200);
  });

  it('lets a request without Referer in exactly when AllowNull is true', async () => {
    const rules = { Effect: 'ALLOW' as const, RefererList: ['www.abc.com'] };
    await using open = await withRules({ ...rules, IsAllowNull: true });
    expect(await statusOf(open, undefined)).toBe(200);
    await using closed = await withRules({ ...rules, IsAllowNull: false });
    expect(await statusOf(closed, undefined)).toBe(403);
  });

  it('matches a wildcard pattern against the Referer host', async () => {
    await using fixture = await withRules({
      Effect: 'ALLOW',
      RefererList: ['www.*.com'],
      IsAllowNull: false,
    });
    expect(await statusOf(fixture, 'https://www.shop.com/a/b?c=d')).toBe(200);
    expect(await statusOf(fixture, 'https://www.shop.net/')).toBe(403);
  });

  it('serves everything again once the list is cleared', async () => {
    await using fixture = await withRules({
      Effect: 'ALLOW',
      RefererList: ['www.abc.com'],
      IsAllowNull: false,
    });
    const clear = encodeBucketRefererQuery({ Effect: 'ALLOW', RefererList: [], IsAllowNull: false });
    await fixture.call({ method: 'PUT', bucket: fixture.bucket, query: clear });
    expect(await statusOf(fixture, undefined)).toBe(200);
  });

  it('answers 403 before telling whether the key exists', async () => {
    await using fixture = await withRules({
      Effect: 'ALLOW',
      RefererList: ['www.abc.com'],
      IsAllowNull: false,
    });
    const headers = { Referer: 'http://www.evil.com/' };
    const response = await fixture.call({ method: 'GET', bucket: fixture.bucket, key: 'missing', headers });
    expect(response.status).toBe(403);
  });
});

describe('HeadObject under bucket referer rules', () => {
  it('applies the same rules as GetObject', async () => {
    await using fixture = await withRules({
      Effect: 'DENIED',
      RefererList: ['www.evil.com'],
      IsAllowNull: true,
    });
    expect(await statusOf(fixture, 'http://www.evil.com/', 'HEAD')).toBe(403);
    expect(await statusOf(fixture, 'http://www.abc.com/', 'HEAD')).toBe(200);
  });
});

describe('presigned GetObject under bucket referer rules', () => {
  it('applies the rules to a presigned URL as to a signed request', async () => {
    await using fixture = await withRules({
      Effect: 'ALLOW',
      RefererList: ['www.abc.com'],
      IsAllowNull: false,
    });
    const url = presignUrlSync(
      {
        method: 'GET',
        url: `${fixture.server.endpoint}/${fixture.bucket}/${KEY}`,
        bucket: fixture.bucket,
        key: KEY,
      },
      { credentials: TEST_CREDENTIALS, expiresIn: 60 },
    );
    const query = new URL(url).search.slice(1);
    const presigned = (referer: string) =>
      fixture.call({
        method: 'GET',
        bucket: fixture.bucket,
        key: KEY,
        query,
        credentials: null,
        headers: { Referer: referer },
      });
    const allowed = await presigned('https://www.abc.com/gallery');
    expect(allowed.status).toBe(200);
    expect(allowed.body.toString()).toBe('pixels');
    expect((await presigned('https://hotlinker.example/')).status).toBe(403);
  });
});
