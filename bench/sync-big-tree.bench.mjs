// @jsskit/sync's memory on a mixed tree (issue 22): one 1 GiB file and 2,000 files of 4 KiB, synced to
// @jsskit/local-server (a child process) by syncToBucket in a child process of its own, whose peak RSS
// (resourceUsage().maxRSS) is the figure. The baseline, measured in the same run the same way: uploadObject of
// the 1 GiB file alone. Target: the tree's peak RSS < 200 MiB. `JSS_BENCH_TREE_MIB` changes the big file's size.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeFile } from './make-file.mjs';
import { startServerChild } from './server-child.mjs';

const _MiB = 1024 * 1024;
const SMALL_FILES = 2000;

/** Runs this file as a child doing one job; it prints its seconds and peak RSS as JSON. */
async function measureChild(job, argument, endpoint) {
  const child = spawn(process.execPath, [new URL(import.meta.url).pathname, job, argument, endpoint], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (text) => (output += text));
  const [code] = await once(child, 'exit');
  if (code !== 0) throw new Error(`the ${job} child exited with ${code}`);
  return JSON.parse(output);
}

/** In the child: one job, then its figures. */
async function childJob(job, path, endpoint) {
  const { createClient } = await import('../packages/client/dist/index.js');
  const { DEFAULT_CREDENTIALS } = await import('../packages/local-server/dist/index.js');
  const client = createClient({ endpoint, credentials: DEFAULT_CREDENTIALS });
  const started = performance.now();
  if (job === 'upload') {
    const { uploadObject } = await import('../packages/multipart/dist/index.js');
    await uploadObject({ client, bucket: 'bench', key: 'alone/big.bin', source: path });
  } else {
    const { syncToBucket } = await import('../packages/sync/dist/index.js');
    const result = await syncToBucket({ client, bucket: 'bench', from: path, prefix: 'tree' });
    if (result.uploaded !== SMALL_FILES + 1 || result.failed !== 0)
      throw new Error(`sync uploaded ${result.uploaded}, failed ${result.failed}`);
  }
  const seconds = (performance.now() - started) / 1000;
  await client.close();
  process.stdout.write(JSON.stringify({ seconds, peakRssMiB: process.resourceUsage().maxRSS / 1024 }));
}

async function makeTree(root, bigMiB) {
  await mkdir(join(root, 'small'), { recursive: true });
  await makeFile(join(root, 'big.bin'), bigMiB);
  for (let index = 0; index < SMALL_FILES; index++)
    await writeFile(join(root, 'small', `f${index}.bin`), Buffer.alloc(4096, index % 251));
}

export async function runSyncBigTreeBench() {
  const bigMiB = Number(process.env.JSS_BENCH_TREE_MIB ?? 1024);
  const directory = await mkdtemp(join(tmpdir(), 'jss-sync-big-'));
  const tree = join(directory, 'tree');
  await makeTree(tree, bigMiB);
  const server = await startServerChild(join(directory, 'data'));
  try {
    const { createClient } = await import('../packages/client/dist/index.js');
    const { DEFAULT_CREDENTIALS } = await import('../packages/local-server/dist/index.js');
    const client = createClient({ endpoint: server.endpoint, credentials: DEFAULT_CREDENTIALS });
    await client.createBucket({ bucket: 'bench' });
    await client.close();
    const alone = await measureChild('upload', join(tree, 'big.bin'), server.endpoint);
    const synced = await measureChild('sync', tree, server.endpoint);
    const ratio = synced.peakRssMiB / alone.peakRssMiB;
    console.log(`\n== sync of a ${bigMiB} MiB file and ${SMALL_FILES} files of 4 KiB: peak RSS ==`);
    console.table([
      { run: `uploadObject of the ${bigMiB} MiB file alone (baseline)`, ...rounded(alone) },
      { run: 'syncToBucket of the whole tree', ...rounded(synced) },
    ]);
    console.log(
      `ratio tree / file alone = ${ratio.toFixed(2)}; tree peak RSS ${synced.peakRssMiB.toFixed(0)} MiB (target < 200)`,
    );
    return { name: 'sync big tree peak RSS vs one upload', ratio, met: synced.peakRssMiB < 200 };
  } finally {
    await server.close();
    await rm(directory, { recursive: true, force: true });
  }
}

function rounded(figures) {
  return { seconds: figures.seconds.toFixed(2), 'peak RSS MiB': Math.round(figures.peakRssMiB) };
}

const [job, argument, endpoint] = process.argv.slice(2);
if (import.meta.url === `file://${process.argv[1]}`) {
  if (job === 'upload' || job === 'sync') await childJob(job, argument, endpoint);
  else await runSyncBigTreeBench();
}
