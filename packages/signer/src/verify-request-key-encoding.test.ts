import { describe, expect, it } from 'vitest';
import { encodeKey } from './encode-key.ts';
import { presignUrlSync } from './presign-url.ts';
import { signRequestSync } from './sign-request.ts';
import { type VerifiableRequest, verifyRequest, verifyRequestSync } from './verify-request.ts';

const credentials = { accessKeyId: 'AKID', secretAccessKey: 'SECRET' };
const date = new Date('2026-11-25T01:36:22Z');
const options = { lookupSecret: (id: string) => (id === 'AKID' ? 'SECRET' : undefined), now: date };

/** The server's view of a wire path: the key decoded from it (`+` stays `+`) and the raw path. */
function received(signedKey: string, wireKey: string): VerifiableRequest {
  const headers = {
    ...signRequestSync({ method: 'GET', bucket: 'b', key: signedKey }, { credentials, date }),
  };
  return { method: 'GET', bucket: 'b', key: decodeURIComponent(wireKey), rawKey: wireKey, headers };
}

describe('verifyRequestSync: the raw wire key stands only for the key it canonically encodes', () => {
  it('refuses a signature for the literal key x%41 on the wire path /b/x%41, which is the key xA', async () => {
    const request = received('x%41', 'x%41');
    expect(request.key).toBe('xA');
    expect(verifyRequestSync(request, options)).toMatchObject({ ok: false, code: 'SignatureDoesNotMatch' });
    expect(await verifyRequest(request, options)).toMatchObject({ ok: false });
  });

  it('refuses a signature for %70rivate/x on /b/%70rivate/x, which is private/x', () => {
    expect(verifyRequestSync(received('%70rivate/x', '%70rivate/x'), options).ok).toBe(false);
  });

  it('refuses a raw path in lower-case hex or with a needless escape, however it was signed', () => {
    expect(verifyRequestSync(received('a%2bb', 'a%2bb'), options).ok).toBe(false);
    expect(verifyRequestSync(received('a%2Fb', 'a%2Fb'), options).ok).toBe(false);
  });

  it('refuses a signature for a+b on /b/a%20b: a + in a path is never a space', () => {
    expect(verifyRequestSync(received('a+b', 'a%20b'), options).ok).toBe(false);
  });

  it.each(['x%41', 'a b+c.txt', '100% done', '中文/ä ö.txt', "q?#!'()*", 'dir/sub/'])(
    'accepts %j signed decoded or as its canonical encoding, sent canonically encoded',
    (key) => {
      const wire = encodeKey(key);
      expect(verifyRequestSync(received(key, wire), options)).toMatchObject({ ok: true });
      expect(verifyRequestSync(received(wire, wire), options)).toMatchObject({ ok: true });
    },
  );

  it('applies the same rule to presigned URLs', () => {
    const url = presignUrlSync(
      { method: 'GET', url: 'http://127.0.0.1/b/x%41', bucket: 'b', key: 'x%41' },
      { credentials, now: date, expiresIn: 60 },
    );
    const query = new URL(url).search.slice(1);
    const request = { method: 'GET', bucket: 'b', key: 'xA', rawKey: 'x%41', query, headers: {} };
    expect(verifyRequestSync(request, options)).toMatchObject({ ok: false, code: 'SignatureDoesNotMatch' });
    const honest = { ...request, key: 'x%41', rawKey: 'x%2541' };
    expect(verifyRequestSync(honest, options)).toMatchObject({ ok: true, via: 'presigned-url' });
  });
});
