import { describe, expect, it } from 'vitest';
import { canonicalizeResource, parseSubResources } from './canonical-resource.ts';

describe('canonicalizeResource', () => {
  it.each([
    [{}, '/'],
    [{ bucket: 'b' }, '/b'],
    [{ bucket: 'b', key: '' }, '/b'],
    [{ bucket: 'b', key: 'dir/a b+c.txt' }, '/b/dir/a b+c.txt'],
    [{ bucket: 'b', key: '中文' }, '/b/中文'],
  ])('writes the path of %j as %s', (input, expected) => {
    expect(canonicalizeResource(input)).toBe(expected);
  });

  it('signs bare uploads, also when sent as uploads=', () => {
    expect(canonicalizeResource({ bucket: 'b', key: 'k', query: '?uploads' })).toBe('/b/k?uploads');
    expect(canonicalizeResource({ bucket: 'b', key: 'k', query: 'uploads=' })).toBe('/b/k?uploads');
  });

  it('keeps request order by default and sorts on request', () => {
    const query = 'uploadId=U&partNumber=3';
    expect(canonicalizeResource({ bucket: 'b', key: 'k', query })).toBe('/b/k?uploadId=U&partNumber=3');
    expect(canonicalizeResource({ bucket: 'b', key: 'k', query }, 'sorted')).toBe(
      '/b/k?partNumber=3&uploadId=U',
    );
  });

  it('leaves out unsigned parameters: list parameters, presign parameters, unknown ones', () => {
    const query =
      'prefix=a&marker=&delimiter=%2F&maxKeys=5&max-parts=1000&Expires=1&AccessKey=A&Signature=S&uploads';
    expect(canonicalizeResource({ bucket: 'b', query })).toBe('/b?uploads');
  });

  it('signs response-override parameters with their decoded values', () => {
    expect(
      canonicalizeResource({
        bucket: 'b',
        key: 'k',
        query: 'contentDisposition=attachment%3B%20filename%3Da.txt',
      }),
    ).toBe('/b/k?contentDisposition=attachment; filename=a.txt');
  });
});

describe('parseSubResources', () => {
  it('keeps a malformed percent-escape as it was sent', () => {
    expect(parseSubResources('uploadId=%E0%A4%A')).toEqual([['uploadId', '%E0%A4%A']]);
  });

  it('reads nothing from an empty query', () => {
    expect(parseSubResources('')).toEqual([]);
    expect(parseSubResources('?')).toEqual([]);
    expect(parseSubResources(undefined)).toEqual([]);
  });
});
