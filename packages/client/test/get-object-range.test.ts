import { ServiceError } from '@jsskit/http-transport';
import { describe, expect, it } from 'vitest';
import { type ByteRange, ClientError } from '../src/index.ts';
import { createClientFixture, readAll } from './helpers/client-fixture.ts';

const TEXT = 'hello world'; // 11 bytes

describe('getObject ranges', () => {
  it('reads the first bytes, the middle, an open end, the last bytes and an end past the end', async () => {
    await using fixture = await createClientFixture();
    const { client, bucket } = fixture;
    await client.putObject({ bucket, key: 'k', body: TEXT });
    const cases: [ByteRange, string, { start: number; end: number }][] = [
      [{ start: 0, end: 4 }, 'hello', { start: 0, end: 4 }],
      [{ start: 3, end: 7 }, 'lo wo', { start: 3, end: 7 }],
      [{ start: 6 }, 'world', { start: 6, end: 10 }],
      [{ lastBytes: 3 }, 'rld', { start: 8, end: 10 }],
      [{ lastBytes: 100 }, TEXT, { start: 0, end: 10 }],
      [{ start: 6, end: 100 }, 'world', { start: 6, end: 10 }],
    ];
    for (const [range, text, served] of cases) {
      const result = await client.getObject({ bucket, key: 'k', range });
      expect({ text: await readAll(result.body), range: result.range, size: result.size }).toEqual({
        text,
        range: served,
        size: 11,
      });
      expect(result.contentLength).toBe(text.length);
    }
  });

  it('says 416 InvalidRange for a range that starts past the end', async () => {
    await using fixture = await createClientFixture();
    const { client, bucket } = fixture;
    await client.putObject({ bucket, key: 'k', body: TEXT });
    const error = await client
      .getObject({ bucket, key: 'k', range: { start: 11 } })
      .catch((caught) => caught);
    expect(ServiceError.isInstance(error) && [error.status, error.serviceCode]).toEqual([
      416,
      'InvalidRange',
    ]);
    expect(String(error.message)).toMatch(/^GetObject: /);
  });

  it('refuses an empty or ambiguous last-bytes range before sending', async () => {
    await using fixture = await createClientFixture();
    const { client, bucket } = fixture;
    const ranges = [{ lastBytes: 0 }, { lastBytes: -1 }, { start: 0, lastBytes: 3 } as ByteRange];
    for (const range of ranges) {
      const error = await client.getObject({ bucket, key: 'missing', range }).catch((caught) => caught);
      expect(ClientError.isInstance(error) && error.code, JSON.stringify(range)).toBe(
        'CLIENT_INVALID_OPTIONS',
      );
    }
  });
});
