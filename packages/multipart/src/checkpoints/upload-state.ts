import type { SourceFingerprint } from '../sources/source-fingerprint.ts';

/** A part the server acknowledged with an ETag equal to its MD5. */
export interface UploadedPart {
  readonly partNumber: number;
  readonly size: number;
  /** Lower-case hex MD5 of the part, which is also its ETag (protocol §8.5). */
  readonly md5: string;
}

/** The resumable state of a multipart upload: a plain JSON value, written to the checkpoint after every part. */
export interface UploadState {
  readonly version: 1;
  readonly bucket: string;
  readonly key: string;
  readonly uploadId: string;
  /** Fixed part size (known size), or the first part size of a growth plan (unknown size). */
  readonly partSize: number;
  readonly layout: 'fixed' | 'growing';
  readonly size: number | undefined;
  readonly fingerprint: SourceFingerprint | undefined;
  readonly parts: readonly UploadedPart[];
  /** ISO time the upload was initiated. */
  readonly initiatedAt: string;
}
