// Ways out of an upload an earlier run left: a changed source names `jss cp --restart`, which aborts the old
// upload and starts over; `jss abort --upload-id` drops the checkpoint too; `--no-resume` says what it leaves.
import { createHash, randomBytes } from 'node:crypto';
import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliServer, startCliServer } from './helpers/cli-server.ts';
import { jsonLines, runCli } from './helpers/run-cli.ts';

const MiB = 1024 * 1024;
const md5 = (bytes: Uint8Array) => createHash('md5').update(bytes).digest('hex');
let cli: CliServer;

beforeAll(async () => {
  cli = await startCliServer('cli-restart', 16);
  expect((await runCli(['mb', 'jss://restart'], cli.env)).code).toBe(0);
});

afterAll(() => cli.close());

/** Writes a 4 MiB file and uploads it until its third part is refused: an upload left with two parts. */
async function leaveUpload(name: string): Promise<{ file: string; uploadId: string }> {
  const file = join(cli.directory, name);
  await writeFile(file, randomBytes(4 * MiB));
  const refusal = cli.server.faults.add({
    operation: 'UploadPart',
    key: name,
    nth: 3,
    action: { type: 'error', status: 400, code: 'InvalidArgument' },
  });
  const failed = await runCli(cp(file, name, '--concurrency', '1'), cli.env);
  refusal.remove();
  expect(failed.code).toBe(3);
  const [upload] = jsonLines(await runCli(['--json', 'uploads', `jss://restart/${name}`], cli.env));
  return { file, uploadId: String(upload?.uploadId) };
}

function cp(file: string, name: string, ...more: string[]): string[] {
  return ['--json', 'cp', file, `jss://restart/${name}`, '--part-size', '1MiB', ...more];
}

async function uploadIds(name: string): Promise<unknown[]> {
  const listed = await runCli(['--json', 'uploads', `jss://restart/${name}`], cli.env);
  return jsonLines(listed).map((row) => row.uploadId);
}

async function checkpoints(): Promise<string[]> {
  const names = await readdir(String(cli.env.JSS_CHECKPOINT_DIR)).catch(() => []);
  return names.filter((name) => name.endsWith('.json'));
}

describe('an upload left by an earlier run', () => {
  it('names jss cp --restart when the source changed, which aborts the old upload and starts over', async () => {
    const { file, uploadId } = await leaveUpload('changed.bin');
    const data = randomBytes(4 * MiB);
    await writeFile(file, data);
    const refused = await runCli(cp(file, 'changed.bin'), cli.env);
    expect(refused.code).toBe(5);
    expect(refused.stderr).toMatch(/^jss: [^\n]*--restart[^\n]*\[MULTIPART_SOURCE_CHANGED\]\n$/);
    expect(refused.stderr).not.toContain('onSourceChange');
    const restarted = await runCli(cp(file, 'changed.bin', '--restart'), cli.env);
    expect(restarted.code).toBe(0);
    expect(restarted.stderr).toContain(`aborted upload ${uploadId}`);
    expect(jsonLines(restarted)[0]).toMatchObject({ resumedBytes: 0, size: data.length });
    expect(await uploadIds('changed.bin')).toEqual([]);
    expect(await checkpoints()).toEqual([]);
    const object = await runCli(['cp', 'jss://restart/changed.bin', '-'], cli.env);
    expect(md5(object.stdoutBytes)).toBe(md5(data));
  });

  it('loses its checkpoint to jss abort --upload-id, so the next cp of a changed file starts afresh', async () => {
    const { file, uploadId } = await leaveUpload('aborted.bin');
    await writeFile(file, randomBytes(4 * MiB));
    const aborted = await runCli(['abort', 'jss://restart/aborted.bin', '--upload-id', uploadId], cli.env);
    expect(aborted.code).toBe(0);
    expect(aborted.stderr).toContain('dropped its checkpoint');
    expect(await checkpoints()).toEqual([]);
    const again = await runCli(cp(file, 'aborted.bin'), cli.env);
    expect(again.code).toBe(0);
    expect(jsonLines(again)[0]).toMatchObject({ resumedBytes: 0 });
  });

  it('is left resumable by --no-resume, which says so and how to drop it', async () => {
    const { file, uploadId } = await leaveUpload('kept.bin');
    const fresh = await runCli(cp(file, 'kept.bin', '--no-resume'), cli.env);
    expect(fresh.code).toBe(0);
    expect(fresh.stderr).toContain(`upload ${uploadId}`);
    expect(fresh.stderr).toContain('--restart');
    expect(await uploadIds('kept.bin')).toEqual([uploadId]);
    const resumed = await runCli(cp(file, 'kept.bin'), cli.env);
    expect(resumed.code).toBe(0);
    expect(jsonLines(resumed)[0]).toMatchObject({ uploadId, resumedBytes: 2 * MiB });
    expect(await checkpoints()).toEqual([]);
  });
});
