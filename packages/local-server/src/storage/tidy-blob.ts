import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Segment } from './records.ts';

/**
 * After a Complete's commit, leaves only the object's bytes in its blob directory: parts not named in the
 * Complete are discarded (§9.3 [UNSPEC], docs/adr/0007), and so are the part records and any temporary
 * file. The upload record goes last: while it is there, start-up knows the tidy-up is unfinished.
 */
export async function tidyBlob(directory: string, segments: readonly Segment[]): Promise<void> {
  const kept = new Set(segments.map((segment) => segment.file));
  for (const name of await readdir(join(directory, 'parts'))) {
    if (!kept.has(join('parts', name))) await rm(join(directory, 'parts', name), { force: true });
  }
  for (const name of await readdir(directory)) {
    if (name !== 'parts' && name !== 'upload.json' && !kept.has(name))
      await rm(join(directory, name), { recursive: true, force: true });
  }
  await rm(join(directory, 'upload.json'), { force: true });
}
