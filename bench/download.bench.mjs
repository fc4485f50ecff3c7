// A 1 GiB multipart object downloaded by @jsskit/multipart's downloadObject (verified against its ETag) from
// the local server, next to `curl` GET of a presigned URL of the same object into a file, in the same run
// (issue 21). The server runs in a child process, so this process is the client alone: its CPU
// (process.cpuUsage, the libuv threads' file writes included) and peak RSS (sampled every 20 ms) are the
// client's. Then a single-PUT object of the same size, in parts against one stream. Sizes: JSS_BENCH_MIB
// (default 1024); JSS_BENCH_BIG_MIB (default 0, skipped; 4096 for the 4 GiB memory check).
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createTransport } from '../packages/http-transport/dist/index.js';
import { DEFAULT_CREDENTIALS } from '../packages/local-server/dist/index.js';
import { downloadObject } from '../packages/multipart/dist/index.js';
import { presignUrlSync, signRequestSync } from '../packages/signer/dist/index.js';
import { makeFile } from './make-file.mjs';
import { measure } from './measure.mjs';
import { processCpuSecondsAt, startServerChild } from './server-child.mjs';

const run = promisify(execFile);
const cores = availableParallelism();
const MiB = 1024 * 1024;
/** A single PUT of `file` with curl (the engine would upload a file this large in parts). */
async function curlPut(endpoint, file, key) {
  const signed = signRequestSync(
    { method: 'PUT', bucket: 'bench', key },
    { credentials: DEFAULT_CREDENTIALS },
  );
  const args = ['-sS', '-o', '/dev/null', '-w', '%{http_code}', '-T', file, `${endpoint}/bench/${key}`];
  args.push('-H', 'Expect:');
  for (const [name, value] of Object.entries(signed)) args.push('-H', `${name}: ${value}`);
  const { stdout } = await run('curl', args);
  if (stdout !== '200') throw new Error(`curl PUT answered ${stdout}`);
}

/** CPU seconds of this process's waited-for children (cutime + cstime, Linux): curl's, once it exited. */
function childrenCpuSeconds() {
  return processCpuSecondsAt(process.pid, 13);
}

/**
 * Uploads `source` in parts from a child process, so that the upload's part buffers (its memory budget
 * pools them) are not in this process's RSS when the download is measured.
 */
async function uploadInChild(endpoint, source, key) {
  const engine = new URL('../packages/multipart/dist/index.js', import.meta.url).href;
  const transportUrl = new URL('../packages/http-transport/dist/index.js', import.meta.url).href;
  const code = `
    const { uploadObject } = await import(${JSON.stringify(engine)});
    const { createTransport } = await import(${JSON.stringify(transportUrl)});
    const transport = createTransport({ endpoint: process.argv[1], credentials: JSON.parse(process.argv[2]) });
    await uploadObject({ transport, bucket: 'bench', key: process.argv[3], source: process.argv[4] });
    await transport.close();`;
  const credentials = JSON.stringify(DEFAULT_CREDENTIALS);
  await run(process.execPath, ['--input-type=module', '-e', code, endpoint, credentials, key, source]);
}

/** `curl` GET of a presigned URL into `file`: the baseline, no checking. */
async function curlGet(endpoint, key, file) {
  const url = presignUrlSync(
    { method: 'GET', url: `${endpoint}/bench/${key}`, bucket: 'bench', key },
    { credentials: DEFAULT_CREDENTIALS },
  );
  const { stdout } = await run('curl', ['-sS', '-o', file, '-w', '%{http_code} %{time_total}', url]);
  const [status, seconds] = stdout.split(' ');
  if (status !== '200') throw new Error(`curl GET answered ${status}`);
  return Number(seconds);
}

const load = () =>
  loadavg()
    .map((value) => value.toFixed(2))
    .join(' ');

/** One download of `key` into `file` with `options`, from a clean page-cache state for writes (`sync`). */
async function timedDownload(context, key, options = {}) {
  const { server, transport, file } = context;
  await rm(file, { force: true });
  await run('sync');
  const before = server.cpuSeconds();
  const measured = await measure(() =>
    downloadObject({ transport, bucket: 'bench', key, destination: file, ...options }),
  );
  return { ...measured, serverCpu: server.cpuSeconds() - before };
}

async function timedCurl(context, key) {
  const { server, file } = context;
  await rm(file, { force: true });
  await run('sync');
  const before = server.cpuSeconds();
  const curlBefore = childrenCpuSeconds();
  const seconds = await curlGet(server.endpoint, key, file);
  return { seconds, serverCpu: server.cpuSeconds() - before, curlCpu: childrenCpuSeconds() - curlBefore };
}

async function compareWithCurl(context, mebibytes) {
  const rows = [];
  for (let round = 0; round < 3; round++) {
    // The order alternates, so neither side always gets the page cache the other one warmed.
    const curl = round % 2 === 0 ? await timedCurl(context, 'multipart') : undefined;
    const download = await timedDownload(context, 'multipart');
    const { seconds, serverCpu, curlCpu } = curl ?? (await timedCurl(context, 'multipart'));
    rows.push({
      round,
      load: load(),
      'curl GET MiB/s': Math.round(mebibytes / seconds),
      'download MiB/s': Math.round(mebibytes / download.result.seconds),
      check: download.result.check,
      'client CPU s/GiB': Number(((download.cpuSeconds * 1024) / mebibytes).toFixed(2)),
      'curl CPU s/GiB': Number(((curlCpu * 1024) / mebibytes).toFixed(2)),
      'client peak RSS MiB': Math.round(download.peakRss / MiB),
      'server CPU s/GiB (curl)': Number(((serverCpu * 1024) / mebibytes).toFixed(2)),
      'server CPU s/GiB (download)': Number(((download.serverCpu * 1024) / mebibytes).toFixed(2)),
      // What the cores could do at best for this CPU: client and server work spread over every core.
      'download CPU ceiling MiB/s': Math.round(
        (mebibytes * cores) / (download.cpuSeconds + download.serverCpu),
      ),
    });
  }
  return rows;
}

function printVerdict(rows) {
  const best = (name) => Math.max(...rows.map((row) => row[name]));
  const ratio = best('download MiB/s') / best('curl GET MiB/s');
  const cpu = Math.min(...rows.map((row) => row['client CPU s/GiB']));
  const rss = Math.max(...rows.map((row) => row['client peak RSS MiB']));
  const ceiling = Math.max(...rows.map((row) => row['download CPU ceiling MiB/s']));
  console.log(`ratio download / curl GET = ${ratio.toFixed(2)} (target >= 0.9)`);
  console.log(
    `download reached ${Math.round((100 * best('download MiB/s')) / ceiling)}% of its CPU ceiling ` +
      `(${ceiling} MiB/s: client + server CPU seconds spread over ${cores} cores, with client and server on one machine)`,
  );
  if (ceiling < 0.9 * best('curl GET MiB/s'))
    console.log(
      'the ceiling is below 0.9x curl: on this machine no schedule of the same work reaches the target; ' +
        'curl writes without hashing, while this client MD5-hashes every byte on the cores the server needs',
    );
  console.log(`client CPU ${cpu} s/GiB (target <= 2.0), client peak RSS ${rss} MiB (target < 150)`);
  return { ratio, met: ratio >= 0.9 && cpu <= 2 && rss < 150 };
}

/**
 * Each object in parts and in one stream (concurrency 1: the download as it was before issue 21). A
 * single-PUT object in parts has its MD5 read back in order at the end; one stream hashes it as it comes.
 */
async function compareModes(context, mebibytes) {
  const rows = [];
  for (const key of ['multipart', 'single']) {
    for (const [mode, options] of [
      ['in parts (concurrency 4)', {}],
      ['one stream (concurrency 1)', { concurrency: 1 }],
    ]) {
      const download = await timedDownload(context, key, options);
      rows.push({
        object: key === 'single' ? 'single PUT' : 'multipart',
        mode,
        load: load(),
        'MiB/s': Math.round(mebibytes / download.result.seconds),
        check: download.result.check,
        'client CPU s/GiB': Number(((download.cpuSeconds * 1024) / mebibytes).toFixed(2)),
        'client peak RSS MiB': Math.round(download.peakRss / MiB),
      });
    }
  }
  return rows;
}

export async function runDownloadBench() {
  const mebibytes = Number(process.env.JSS_BENCH_MIB ?? 1024);
  const bigMebibytes = Number(process.env.JSS_BENCH_BIG_MIB ?? 0);
  const directory = await mkdtemp(join(tmpdir(), 'jss-bench-down-'));
  const source = join(directory, 'source.bin');
  await makeFile(source, mebibytes);
  const server = await startServerChild(join(directory, 'data'));
  const transport = createTransport({ endpoint: server.endpoint, credentials: DEFAULT_CREDENTIALS });
  const context = { server, transport, file: join(directory, 'downloaded.bin') };
  try {
    await transport.send({ method: 'PUT', bucket: 'bench' });
    await uploadInChild(server.endpoint, source, 'multipart');
    await curlPut(server.endpoint, source, 'single');
    console.log(
      `\n== download: ${mebibytes} MiB multipart object (8 MiB parts), verified, load ${load()} ==`,
    );
    const rows = await compareWithCurl(context, mebibytes);
    console.table(rows);
    const verdict = printVerdict(rows);
    console.log(`\n== download: ${mebibytes} MiB objects, in parts and in one stream ==`);
    console.table(await compareModes(context, mebibytes));
    let bigMet = true;
    if (bigMebibytes > 0) {
      await rm(context.file, { force: true });
      await makeFile(source, bigMebibytes);
      await uploadInChild(server.endpoint, source, 'big');
      await rm(source, { force: true });
      const big = await timedDownload(context, 'big');
      const bigRss = Math.round(big.peakRss / MiB);
      bigMet = bigRss < 200;
      console.log(
        `${bigMebibytes} MiB download: ${Math.round(bigMebibytes / big.result.seconds)} MiB/s, ` +
          `client peak RSS ${bigRss} MiB (target < 200), load ${load()}`,
      );
    }
    return { name: 'download vs curl GET', ratio: verdict.ratio, met: verdict.met && bigMet };
  } finally {
    await transport.close();
    await server.close();
    await rm(directory, { recursive: true, force: true });
  }
}
