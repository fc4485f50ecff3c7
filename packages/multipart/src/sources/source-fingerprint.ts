import { runtimeHashing } from '../internal/hashing.ts';

/** What identifies a source between runs; a resume refuses a source whose fingerprint changed. */
export interface SourceFingerprint {
  readonly size: number;
  readonly mtimeMs?: number | undefined;
  readonly inode?: number | undefined;
  readonly device?: number | undefined;
  /** MD5 of three 64 KiB samples (start, middle, end): catches rewrites that keep size and mtime. */
  readonly sampleMd5: string;
}

export const SAMPLE_BYTES = 64 * 1024;

/** Where the samples are taken for a source of `size` bytes. */
export function sampleOffsets(size: number): number[] {
  if (size <= 3 * SAMPLE_BYTES) return [0];
  return [0, Math.floor(size / 2) - SAMPLE_BYTES / 2, size - SAMPLE_BYTES];
}

/** MD5 over the samples read by `read(offset, length)`. */
export async function sampleMd5(
  size: number,
  read: (offset: number, length: number) => Promise<Uint8Array>,
): Promise<string> {
  const hash = runtimeHashing.createMd5();
  const length = size <= 3 * SAMPLE_BYTES ? size : SAMPLE_BYTES;
  for (const offset of sampleOffsets(size)) hash.update(await read(offset, length));
  return hash.digestHex();
}

/** Whether two fingerprints describe the same source. */
export function isSameSource(a: SourceFingerprint, b: SourceFingerprint): boolean {
  return (
    a.size === b.size &&
    a.sampleMd5 === b.sampleMd5 &&
    a.mtimeMs === b.mtimeMs &&
    a.inode === b.inode &&
    a.device === b.device
  );
}
