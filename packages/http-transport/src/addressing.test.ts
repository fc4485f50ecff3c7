import { describe, expect, it } from 'vitest';
import { chooseStyle, formatQuery, parseEndpoint, resolveAddress } from './addressing.ts';
import { InvalidRequestError } from './errors.ts';

describe('parseEndpoint', () => {
  it('accepts an http or https origin', () => {
    expect(parseEndpoint('https://oss.cn-north-1.jcloudcs.com').host).toBe('oss.cn-north-1.jcloudcs.com');
    expect(parseEndpoint('http://127.0.0.1:9000/').port).toBe('9000');
  });

  it.each([
    'oss.cn-north-1.jcloudcs.com',
    'ftp://host',
    'http://host/path',
    'http://host/?x=1',
    'http://user:pass@host',
  ])('refuses %s with a typed error', (endpoint) => {
    expect(() => parseEndpoint(endpoint)).toThrow(InvalidRequestError);
  });
});

describe('chooseStyle', () => {
  const dns = parseEndpoint('https://oss.cn-north-1.jcloudcs.com');
  it('uses virtual-host for a DNS endpoint and a DNS-label bucket', () => {
    expect(chooseStyle(dns, 'photos', 'auto')).toBe('virtual-host');
  });
  it.each(['http://127.0.0.1:9000', 'http://localhost:9000', 'http://[::1]:9000', 'http://jss.localhost'])(
    'uses path style for %s',
    (endpoint) => {
      expect(chooseStyle(parseEndpoint(endpoint), 'photos', 'auto')).toBe('path');
    },
  );
  it.each(['my.bucket', 'Upper', 'under_score', 'ab'])('uses path style for bucket %s', (bucket) => {
    expect(chooseStyle(dns, bucket, 'auto')).toBe('path');
  });
  it('obeys a forced style', () => {
    expect(chooseStyle(dns, 'photos', 'path')).toBe('path');
    expect(chooseStyle(parseEndpoint('http://127.0.0.1:1'), 'photos', 'virtual-host')).toBe('virtual-host');
  });
});

describe('resolveAddress', () => {
  const dns = parseEndpoint('https://oss.cn-north-1.jcloudcs.com');
  const local = parseEndpoint('http://127.0.0.1:9000');

  it('puts the bucket in the Host and encodes the key per segment', () => {
    const address = resolveAddress(dns, { bucket: 'photos', key: 'a b/c+d%/ü.jpg' }, 'auto');
    expect(address.url).toBe('https://photos.oss.cn-north-1.jcloudcs.com/a%20b/c%2Bd%25/%C3%BC.jpg');
  });

  it('refuses a key with "." or ".." segments, which a URL would resolve into another path', () => {
    for (const key of ['../../etc/passwd', 'a/./b', 'a/..', '.'])
      expect(() => resolveAddress(local, { bucket: 'photos', key }, 'auto'), key).toThrow(
        expect.objectContaining({ code: 'TRANSPORT_INVALID_REQUEST' }),
      );
    // Dots inside a segment are ordinary characters.
    expect(resolveAddress(local, { bucket: 'photos', key: '.hidden/..x/a..b/...' }, 'auto').url).toBe(
      'http://127.0.0.1:9000/photos/.hidden/..x/a..b/...',
    );
  });

  it('puts the bucket in the path for a local endpoint', () => {
    expect(resolveAddress(local, { bucket: 'photos', key: 'x/y' }, 'auto').url).toBe(
      'http://127.0.0.1:9000/photos/x/y',
    );
    expect(resolveAddress(local, { bucket: 'photos' }, 'auto').url).toBe('http://127.0.0.1:9000/photos');
    expect(resolveAddress(local, {}, 'auto').url).toBe('http://127.0.0.1:9000/');
  });

  it('sends the query in the given order, bare names without =', () => {
    const address = resolveAddress(
      local,
      {
        bucket: 'b',
        key: 'k',
        query: [
          ['uploadId', 'ID 1'],
          ['partNumber', 3],
        ],
      },
      'auto',
    );
    expect(address.query).toBe('uploadId=ID%201&partNumber=3');
    expect(resolveAddress(local, { bucket: 'b', key: 'k', query: { uploads: undefined } }, 'auto').url).toBe(
      'http://127.0.0.1:9000/b/k?uploads',
    );
  });

  it('refuses a key without a bucket and a bucket with a slash', () => {
    expect(() => resolveAddress(local, { key: 'k' }, 'auto')).toThrow(InvalidRequestError);
    expect(() => resolveAddress(local, { bucket: 'a/b' }, 'auto')).toThrow(InvalidRequestError);
  });

  it('formats nothing for no parameters', () => {
    expect(formatQuery(undefined)).toBe('');
  });
});
