import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  CompleteMultipartUploadRequestSchema,
  computeMultipartETag,
  encodeCompleteBody,
  isEncryptionEnabled,
  parseResponseBody,
} from '../src/index.ts';

function fixture(name: string): string {
  return readFileSync(new URL(`./fixtures/${name}.json`, import.meta.url), 'utf8');
}

describe('documented example bodies (protocol §5-9)', () => {
  it('parses the error body example', () => {
    expect(parseResponseBody('Error', fixture('error-body'))).toEqual({
      code: 'AccessDenied',
      message: 'Access Denied',
      resource: '/mybucket/public/index.html',
      requestId: '71515159-E06D-406F-81C4-E03FA635B831',
    });
  });

  it('parses the GetBucketReferer examples, configured and defaults (§7.5)', () => {
    expect(parseResponseBody('GetBucketReferer', fixture('get-bucket-referer'))).toEqual({
      AllowNull: false,
      Effect: 'ALLOW',
      Value: ['www.abc.com', 'www.*.com'],
    });
    expect(parseResponseBody('GetBucketReferer', fixture('get-bucket-referer-defaults')).Value).toEqual([]);
  });

  it('parses the ListBuckets example with its lower-case maxAge and crrStatus', () => {
    const body = parseResponseBody('ListBuckets', fixture('list-buckets'));
    expect(body.Buckets).toEqual([
      {
        maxAge: 0,
        crrStatus: 0,
        Name: 'oss-test-cn-north-1',
        CreationDate: 'Mon, 10 Jul 2017 08:49:15 GMT',
        Location: '',
      },
    ]);
  });

  it('parses the GetBucket example with nulls and a delimiter', () => {
    const body = parseResponseBody('GetBucket', fixture('get-bucket'));
    expect(body).toMatchObject({
      Name: 'oss-example',
      Marker: null,
      HasNext: false,
      CommonPrefixes: ['jingdong/dir'],
    });
    expect(body.Contents[0]).toMatchObject({
      Key: 'jingdong/test.jpg',
      Size: 2884006,
      ETag: '77abd5a162ef88440102129fffbb404c',
    });
  });

  it('parses the Initiate example, whose documented Content-Length is 71', () => {
    const text = fixture('initiate-multipart-upload');
    expect(Buffer.byteLength(text)).toBe(71);
    expect(parseResponseBody('InitiateMultipartUpload', text).UploadId).toBe('9E417328F6B89F0B');
  });

  it('reproduces the documented Complete ETag 4e456c2f... from the documented part list', () => {
    const request = CompleteMultipartUploadRequestSchema.parse(
      JSON.parse(fixture('complete-multipart-upload-request')),
    );
    const response = parseResponseBody(
      'CompleteMultipartUpload',
      fixture('complete-multipart-upload-response'),
    );
    expect(computeMultipartETag(request.Part.map((part) => part.ETag))).toBe(
      '4e456c2fc34928a3e2fa202acf71870a',
    );
    expect(response.ETag).toBe('4e456c2fc34928a3e2fa202acf71870a');
    expect(encodeCompleteBody(request)).toBe(fixture('complete-multipart-upload-request'));
  });

  it('parses the ListParts example, whose documented Content-Length is 466', () => {
    const text = fixture('list-parts');
    expect(Buffer.byteLength(text)).toBe(466);
    const body = parseResponseBody('ListParts', text);
    expect(body.Part.map((part) => [part.PartNumber, part.Size])).toEqual([
      [1, 204800],
      [2, 409600],
      [3, 614400],
    ]);
  });

  it('parses the ListMultipartUploads example and reads its string Enable-Encryption', () => {
    const body = parseResponseBody('ListMultipartUploads', fixture('list-multipart-uploads'));
    expect(body.Prefix).toBeNull();
    expect(body.Upload[0]).toMatchObject({ Key: 'oss-test-mul1', UploadId: '97D11DAE98672320' });
    expect(body.Upload.map(isEncryptionEnabled)).toEqual([false]);
  });
});
