// Runnable example: signs JD's documented example request, verifies it the way a server does, and
// presigns a download URL. Exits non-zero if a signature differs from the published one.
// Run it in the package: `node examples/sign-header.mjs` (in the repository, after `pnpm build`). The README
// examples test (tests/e2e/src/readme-examples.e2e.test.ts) compiles it with strict TypeScript and runs it.
import { createStringToSign, presignUrlSync, signRequestSync, verifyRequestSync } from '@jsskit/signer';

const credentials = {
  accessKeyId: 'qbS5QXpLORrvdrmb',
  secretAccessKey: '1MYaiNh3NeN9SuxaqFjSrc7I49rWKkQCxpl9eLNZ',
};
const request = {
  method: 'PUT',
  bucket: 'oss-test',
  key: 'sign.txt',
  headers: {
    'Content-MD5': '0c791a8c18017c7ad1675936d12bae5d',
    'Content-Type': 'text/plain',
    'x-jss-server-side-encryption': 'false',
  },
};
const date = new Date('Thu, 13 Jul 2017 02:37:31 GMT');

const signed = signRequestSync(request, { credentials, date });
console.log('StringToSign:\n  %s', createStringToSign(request, signed.Date).replaceAll('\n', '\\n'));
console.log('Authorization: %s', signed.Authorization);

const verified = verifyRequestSync(
  { ...request, headers: { ...request.headers, ...signed } },
  {
    lookupSecret: (id) => (id === credentials.accessKeyId ? credentials.secretAccessKey : undefined),
    now: date,
  },
);
console.log(
  'Server-side verification: %s',
  verified.ok ? `ok, signed by ${verified.accessKeyId}` : verified.code,
);

const url = presignUrlSync(
  { method: 'GET', url: 'http://127.0.0.1:9000/oss-test/sign.txt', bucket: 'oss-test', key: 'sign.txt' },
  { credentials, expiresAt: new Date(1_500_000_000_000), now: new Date(1_499_999_000_000) },
);
console.log('Presigned URL: %s', url);

const expected = {
  authorization: 'jingdong qbS5QXpLORrvdrmb:xvj2Iv7WcSwnN26XYnTq/c2YBQs=',
  urlSignature: 'zr7Id5nW9lTY%2Bl8%2BkqBAF2Ecznc%3D',
};
const failures = [
  signed.Authorization !== expected.authorization &&
    'the header signature differs from the documented V1 value',
  !verified.ok && 'the server-side verification refused the request',
  !url.includes(`Signature=${expected.urlSignature}`) &&
    'the presigned URL signature differs from the vector',
].filter(Boolean);
for (const failure of failures) console.error(`FAILED: ${failure}`);
if (failures.length > 0) process.exit(1);
console.log('All signatures match the published vectors.');
