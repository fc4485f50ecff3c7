// stopOnSignals in a real child process: SIGINT stops the upload cleanly (resumable, exit 130), and a cleanup
// that hangs cannot keep the process alive past timeoutMs.
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { FileCheckpointStore, listIncompleteUploads, uploadObject } from '@jsskit/multipart';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildPackages } from '../helpers/build-packages.ts';
import { cleanEnv } from '../helpers/clean-env.ts';
import { type LocalFixture, startLocalFixture, writeRandomSource } from '../helpers/local-fixture.ts';

const here = dirname(fileURLToPath(import.meta.url));
const MiB = 1024 * 1024;
let fixture: LocalFixture;
let source: string;
let data: Buffer;

beforeAll(async () => {
  buildPackages('multipart');
  fixture = await startLocalFixture({ name: 'signals', bucket: 'signals' });
  ({ source, data } = await writeRandomSource(fixture.directory, 12 * MiB));
}, 60_000);

afterEach(() => fixture.server.faults.clear());

afterAll(() => fixture.close());

/** Every UploadPart from the third on takes a while, so that a signal lands mid-upload. */
function slowPartsFromThird(): void {
  fixture.server.faults.add({
    operation: 'UploadPart',
    nth: 3,
    times: Number.POSITIVE_INFINITY,
    action: { type: 'stall', ms: 300 },
  });
}

/** Starts the child, sends SIGINT once it reported two parts done, and returns how it ended. */
async function interrupt(key: string, onFailure: 'keep' | 'abort', timeoutMs: number) {
  const { server, directory } = fixture;
  const [credentials] = server.credentials;
  const args = [server.endpoint, credentials?.accessKeyId ?? '', credentials?.secretAccessKey ?? ''];
  args.push(source, join(directory, 'checkpoints'), key, onFailure, String(timeoutMs));
  const child = spawn(process.execPath, [join(here, '..', 'fixtures', 'signal-child.mjs'), ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: cleanEnv(),
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
    const { server, transport, directory } = fixture;
    slowPartsFromThird();
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
    const { server, transport } = fixture;
    slowPartsFromThird();
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
