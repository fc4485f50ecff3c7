// A server that takes multipart uploads and throws their bytes away once read, for
// bench/upload-vs-lib-storage.bench.mjs: just enough of S3 (an `AWS4-HMAC-SHA256` Authorization: XML answers,
// any ETag) and of JSS (anything else: protocol §9, JSON answers) for both clients to finish an upload. No
// signature is checked and nothing is stored. Run as `node bench/discard-server.mjs [--etag md5|content-md5]`;
// it prints its endpoint (127.0.0.1, port 0) on one line.
//
// A JSS client checks every part's ETag against the MD5 it sent, so a JSS part's ETag must be its MD5:
// `--etag md5` (the default here) computes it from the bytes read, as JSS does; `--etag content-md5` answers
// the Content-MD5 the client sent (the client hashes all the same: only the server's work changes).
import { createHash } from 'node:crypto';
import { createServer } from 'node:http';

const etagMode = process.argv.includes('content-md5') ? 'content-md5' : 'md5';
let nextUploadId = 1;

/** Reads a request's body to the end, keeping nothing; resolves the MD5 (hex) when asked to. */
function drain(request, hashed) {
  const hash = hashed ? createHash('md5') : undefined;
  return new Promise((resolve, reject) => {
    request.on('data', hash === undefined ? () => {} : (chunk) => hash.update(chunk));
    request.on('end', () => resolve(hash?.digest('hex')));
    request.on('error', reject);
  });
}

async function readText(request) {
  const chunks = [];
  for await (const chunk of request) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}

/** A JSS Content-MD5 is hex (protocol §8.5), Base64 accepted too; the answer is hex. */
function contentMd5Hex(value = '') {
  return value.length === 24 ? Buffer.from(value, 'base64').toString('hex') : value.toLowerCase();
}

function names(url) {
  const [bucket, ...key] = decodeURIComponent(url.pathname).slice(1).split('/');
  return { bucket, key: key.join('/') };
}

function answer(response, status, headers, body = '') {
  response.writeHead(status, { 'Content-Length': Buffer.byteLength(body), ...headers });
  response.end(body);
}

async function handleS3(request, response, url) {
  const { bucket, key } = names(url);
  const xml = (tag, fields) =>
    `<?xml version="1.0" encoding="UTF-8"?>\n<${tag} xmlns="http://s3.amazonaws.com/doc/2006-03-01/">${fields}</${tag}>`;
  const headers = { 'Content-Type': 'application/xml' };
  if (request.method === 'POST' && url.searchParams.has('uploads')) {
    await drain(request, false);
    const fields = `<Bucket>${bucket}</Bucket><Key>${key}</Key><UploadId>${nextUploadId++}</UploadId>`;
    return answer(response, 200, headers, xml('InitiateMultipartUploadResult', fields));
  }
  if (request.method === 'PUT' && url.searchParams.has('partNumber')) {
    await drain(request, false);
    return answer(response, 200, { ETag: `"${url.searchParams.get('partNumber').padStart(32, '0')}"` });
  }
  if (request.method === 'POST' && url.searchParams.has('uploadId')) {
    await drain(request, false);
    const fields = `<Location>${url.href}</Location><Bucket>${bucket}</Bucket><Key>${key}</Key><ETag>"0-1"</ETag>`;
    return answer(response, 200, headers, xml('CompleteMultipartUploadResult', fields));
  }
  await drain(request, false);
  if (request.method === 'DELETE') return answer(response, 204, {});
  return answer(response, 501, headers, xml('Error', '<Code>NotImplemented</Code>'));
}

async function handleJss(request, response, url) {
  const { bucket, key } = names(url);
  const json = (status, body) =>
    answer(response, status, { 'Content-Type': 'application/json' }, JSON.stringify(body));
  if (request.method === 'POST' && url.searchParams.has('uploads')) {
    await drain(request, false);
    return json(200, { Bucket: bucket, Key: key, UploadId: String(nextUploadId++).padStart(16, '0') });
  }
  if (request.method === 'PUT' && url.searchParams.has('partNumber')) {
    const md5 = await drain(request, etagMode === 'md5');
    const etag = md5 ?? contentMd5Hex(request.headers['content-md5']);
    return answer(response, 200, { ETag: `"${etag}"` });
  }
  if (request.method === 'POST' && url.searchParams.has('uploadId')) {
    // The object's ETag: the MD5 of the part ETags written one after the other (protocol §8.5).
    const parts = JSON.parse(await readText(request)).Part;
    const text = parts.map((part) => String(part.ETag).replaceAll('"', '')).join('');
    return json(200, { Bucket: bucket, Key: key, ETag: createHash('md5').update(text).digest('hex') });
  }
  await drain(request, false);
  if (request.method === 'DELETE') return answer(response, 204, {});
  return json(501, { code: 'NotImplemented', message: `${request.method} ${url.pathname}${url.search}` });
}

const server = createServer((request, response) => {
  const url = new URL(request.url, 'http://127.0.0.1');
  const s3 = (request.headers.authorization ?? '').startsWith('AWS4-');
  (s3 ? handleS3 : handleJss)(request, response, url).catch((error) => {
    if (!response.headersSent) answer(response, 500, {}, String(error));
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`http://127.0.0.1:${server.address().port}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)).closeAllConnections());
