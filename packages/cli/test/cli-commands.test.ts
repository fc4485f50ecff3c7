// Every `jss` command through a child process against a local server on port 0.
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createTransport, type Transport } from '@jsskit/http-transport';
import { DEFAULT_CREDENTIALS as DEFAULT_KEYS, type LocalServer } from '@jsskit/local-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliServer, startCliServer } from './helpers/cli-server.ts';
import { jsonLines, runCli } from './helpers/run-cli.ts';

const MiB = 1024 * 1024;
const md5 = (bytes: Uint8Array) => createHash('md5').update(bytes).digest('hex');
let cli: CliServer;
let directory: string;
let server: LocalServer;
let transport: Transport;
let env: NodeJS.ProcessEnv;
let data: Buffer;
let file: string;

beforeAll(async () => {
  cli = await startCliServer('cli', 9 * MiB + 123);
  ({ directory, server, env, data, file } = cli);
  transport = createTransport({
    endpoint: server.endpoint,
    credentials: server.credentials[0] ?? DEFAULT_KEYS,
  });
  expect((await runCli(['mb', 'jss://cli-test'], env)).code).toBe(0);
});

afterAll(async () => {
  await transport.close();
  await cli.close();
});

describe('jss commands', () => {
  it('uploads a file in parts and prints the documented --json fields', async () => {
    const run = await runCli(['--json', 'cp', file, 'jss://cli-test/dir/', '--part-size', '2MiB'], env);
    expect(run.code).toBe(0);
    const [result] = jsonLines(run);
    expect(result).toMatchObject({ bucket: 'cli-test', key: 'dir/input.bin', size: data.length, parts: 5 });
    for (const field of ['etag', 'uploadId', 'sentBytes', 'resumedBytes', 'retries', 'seconds'])
      expect(result).toHaveProperty(field);
    const stat = jsonLines(await runCli(['--json', 'stat', 'jss://cli-test/dir/input.bin'], env))[0];
    expect(stat).toMatchObject({ size: data.length, etag: result?.etag, storageClass: 'STANDARD' });
  });

  it('lowers the parts in flight when the server throttles, and says so', async () => {
    const throttle = server.faults.add({
      operation: 'UploadPart',
      times: Number.POSITIVE_INFINITY,
      whenInFlightAbove: 1,
      action: { type: 'error', status: 503, code: 'SlowDown', retryAfterSeconds: 0 },
    });
    const stall = server.faults.add({
      operation: 'UploadPart',
      times: Number.POSITIVE_INFINITY,
      action: { type: 'stall', ms: 50 },
    });
    try {
      const run = await runCli(
        ['--json', 'cp', file, 'jss://cli-test/throttled.bin', '--part-size', '1MiB'],
        env,
      );
      expect(run.code).toBe(0);
      const [result] = jsonLines(run);
      expect(result).toMatchObject({ size: data.length, parts: 10, lowestConcurrency: 1 });
      expect(result?.throttles).toBe(throttle.hits);
      expect(run.stderr).toMatch(
        /the server throttled \d+ requests? \(503\/SlowDown\); parts in flight went down to 1/,
      );
    } finally {
      throttle.remove();
      stall.remove();
    }
  });

  it('keeps uploads and downloads under --limit-rate', async () => {
    const up = await runCli(['--json', 'cp', file, 'jss://cli-test/capped.bin', '--limit-rate', '16M'], env);
    expect(up.code).toBe(0);
    const [sent] = jsonLines(up);
    // 9 MiB at 16 MiB/s, one 64 KiB slice ahead: at least 0.558 s.
    expect(sent).toMatchObject({ size: data.length });
    expect(sent?.seconds).toBeGreaterThanOrEqual((data.length - 64 * 1024) / (16 * MiB));
    const target = join(directory, 'capped.bin');
    const down = await runCli(
      ['--json', 'cp', 'jss://cli-test/capped.bin', target, '--limit-rate', '16M'],
      env,
    );
    expect(down.code).toBe(0);
    expect(jsonLines(down)[0]?.seconds).toBeGreaterThanOrEqual((data.length - 64 * 1024) / (16 * MiB));
    expect((await readFile(target)).equals(data)).toBe(true);
  });

  it('streams stdin up and an object down to stdout', async () => {
    const small = data.subarray(0, 700_000);
    const up = await runCli(['--json', 'cp', '-', 'jss://cli-test/piped.bin'], env, small);
    expect(up.code).toBe(0);
    expect(jsonLines(up)[0]).toMatchObject({ size: small.length, etag: md5(small), parts: 0 });
    const down = await runCli(['cp', 'jss://cli-test/piped.bin', '-'], env);
    expect(down.code).toBe(0);
    expect(md5(down.stdoutBytes)).toBe(md5(small));
  });

  it('keeps stdout to the object alone when --json downloads to it: the result line goes to stderr', async () => {
    const small = data.subarray(0, 1000);
    await runCli(['cp', '-', 'jss://cli-test/json-piped.bin'], env, small);
    const down = await runCli(['--json', 'cp', 'jss://cli-test/json-piped.bin', '-'], env);
    expect(down.code).toBe(0);
    expect(down.stdoutBytes.equals(small)).toBe(true);
    const resultLine = down.stderr.split('\n').find((line) => line.startsWith('{'));
    expect(JSON.parse(resultLine ?? '{}')).toMatchObject({ destination: '-', size: small.length });
  });

  it('downloads to a file and checks the multipart ETag with the part size', async () => {
    const target = join(directory, 'download.bin');
    const run = await runCli(
      ['--json', 'cp', 'jss://cli-test/dir/input.bin', target, '--part-size', '2MiB'],
      env,
    );
    expect(run.code).toBe(0);
    expect(jsonLines(run)[0]).toMatchObject({
      check: 'multipart-etag',
      size: data.length,
      destination: target,
    });
    expect((await readFile(target)).equals(data)).toBe(true);
  });

  it('names the part layout it tried when only the size could be checked, and the one to try', async () => {
    const target = join(directory, 'size-only.bin');
    const source = 'jss://cli-test/dir/input.bin';
    // A given part size is taken as the object's layout: a mismatch fails (exit 5) and keeps nothing.
    const given = await runCli(['cp', source, target, '--part-size', '4MiB'], env);
    expect(given.code).toBe(5);
    expect(given.stderr).toContain('or the object was not uploaded in 4.00 MiB parts (--part-size)');
    expect(given.stderr).toMatch(/\[MULTIPART_CHECKSUM_MISMATCH\]\n$/);
    expect(await readdir(directory)).not.toContain('size-only.bin');
    const defaulted = await runCli(['cp', source, target], env);
    expect(defaulted.stderr).toContain('multipart ETag of 8.00 MiB parts (the default layout for its size)');
    expect(defaulted.stderr).toContain('pass the part size it was uploaded with as --part-size');
  });

  it('lists buckets and objects, with and without --json', async () => {
    const buckets = jsonLines(await runCli(['--json', 'ls'], env));
    expect(buckets.map((row) => row.bucket)).toContain('cli-test');
    const top = jsonLines(await runCli(['--json', 'ls', 'jss://cli-test'], env));
    expect(top).toContainEqual({ bucket: 'cli-test', prefix: 'dir' });
    const deep = jsonLines(await runCli(['--json', 'ls', '-r', 'jss://cli-test/dir/'], env));
    expect(deep.map((row) => row.key)).toEqual(['dir/input.bin']);
    const human = await runCli(['ls', 'jss://cli-test'], env);
    expect(human.stdout).toMatch(/PRE\s+dir\//);
  });

  it('lists, inspects and aborts in-progress uploads', async () => {
    const uploadId = await initiate('orphan.bin');
    const uploads = jsonLines(await runCli(['--json', 'uploads', 'jss://cli-test/orphan'], env));
    expect(uploads).toEqual([expect.objectContaining({ key: 'orphan.bin', uploadId })]);
    const parts = await runCli(
      ['--json', 'parts', 'jss://cli-test/orphan.bin', '--upload-id', uploadId],
      env,
    );
    expect(parts.code).toBe(0);
    expect(jsonLines(parts)).toEqual([]);
    const aborted = await runCli(
      ['--json', 'abort', 'jss://cli-test/orphan.bin', '--upload-id', uploadId],
      env,
    );
    expect(jsonLines(aborted)).toEqual([{ bucket: 'cli-test', key: 'orphan.bin', uploadId, aborted: true }]);
    expect(jsonLines(await runCli(['--json', 'uploads', 'jss://cli-test'], env))).toEqual([]);
  });

  it('says NoSuchUpload (exit 3) when the upload to abort does not exist, never "aborted"', async () => {
    const run = await runCli(['abort', 'jss://cli-test/orphan.bin', '--upload-id', 'NOPE'], env);
    expect(run.code).toBe(3);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^jss: [^\n]+ \[NoSuchUpload\]\n$/);
  });

  it('sweeps uploads older than an age, and keeps younger ones', async () => {
    await initiate('sweep/a.bin');
    const young = await runCli(['--json', 'abort', 'jss://cli-test/sweep/', '--older-than', '1h'], env);
    expect(young.code).toBe(0);
    expect(jsonLines(young)).toEqual([]);
    expect(young.stderr).toContain('0 aborted, 1 younger kept');
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    const old = await runCli(['--json', 'abort', 'jss://cli-test/sweep/', '--older-than', '1s'], env);
    expect(jsonLines(old)).toEqual([expect.objectContaining({ key: 'sweep/a.bin', aborted: true })]);
  });

  it('sweeps with --mine only the uploads its own cp left behind', async () => {
    const foreign = await initiate('mine/foreign.bin');
    const fault = server.faults.add({
      operation: 'UploadPart',
      key: 'mine/ours.bin',
      nth: 2,
      action: { type: 'error', status: 403, code: 'AccessDenied' },
    });
    const failed = await runCli(
      ['cp', file, 'jss://cli-test/mine/ours.bin', '--part-size', '1MiB', '--concurrency', '1'],
      env,
    );
    fault.remove();
    expect(failed.code).toBe(3);
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    const swept = await runCli(
      ['--json', 'abort', 'jss://cli-test/mine/', '--older-than', '1s', '--mine'],
      env,
    );
    expect(swept.code).toBe(0);
    expect(jsonLines(swept)).toEqual([expect.objectContaining({ key: 'mine/ours.bin', aborted: true })]);
    expect(swept.stderr).toContain('1 aborted, 0 younger or running kept, 1 not ours left alone');
    const left = jsonLines(await runCli(['--json', 'uploads', 'jss://cli-test/mine/'], env));
    expect(left.map((upload) => upload.uploadId)).toEqual([foreign]);
    await runCli(['abort', 'jss://cli-test/mine/foreign.bin', '--upload-id', foreign], env);
  });

  it('presigns URLs that work without credentials', async () => {
    const run = await runCli(['--json', 'presign', 'jss://cli-test/dir/input.bin', '--expires', '60'], env);
    const { url } = jsonLines(run)[0] as { url: string };
    const response = await fetch(url);
    expect(response.status).toBe(200);
    expect(md5(new Uint8Array(await response.arrayBuffer()))).toBe(md5(data));
    const put = jsonLines(
      await runCli(['--json', 'presign', 'jss://cli-test/put.txt', '--method', 'PUT'], env),
    )[0];
    expect(
      (await fetch(String(put?.url), { method: 'PUT', body: new TextEncoder().encode('hello') })).status,
    ).toBe(200);
  });

  it('presigns a PUT for a Content-Type, which the upload must send, and says so', async () => {
    const args = ['presign', 'jss://cli-test/typed.txt', '--method', 'PUT', '--content-type', 'text/plain'];
    const run = await runCli(['--json', ...args], env);
    expect(run.stderr).toContain("curl -H 'Content-Type: text/plain' --upload-file FILE URL");
    const { url, headers } = jsonLines(run)[0] as { url: string; headers: Record<string, string> };
    expect(headers).toEqual({ 'content-type': 'text/plain' });
    const body = new TextEncoder().encode('typed');
    const wrongType = await fetch(url, { method: 'PUT', body, headers: { 'content-type': 'text/html' } });
    expect(wrongType.status).toBe(403);
    expect((await fetch(url, { method: 'PUT', body, headers })).status).toBe(200);
    const stat = jsonLines(await runCli(['--json', 'stat', 'jss://cli-test/typed.txt'], env))[0];
    expect(stat).toMatchObject({ contentType: 'text/plain', size: 5 });
    const getWithType = await runCli(
      ['presign', 'jss://cli-test/typed.txt', '--content-type', 'text/plain'],
      env,
    );
    expect(getWithType.code).toBe(2);
    expect(getWithType.stderr).toMatch(/--content-type goes with --method PUT \[CLI_USAGE\]\n$/);
  });

  it('removes objects and buckets', async () => {
    await runCli(['mb', 'jss://cli-empty'], env);
    expect(jsonLines(await runCli(['--json', 'rm', 'jss://cli-test/put.txt'], env))).toEqual([
      { bucket: 'cli-test', key: 'put.txt', deleted: true },
    ]);
    const missing = await runCli(['stat', 'jss://cli-test/put.txt'], env);
    expect(missing.code).toBe(3);
    expect((await runCli(['rb', 'jss://cli-empty'], env)).code).toBe(0);
    const notEmpty = await runCli(['rb', 'jss://cli-test'], env);
    expect(notEmpty.code).toBe(3);
    expect(notEmpty.stderr).toContain('BucketNotEmpty');
  });
});

describe('jss errors and output modes', () => {
  it('exits 2 on usage errors without sending anything', async () => {
    for (const args of [
      ['frobnicate'],
      ['mb', 'jss://X'],
      ['cp', 'jss://cli-test', 'jss://cli-test/b'],
      ['cp', 'jss://cli-test/a', 'jss://cli-test/b', '--part-size', '1MiB'],
      ['cp', join(directory, 'nope'), 'jss://cli-test/x'],
      ['abort', 'jss://cli-test/x'],
      ['cp', file, 'jss://cli-test/x', '--part-size', 'lots'],
      ['cp', file, 'jss://cli-test/x', '--limit-rate', '0'],
      ['cp', file, 'jss://cli-test/x', '--limit-rate', 'fast'],
      ['presign', 'jss://cli-test'],
    ]) {
      const run = await runCli(args, env);
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stderr).not.toMatch(/\n\s+at /);
    }
  });

  it('says what the server answered once, and leaves no file for a download of a missing key', async () => {
    const upload = await runCli(['cp', file, 'jss://no-such-bucket/x'], env);
    expect(upload.code).toBe(3);
    expect(upload.stderr.match(/NoSuchBucket: The specified bucket does not exist/g)).toHaveLength(1);
    const target = join(directory, 'missing-download.bin');
    const download = await runCli(['cp', 'jss://cli-test/no-such-key', target], env);
    expect(download.code).toBe(3);
    expect(download.stderr).toContain('NoSuchKey');
    expect(download.stderr).not.toContain('run the same command again');
    expect(download.stderr).not.toContain('run it again');
    expect(await readdir(directory)).not.toContain('missing-download.bin.jss-partial');
  });

  it('names the error code of wrong credentials, without leaking the secret', async () => {
    const run = await runCli(['ls'], { ...env, JSS_SECRET_KEY: 'wrong-secret-value' });
    expect(run.code).toBe(3);
    expect(run.stderr).toContain('SignatureDoesNotMatch');
    expect(run.stderr).not.toContain('wrong-secret-value');
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('reports an unreachable endpoint clearly, with no stack trace', async () => {
    const run = await runCli(['ls'], { ...env, JSS_ENDPOINT: 'http://127.0.0.1:9' });
    expect(run.code).toBe(4);
    expect(run.stderr).toContain('ECONNREFUSED');
    expect(run.stderr).toContain('reachable');
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('prints help for every command', async () => {
    for (const command of [
      'serve',
      'mb',
      'rb',
      'ls',
      'cp',
      'sync',
      'stat',
      'rm',
      'uploads',
      'parts',
      'abort',
      'presign',
      'mv',
      'referer',
    ]) {
      const run = await runCli([command, '--help'], env);
      expect(run.code, command).toBe(0);
      expect(run.stdout).toContain(`Usage: jss ${command}`);
    }
  });

  it('prints only the result with --quiet and logs requests without secrets with --verbose', async () => {
    const quiet = await runCli(['--quiet', 'cp', file, 'jss://cli-test/quiet.bin'], env);
    expect(quiet).toMatchObject({ code: 0, stderr: '' });
    expect(quiet.stdout).toMatch(/^upload: [^\n]+\n$/);
    const verbose = await runCli(['--verbose', 'stat', 'jss://cli-test/quiet.bin'], env);
    expect(verbose.stderr).toMatch(/HEAD http:\/\/127\.0\.0\.1:\d+\/cli-test\/quiet\.bin -> 200/);
    expect(verbose.stderr).not.toContain(String(env.JSS_SECRET_KEY));
  });
});

/** Leaves a multipart upload open, as a crashed client would. */
async function initiate(key: string): Promise<string> {
  const response = await transport.send({
    method: 'POST',
    bucket: 'cli-test',
    key,
    query: { uploads: undefined },
    retryable: true,
  });
  return (response.json() as { UploadId: string }).UploadId;
}
