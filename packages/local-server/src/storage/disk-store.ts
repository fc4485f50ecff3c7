import { mkdir, readdir, rm } from 'node:fs/promises';
import { readJsonFile, writeFileAtomic } from './atomic-file.ts';
import { BucketStore } from './bucket-store.ts';
import { type DataDirLock, lockDataDir } from './data-dir-lock.ts';
import { Layout } from './layout.ts';
import { makeDirectory } from './make-directory.ts';
import { ObjectStore } from './object-store.ts';
import { UploadStore } from './upload-store.ts';

const FORMAT = { format: 'jsskit-local-server', version: 1 };

/** The whole on-disk state of a server. */
export interface DiskStore {
  readonly layout: Layout;
  readonly buckets: BucketStore;
  readonly objects: ObjectStore;
  readonly uploads: UploadStore;
  /** This process's hold on the data directory. */
  readonly lock: DataDirLock;
}

/**
 * Opens (or creates) a data directory and takes its lock: empties tmp/, finishes interrupted Completes (and
 * their tidy-up), drops uncommitted Initiates and part bytes, and removes blobs no object refers to. What a
 * kill -9 left behind is thereby either committed or gone.
 * @throws {LocalServerError} `LOCAL_SERVER_DATA_DIR_LOCKED` when another live process holds the directory.
 */
export async function openDiskStore(root: string): Promise<DiskStore> {
  await makeDirectory(root);
  // Everything below, the start-up cleanup above all, runs only while holding the data directory.
  const lock = await lockDataDir(root);
  try {
    return { ...(await openLocked(root)), lock };
  } catch (error) {
    await lock.release();
    throw error;
  }
}

async function openLocked(root: string): Promise<Omit<DiskStore, 'lock'>> {
  const layout = new Layout(root);
  for (const directory of [layout.buckets, layout.objects, layout.blobs, layout.uploads, layout.temporary]) {
    await mkdir(directory, { recursive: true });
  }
  const format = await readJsonFile<typeof FORMAT>(`${root}/format.json`);
  if (format === undefined) await writeFileAtomic(`${root}/format.json`, JSON.stringify(FORMAT));
  else if (format.format !== FORMAT.format || format.version !== FORMAT.version) {
    throw new Error(`${root} holds data of an unknown format (${JSON.stringify(format)})`);
  }
  await rm(layout.temporary, { recursive: true, force: true });
  await mkdir(layout.temporary);

  const buckets = new BucketStore(layout);
  const objects = new ObjectStore(layout);
  const uploads = new UploadStore(layout, objects);
  await buckets.load();
  const usedBlobs = await objects.load();
  await uploads.load();
  for (const blob of await readdir(layout.blobs)) {
    if (!usedBlobs.has(blob)) await rm(layout.blobDirectory(blob), { recursive: true, force: true });
    else await uploads.settleCompleted(blob);
  }
  return { layout, buckets, objects, uploads };
}
