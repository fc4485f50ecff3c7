// A file uploaded by @jsskit/multipart with default settings into the local server, next to `curl -T`
// PutObject of the same file into the same server, in the same run (issue 5). Prints MiB/s, the client's
// CPU seconds per GiB and the client's peak RSS. Size: JSS_BENCH_MIB (default 1024).
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createTransport } from '../packages/http-transport/dist/index.js';
import { startLocalServer } from '../packages/local-server/dist/index.js';
import { uploadObject } from '../packages/multipart/dist/index.js';
import { signRequestSync } from '../packages/signer/dist/index.js';
import { makeFile } from './make-file.mjs';

const run = promisify(execFile);
const MiB = 1024 * 1024;

async function curlPut(server, file, size) {
  const request = { method: 'PUT', bucket: 'bench', key: `curl-${Date.now()}` };
  const signed = signRequestSync(request, { credentials: server.credentials[0] });
  const args = [
    '-sS',
    '-o',
    '/dev/null',
    '-w',
    '%{http_code} %{time_total}',
    '-T',
    file,
    `${server.endpoint}/bench/${request.key}`,
    '-H',
    'Expect:',
  ];
  for (const [name, value] of Object.entries({ ...signed, 'Content-Length': size }))
    args.push('-H', `${name}: ${value}`);
  const { stdout } = await run('curl', args);
  const [status, seconds] = stdout.split(' ');
  if (status !== '200') throw new Error(`curl PUT answered ${status}`);
  return Number(seconds);
}

export async function runMultipartBench() {
  const mebibytes = Number(process.env.JSS_BENCH_MIB ?? 1024);
  const directory = await mkdtemp(join(tmpdir(), 'jss-bench-mp-'));
  const source = join(directory, 'source.bin');
  await makeFile(source, mebibytes);
  // The server runs in this process: its CPU is subtracted by measuring curl's run too.
  const server = await startLocalServer({ dataDir: join(directory, 'data') });
  const transport = createTransport({ endpoint: server.endpoint, credentials: server.credentials[0] });
  try {
    await transport.send({ method: 'PUT', bucket: 'bench' });
    const rows = [];
    let peakRss = 0;
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage.rss())), 50);
    for (let round = 0; round < 2; round++) {
      const cpuCurl = process.cpuUsage();
      const curlSeconds = await curlPut(server, source, mebibytes * MiB);
      const serverCpuPerGiB = (cpuSeconds(process.cpuUsage(cpuCurl)) * 1024) / mebibytes;
      const cpuBefore = process.cpuUsage();
      const result = await uploadObject({ transport, bucket: 'bench', key: `multipart-${round}`, source });
      const totalCpuPerGiB = (cpuSeconds(process.cpuUsage(cpuBefore)) * 1024) / mebibytes;
      rows.push({
        round,
        'curl -T MiB/s': Math.round(mebibytes / curlSeconds),
        'multipart MiB/s': Math.round(mebibytes / result.seconds),
        'client CPU s/GiB (est.)': Number(Math.max(0, totalCpuPerGiB - serverCpuPerGiB).toFixed(2)),
      });
    }
    clearInterval(sampler);
    console.log(`\n== multipart: ${mebibytes} MiB file, default settings (8 MiB parts, concurrency 4) ==`);
    console.table(rows);
    console.log(`peak RSS of the process (client and server together): ${Math.round(peakRss / MiB)} MiB`);
    const best = (name) => Math.max(...rows.map((row) => row[name]));
    const ratio = best('multipart MiB/s') / best('curl -T MiB/s');
    console.log(`ratio multipart / curl -T = ${ratio.toFixed(2)} (target >= 1.0)`);
    return { name: 'multipart upload vs curl -T PutObject', ratio, met: ratio >= 1 };
  } finally {
    await transport.close();
    await server.close();
    await rm(directory, { recursive: true, force: true });
  }
}

function cpuSeconds(usage) {
  return (usage.user + usage.system) / 1e6;
}
