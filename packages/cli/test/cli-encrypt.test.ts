// `jss cp --encrypt --storage-class`: what the engine sends must be what the server takes, in both paths.
import { createTransport, type Transport } from '@jsskit/http-transport';
import { DEFAULT_CREDENTIALS, type LocalServer } from '@jsskit/local-server';
import { isEncryptionEnabled, parseResponseBody } from '@jsskit/wire-types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliServer, startCliServer } from './helpers/cli-server.ts';
import { jsonLines, runCli } from './helpers/run-cli.ts';

const MiB = 1024 * 1024;
const BUCKET = 'encrypt-test';
let cli: CliServer;
let server: LocalServer;
let transport: Transport;

beforeAll(async () => {
  cli = await startCliServer('encrypt', 3 * MiB + 17);
  server = cli.server;
  transport = createTransport({
    endpoint: server.endpoint,
    credentials: server.credentials[0] ?? DEFAULT_CREDENTIALS,
  });
  expect((await runCli(['mb', `jss://${BUCKET}`], cli.env)).code).toBe(0);
});

afterAll(async () => {
  await transport.close();
  await cli.close();
});

const attributeOptions = ['--encrypt', '--storage-class', 'REDUCED_REDUNDANCY'];

async function headAttributes(key: string) {
  const { headers } = await transport.send({ method: 'HEAD', bucket: BUCKET, key });
  return {
    encryption: headers['x-jss-server-side-encryption'],
    storageClass: headers['x-jss-storage-class'],
  };
}

describe('jss cp --encrypt --storage-class', () => {
  it('stores an encrypted object of that class with a single PutObject', async () => {
    const args = ['--json', 'cp', cli.file, `jss://${BUCKET}/single.bin`, '--part-size', '8MiB'];
    const run = await runCli([...args, ...attributeOptions], cli.env);
    expect(run.code, run.stderr).toBe(0);
    expect(jsonLines(run)[0]).toMatchObject({ parts: 0 });
    expect(await headAttributes('single.bin')).toEqual({
      encryption: 'true',
      storageClass: 'REDUCED_REDUNDANCY',
    });
  });

  it('initiates an encrypted upload of that class and completes it into such an object', async () => {
    const key = 'multi.bin';
    const args = ['--json', 'cp', cli.file, `jss://${BUCKET}/${key}`, '--part-size', '1MiB'];
    const refuseComplete = server.faults.add({
      operation: 'CompleteMultipartUpload',
      action: { type: 'error', status: 403, code: 'AccessDenied' },
    });
    const stopped = await runCli([...args, ...attributeOptions], cli.env);
    refuseComplete.remove();
    expect(stopped.code, stopped.stderr).toBe(3);
    expect(stopped.stderr).toMatch(/\[AccessDenied\]/);
    const listing = await transport.send({ method: 'GET', bucket: BUCKET, query: { uploads: undefined } });
    const [upload] = parseResponseBody('ListMultipartUploads', listing.body).Upload ?? [];
    expect(upload).toMatchObject({ Key: key, StorageClass: 'REDUCED_REDUNDANCY' });
    expect(upload && isEncryptionEnabled(upload)).toBe(true);

    const resumed = await runCli([...args, ...attributeOptions], cli.env);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(jsonLines(resumed)[0]).toMatchObject({ parts: 4, resumedBytes: 3 * MiB + 17 });
    expect(await headAttributes(key)).toEqual({ encryption: 'true', storageClass: 'REDUCED_REDUNDANCY' });
  });
});
