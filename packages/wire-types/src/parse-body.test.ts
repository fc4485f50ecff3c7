import { describe, expect, it } from 'vitest';
import { parseFailure } from '../test/helpers/parse-failure.ts';
import { encodeCompleteBody, parseIncomingCompleteBody, parseResponseBody } from './parse-body.ts';

describe('parseResponseBody', () => {
  it('reads bytes as well as text and parsed values', () => {
    const text = '{"Bucket":"b","Key":"k","UploadId":"U1"}';
    expect(parseResponseBody('InitiateMultipartUpload', new TextEncoder().encode(text)).UploadId).toBe('U1');
    expect(parseResponseBody('InitiateMultipartUpload', JSON.parse(text)).UploadId).toBe('U1');
  });

  it('keeps unknown fields of a response', () => {
    const body = parseResponseBody('InitiateMultipartUpload', {
      Bucket: 'b',
      Key: 'k',
      UploadId: 'U',
      Extra: 1,
    });
    expect(body).toMatchObject({ Extra: 1 });
  });

  it('matches error-body field names case-insensitively', () => {
    expect(
      parseResponseBody('Error', { Code: 'NoSuchKey', Message: 'm', Resource: '/b/k', RequestId: 'R' }),
    ).toEqual({
      code: 'NoSuchKey',
      message: 'm',
      resource: '/b/k',
      requestId: 'R',
    });
  });

  it('accepts the Etag spelling and quoted values in a Complete response', () => {
    const body = parseResponseBody('CompleteMultipartUpload', { Bucket: 'b', Key: 'k', Etag: '"ABC"' });
    expect(body.ETag).toBe('abc');
  });

  it('reads null or missing lists as empty', () => {
    expect(parseResponseBody('ListParts', { Bucket: 'b', Key: 'k', UploadId: 'U', Part: null }).Part).toEqual(
      [],
    );
    expect(parseResponseBody('ListMultipartUploads', { Bucket: 'b', Prefix: null }).Upload).toEqual([]);
  });

  it('accepts the paging fields servers may add (protocol §13)', () => {
    const body = parseResponseBody('ListMultipartUploads', {
      Bucket: 'b',
      Upload: [],
      HasNext: true,
      NextKeyMarker: 'k',
      NextUploadIdMarker: 'U',
    });
    expect(body).toMatchObject({ HasNext: true, NextKeyMarker: 'k', NextUploadIdMarker: 'U' });
  });

  it('names the operation when the body is not JSON', () => {
    const error = parseFailure(() => parseResponseBody('ListParts', '<Error/>'));
    expect(error).toMatchObject({
      code: 'WIRE_MALFORMED_JSON',
      operation: 'ListParts',
      name: 'WireParseError',
    });
    expect(error.cause).toBeInstanceOf(SyntaxError);
  });

  it('names the operation and the failing paths on a schema mismatch', () => {
    const error = parseFailure(() =>
      parseResponseBody('ListParts', { Bucket: 'b', Key: 'k', UploadId: 'U', Part: [{ PartNumber: 'one' }] }),
    );
    expect(error.code).toBe('WIRE_SCHEMA_MISMATCH');
    expect(error.issues.map((issue) => issue.path)).toEqual(
      expect.arrayContaining(['Part.0.PartNumber', 'Part.0.ETag', 'Part.0.Size']),
    );
    expect(error.message).toContain('ListParts');
    expect(error.message).toContain('Part.0.PartNumber');
  });
});

describe('encodeCompleteBody', () => {
  const etag = '202cb962ac59075b964b07152d234b70';

  it('writes the documented compact JSON for valid parts, gaps allowed', () => {
    expect(
      encodeCompleteBody({
        Part: [
          { PartNumber: 1, ETag: etag },
          { PartNumber: 5, ETag: etag },
        ],
      }),
    ).toBe(`{"Part":[{"PartNumber":1,"ETag":"${etag}"},{"PartNumber":5,"ETag":"${etag}"}]}`);
  });

  it.each([
    ['no parts', { Part: [] }],
    [
      'descending parts',
      {
        Part: [
          { PartNumber: 2, ETag: etag },
          { PartNumber: 1, ETag: etag },
        ],
      },
    ],
    [
      'a repeated part',
      {
        Part: [
          { PartNumber: 1, ETag: etag },
          { PartNumber: 1, ETag: etag },
        ],
      },
    ],
    ['part number 0', { Part: [{ PartNumber: 0, ETag: etag }] }],
    ['part number 10001', { Part: [{ PartNumber: 10001, ETag: etag }] }],
    ['a quoted ETag', { Part: [{ PartNumber: 1, ETag: `"${etag}"` }] }],
    ['a string PartNumber', { Part: [{ PartNumber: '1', ETag: etag }] }],
    ['an unknown field', { Part: [{ PartNumber: 1, ETag: etag, Size: 3 }] }],
  ])('refuses %s', (_name, body) => {
    expect(parseFailure(() => encodeCompleteBody(body as never)).code).toBe('WIRE_SCHEMA_MISMATCH');
  });
});

describe('parseIncomingCompleteBody', () => {
  it('accepts what real clients send: numeric strings, quoted ETags, Etag spelling (protocol §13)', () => {
    const body = parseIncomingCompleteBody(
      '{"Part":[{"PartNumber":"2","Etag":"\\"ABCDEF0123456789ABCDEF0123456789\\""},{"PartNumber":1,"ETag":"x"}]}',
    );
    expect(body.Part).toEqual([
      { PartNumber: 2, ETag: 'abcdef0123456789abcdef0123456789' },
      { PartNumber: 1, ETag: 'x' },
    ]);
  });

  it('accepts a bare array of parts, as the old PHP SDK sends it (protocol §13)', () => {
    const body = parseIncomingCompleteBody('[{"PartNumber":1,"ETag":"x"},{"PartNumber":"2","Etag":"y"}]');
    expect(body.Part).toEqual([
      { PartNumber: 1, ETag: 'x' },
      { PartNumber: 2, ETag: 'y' },
    ]);
  });

  it('reads no field through __proto__, as a body or as a part', () => {
    const part = '{"PartNumber":1,"ETag":"abcdef0123456789abcdef0123456789"}';
    for (const text of [`{"__proto__":{"Part":[${part}]}}`, `{"Part":[{"__proto__":${part}}]}`]) {
      expect(parseFailure(() => parseIncomingCompleteBody(text)).code).toBe('WIRE_SCHEMA_MISMATCH');
    }
  });

  it('leaves the prototype of the result alone when a body has a __proto__ field', () => {
    const body = parseIncomingCompleteBody(
      '{"Part":[{"PartNumber":1,"ETag":"e"}],"__proto__":{"polluted":1}}',
    );
    expect(Object.getPrototypeOf(body)).toBe(Object.prototype);
    expect((body as Record<string, unknown>).polluted).toBeUndefined();
  });

  it.each([
    ['not JSON', '{"Part":', 'WIRE_MALFORMED_JSON'],
    ['an empty array', '[]', 'WIRE_SCHEMA_MISMATCH'],
    ['no Part list', '{}', 'WIRE_SCHEMA_MISMATCH'],
    ['a non-numeric PartNumber', '{"Part":[{"PartNumber":"1a","ETag":"e"}]}', 'WIRE_SCHEMA_MISMATCH'],
    ['PartNumber 10001', '{"Part":[{"PartNumber":"10001","ETag":"e"}]}', 'WIRE_SCHEMA_MISMATCH'],
    ['an empty ETag', '{"Part":[{"PartNumber":1,"ETag":""}]}', 'WIRE_SCHEMA_MISMATCH'],
  ])('refuses %s', (_name, text, code) => {
    expect(parseFailure(() => parseIncomingCompleteBody(text)).code).toBe(code);
  });
});
