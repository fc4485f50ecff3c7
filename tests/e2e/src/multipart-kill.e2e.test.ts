// A child process uploading with a file checkpoint is killed with SIGKILL at random moments; the upload
// then resumes here and must end with the right bytes, sending again at most the parts in flight.
import { spawn } from 'node:child_process';
import { randomBytes, randomInt } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { createTransport } from '@jsskit/http-transport';
import { startLocalServer } from '@jsskit/local-server';
import { FileCheckpointStore, uploadObject } from '@jsskit/multipart';
import { describe, expect, it } from 'vitest';
import { buildPackages } from '../helpers/build-packages.ts';
import { cleanEnv } from '../helpers/clean-env.ts';

const here = dirname(fileURLToPath(import.meta.url));
const PARTS = 24;
const CONCURRENCY = 3;

/** Runs the child until it reported `killAfter` finished parts, then SIGKILLs it. */
async function runAndKill(args: string[], killAfter: number): Promise<number> {
  const child = spawn(process.execPath, [join(here, '..', 'fixtures', 'multipart-child.mjs'), ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: cleanEnv(),
  });
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  let reported = 0;
  for await (const line of createInterface({ input: child.stdout })) {
    if (line.startsWith('done ')) reported++;
    if (reported >= killAfter || line === 'finished') {
      child.kill('SIGKILL');
      break;
    }
  }
  await exited;
  return reported;
}

describe('multipart resume after SIGKILL', () => {
  it('resumes after kills at random moments and sends again at most the parts in flight', async () => {
    buildPackages('multipart', 'local-server');
    const directory = await mkdtemp(join(tmpdir(), 'jsskit-kill-'));
    await using server = await startLocalServer({ dataDir: join(directory, 'data') });
    const credentials = server.credentials[0] as (typeof server.credentials)[0];
    const transport = createTransport({ endpoint: server.endpoint, credentials });
    await transport.send({ method: 'PUT', bucket: 'killed' });
    try {
      for (let trial = 0; trial < 3; trial++) {
        const data = randomBytes(PARTS * 1024 * 1024 - 999);
        const source = join(directory, `source-${trial}.bin`);
        await writeFile(source, data);
        const checkpoints = join(directory, `checkpoints-${trial}`);
        const reported = await runAndKill(
          [
            server.endpoint,
            credentials.accessKeyId,
            credentials.secretAccessKey,
            source,
            checkpoints,
            `object-${trial}`,
          ],
          randomInt(2, PARTS - 4),
        );
        expect(reported).toBeGreaterThan(0);
        expect(reported).toBeLessThan(PARTS);
        const started: number[] = [];
        const result = await uploadObject({
          transport,
          bucket: 'killed',
          key: `object-${trial}`,
          source,
          partSize: 1024 * 1024,
          concurrency: CONCURRENCY,
          checkpointStore: new FileCheckpointStore(checkpoints),
          onPart: (event) => event.state === 'started' && started.push(event.partNumber),
        });
        const reusedParts = result.resumedBytes / (1024 * 1024);
        expect(reusedParts).toBeGreaterThanOrEqual(reported);
        // Resent beyond what was never sent: at most the parts in flight at the kill.
        expect(started.length).toBeLessThanOrEqual(PARTS - reported);
        expect(PARTS - reusedParts - started.length).toBe(0);
        const stored = Buffer.from(
          (await transport.send({ method: 'GET', bucket: 'killed', key: `object-${trial}` })).body,
        );
        expect(stored.equals(data)).toBe(true);
      }
    } finally {
      await transport.close();
      await rm(directory, { recursive: true, force: true });
    }
  });
});
