// stopOnSignals in a real child process: SIGINT stops the upload cleanly (resumable, exit 130), and a cleanup
// that hangs cannot keep the process alive past timeoutMs.
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { createTransport, type Transport } from '@jsskit/http-transport';
import { type LocalServer, startLocalServer } from '@jsskit/local-server';
import { FileCheckpointStore, listIncompleteUploads, uploadObject } from '@jsskit/multipart';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..', '..', '..');
const MiB = 1024 * 1024;
let directory: string;
let server: LocalServer;
let transport: Transport;
let source: string;
let data: Buffer;

beforeAll(async () => {
  execFileSync(process.execPath, [
    join(root, 'node_modules', 'typescript', 'bin', 'tsc'),
    '-b',
    join(root, 'packages', 'multipart'),
  ]);
  directory = await mkdtemp(join(tmpdir(), 'jsskit-signals-'));
  server = await startLocalServer({ dataDir: join(directory, 'data') });
  transport = createTransport({
    endpoint: server.endpoint,
    credentials: server.credentials[0] as (typeof server.credentials)[0],
  });
  await transport.send({ method: 'PUT', bucket: 'signals' });
  data = randomBytes(12 * MiB);
  source = join(directory, 'source.bin');
  await writeFile(source, data);
}, 60_000);

afterEach(() => server.faults.clear());

afterAll(async () => {
  await transport.close();
  await server.close();
  await rm(directory, { recursive: true, force: true });
});

/** Starts the child, sends SIGINT once it reported two parts done, and returns how it ended. */
async function interrupt(key: string, onFailure: 'keep' | 'abort', timeoutMs: number) {
  const [credentials] = server.credentials;
  const args = [server.endpoint, credentials?.accessKeyId ?? '', credentials?.secretAccessKey ?? ''];
  args.push(source, join(directory, 'checkpoints'), key, onFailure, String(timeoutMs));
  const child = spawn(process.execPath, [join(here, '..', 'fixtures', 'signal-child.mjs'), ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  const lines: string[] = [];
  let signalledAt = 0;
  for await (const line of createInterface({ input: child.stdout })) {
    lines.push(line);
    if (signalledAt === 0 && lines.filter((entry) => entry.startsWith('done ')).length >= 2) {
      signalledAt = performance.now();
      child.kill('SIGINT');
    }
  }
  return { code: await exited, lines, secondsAfterSignal: (performance.now() - signalledAt) / 1000 };
}

describe('stopOnSignals × a child process', () => {
  it('stops on SIGINT with exit 130, keeps the upload resumable, and a rerun finishes it', async () => {
    // Parts after the first two take a while, so the signal lands mid-upload.
    server.faults.add({
      operation: 'UploadPart',
      nth: 3,
      times: Number.POSITIVE_INFINITY,
      action: { type: 'stall', ms: 300 },
    });
    const run = await interrupt('kept.bin', 'keep', 10_000);
    expect(run.code).toBe(130);
    expect(run.lines.at(-1)).toBe('stopped MULTIPART_ABORTED kept SIGINT');
    server.faults.clear();
    const resumed = await uploadObject({
      transport,
      bucket: 'signals',
      key: 'kept.bin',
      source,
      partSize: MiB,
      checkpointStore: new FileCheckpointStore(join(directory, 'checkpoints')),
    });
    expect(resumed.resumedBytes).toBeGreaterThanOrEqual(2 * MiB);
    const stored = await transport.send({ method: 'GET', bucket: 'signals', key: 'kept.bin' });
    expect(Buffer.from(stored.body).equals(data)).toBe(true);
  });

  it('exits with 130 after timeoutMs when the cleanup hangs', async () => {
    server.faults.add({
      operation: 'UploadPart',
      nth: 3,
      times: Number.POSITIVE_INFINITY,
      action: { type: 'stall', ms: 300 },
    });
    // Aborting on the server (onFailure 'abort') would take 30 s: the exit timer must not wait for it.
    server.faults.add({
      operation: 'AbortMultipartUpload',
      times: Number.POSITIVE_INFINITY,
      action: { type: 'stall', ms: 30_000 },
    });
    const run = await interrupt('hung.bin', 'abort', 500);
    expect(run.code).toBe(130);
    expect(run.lines.some((line) => line.startsWith('stopped'))).toBe(false);
    expect(run.secondsAfterSignal).toBeLessThan(20);
    const open = await listIncompleteUploads(transport, 'signals', 'hung.bin');
    expect(open).toHaveLength(1);
  });
});
