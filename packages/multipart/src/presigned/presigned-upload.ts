import { computeMultipartETag, isMd5ETag, JSS_LIMITS } from '@jsskit/wire-types';
import { MultipartError } from '../errors.ts';
import { runtimeHashing } from '../internal/hashing.ts';
import { planUpload } from '../planning/plan-upload.ts';
import { completeUpload, partQuery } from '../service/jss-calls.ts';
import { connectionClient, type ServiceConnection } from '../service/service-connection.ts';
import type { ServiceProfile } from '../service/service-profile.ts';
import { objectAttributes, type UploadOptions } from '../upload/upload-options.ts';

/** Options of {@link createPresignedUpload}: run where the secret lives (your server). */
export interface PresignedUploadOptions
  extends ServiceConnection,
    Pick<UploadOptions, 'contentType' | 'storageClass' | 'encrypt' | 'signal'> {
  readonly bucket: string;
  readonly key: string;
  /** The exact size the browser will upload. */
  readonly size: number;
  /** @defaultValue 8 MiB, raised to fit the part limit */
  readonly partSize?: number | undefined;
  /** Lifetime of each part URL in seconds. @defaultValue 3600 */
  readonly expiresIn?: number | undefined;
  readonly profile?: ServiceProfile | undefined;
}

/** One part for the browser to PUT: bytes `[offset, offset + size)` of the file, to `url`. */
export interface PresignedPart {
  readonly partNumber: number;
  readonly offset: number;
  readonly size: number;
  readonly url: string;
}

/** An initiated upload with a presigned URL per part. */
export interface PresignedUpload {
  readonly bucket: string;
  readonly key: string;
  readonly uploadId: string;
  readonly size: number;
  readonly partSize: number;
  readonly parts: readonly PresignedPart[];
}

/** What {@link completePresignedUpload} checked and committed. */
export interface PresignedUploadResult {
  readonly bucket: string;
  readonly key: string;
  readonly uploadId: string;
  readonly etag: string;
  readonly size: number;
  readonly parts: number;
}

/** Options of {@link presignUploadPart}: `client` or `transport` (whose credentials sign the URL). */
export interface PresignPartOptions extends ServiceConnection {
  readonly bucket: string;
  readonly key: string;
  readonly uploadId: string;
  readonly partNumber: number;
  /** When given, the browser must send this Content-MD5 (hex): the server then refuses other bytes. */
  readonly contentMd5?: string | undefined;
  /** @defaultValue 3600 */
  readonly expiresIn?: number | undefined;
}

/**
 * A presigned UploadPart URL (protocol §3.5, §8): whoever holds it can PUT that one part until it expires.
 * @throws {MultipartError} `MULTIPART_INVALID_OPTIONS` for a bad part number.
 */
export async function presignUploadPart(options: PresignPartOptions): Promise<string> {
  if (
    !Number.isInteger(options.partNumber) ||
    options.partNumber < JSS_LIMITS.minPartNumber ||
    options.partNumber > JSS_LIMITS.maxPartNumber
  )
    throw new MultipartError(
      'MULTIPART_INVALID_OPTIONS',
      `partNumber must be an integer in ${JSS_LIMITS.minPartNumber}..${JSS_LIMITS.maxPartNumber}`,
    );
  return connectionClient(options).transport.presign({
    method: 'PUT',
    bucket: options.bucket,
    key: options.key,
    query: partQuery(options.uploadId, options.partNumber),
    headers: options.contentMd5 === undefined ? undefined : { 'content-md5': options.contentMd5 },
    expiresIn: options.expiresIn,
  });
}

/** The planned parts: number, offset and size of each (one part for a size that fits a single PUT). */
function plannedParts(options: PresignedUploadOptions): {
  partSize: number;
  parts: Omit<PresignedPart, 'url'>[];
} {
  const plan = planUpload({ size: options.size, partSize: options.partSize, profile: options.profile });
  const parts: Omit<PresignedPart, 'url'>[] = [];
  for (let partNumber = 1; partNumber <= (plan.partCount ?? 1); partNumber++) {
    const offset = (partNumber - 1) * plan.partSize;
    parts.push({ partNumber, offset, size: Math.min(plan.partSize, options.size - offset) });
  }
  return { partSize: plan.partSize, parts };
}

/**
 * Initiates a multipart upload and presigns every part, for a browser that uploads without the secret.
 * Follow with {@link completePresignedUpload}, or abort the upload if the browser gives up.
 * @throws {MultipartError} `MULTIPART_INVALID_OPTIONS`; transport errors as they are.
 */
export async function createPresignedUpload(options: PresignedUploadOptions): Promise<PresignedUpload> {
  const { partSize, parts: planned } = plannedParts(options);
  const target = { bucket: options.bucket, key: options.key };
  const client = connectionClient(options);
  const { uploadId } = await client.initiateMultipartUpload({
    ...objectAttributes(options),
    ...target,
    signal: options.signal,
  });
  const parts: PresignedPart[] = [];
  for (const part of planned)
    parts.push({
      ...part,
      url: await presignUploadPart({
        ...target,
        transport: client.transport,
        uploadId,
        partNumber: part.partNumber,
        expiresIn: options.expiresIn,
      }),
    });
  return { ...target, uploadId, size: options.size, partSize, parts };
}

/**
 * Completes an upload whose parts someone else sent: every planned part must be on the server with its
 * planned size and an MD5 ETag, and the object ETag must equal the one computed from those part ETags.
 * @throws {MultipartError} `MULTIPART_PART_FAILED` when a part is missing or has the wrong size (nothing is
 * committed; the upload stays open for the missing parts), `MULTIPART_CHECKSUM_MISMATCH`.
 */
export async function completePresignedUpload(
  options: Omit<PresignedUploadOptions, 'expiresIn'> & { readonly uploadId: string },
): Promise<PresignedUploadResult> {
  const { parts: planned } = plannedParts(options);
  const target = { bucket: options.bucket, key: options.key };
  const signal = options.signal ?? new AbortController().signal;
  const client = connectionClient(options);
  const listed = new Map(
    (await client.listParts({ ...target, uploadId: options.uploadId, signal })).map((part) => [
      part.partNumber,
      part,
    ]),
  );
  const parts: { partNumber: number; md5: string }[] = [];
  const bad: number[] = [];
  for (const { partNumber, size } of planned) {
    const part = listed.get(partNumber);
    if (part === undefined || part.size !== size || !isMd5ETag(part.etag)) bad.push(partNumber);
    else parts.push({ partNumber, md5: part.etag });
  }
  if (bad.length > 0) {
    throw new MultipartError(
      'MULTIPART_PART_FAILED',
      `parts missing or of the wrong size: ${bad.slice(0, 10).join(', ')}${bad.length > 10 ? '...' : ''}`,
      { uploadId: options.uploadId, failedParts: bad },
    );
  }
  const etag = await completeUpload(client, { ...target, uploadId: options.uploadId, parts }, signal);
  const expected = computeMultipartETag(
    parts.map((part) => part.md5),
    runtimeHashing.md5Hex,
  );
  if (etag !== expected) {
    throw new MultipartError(
      'MULTIPART_CHECKSUM_MISMATCH',
      `the object ETag ${etag} is not the multipart ETag ${expected} of the listed parts`,
      { uploadId: options.uploadId },
    );
  }
  return { ...target, uploadId: options.uploadId, etag, size: options.size, parts: planned.length };
}
