// Requests with values no client should send: each gets a 4xx with a JSS code, never a 500.
import { describe, expect, it } from 'vitest';
import { rawExchange, signedHead } from './helpers/raw-http.ts';
import { createServerFixture } from './helpers/server-fixture.ts';

describe('getObject response overrides', () => {
  it.each([
    ['a line break in contentType', 'contentType=text%2Fplain%0D%0AX-Injected%3A%201'],
    ['a control character in contentDisposition', 'contentDisposition=attachment%00'],
    [
      'a character beyond Latin-1 in contentDisposition',
      'contentDisposition=attachment%3B%20filename%3D%E4%B8%AD',
    ],
  ])('answers 400 InvalidArgument for %s', async (_name, query) => {
    await using fixture = await createServerFixture();
    await fixture.call({ method: 'PUT', bucket: fixture.bucket, key: 'k', body: 'data' });

    const response = await fixture.call({ method: 'GET', bucket: fixture.bucket, key: 'k', query });

    expect(response.status).toBe(400);
    expect(response.json()).toMatchObject({ code: 'InvalidArgument', resource: `/${fixture.bucket}/k` });
    expect(response.headers['x-injected']).toBeUndefined();
  });
});

describe('putObject Content-Length', () => {
  it('answers EntityTooLarge, not MissingContentLength, to a 17-digit length', async () => {
    await using fixture = await createServerFixture();
    const head = signedHead({
      method: 'PUT',
      bucket: fixture.bucket,
      key: 'k',
      headers: { 'Content-Length': '10000000000000000' },
    });

    const response = await rawExchange(fixture.server.endpoint, [head]);

    expect(response?.status).toBe(400);
    expect(JSON.parse(response?.body ?? '{}').code).toBe('EntityTooLarge');
  });
});
