import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { createTransport } from '@jsskit/http-transport';
import { startLocalServer } from '@jsskit/local-server';
import { createPresignedUpload, FileCheckpointStore, type UploadState } from '@jsskit/multipart';
import { fileDigests, PART_SIZE, writeRandomFile } from './file-digests.ts';
import { formatBytes, formatTable, uploadRow } from './format.ts';
import { runRemoteSigningStep } from './remote-signing-step.ts';
import { startJss } from './run-jss.ts';
import { runSyncStep } from './sync-step.ts';

/** Settings of a showcase run. */
export interface ShowcaseOptions {
  /** @defaultValue 320 MiB */
  readonly sizeBytes?: number | undefined;
  readonly out?: NodeJS.WritableStream | undefined;
  /** The `jss` command to run. @defaultValue the `jss` of @jsskit/cli */
  readonly jssBin?: string | undefined;
}

/** One row of the summary; `ok` false fails the run. */
interface Check {
  readonly step: string;
  readonly ok: boolean;
  readonly detail: string;
}

const MiB = 1024 * 1024;
const CONCURRENCY = 4; // the CLI's default
const BUCKET = 'showcase';
const KEY = 'big/showcase.bin';
const THROTTLED_BYTES = 48 * MiB;
const CAP_MIB = 32; // step 7's --limit-rate, in MiB/s

/** The checkpoint of the showcase's upload, once `jss cp` has written one. */
async function uploadCheckpoint(store: FileCheckpointStore): Promise<UploadState | undefined> {
  for (const id of await store.list()) {
    const state = await store.load(id);
    if (state?.bucket === BUCKET && state.key === KEY) return state;
  }
  return undefined;
}

/**
 * The showcase: every layer against the embedded local server. Uploads a few hundred MiB with the `jss` CLI,
 * kills the uploader for real and resumes it under injected resets, a damaged part and a 503 burst, downloads and verifies
 * the object, sweeps an orphaned upload, uploads against a server that throttles, under a bandwidth cap, and
 * with no secret on the client (remote signing), and syncs a directory by content. Returns the number of failed checks.
 */
export async function runShowcase(options: ShowcaseOptions = {}): Promise<number> {
  const out = options.out ?? process.stdout;
  const size = options.sizeBytes ?? 320 * MiB;
  const say = (text: string) => out.write(`${text}\n`);
  const checks: Check[] = [];
  const check = (step: string, ok: boolean, detail: string) => {
    checks.push({ step, ok, detail });
    say(`  ${ok ? '✓' : '✗'} ${detail}`);
  };
  const directory = await mkdtemp(join(tmpdir(), 'jsskit-showcase-'));
  const server = await startLocalServer({ dataDir: join(directory, 'data') });
  const credentials = server.credentials[0] ?? { accessKeyId: '', secretAccessKey: '' };
  const transport = createTransport({ endpoint: server.endpoint, credentials });
  const env = {
    ...process.env,
    JSS_ENDPOINT: server.endpoint,
    JSS_ACCESS_KEY: credentials.accessKeyId,
    JSS_SECRET_KEY: credentials.secretAccessKey,
    JSS_CHECKPOINT_DIR: join(directory, 'checkpoints'),
  };
  const jss = (args: readonly string[]) => startJss(args, env, options.jssBin);
  const started = performance.now();
  try {
    say(`jsskit showcase: local server at ${server.endpoint}, data in ${directory}\n`);

    say(`1. Create bucket ${BUCKET} and a ${formatBytes(size)} file of random bytes`);
    const made = await jss(['mb', `jss://${BUCKET}`]).finished;
    check('bucket', made.code === 0, `jss mb jss://${BUCKET} exited ${made.code}`);
    const source = join(directory, 'showcase.bin');
    await writeRandomFile(source, size);
    const expected = await fileDigests(source);
    say(`  MD5 ${expected.md5}, multipart ETag of 8 MiB parts ${expected.multipartETag}`);

    say('\n2. Upload with `jss cp`, and kill the uploader with SIGKILL partway through');
    const totalParts = Math.ceil(size / PART_SIZE);
    const killAt = Math.max(2, Math.floor(totalParts * 0.4));
    // Parts after the kill point answer slowly, so that the kill lands while parts are in flight.
    const slow = server.faults.add({
      operation: 'UploadPart',
      nth: killAt + 1,
      times: Number.POSITIVE_INFINITY,
      action: { type: 'stall', ms: 2_000 },
    });
    const first = jss(['cp', source, `jss://${BUCKET}/${KEY}`]);
    // The kill comes once the uploader's own checkpoint has recorded killAt parts: a part the server stored
    // but the checkpoint had not yet recorded was in flight, and a resume rightly sends it again.
    const checkpoints = new FileCheckpointStore(join(directory, 'checkpoints'));
    let partsAtKill = 0;
    let uploadId = '';
    for (let waited = 0; waited < 60_000 && first.process.exitCode === null; waited += 50) {
      const state = await uploadCheckpoint(checkpoints);
      uploadId = state?.uploadId ?? '';
      partsAtKill = state?.parts.length ?? 0;
      if (partsAtKill >= killAt) break;
      await delay(50);
    }
    first.process.kill('SIGKILL');
    const killed = await first.finished;
    slow.remove();
    check(
      'kill',
      killed.signal === 'SIGKILL',
      `uploader killed by ${killed.signal ?? `exit ${killed.code}`} with ${partsAtKill} of ${totalParts} parts recorded in its checkpoint`,
    );

    say(
      '\n3. Run the same `jss cp` again: it resumes, through connection resets, a part damaged on the way and a 503 burst',
    );
    const resets = server.faults.add({
      operation: 'UploadPart',
      nth: 2,
      times: 2,
      action: { type: 'reset', afterBodyBytes: MiB },
    });
    // One bit of a part flipped on the way: the server refuses its Content-MD5 (BadDigest), and the part is
    // sent again from the uploader's own bytes.
    const damaged = server.faults.add({
      operation: 'UploadPart',
      nth: 4,
      action: { type: 'corrupt-body', atByte: 12_345 },
    });
    const burst = server.faults.add({
      operation: 'UploadPart',
      nth: 5,
      times: 3,
      action: { type: 'error', status: 503, code: 'ServiceUnavailable', retryAfterSeconds: 0 },
    });
    const resumed = await jss(['cp', source, `jss://${BUCKET}/${KEY}`]).finished;
    const upload = resumed.results[0] ?? {};
    server.faults.clear();
    check('resume', resumed.code === 0, `jss cp exited ${resumed.code}`);
    check(
      'resume',
      upload.uploadId === uploadId &&
        partsAtKill > 0 &&
        Number(upload.resumedBytes) >= partsAtKill * PART_SIZE,
      `resumed upload ${String(upload.uploadId)}: skipped ${formatBytes(Number(upload.resumedBytes))}, every part the checkpoint recorded; only the parts in flight at the kill were sent again`,
    );
    check(
      'faults',
      resets.hits === 2 && damaged.hits === 1 && burst.hits === 3 && Number(upload.retries) >= 6,
      `${resets.hits} resets, ${damaged.hits} damaged part and ${burst.hits} 503s injected, ${String(upload.retries)} retries made, upload finished`,
    );
    check(
      'etag',
      upload.etag === expected.multipartETag,
      `object ETag ${String(upload.etag)} equals the multipart ETag computed locally`,
    );

    say('\n4. Download with `jss cp` and verify the bytes');
    const downloaded = join(directory, 'downloaded.bin');
    const download = await jss(['cp', `jss://${BUCKET}/${KEY}`, downloaded]).finished;
    const got = download.results[0] ?? {};
    check(
      'download',
      download.code === 0 && got.check === 'multipart-etag',
      `download checked by ${String(got.check)}`,
    );
    const actual = await fileDigests(downloaded);
    check('md5', actual.md5 === expected.md5, `downloaded MD5 ${actual.md5} equals the source's`);

    say('\n5. Leave an upload orphaned, list it, and sweep it');
    const orphan = await createPresignedUpload({
      transport,
      bucket: BUCKET,
      key: 'orphans/left.bin',
      size: 2 * MiB,
    });
    const listed = await jss(['uploads', `jss://${BUCKET}/orphans/`]).finished;
    check(
      'orphan',
      listed.results.some((row) => row.uploadId === orphan.uploadId),
      `jss uploads lists the orphan ${orphan.uploadId}`,
    );
    await delay(1_100);
    const swept = await jss(['abort', `jss://${BUCKET}/orphans/`, '--older-than', '1s']).finished;
    const after = await jss(['uploads', `jss://${BUCKET}/`]).finished;
    check(
      'sweep',
      swept.code === 0 && swept.results.length === 1 && after.results.length === 0,
      `jss abort --older-than 1s aborted ${swept.results.length}; ${after.results.length} uploads left`,
    );

    say('\n6. Upload while the server throttles (503 SlowDown above 2 parts in flight): `jss cp` backs off');
    const throttledSource = join(directory, 'throttled.bin');
    await writeRandomFile(throttledSource, THROTTLED_BYTES);
    const throttledDigests = await fileDigests(throttledSource);
    const throttle = server.faults.add({
      operation: 'UploadPart',
      times: Number.POSITIVE_INFINITY,
      whenInFlightAbove: 2,
      action: { type: 'error', status: 503, code: 'SlowDown', retryAfterSeconds: 0 },
    });
    server.faults.add({
      operation: 'UploadPart',
      times: Number.POSITIVE_INFINITY,
      action: { type: 'stall', ms: 50 },
    });
    const throttledRun = await jss(['cp', throttledSource, `jss://${BUCKET}/throttled.bin`]).finished;
    server.faults.clear();
    const throttled = throttledRun.results[0] ?? {};
    check(
      'throttle',
      throttledRun.code === 0 &&
        Number(throttled.throttles) > 0 &&
        Number(throttled.throttles) === throttle.hits &&
        Number(throttled.lowestConcurrency) <= 2 &&
        throttled.etag === throttledDigests.multipartETag,
      `${throttle.hits} SlowDown answers; parts in flight went from ${CONCURRENCY} down to ${String(throttled.lowestConcurrency)}; ETag verified`,
    );

    say(`\n7. Upload under a bandwidth cap (\`jss cp --limit-rate ${CAP_MIB}M\`): the parts share the cap`);
    const cappedRun = await jss([
      'cp',
      throttledSource,
      `jss://${BUCKET}/capped.bin`,
      '--limit-rate',
      `${CAP_MIB}M`,
    ]).finished;
    const capped = cappedRun.results[0] ?? {};
    // The cap lets one 64 KiB slice go ahead of the rate: the upload cannot take less than this.
    const fastest = (THROTTLED_BYTES - 64 * 1024) / (CAP_MIB * MiB);
    check(
      'cap',
      cappedRun.code === 0 &&
        Number(capped.seconds) >= fastest &&
        capped.etag === throttledDigests.multipartETag,
      `${THROTTLED_BYTES / MiB} MiB in ${Number(capped.seconds).toFixed(2)} s (${String(capped.mibPerSecond)} MiB/s, cap ${CAP_MIB}); ETag verified`,
    );

    say(
      '\n8. Upload with no secret on the client, as a page would: an endpoint of the app signs each request',
    );
    const remote = await runRemoteSigningStep({
      endpoint: server.endpoint,
      credentials,
      bucket: BUCKET,
      source: throttledSource,
      multipartETag: throttledDigests.multipartETag,
      transport,
      check,
    });

    say('\n9. Sync a directory with `jss sync`, change one byte of one file (same size), sync again');
    await runSyncStep({ directory, bucket: BUCKET, jss: (args) => jss(args).finished, check });

    const seconds = (performance.now() - started) / 1000;
    say('\nSummary');
    say(
      formatTable([
        ['', 'MiB/s', 'parts', 'retries', 'sent', 'resent', 'skipped'],
        uploadRow(
          'upload (resumed)',
          upload,
          size - Number(upload.resumedBytes),
          formatBytes(Number(upload.resumedBytes)),
        ),
        uploadRow('upload (throttled)', throttled, THROTTLED_BYTES),
        uploadRow('upload (capped)', capped, THROTTLED_BYTES),
        uploadRow('upload (remote-signed)', remote, THROTTLED_BYTES),
        [
          'download',
          (size / MiB / Math.max(Number(got.seconds), 0.001)).toFixed(1),
          '',
          String(got.restarts),
          formatBytes(Number(got.receivedBytes)),
          '',
          '',
        ],
      ]),
    );
    const failed = checks.filter((entry) => !entry.ok);
    say(
      `\n${checks.length - failed.length}/${checks.length} checks passed in ${seconds.toFixed(1)} s${failed.length > 0 ? `; FAILED: ${failed.map((entry) => entry.step).join(', ')}` : ''}`,
    );
    return failed.length;
  } catch (error) {
    say(`  ✗ the showcase stopped: ${(error as Error).message}`);
    return checks.filter((entry) => !entry.ok).length + 1;
  } finally {
    await transport.close();
    await server.close();
    await rm(directory, { recursive: true, force: true });
  }
}
