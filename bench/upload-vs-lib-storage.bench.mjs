// A file uploaded by @jsskit/multipart's uploadObject (defaults: 8 MiB parts, 4 in flight, MD5 on) next to
// AWS lib-storage's Upload (its defaults: 5 MiB parts, queueSize 4; and with our part size and concurrency),
// into the same discard server (bench/discard-server.mjs, a child process), alternated, 3 rounds (issue 21).
// Each client runs in its own child process, so its CPU (process.cpuUsage, from after its imports to the
// end of the upload) and peak RSS (sampled) are its own. The AWS packages are not in the workspace: they are
// installed, pinned, into node_modules/.cache/jsskit-bench-aws on the first run (npm, --no-save).
// Size: JSS_BENCH_MIB (default 1024).
//
// Our client MD5-hashes every part (Content-MD5) and checks each part's ETag against it, so a JSS part's ETag
// must be its MD5. By default the discard server answers the Content-MD5 the client sent: the client does
// all its work, and the server hashes for neither protocol (a real S3 would check lib-storage's SHA-256 and
// CRC32, a real JSS would MD5 the part, each on its own machine, not on the client's cores).
// `pnpm bench lib-storage --server-md5` makes the server MD5 each JSS part as JSS does instead: on a 2-core
// machine that work competes with the client for the same cores.
import { execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createReadStream, existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { makeFile } from './make-file.mjs';

const run = promisify(execFile);
const MiB = 1024 * 1024;
const AWS_VERSIONS = { '@aws-sdk/client-s3': '3.1178.0', '@aws-sdk/lib-storage': '3.1178.0' };
const AWS_DIR = fileURLToPath(new URL('../node_modules/.cache/jsskit-bench-aws/', import.meta.url));
const SERVER = fileURLToPath(new URL('./discard-server.mjs', import.meta.url));
const ENGINE = new URL('../packages/multipart/dist/index.js', import.meta.url).href;
const TRANSPORT = new URL('../packages/http-transport/dist/index.js', import.meta.url).href;

/** Installs the pinned AWS packages into AWS_DIR unless they are there already. */
async function ensureAwsPackages() {
  const installed = Object.entries(AWS_VERSIONS).every(([name, version]) => {
    const manifest = join(AWS_DIR, 'node_modules', name, 'package.json');
    return existsSync(manifest) && JSON.parse(readFileSync(manifest, 'utf8')).version === version;
  });
  if (installed) return;
  await mkdir(AWS_DIR, { recursive: true });
  const specs = Object.entries(AWS_VERSIONS).map(([name, version]) => `${name}@${version}`);
  console.log(`installing ${specs.join(' ')} into ${AWS_DIR}`);
  await run('npm', ['install', '--prefix', AWS_DIR, '--no-save', '--no-audit', '--no-fund', ...specs]);
}

async function startDiscardServer(etagMode) {
  const child = spawn(process.execPath, [SERVER, '--etag', etagMode], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const [line] = await once(child.stdout.setEncoding('utf8'), 'data');
  return {
    endpoint: line.trim(),
    cpuSeconds: () => processCpuSeconds(child.pid),
    close: async () => {
      child.kill('SIGTERM');
      await once(child, 'exit');
    },
  };
}

/** utime + stime of a process from /proc (Linux); NaN elsewhere. */
function processCpuSeconds(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return Number.NaN;
  }
}

// Both clients' code: set up, then time the upload alone, and print one JSON line.
// Peak RSS is sampled (every 20 ms, and at the end): maxRSS would count the parent's RSS at the fork.
const MEASURE = `
  let peakRss = process.memoryUsage.rss();
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage.rss())), 20);
  const cpu = process.cpuUsage();
  const start = performance.now();
  await upload();
  const seconds = (performance.now() - start) / 1000;
  const used = process.cpuUsage(cpu);
  clearInterval(sampler);
  peakRss = Math.max(peakRss, process.memoryUsage.rss());
  await close();
  console.log(JSON.stringify({ seconds, cpuSeconds: (used.user + used.system) / 1e6, peakRss }));`;

const JSSKIT_CLIENT = `
  const { uploadObject } = await import(${JSON.stringify(ENGINE)});
  const { createTransport } = await import(${JSON.stringify(TRANSPORT)});
  const [endpoint, key, source] = process.argv.slice(1);
  const transport = createTransport({ endpoint, credentials: { accessKeyId: 'AK', secretAccessKey: 'SK' } });
  const upload = () => uploadObject({ transport, bucket: 'bench', key, source });
  const close = () => transport.close();
  ${MEASURE}`;

const LIB_STORAGE_CLIENT = `
  const { createRequire } = await import('node:module');
  const { createReadStream } = await import('node:fs');
  const require = createRequire(${JSON.stringify(join(AWS_DIR, 'index.js'))});
  const { S3Client } = require('@aws-sdk/client-s3');
  const { Upload } = require('@aws-sdk/lib-storage');
  const [endpoint, key, source, tuning] = process.argv.slice(1);
  const client = new S3Client({ endpoint, region: 'us-east-1', forcePathStyle: true,
    credentials: { accessKeyId: 'AK', secretAccessKey: 'SK' } });
  const params = { Bucket: 'bench', Key: key, Body: createReadStream(source) };
  const upload = () => new Upload({ client, params, ...JSON.parse(tuning) }).done();
  const close = async () => client.destroy();
  ${MEASURE}`;

/** One upload by a client in its own process, with the server's CPU seconds meanwhile. */
async function uploadInChild(runner, context, round) {
  const { server, source, mebibytes } = context;
  const before = server.cpuSeconds();
  const args = ['--input-type=module', '-e', runner.code, server.endpoint, `${runner.key}-${round}`, source];
  const { stdout } = await run(process.execPath, [...args, JSON.stringify(runner.tuning ?? {})]);
  const measured = JSON.parse(stdout.trim().split('\n').at(-1));
  const serverCpu = server.cpuSeconds() - before;
  return {
    round,
    client: runner.name,
    load: load(),
    'MiB/s': Math.round(mebibytes / measured.seconds),
    'client CPU s/GiB': Number(((measured.cpuSeconds * 1024) / mebibytes).toFixed(2)),
    'client peak RSS MiB': Math.round(measured.peakRss / MiB),
    'server CPU s/GiB': Number(((serverCpu * 1024) / mebibytes).toFixed(2)),
    // What the cores could do at best for this CPU: client and server work spread over every core.
    'CPU ceiling MiB/s': Math.round((mebibytes * availableParallelism()) / (measured.cpuSeconds + serverCpu)),
  };
}

const load = () =>
  loadavg()
    .map((value) => value.toFixed(2))
    .join(' ');

const RUNNERS = [
  { name: 'jsskit uploadObject (defaults)', key: 'jsskit', code: JSSKIT_CLIENT },
  { name: 'lib-storage Upload (defaults)', key: 'ls-default', code: LIB_STORAGE_CLIENT },
  {
    name: 'lib-storage Upload (8 MiB, 4)',
    key: 'ls-same',
    code: LIB_STORAGE_CLIENT,
    tuning: { partSize: 8 * MiB, queueSize: 4 },
  },
];

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** One client's figures over the rounds: best and median MiB/s, lowest and median CPU, highest RSS. */
function summarize(rows, runner) {
  const mine = rows.filter((row) => row.client === runner.name);
  const column = (name) => mine.map((row) => row[name]);
  return {
    best: Math.max(...column('MiB/s')),
    medianSpeed: median(column('MiB/s')),
    cpu: Math.min(...column('client CPU s/GiB')),
    medianCpu: median(column('client CPU s/GiB')),
    rss: Math.max(...column('client peak RSS MiB')),
  };
}

/**
 * Ours against each lib-storage setting, on each client's best MiB/s and lowest CPU (as the other benches),
 * medians beside; the verdict is against lib-storage's defaults.
 */
function printVerdict(rows) {
  const [ours, ...theirs] = RUNNERS.map((runner) => ({ runner, ...summarize(rows, runner) }));
  const verdicts = theirs.map((other) => {
    const speed = ours.best / other.best;
    const cpu = ours.cpu / other.cpu;
    const met = speed >= 2 && cpu <= 0.5;
    console.log(
      `ours / ${other.runner.name}: MiB/s ${speed.toFixed(2)}x (target >= 2; medians ` +
        `${(ours.medianSpeed / other.medianSpeed).toFixed(2)}x), client CPU s/GiB ${cpu.toFixed(2)}x ` +
        `(target <= 0.5; medians ${(ours.medianCpu / other.medianCpu).toFixed(2)}x), peak RSS ` +
        `${ours.rss} against ${other.rss} MiB: targets ${met ? 'met' : 'NOT met'}`,
    );
    return { ratio: speed, met };
  });
  return verdicts[0];
}

export async function runLibStorageBench() {
  const mebibytes = Number(process.env.JSS_BENCH_MIB ?? 1024);
  const etagMode = process.argv.includes('--server-md5') ? 'md5' : 'content-md5';
  await ensureAwsPackages();
  const directory = await mkdtemp(join(tmpdir(), 'jss-bench-ls-'));
  const source = join(directory, 'source.bin');
  await makeFile(source, mebibytes);
  for await (const _chunk of createReadStream(source)); // every run reads it from the page cache
  const server = await startDiscardServer(etagMode);
  const context = { server, source, mebibytes };
  try {
    console.log(
      `\n== upload vs lib-storage: ${mebibytes} MiB file into a discard server (JSS part ETags: ` +
        `${etagMode === 'md5' ? 'MD5 computed by the server' : "the client's Content-MD5 echoed"}), ` +
        `${availableParallelism()} cores, load ${load()} ==`,
    );
    const rows = [];
    for (let round = 0; round < 3; round++) {
      // The order turns each round, so no client always runs first or right after another.
      for (let turn = 0; turn < RUNNERS.length; turn++)
        rows.push(await uploadInChild(RUNNERS[(round + turn) % RUNNERS.length], context, round));
    }
    console.table(rows);
    const verdict = printVerdict(rows);
    return { name: 'upload vs lib-storage (MiB/s)', ...verdict };
  } finally {
    await server.close();
    await rm(directory, { recursive: true, force: true });
  }
}
