// PutObject throughput into @jsskit/local-server with `curl -T`, next to a raw copy of the same bytes to a
// file and a bare MD5 of them, all measured in the same run (issue 3). Size: JSS_BENCH_MIB (default 1024).
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { promisify } from 'node:util';
import { startLocalServer } from '../packages/local-server/dist/index.js';
import { signRequestSync } from '../packages/signer/dist/index.js';
import { makeFile } from './make-file.mjs';

const run = promisify(execFile);
const MiB = 1024 * 1024;

async function timed(work) {
  const started = process.hrtime.bigint();
  await work();
  return Number(process.hrtime.bigint() - started) / 1e9;
}

async function curlPut(server, file, size) {
  const request = { method: 'PUT', bucket: 'bench', key: `object-${Date.now()}` };
  const signed = signRequestSync(request, { credentials: server.credentials[0] });
  const url = `${server.endpoint}/${request.bucket}/${request.key}`;
  const args = ['-sS', '-o', '/dev/null', '-w', '%{http_code}', '-T', file, url, '-H', 'Expect:'];
  for (const [name, value] of Object.entries({ ...signed, 'Content-Length': size }))
    args.push('-H', `${name}: ${value}`);
  const { stdout } = await run('curl', args);
  if (stdout !== '200') throw new Error(`curl PUT answered ${stdout}`);
}

export async function runLocalServerBench() {
  const mebibytes = Number(process.env.JSS_BENCH_MIB ?? 1024);
  const directory = await mkdtemp(join(tmpdir(), 'jss-bench-'));
  const source = join(directory, 'source.bin');
  await makeFile(source, mebibytes);
  const size = mebibytes * MiB;
  const server = await startLocalServer({ dataDir: join(directory, 'data') });
  try {
    const signed = signRequestSync(
      { method: 'PUT', bucket: 'bench' },
      { credentials: server.credentials[0] },
    );
    await fetch(`${server.endpoint}/bench`, { method: 'PUT', headers: signed });
    const rows = [];
    for (let round = 0; round < 2; round++) {
      const copy = await timed(() =>
        pipeline(
          createReadStream(source, { highWaterMark: MiB }),
          createWriteStream(join(directory, 'copy.bin')),
        ),
      );
      const md5 = await timed(async () => {
        const hash = createHash('md5');
        for await (const chunk of createReadStream(source, { highWaterMark: MiB })) hash.update(chunk);
        hash.digest();
      });
      const put = await timed(() => curlPut(server, source, size));
      rows.push({
        round,
        'raw copy MiB/s': mebibytes / copy,
        'bare MD5 MiB/s': mebibytes / md5,
        'curl -T PutObject MiB/s': mebibytes / put,
      });
      await writeFile(join(directory, 'copy.bin'), '');
    }
    console.log(`\n== local-server: ${mebibytes} MiB PutObject ==`);
    console.table(
      rows.map((row) =>
        Object.fromEntries(Object.entries(row).map(([k, v]) => [k, k === 'round' ? v : Math.round(v)])),
      ),
    );
    const best = (name) => Math.max(...rows.map((row) => row[name]));
    const ratio = best('curl -T PutObject MiB/s') / best('raw copy MiB/s');
    console.log(
      `ratio PutObject / raw copy = ${ratio.toFixed(2)}; PutObject / bare MD5 = ${(best('curl -T PutObject MiB/s') / best('bare MD5 MiB/s')).toFixed(2)}`,
    );
    return { name: 'local-server PutObject vs raw copy', ratio, met: undefined };
  } finally {
    await server.close();
    await rm(directory, { recursive: true, force: true });
  }
}
