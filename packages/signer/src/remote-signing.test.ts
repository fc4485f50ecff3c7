import { describe, expect, it } from 'vitest';
import { SignerError } from './errors.ts';
import { formatHttpDate } from './format-http-date.ts';
import { presignUrlSync } from './presign-url.ts';
import { type RemoteSigningView, signRemoteRequest, signRemoteRequestSync } from './remote-signing.ts';
import { signRequestSync } from './sign-request.ts';
import { verifyRequestSync } from './verify-request.ts';

const credentials = { accessKeyId: 'AK', secretAccessKey: 'SK' };
const now = new Date('2026-11-25T00:00:00Z');
const allowAll = () => true;
const part = {
  method: 'PUT',
  bucket: 'photos',
  key: 'u1/holiday video.mp4',
  query: 'uploadId=9B2B&partNumber=3',
  headers: { 'content-md5': '0c791a8c18017c7ad1675936d12bae5d', 'x-jss-meta-owner': 'u1' },
};

function refusal(input: unknown, allow: (view: RemoteSigningView) => boolean = allowAll): string {
  try {
    signRemoteRequestSync(input, { credentials, allow, now });
  } catch (error) {
    if (SignerError.isInstance(error)) return error.code;
    throw error;
  }
  return 'signed';
}

describe('signRemoteRequestSync', () => {
  it('signs a Date-headed attempt on its own clock, exactly as the client holding the secret would', () => {
    const date = formatHttpDate(now);
    const remote = signRemoteRequestSync(
      { ...part, scheme: 'header' },
      { credentials, allow: allowAll, now },
    );
    const local = signRequestSync(part, { credentials, date: now });
    expect(remote.date).toBe(date);
    expect(`jingdong ${remote.accessKeyId}:${remote.signature}`).toBe(local.Authorization);
    const verified = verifyRequestSync(
      {
        ...part,
        rawKey: 'u1/holiday%20video.mp4',
        headers: { ...part.headers, date, authorization: local.Authorization },
      },
      { lookupSecret: () => 'SK', now },
    );
    expect(verified).toMatchObject({ ok: true, accessKeyId: 'AK' });
  });

  it('signs a URL attempt for the life asked, exactly as a presigned URL is signed', async () => {
    const expires = now.getTime() / 1000 + 600;
    const remote = await signRemoteRequest(
      { ...part, scheme: 'query', expiresIn: 600 },
      { credentials, allow: allowAll, now },
    );
    const url = new URL(
      presignUrlSync(
        { ...part, url: `http://127.0.0.1:9000/photos/u1/holiday%20video.mp4?${part.query}` },
        { credentials, now, expiresAt: new Date(expires * 1000) },
      ),
    );
    expect(remote).toEqual({ accessKeyId: 'AK', signature: url.searchParams.get('Signature'), expires });
  });

  it('shows the policy the request as it will be signed, and refuses what the policy refuses', () => {
    const seen: RemoteSigningView[] = [];
    const ownKeys = (view: RemoteSigningView) => {
      seen.push(view);
      return view.bucket === 'photos' && view.key?.startsWith('u1/') === true;
    };
    expect(refusal({ ...part, method: 'put', scheme: 'header' }, ownKeys)).toBe('signed');
    expect(seen[0]).toEqual({
      method: 'PUT',
      bucket: 'photos',
      key: 'u1/holiday video.mp4',
      subResources: [
        ['uploadId', '9B2B'],
        ['partNumber', '3'],
      ],
      headers: part.headers,
    });
    expect(refusal({ ...part, key: 'u2/not-mine', scheme: 'header' }, ownKeys)).toBe('SIGNER_REFUSED');
  });

  it('refuses keys and buckets that could stand for another request, and malformed input', () => {
    const scheme = 'header';
    // `u1/x?acl` would sign `PUT /photos/u1/x?acl` (PutObjectAcl) under a policy that allows `u1/` keys.
    expect(refusal({ ...part, key: 'u1/x?acl', query: '', scheme })).toBe('SIGNER_INVALID_REQUEST');
    expect(refusal({ ...part, key: 'u1/x\nx-jss-acl:public', scheme })).toBe('SIGNER_INVALID_REQUEST');
    // An empty key signs `/photos`: a DELETE of it is DeleteBucket, whatever a policy on keys thinks.
    expect(refusal({ ...part, key: '', query: '', scheme })).toBe('SIGNER_INVALID_REQUEST');
    expect(refusal({ ...part, bucket: undefined, scheme })).toBe('SIGNER_INVALID_REQUEST');
    // `photos/u2` + `x` would sign the resource `/photos/u2/x`.
    expect(refusal({ ...part, bucket: 'photos/u2', key: 'x', scheme })).toBe('SIGNER_INVALID_REQUEST');
    expect(refusal({ ...part, headers: { authorization: 'x' }, scheme })).toBe('SIGNER_INVALID_REQUEST');
    expect(refusal({ ...part, headers: { 'x-jss-a': 'b\r\nc' }, scheme })).toBe('SIGNER_INVALID_REQUEST');
    expect(refusal({ ...part, method: 'PUT /x', scheme })).toBe('SIGNER_INVALID_REQUEST');
    expect(refusal({ ...part, scheme, expiresIn: 60 })).toBe('SIGNER_INVALID_REQUEST');
    expect(refusal({ ...part, scheme: 'query', expiresIn: -5 })).toBe('SIGNER_INVALID_REQUEST');
    expect(refusal({ ...part, scheme: 'url' })).toBe('SIGNER_INVALID_REQUEST');
    expect(refusal({ ...part })).toBe('SIGNER_INVALID_REQUEST');
    expect(refusal('PUT')).toBe('SIGNER_INVALID_REQUEST');
    expect(refusal(null)).toBe('SIGNER_INVALID_REQUEST');
  });

  it('gives a URL the life asked, the default when none is asked, and no more than its maximum', () => {
    const seconds = now.getTime() / 1000;
    const sign = (request: object, options: object = {}) =>
      signRemoteRequestSync({ ...part, ...request }, { credentials, allow: allowAll, now, ...options });
    expect(sign({ scheme: 'query', expiresIn: 120 }).expires).toBe(seconds + 120);
    expect(sign({ scheme: 'query' }).expires).toBe(seconds + 900);
    expect(sign({ scheme: 'query', expiresIn: 86_400 }).expires).toBe(seconds + 3600);
    expect(sign({ scheme: 'query', expiresIn: 86_400 }, { maxExpiresIn: 60 }).expires).toBe(seconds + 60);
    expect(sign({ scheme: 'query' }, { defaultExpiresIn: 300 }).expires).toBe(seconds + 300);
  });

  it('keeps a deny-list on private/ from being bypassed with %70rivate/: the signature opens only that literal key', () => {
    const denyPrivate = (view: RemoteSigningView) => view.key?.startsWith('private/') !== true;
    const request = { method: 'GET', bucket: 'photos', key: '%70rivate/x', scheme: 'header' as const };
    const remote = signRemoteRequestSync(request, { credentials, allow: denyPrivate, now });
    const headers = { date: remote.date ?? '', authorization: `jingdong AK:${remote.signature}` };
    const verify = (key: string, rawKey: string) =>
      verifyRequestSync(
        { method: 'GET', bucket: 'photos', key, rawKey, headers },
        { lookupSecret: () => 'SK', now },
      );
    // The wire path /photos/%70rivate/x is the key private/x.
    expect(verify('private/x', '%70rivate/x')).toMatchObject({ ok: false, code: 'SignatureDoesNotMatch' });
    expect(verify('%70rivate/x', '%2570rivate/x')).toMatchObject({ ok: true });
  });

  it('refuses a key that is the canonical encoding of another key, which JSS could act on instead', () => {
    const denySecret = (view: RemoteSigningView) => view.key?.startsWith('secret docs/') !== true;
    const scheme = 'header';
    expect(refusal({ ...part, key: 'secret%20docs/x', scheme }, denySecret)).toBe('SIGNER_INVALID_REQUEST');
    expect(refusal({ ...part, key: '%E4%B8%AD/x', scheme })).toBe('SIGNER_INVALID_REQUEST');
    // Not the encoding of another key: signed, and it opens only itself.
    for (const key of ['100%', 'x%41', 'a%2bb', 'u1/50% off+more.txt'])
      expect(refusal({ ...part, key, scheme }, denySecret)).toBe('signed');
  });
});
