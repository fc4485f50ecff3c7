import { startLocalServer } from '@jsskit/local-server';
import { describe, expect, it } from 'vitest';
import {
  ClientError,
  createClient,
  isAccessDenied,
  isAlreadyExists,
  isNotFound,
  isThrottled,
} from '../src/index.ts';

const GUARDS = { isNotFound, isAccessDenied, isThrottled, isAlreadyExists };

/** Which guards say true for an error. */
function answers(error: unknown): string[] {
  return Object.entries(GUARDS)
    .filter(([, guard]) => guard(error))
    .map(([name]) => name);
}

/** Real errors from a local server, one per guard and a few that none of them is about. */
async function collectErrors() {
  await using server = await startLocalServer();
  const credentials = server.credentials[0];
  const client = createClient({
    endpoint: server.endpoint,
    credentials,
    retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 1 },
  });
  const stranger = createClient({
    endpoint: server.endpoint,
    credentials: { accessKeyId: 'stranger', secretAccessKey: 'not-the-secret' },
  });
  const bucket = 'guards';
  const fail = (call: () => Promise<unknown>) =>
    call().then(
      () => 'resolved',
      (error: unknown) => error,
    );
  await client.createBucket({ bucket });
  await client.putObject({ bucket, key: 'k', body: 'x' });
  const errors = {
    noSuchKey: await fail(() => client.getObject({ bucket, key: 'missing' })),
    headMissing: await fail(() => client.headObject({ bucket, key: 'missing' })),
    noSuchBucket: await fail(() => client.deleteObject({ bucket: 'no-such-bucket', key: 'k' })),
    noSuchUpload: await fail(() => client.listParts({ bucket, key: 'k', uploadId: 'NOSUCHUPLOAD0000' })),
    accessDenied: await fail(() => stranger.headObject({ bucket, key: 'k' })),
    accessDeniedList: await fail(() => stranger.listBuckets()),
    alreadyExists: await fail(() => client.createBucket({ bucket })),
    invalidRange: await fail(() => client.getObject({ bucket, key: 'k', range: { start: 10 } })),
    invalidOptions: await fail(() => client.headObject({ bucket, key: '' })),
    plainError: new Error('NoSuchKey 404 SlowDown'),
    throttled: undefined as unknown,
  };
  server.faults.add({
    operation: 'HeadObject',
    times: Number.POSITIVE_INFINITY,
    action: { type: 'error', status: 503, code: 'SlowDown' },
  });
  errors.throttled = await fail(() => client.headObject({ bucket, key: 'k' }));
  await client.close();
  await stranger.close();
  return errors;
}

describe('error guards on real errors', () => {
  it('each guard says true on its own errors and false on every other', async () => {
    const errors = await collectErrors();
    const table = Object.fromEntries(Object.entries(errors).map(([name, error]) => [name, answers(error)]));
    expect(table).toEqual({
      noSuchKey: ['isNotFound'],
      headMissing: ['isNotFound'],
      noSuchBucket: ['isNotFound'],
      noSuchUpload: ['isNotFound'],
      accessDenied: ['isAccessDenied'],
      accessDeniedList: ['isAccessDenied'],
      alreadyExists: ['isAlreadyExists'],
      invalidRange: [],
      invalidOptions: [],
      plainError: [],
      throttled: ['isThrottled'],
    });
    expect(ClientError.isInstance(errors.invalidOptions)).toBe(true);
  });
});
