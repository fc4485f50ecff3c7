// The page of the browser benchmark (bundled by esbuild, inlined into an HTML object the local server
// serves). Parameters come in the URL's fragment; the figures go back as an object PUT into the bucket.
import { createTransport } from '../packages/http-transport/dist/index.js';
import { uploadObject } from '../packages/multipart/dist/web.js';

const MiB = 1024 * 1024;
const { credentials, mebibytes, tag } = JSON.parse(decodeURIComponent(location.hash.slice(1)));
const transport = createTransport({ endpoint: location.origin, credentials });
const report = (figures) =>
  transport.send({
    method: 'PUT',
    bucket: 'bench',
    key: `result-${tag}`,
    body: new TextEncoder().encode(JSON.stringify(figures)),
  });

async function measure() {
  const wasm = await WebAssembly.compile(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0])).then(
    () => true,
    () => false,
  );
  const bytes = new Uint8Array(mebibytes * MiB);
  for (let offset = 0; offset < bytes.byteLength; offset += 64 * 1024)
    crypto.getRandomValues(bytes.subarray(offset, offset + 64 * 1024));
  const file = new File([bytes], 'bench.bin', { lastModified: 1 });
  // The baseline sends the same bytes from memory in one request: the transport takes no Blob.
  let started = performance.now();
  await transport.send({ method: 'PUT', bucket: 'bench', key: `single-${tag}`, body: bytes });
  const single = (performance.now() - started) / 1000;
  started = performance.now();
  await uploadObject({ transport, bucket: 'bench', key: `multipart-${tag}`, source: file });
  const multipart = (performance.now() - started) / 1000;
  return { wasm, single, multipart };
}

measure().then(report, (error) =>
  report({ error: `${error} (${error.cause?.cause ?? error.cause ?? 'no cause'})` }),
);
