import { unlink } from 'node:fs/promises';
import { SyncError } from '../errors.ts';
import { runPool } from './run-pool.ts';
import type { SyncRun } from './sync-run.ts';
import type { LocalFile } from './walk-directory.ts';

/** Removes local files the bucket lacks, one action each (the key is the one the file would have). */
export async function deleteLocalFiles(
  files: readonly LocalFile[],
  context: {
    readonly prefix: string;
    readonly run: SyncRun;
    readonly concurrency: number;
    readonly dryRun: boolean;
    readonly signal: AbortSignal | undefined;
  },
): Promise<void> {
  const { run } = context;
  run.plan(files.length, 0);
  await runPool(files, context, async (file) => {
    const action = { path: file.path, key: `${context.prefix}${file.relative}`, size: file.size };
    if (context.dryRun) {
      run.report({ ...action, kind: 'delete', reason: 'dry run' });
      return;
    }
    try {
      await unlink(file.path);
      run.report({ ...action, kind: 'delete' });
    } catch (error) {
      const message = `${file.path} could not be removed: ${(error as Error).message}`;
      run.fail(action, new SyncError('SYNC_LOCAL_FAILED', message, { cause: error, key: action.key }));
    }
  });
}
