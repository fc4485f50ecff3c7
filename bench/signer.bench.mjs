// Signatures per second of @jsskit/signer next to a bare HMAC-SHA1 of the same StringToSign, measured in the
// same run. Target (issue 2): the signer reaches at least half of the bare HMAC rate.
import { createHmac } from 'node:crypto';
import { Bench } from 'tinybench';
import { createStringToSign, signRequestSync } from '../packages/signer/dist/index.js';

const credentials = {
  accessKeyId: 'qbS5QXpLORrvdrmb',
  secretAccessKey: '1MYaiNh3NeN9SuxaqFjSrc7I49rWKkQCxpl9eLNZ',
};
const date = new Date('2026-11-25T00:00:00Z');
// A typical UploadPart: two sub-resources, Content-MD5, one x-jss header, a few unsigned headers.
const request = {
  method: 'PUT',
  bucket: 'my-bucket',
  key: 'videos/2026/holiday video.mp4',
  query: 'uploadId=9B2BF313C3E998E9&partNumber=42',
  headers: {
    'content-length': '8388608',
    'content-md5': '0c791a8c18017c7ad1675936d12bae5d',
    'x-jss-server-side-encryption': 'false',
    host: 'my-bucket.oss.cn-north-1.jcloudcs.com',
    'user-agent': 'jsskit/0.1',
  },
};
const stringToSign = createStringToSign(request, date.toUTCString());

export async function runSignerBench() {
  const bench = new Bench({ time: 1500, warmupTime: 300 });
  bench
    .add('bare HMAC-SHA1 of the StringToSign', () => {
      createHmac('sha1', credentials.secretAccessKey).update(stringToSign, 'utf8').digest('base64');
    })
    .add('signRequestSync (canonicalize + HMAC), dated now', () => {
      // No fixed date: each call takes new Date(), as the transport does for every attempt.
      signRequestSync(request, { credentials });
    });
  await bench.run();
  const [bare, signer] = bench.tasks.map((task) => task.result.throughput.mean);
  console.log('\n== signer ==');
  console.table(bench.table());
  const ratio = signer / bare;
  console.log(
    `signer: ${Math.round(signer).toLocaleString('en')} signatures/s; bare HMAC: ${Math.round(bare).toLocaleString('en')}/s`,
  );
  console.log(
    `ratio signer / bare HMAC = ${ratio.toFixed(2)} (target >= 0.50): ${ratio >= 0.5 ? 'met' : 'NOT met'}`,
  );
  return { name: 'signer', ratio, met: ratio >= 0.5 };
}
