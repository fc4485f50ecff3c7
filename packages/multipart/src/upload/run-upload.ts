import { runtimeHashing } from '../internal/hashing.ts';
import { openSource } from '../sources/upload-source.ts';
import { uploadFixedParts } from './fixed-parts.ts';
import { uploadGrowingParts } from './growing-parts.ts';
import { uploadFailure } from './upload-failure.ts';
import type { UploadResult } from './upload-options.ts';
import type { UploadRun } from './upload-run.ts';

/** Opens the source and uploads it: by its size when known, as a stream otherwise. */
export async function runUpload(run: UploadRun): Promise<UploadResult> {
  const started = performance.now();
  await runtimeHashing.ready();
  const source = await openSource(run.options.source, run.stop.signal);
  try {
    const result =
      source.kind === 'random' ? await uploadFixedParts(run, source) : await uploadGrowingParts(run, source);
    return { ...result, seconds: (performance.now() - started) / 1000 };
  } catch (error) {
    throw uploadFailure(error, run, { phase: 'start' });
  } finally {
    await source.close();
  }
}
