import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from '../packages/client/dist/index.js';
import { DEFAULT_CREDENTIALS } from '../packages/local-server/dist/index.js';
import { signRequestSync } from '../packages/signer/dist/index.js';
import { syncToBucket } from '../packages/sync/dist/index.js';
import { startServerChild } from './server-child.mjs';

const CONCURRENCY = 8;

async function makeTree(root, files) {
  const paths = [];
  for (let index = 0; index < files; index++) {
    const directory = join(root, `d${String(Math.floor(index / 100)).padStart(3, '0')}`);
    if (index % 100 === 0) await mkdir(directory, { recursive: true });
    const path = join(directory, `f${String(index).padStart(5, '0')}.bin`);
    const bytes = Buffer.alloc(4096, index % 251);
    bytes.writeUInt32BE(index, 0);
    await writeFile(path, bytes);
    paths.push(path);
  }
  return paths;
}

/** The baseline: read, sign and PUT each file over keep-alive connections, CONCURRENCY at once. */
async function putLoop(endpoint, paths) {
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const url = new URL(endpoint);
  let next = 0;
  const worker = async () => {
    while (next < paths.length) {
      const index = next++;
      const body = await readFile(paths[index]);
      const key = `raw/${index}`;
      const headers = signRequestSync(
        { method: 'PUT', bucket: 'bench', key },
        { credentials: DEFAULT_CREDENTIALS },
      );
      await new Promise((resolve, reject) => {
        const outgoing = request(
          { host: url.hostname, port: url.port, method: 'PUT', path: `/bench/${key}`, agent },
          (response) => {
            response.resume();
            response.on('end', () =>
              response.statusCode === 200 ? resolve() : reject(new Error(`${response.statusCode}`)),
            );
          },
        );
        outgoing.on('error', reject);
        for (const [name, value] of Object.entries(headers)) outgoing.setHeader(name, value);
        outgoing.setHeader('Content-Length', body.length);
        outgoing.end(body);
      });
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  agent.destroy();
}

async function seconds(work) {
  const started = performance.now();
  const value = await work();
  return { seconds: (performance.now() - started) / 1000, value };
}

export async function runSyncBench() {
  const files = Number(process.env.JSS_BENCH_FILES ?? 10_000);
  const directory = await mkdtemp(join(tmpdir(), 'jss-sync-bench-'));
  const tree = join(directory, 'tree');
  const stateDirectory = join(directory, 'state');
  const paths = await makeTree(tree, files);
  const server = await startServerChild(join(directory, 'data'), { log: true });
  const client = createClient({ endpoint: server.endpoint, credentials: DEFAULT_CREDENTIALS });
  try {
    await client.createBucket({ bucket: 'bench' });
    const loop = await seconds(() => putLoop(server.endpoint, paths));
    const first = await seconds(() =>
      syncToBucket({
        client,
        bucket: 'bench',
        from: tree,
        prefix: 'sync',
        stateDirectory,
        concurrency: CONCURRENCY,
      }),
    );
    if (first.value.uploaded !== files) throw new Error(`sync uploaded ${first.value.uploaded} of ${files}`);
    const listing = await seconds(async () => {
      let count = 0;
      for await (const _ of client.listObjects({ bucket: 'bench', prefix: 'sync/' })) count++;
      return count;
    });
    const putsBefore = server.counts.PutObject ?? 0;
    const again = await seconds(() =>
      syncToBucket({
        client,
        bucket: 'bench',
        from: tree,
        prefix: 'sync',
        stateDirectory,
        concurrency: CONCURRENCY,
      }),
    );
    await new Promise((resolve) => setTimeout(resolve, 200)); // let the last log lines arrive
    const resyncPuts = (server.counts.PutObject ?? 0) - putsBefore;
    const loopRate = files / loop.seconds;
    const syncRate = files / first.seconds;
    const ratio = syncRate / loopRate;
    const beyondListing = again.seconds - listing.seconds;
    console.log(`\n== sync: ${files} files of 4 KiB, concurrency ${CONCURRENCY} ==`);
    console.table([
      {
        run: 'PutObject loop (baseline)',
        seconds: loop.seconds.toFixed(2),
        'objects/s': Math.round(loopRate),
      },
      { run: 'syncToBucket, first', seconds: first.seconds.toFixed(2), 'objects/s': Math.round(syncRate) },
      {
        run: 'bare listing of the folder',
        seconds: listing.seconds.toFixed(2),
        'objects/s': Math.round(listing.value / listing.seconds),
      },
      {
        run: 'syncToBucket, unchanged',
        seconds: again.seconds.toFixed(2),
        'objects/s': Math.round(files / again.seconds),
      },
    ]);
    console.log(
      `ratio sync / loop = ${ratio.toFixed(2)} (target >= 0.7); re-sync: ${resyncPuts} PUTs, ` +
        `${again.value.skipped} skipped, ${beyondListing.toFixed(2)} s beyond the listing (target < 2 s)`,
    );
    return {
      name: 'sync vs PutObject loop',
      ratio,
      met: ratio >= 0.7 && resyncPuts === 0 && beyondListing < 2,
    };
  } finally {
    await client.close();
    await server.close();
    await rm(directory, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await runSyncBench();
