// A kill -9 in the middle of an atomic record write leaves its temporary file (`.<name>.<id>.tmp`) beside the
// records; the next start removes it, as it empties tmp/, and the records themselves are kept.
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startLocalServer } from '../src/index.ts';
import { send } from './helpers/jss-client.ts';

let dataDir: string;

afterAll(() => rm(dataDir, { recursive: true, force: true }));

/** Every file under `directory`, as paths relative to it. */
async function filesUnder(directory: string): Promise<string[]> {
  const entries = await readdir(directory, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name).slice(directory.length + 1));
}

describe('start-up after a record write was cut short', () => {
  it('removes the temporary files of interrupted record writes and keeps the records', async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'jss-write-leftovers-'));
    const first = await startLocalServer({ dataDir });
    expect((await send(first.endpoint, { method: 'PUT', bucket: 'kept' })).status).toBe(201);
    const put = await send(first.endpoint, { method: 'PUT', bucket: 'kept', key: 'k', body: 'bytes' });
    expect(put.status).toBe(200);
    await first.close();

    const [record] = (await filesUnder(join(dataDir, 'objects'))).filter((path) => path.endsWith('.json'));
    if (record === undefined) throw new Error('no object record was written');
    const objectLeftover = join(dataDir, 'objects', `${record}.0123abcd.tmp`).replace(/\/([^/]+)$/, '/.$1');
    const bucketLeftover = join(dataDir, 'buckets', '.kept.json.0123abcd.tmp');
    await writeFile(objectLeftover, '{"half": ');
    await writeFile(bucketLeftover, '{"half": ');

    const second = await startLocalServer({ dataDir });
    try {
      const read = await send(second.endpoint, { method: 'GET', bucket: 'kept', key: 'k' });
      expect(read.body.toString()).toBe('bytes');
      const left = [
        ...(await filesUnder(join(dataDir, 'objects'))),
        ...(await filesUnder(join(dataDir, 'buckets'))),
      ];
      expect(left.filter((path) => path.endsWith('.tmp'))).toEqual([]);
    } finally {
      await second.close();
    }
  });
});
