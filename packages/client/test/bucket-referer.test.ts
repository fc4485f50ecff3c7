import { describe, expect, it } from 'vitest';
import { ClientError, isAccessDenied, isNotFound } from '../src/index.ts';
import { createClientFixture, readAll } from './helpers/client-fixture.ts';

describe('bucket referer rules', () => {
  it('reads the defaults of a bucket nobody configured: an empty ALLOW list', async () => {
    await using fixture = await createClientFixture();
    const rules = await fixture.client.getBucketReferer({ bucket: fixture.bucket });
    expect(rules).toEqual({ effect: 'ALLOW', referers: [], allowEmpty: false });
  });

  it('puts rules and reads them back, DENY included', async () => {
    await using fixture = await createClientFixture();
    const { client, bucket } = fixture;
    await client.putBucketReferer({ bucket, effect: 'DENY', referers: ['www.*.evil.com'], allowEmpty: true });
    expect(await client.getBucketReferer({ bucket })).toEqual({
      effect: 'DENY',
      referers: ['www.*.evil.com'],
      allowEmpty: true,
    });
  });

  it('is refused a GET the rules deny, and served again once the list is cleared', async () => {
    await using fixture = await createClientFixture();
    const { client, bucket } = fixture;
    await client.putObject({ bucket, key: 'photo.jpg', body: 'pixels' });
    await client.putBucketReferer({ bucket, effect: 'ALLOW', referers: ['www.abc.com'], allowEmpty: false });
    const error = await client.getObject({ bucket, key: 'photo.jpg' }).catch((caught) => caught);
    expect(isAccessDenied(error)).toBe(true);
    expect(String(error.message)).toMatch(/^GetObject: /);
    await client.putBucketReferer({ bucket, effect: 'ALLOW', referers: [], allowEmpty: false });
    const { body } = await client.getObject({ bucket, key: 'photo.jpg' });
    expect(await readAll(body)).toBe('pixels');
  });

  it('says NotFound for the rules of a missing bucket', async () => {
    await using fixture = await createClientFixture();
    const error = await fixture.client
      .getBucketReferer({ bucket: 'no-such-bucket' })
      .catch((caught) => caught);
    expect(isNotFound(error)).toBe(true);
  });

  it.each([
    ['an unknown effect', { effect: 'BLOCK', referers: [], allowEmpty: false }],
    ['an empty referer', { effect: 'ALLOW', referers: [''], allowEmpty: false }],
    ['a referer list that is a string', { effect: 'ALLOW', referers: 'a.com', allowEmpty: false }],
    ['allowEmpty as a string', { effect: 'ALLOW', referers: [], allowEmpty: 'yes' }],
  ])('refuses %s before sending, leaving the rules as they were', async (_name, rules) => {
    await using fixture = await createClientFixture();
    const { client, bucket } = fixture;
    await client.putBucketReferer({ bucket, effect: 'ALLOW', referers: ['www.abc.com'], allowEmpty: true });
    const error = await client
      // @ts-expect-error: bad input on purpose
      .putBucketReferer({ bucket, ...rules })
      .catch((caught) => caught);
    expect(ClientError.isInstance(error) && error.code).toBe('CLIENT_INVALID_OPTIONS');
    expect(String(error.message)).toMatch(/^PutBucketReferer: /);
    expect(await client.getBucketReferer({ bucket })).toEqual({
      effect: 'ALLOW',
      referers: ['www.abc.com'],
      allowEmpty: true,
    });
  });
});
