// A file uploaded by @jsskit/multipart with default settings into the local server, next to `curl -T`
// PutObject of the same file into the same server, in the same run (issue 5); then a stream of unknown size.
// The server runs in a child process, so this process is the client alone: its CPU (process.cpuUsage) and
// peak RSS (sampled every 20 ms) are the client's. Sizes: JSS_BENCH_MIB (file, default 1024) and
// JSS_BENCH_STREAM_MIB (stream, default 4096; 0 skips it).
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { promisify } from 'node:util';
import { createTransport } from '../packages/http-transport/dist/index.js';
import { DEFAULT_CREDENTIALS } from '../packages/local-server/dist/index.js';
import { uploadObject } from '../packages/multipart/dist/index.js';
import { signRequestSync } from '../packages/signer/dist/index.js';
import { makeFile } from './make-file.mjs';
import { measure } from './measure.mjs';
import { startServerChild } from './server-child.mjs';

const run = promisify(execFile);
const cores = availableParallelism();
const MiB = 1024 * 1024;
async function curlPut(endpoint, file, size, key) {
  const request = { method: 'PUT', bucket: 'bench', key };
  const signed = signRequestSync(request, { credentials: DEFAULT_CREDENTIALS });
  const args = ['-sS', '-o', '/dev/null', '-w', '%{http_code} %{time_total}', '-T', file];
  args.push(`${endpoint}/bench/${request.key}`, '-H', 'Expect:');
  for (const [name, value] of Object.entries({ ...signed, 'Content-Length': size }))
    args.push('-H', `${name}: ${value}`);
  const { stdout } = await run('curl', args);
  const [status, seconds] = stdout.split(' ');
  if (status !== '200') throw new Error(`curl PUT answered ${status}`);
  return Number(seconds);
}

/** `mebibytes` MiB generated on the fly from one reused block: a stream whose size nobody knows. */
function generatedStream(mebibytes) {
  const block = Buffer.alloc(MiB, 7);
  let index = 0;
  return new Readable({
    highWaterMark: MiB,
    read() {
      if (index === mebibytes) return this.push(null);
      block.writeUInt32LE(index++, 0);
      this.push(Buffer.from(block));
    },
  });
}

export async function runMultipartBench() {
  const mebibytes = Number(process.env.JSS_BENCH_MIB ?? 1024);
  const streamMebibytes = Number(process.env.JSS_BENCH_STREAM_MIB ?? 4096);
  // Off the defaults only for experiments: JSS_BENCH_PART_MIB, JSS_BENCH_CONCURRENCY.
  const tuning = {
    partSize: process.env.JSS_BENCH_PART_MIB ? Number(process.env.JSS_BENCH_PART_MIB) * MiB : undefined,
    concurrency: process.env.JSS_BENCH_CONCURRENCY ? Number(process.env.JSS_BENCH_CONCURRENCY) : undefined,
  };
  const directory = await mkdtemp(join(tmpdir(), 'jss-bench-mp-'));
  const source = join(directory, 'source.bin');
  await makeFile(source, mebibytes);
  const server = await startServerChild(join(directory, 'data'));
  const transport = createTransport({ endpoint: server.endpoint, credentials: DEFAULT_CREDENTIALS });
  try {
    await transport.send({ method: 'PUT', bucket: 'bench' });
    const rows = [];
    for (let round = 0; round < 3; round++) {
      // Each run starts with no dirty pages (`sync`) and the previous run's object deleted, and the order
      // alternates: otherwise the second run pays the disk writeback and page cache of the first one's gigabyte.
      const runCurl = async () => {
        await run('sync');
        const before = server.cpuSeconds();
        const seconds = await curlPut(server.endpoint, source, mebibytes * MiB, `curl-${round}`);
        const serverCpu = server.cpuSeconds() - before;
        await transport.send({ method: 'DELETE', bucket: 'bench', key: `curl-${round}` });
        return { seconds, serverCpu };
      };
      const runMultipart = async () => {
        await run('sync');
        const before = server.cpuSeconds();
        const measured = await measure(() =>
          uploadObject({ transport, bucket: 'bench', key: `multipart-${round}`, source, ...tuning }),
        );
        const serverCpu = server.cpuSeconds() - before;
        return { ...measured, serverCpu };
      };
      const curl = round % 2 === 0 ? await runCurl() : undefined;
      const upload = await runMultipart();
      const { seconds: curlSeconds, serverCpu: curlServerCpu } = curl ?? (await runCurl());
      rows.push({
        round,
        'curl -T MiB/s': Math.round(mebibytes / curlSeconds),
        'multipart MiB/s': Math.round(mebibytes / upload.result.seconds),
        'client CPU s/GiB': Number(((upload.cpuSeconds * 1024) / mebibytes).toFixed(2)),
        'client peak RSS MiB': Math.round(upload.peakRss / MiB),
        'server CPU s/GiB (curl)': Number(((curlServerCpu * 1024) / mebibytes).toFixed(2)),
        'server CPU s/GiB (multipart)': Number(((upload.serverCpu * 1024) / mebibytes).toFixed(2)),
        // What the cores could do at best for this CPU: client and server work spread over every core.
        'multipart CPU ceiling MiB/s': Math.round(
          (mebibytes * cores) / (upload.cpuSeconds + upload.serverCpu),
        ),
      });
    }
    console.log(`\n== multipart: ${mebibytes} MiB file, default settings (8 MiB parts, concurrency 4) ==`);
    console.table(rows);
    const best = (name) => Math.max(...rows.map((row) => row[name]));
    const ratio = best('multipart MiB/s') / best('curl -T MiB/s');
    const cpu = Math.min(...rows.map((row) => row['client CPU s/GiB']));
    const rss = Math.max(...rows.map((row) => row['client peak RSS MiB']));
    console.log(`ratio multipart / curl -T = ${ratio.toFixed(2)} (target >= 1.0)`);
    const ceiling = Math.max(...rows.map((row) => row['multipart CPU ceiling MiB/s']));
    console.log(
      `multipart reached ${Math.round((100 * best('multipart MiB/s')) / ceiling)}% of its CPU ceiling ` +
        `(${ceiling} MiB/s: client + server CPU seconds spread over ${cores} cores, with client and server on one machine)`,
    );
    if (ceiling < best('curl -T MiB/s'))
      console.log(
        'the ceiling is below curl -T: on this machine no schedule of the same work reaches 1.0x; ' +
          'curl sends without hashing, while this client MD5-hashes every part for Content-MD5 on the cores the server needs',
      );
    console.log(`client CPU ${cpu} s/GiB (target < 2.5), client peak RSS ${rss} MiB (target < 150)`);
    let streamMet = true;
    if (streamMebibytes > 0) {
      const stream = await measure(() =>
        uploadObject({ transport, bucket: 'bench', key: 'stream', source: generatedStream(streamMebibytes) }),
      );
      const streamRss = Math.round(stream.peakRss / MiB);
      streamMet = streamRss < 200;
      console.log(
        `stream of unknown size: ${streamMebibytes} MiB in ${stream.result.parts} parts at ` +
          `${Math.round(streamMebibytes / stream.result.seconds)} MiB/s, client peak RSS ${streamRss} MiB (target < 200)`,
      );
    }
    return {
      name: 'multipart upload vs curl -T PutObject',
      ratio,
      met: ratio >= 1 && cpu < 2.5 && rss < 150 && streamMet,
    };
  } finally {
    await transport.close();
    await server.close();
    await rm(directory, { recursive: true, force: true });
  }
}
