import type { FileHandle } from 'node:fs/promises';
import { rm } from 'node:fs/promises';
import type { Client, GetObjectResult } from '@jsskit/client';
import { runtimeHashing } from '../internal/hashing.ts';
import { DEFAULT_CONCURRENCY, defaultMemoryBudget } from '../planning/defaults.ts';
import { eitherSignal } from '../signals/either-signal.ts';
import {
  fetchPart,
  ObjectChangedError,
  type PartRange,
  type PartsContext,
  requestRange,
} from './fetch-part.ts';
import { assumedPartSize, partRanges } from './part-layout.ts';
import { type DownloadRun, type Sidecar, startOver } from './partial-file.ts';
import { RangeJournal } from './range-journal.ts';
import { feedFileRange, hashFileRange, type Verified, verifyParts } from './verify-parts.ts';

/** A fresh download in parts of the object `first` answered for: an empty partial file and its journal. */
async function newJournal(run: DownloadRun, first: GetObjectResult): Promise<RangeJournal> {
  const { options } = run;
  const { etag, size } = first;
  const sidecar: Sidecar = { bucket: options.bucket, key: options.key, etag, size };
  const journal = new RangeJournal(run.sidecarPath, { ...sidecar, partSize: assumedPartSize(size, options) });
  await (run.file as FileHandle).truncate(0);
  await journal.save();
  run.sidecar = journal.sidecar;
  run.resumable = true;
  return journal;
}

/**
 * The journal of an earlier run, checked against the partial file: each part it lists is read back (in
 * order, 1 MiB at a time) and kept only if its bytes still have the MD5 recorded, so a part damaged on disk
 * since is fetched again and the final check covers the bytes on disk, not the journal's word. Parts
 * recorded under another part size are fetched again; a sidecar of a download in one stream (no parts)
 * keeps the whole parts of the bytes it has, hashed from the file.
 */
async function keptJournal(run: DownloadRun): Promise<RangeJournal> {
  const sidecar = run.sidecar as Sidecar;
  const partSize = assumedPartSize(sidecar.size, run.options);
  const kept: Record<string, string> = {};
  for (const part of partRanges(sidecar.size, partSize)) {
    // run.offset is how long the partial file is: a part reaching past it was never written whole.
    if (part.end > run.offset) continue;
    const recorded = sidecar.partSize === partSize ? sidecar.parts?.[String(part.index)] : undefined;
    if (recorded === undefined && sidecar.parts !== undefined) continue;
    const md5 = await hashFileRange(run.partial, part.start, part.end);
    if (recorded === undefined || recorded === md5) kept[String(part.index)] = md5;
  }
  return new RangeJournal(run.sidecarPath, { ...sidecar, partSize, parts: kept });
}

/**
 * The parts still to fetch. Of a partial file written in one stream (a sidecar without parts), the part
 * that holds its last bytes continues from there, its MD5 fed with the bytes kept.
 */
async function missingParts(
  run: DownloadRun,
  journal: RangeJournal,
  ranges: readonly PartRange[],
): Promise<PartRange[]> {
  const streamed = run.sidecar?.parts === undefined ? run.offset : 0;
  const missing: PartRange[] = [];
  for (const part of ranges) {
    if (journal.md5Of(part.index) !== undefined) continue;
    if (part.start < streamed && streamed < part.end) {
      const kept = { start: part.start, end: streamed };
      const md5 = await feedFileRange(run.partial, kept, runtimeHashing.createMd5());
      missing.push({ ...part, from: streamed, md5 });
    } else missing.push(part);
  }
  return missing;
}

/** Forgets the partial file: the object changed under the download, which starts over with a plain GET. */
async function restart(run: DownloadRun): Promise<undefined> {
  startOver(run);
  run.resumable = false;
  await (run.file as FileHandle).truncate(0);
  await rm(run.sidecarPath, { force: true });
  return undefined;
}

/** Runs `concurrency` workers over the missing parts; the first failure aborts the others and is thrown. */
async function fetchAll(
  missing: readonly PartRange[],
  context: PartsContext & { readonly stop: AbortController; readonly journal: RangeJournal },
  first: GetObjectResult | undefined,
): Promise<void> {
  let next = 0;
  let failure: unknown;
  let firstResponse = first;
  const worker = async () => {
    for (let part = missing[next++]; part !== undefined && failure === undefined; part = missing[next++]) {
      const response = part === missing[0] ? firstResponse : undefined;
      firstResponse = undefined;
      await context.journal.record(part.index, await fetchPart(part, context, response));
    }
  };
  // A resumed run asks for its first part alone until the object answers (the same ETag and size), so
  // that a changed object or a refusal costs one request, and a refusal leaves the partial file as it was.
  const start = missing[0];
  if (firstResponse === undefined && start !== undefined)
    firstResponse = await requestRange(context, start.from ?? start.start, start.end);
  const count = Math.min(context.run.options.concurrency ?? DEFAULT_CONCURRENCY, missing.length);
  const workers = Array.from({ length: count }, () =>
    worker().catch((error: unknown) => {
      failure ??= error;
      context.stop.abort(error);
    }),
  );
  await Promise.all(workers);
  await firstResponse?.body.cancel().catch(() => undefined);
  if (failure !== undefined) throw failure;
}

/**
 * Downloads an object of two parts or more to the partial file in parallel ranged GETs, one per part of the
 * assumed layout, each hashed as it arrives and written at its offset; `first` (a fresh run) is the plain
 * GET already answered, read for the first part only. Resolves undefined when the object changed and the
 * download has to start over.
 */
export async function downloadInParts(
  client: Pick<Client, 'getObject'>,
  run: DownloadRun,
  first: GetObjectResult | undefined,
): Promise<Verified | undefined> {
  const { options } = run;
  const journal = first === undefined ? await keptJournal(run) : await newJournal(run, first);
  const object = { etag: journal.sidecar.etag, size: journal.sidecar.size };
  const ranges = partRanges(object.size, journal.partSize);
  const missing = await missingParts(run, journal, ranges);
  run.offset = object.size - missing.reduce((sum, part) => sum + part.end - (part.from ?? part.start), 0);
  run.resumedBytes = first === undefined ? run.offset : 0;
  const stop = new AbortController();
  const either = options.signal === undefined ? undefined : eitherSignal(options.signal, stop.signal);
  const report = () =>
    options.onProgress?.({
      doneBytes: run.offset,
      receivedBytes: run.received,
      resumedBytes: run.resumedBytes,
      totalBytes: object.size,
    });
  try {
    const context = {
      ...{ run, client, file: run.file as FileHandle, object, stop, journal, onWritten: report },
      budget: options.memoryBudget ?? defaultMemoryBudget,
      signal: either?.signal ?? stop.signal,
    };
    await fetchAll(missing, context, first);
  } catch (error) {
    if (error instanceof ObjectChangedError) return await restart(run);
    throw error;
  } finally {
    either?.dispose();
  }
  const md5s = ranges.map((part) => journal.md5Of(part.index) as string);
  return verifyParts(run, object, md5s);
}
