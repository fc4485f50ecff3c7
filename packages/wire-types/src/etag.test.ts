import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  computeMultipartETag,
  computePartETag,
  contentMd5ToHex,
  isMd5ETag,
  normalizeETag,
  quoteETag,
} from './etag.ts';

const encoder = new TextEncoder();

describe('computePartETag', () => {
  it('is the hex MD5 of the part, as in the UploadPart example ("123")', () => {
    expect(computePartETag(encoder.encode('123'))).toBe('202cb962ac59075b964b07152d234b70');
  });

  it('uses an injected MD5 when one is given', () => {
    expect(computePartETag(encoder.encode('x'), () => 'injected')).toBe('injected');
  });
});

describe('computeMultipartETag', () => {
  it('hashes the ASCII concatenation of hex part ETags (derived "123"+"456" example)', () => {
    expect(
      computeMultipartETag(['202cb962ac59075b964b07152d234b70', '250cf8b51c773f3f8dc8b4be867a9a02']),
    ).toBe('79e3c0c96e5d7ccac5763c4f49bfb98d');
  });

  it('normalizes quoted and upper-case part ETags first', () => {
    expect(
      computeMultipartETag(['"202CB962AC59075B964B07152D234B70"', '250cf8b51c773f3f8dc8b4be867a9a02']),
    ).toBe('79e3c0c96e5d7ccac5763c4f49bfb98d');
  });

  it('differs from the S3-style binary concatenation', () => {
    const parts = [
      '9223eed2740a549634ac58688d33b614',
      'aa286070fe65d16d39fb8997143ea564',
      '3b586f704fcd6b714fde125aeffc3e74',
    ];
    const binary = createHash('md5')
      .update(Buffer.concat(parts.map((part) => Buffer.from(part, 'hex'))))
      .digest('hex');
    expect(binary.startsWith('7cfe362d')).toBe(true);
    expect(computeMultipartETag(parts)).not.toBe(binary);
  });
});

describe('normalizeETag', () => {
  it.each([
    ['"ABCDEF0123456789abcdef0123456789"', 'abcdef0123456789abcdef0123456789'],
    ['W/"abc"', 'abc'],
    ['  abc  ', 'abc'],
    ['"', '"'],
  ])('turns %s into %s', (input, expected) => {
    expect(normalizeETag(input)).toBe(expected);
  });

  it('quotes for headers', () => {
    expect(quoteETag('ABC')).toBe('"abc"');
  });

  it('recognizes MD5 ETags only', () => {
    expect(isMd5ETag('"202cb962ac59075b964b07152d234b70"')).toBe(true);
    expect(isMd5ETag('202cb962ac59075b964b07152d234b7')).toBe(false);
    expect(isMd5ETag('202cb962ac59075b964b07152d234b70-3')).toBe(false);
  });
});

describe('contentMd5ToHex', () => {
  it('accepts the hex form every example uses', () => {
    expect(contentMd5ToHex('0C791A8C18017C7AD1675936D12BAE5D')).toBe('0c791a8c18017c7ad1675936d12bae5d');
  });

  it('accepts the Base64 form the text describes', () => {
    expect(contentMd5ToHex(Buffer.from('0c791a8c18017c7ad1675936d12bae5d', 'hex').toString('base64'))).toBe(
      '0c791a8c18017c7ad1675936d12bae5d',
    );
  });

  it.each(['', 'xyz', '0c791a8c', 'DHkajBgBfHrRZ1k20SuuXQ', '!!!!!!!!!!!!!!!!!!!!!!=='])(
    'rejects %j',
    (value) => {
      expect(contentMd5ToHex(value)).toBeUndefined();
    },
  );
});
