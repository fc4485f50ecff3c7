import { describe, expect, it } from 'vitest';
import { SignerError } from './errors.ts';
import { presignUrlSync } from './presign-url.ts';
import { verifyRequestSync } from './verify-request.ts';

const credentials = { accessKeyId: 'AK', secretAccessKey: 'SK' };
const now = new Date('2026-11-25T00:00:00Z');

describe('presignUrlSync', () => {
  it('defaults to one hour and signs the sub-resources of an UploadPart URL', () => {
    const url = new URL(
      presignUrlSync(
        {
          method: 'PUT',
          url: 'http://127.0.0.1:9000/b/a%20b?uploadId=U&partNumber=2',
          bucket: 'b',
          key: 'a b',
        },
        { credentials, now },
      ),
    );
    expect(url.searchParams.get('Expires')).toBe(String(now.getTime() / 1000 + 3600));
    expect(url.searchParams.get('uploadId')).toBe('U');
    const verified = verifyRequestSync(
      { method: 'PUT', bucket: 'b', key: 'a b', rawKey: 'a%20b', query: url.search, headers: {} },
      { lookupSecret: () => 'SK', now },
    );
    expect(verified).toEqual({ ok: true, accessKeyId: 'AK', via: 'presigned-url' });
  });

  it('replaces presign parameters already on the URL instead of doubling them', () => {
    const first = presignUrlSync(
      { method: 'GET', url: 'http://h/b/k', bucket: 'b', key: 'k' },
      { credentials, now },
    );
    const second = presignUrlSync(
      { method: 'GET', url: first, bucket: 'b', key: 'k' },
      { credentials, now, expiresIn: 60 },
    );
    expect(new URL(second).searchParams.getAll('Signature')).toHaveLength(1);
    expect(new URL(second).searchParams.get('Expires')).toBe(String(now.getTime() / 1000 + 60));
  });

  it('signs the headers the eventual request will carry', () => {
    const url = presignUrlSync(
      {
        method: 'PUT',
        url: 'http://h/b/k',
        bucket: 'b',
        key: 'k',
        headers: { 'Content-Type': 'text/plain' },
      },
      { credentials, now },
    );
    const query = new URL(url).search;
    const lookupSecret = () => 'SK';
    const base = { method: 'PUT', bucket: 'b', key: 'k', query };
    expect(
      verifyRequestSync({ ...base, headers: { 'content-type': 'text/plain' } }, { lookupSecret, now }).ok,
    ).toBe(true);
    expect(
      verifyRequestSync({ ...base, headers: { 'content-type': 'text/html' } }, { lookupSecret, now }),
    ).toMatchObject({
      code: 'SignatureDoesNotMatch',
    });
  });

  it.each([
    [{ expiresIn: 0 }],
    [{ expiresIn: -5 }],
    [{ expiresIn: Number.NaN }],
    [{ expiresAt: new Date(now.getTime() - 1000) }],
  ])('refuses expiry %j with SIGNER_INVALID_EXPIRY', (expiry) => {
    try {
      presignUrlSync(
        { method: 'GET', url: 'http://h/b/k', bucket: 'b', key: 'k' },
        { credentials, now, ...expiry },
      );
      expect.unreachable();
    } catch (error) {
      expect(SignerError.isInstance(error) && error.code).toBe('SIGNER_INVALID_EXPIRY');
    }
  });
});
