import { PartJournal } from '../checkpoints/part-journal.ts';
import { resumeOrInitiate } from '../checkpoints/resume-state.ts';
import type { UploadedPart, UploadState } from '../checkpoints/upload-state.ts';
import { PartPace } from '../parts/part-pace.ts';
import { type ReadPart, runPartPool } from '../parts/part-pool.ts';
import { cleanUpFailure } from './clean-up-failure.ts';
import { completeVerified } from './complete-verified.ts';
import { uploadFailure } from './upload-failure.ts';
import { objectAttributes, type UploadResult } from './upload-options.ts';
import type { UploadRun } from './upload-run.ts';

/** How the parts of one multipart upload are laid out and read. */
export interface PartPlan {
  readonly layout: UploadState['layout'];
  readonly partSize: number;
  readonly size: number | undefined;
  readonly checkpointId: string | undefined;
  readonly fingerprint: UploadState['fingerprint'];
  /** Reads the next part not in `done`, or undefined at the end. */
  readonly nextPart: (done: ReadonlyMap<number, UploadedPart>) => Promise<ReadPart | undefined>;
}

type Checkpoint = ConstructorParameters<typeof PartJournal>[1];

/** The upload to continue (checkpoint reconciled with ListParts) or a new one; its reused parts counted. */
async function startParts(run: UploadRun, plan: PartPlan, checkpoint: Checkpoint): Promise<PartJournal> {
  const state = await resumeOrInitiate({
    client: run.client,
    target: run.target,
    attributes: objectAttributes(run.options),
    layout: plan.layout,
    partSize: plan.partSize,
    size: plan.size,
    fingerprint: plan.fingerprint,
    store: run.options.checkpointStore,
    checkpointId: run.checkpointId,
    onSourceChange: run.options.onSourceChange ?? 'error',
    signal: run.stop.signal,
  });
  run.uploadId = state.uploadId;
  const journal = new PartJournal(state, checkpoint);
  for (const part of journal.done.values()) {
    run.resumedBytes += part.size;
    run.progress.reused(part.partNumber, part.size);
  }
  return journal;
}

/** Sends every part not in the journal; the first failure stops the upload with its resumable state. */
async function sendParts(run: UploadRun, plan: PartPlan, journal: PartJournal): Promise<void> {
  const { uploadId } = journal.state;
  const { failure, unfinishedParts } = await runPartPool(
    {
      client: run.client,
      rateLimit: run.options.rateLimit,
      target: run.target,
      uploadId,
      limit: run.limit,
      pace: run.options.slowPart === false ? undefined : new PartPace(run.options.slowPart),
      signal: run.stop.signal,
      progress: run.progress,
      nextPart: () => plan.nextPart(journal.done),
      whenRunning: run.whenRunning,
      onUploaded: (part) => journal.record(part),
    },
    (reason) => run.stop.stopForPartFailure(reason),
  );
  await journal.saved();
  if (failure !== undefined)
    throw uploadFailure(failure, run, { phase: 'parts', state: journal.state, failedParts: unfinishedParts });
}

/**
 * A multipart upload under the checkpoint's lock: resumed or initiated, every part sent and journaled,
 * completed and verified, its checkpoint removed. A failure leaves what onFailure says (clean-up-failure.ts).
 */
export async function uploadParts(run: UploadRun, plan: PartPlan): Promise<Omit<UploadResult, 'seconds'>> {
  const store = run.options.checkpointStore;
  const checkpointId = store === undefined ? undefined : plan.checkpointId;
  run.checkpointId = checkpointId;
  const checkpoint =
    store !== undefined && checkpointId !== undefined ? { store, id: checkpointId } : undefined;
  const unlock = checkpoint === undefined ? undefined : await checkpoint.store.lock(checkpoint.id);
  let journal: PartJournal | undefined;
  try {
    journal = await startParts(run, plan, checkpoint);
    await sendParts(run, plan, journal);
    const result = await completeVerified(run, journal.state);
    if (checkpoint !== undefined) await checkpoint.store.remove(checkpoint.id);
    return result;
  } catch (error) {
    throw await cleanUpFailure(run, uploadFailure(error, run, { phase: 'multipart', state: journal?.state }));
  } finally {
    await unlock?.();
  }
}
