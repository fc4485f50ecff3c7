import { BucketNameSchema, ObjectKeySchema } from '@jsskit/wire-types';
import { MultipartError } from '../errors.ts';
import { objectAttributes, type UploadOptions } from './upload-options.ts';

function invalid(message: string): MultipartError {
  return new MultipartError('MULTIPART_INVALID_OPTIONS', message);
}

function isPositiveInteger(value: number | undefined): boolean {
  return value === undefined || (Number.isInteger(value) && value > 0);
}

/**
 * Refuses options an upload cannot run with, before anything is read or sent (the defaults of what is left
 * out are valid). Where the requests go (`client` or `transport`) is checked when the client is made.
 * @throws {MultipartError} `MULTIPART_INVALID_OPTIONS`.
 */
export function checkUploadOptions(options: UploadOptions): void {
  if (!isPositiveInteger(options.concurrency)) throw invalid('concurrency must be a positive integer');
  if (!isPositiveInteger(options.partSize)) throw invalid('partSize must be a positive integer');
  // The schemas refuse what is not a string or is empty too.
  const name = BucketNameSchema.safeParse(options.bucket);
  if (!name.success) throw invalid(`invalid bucket: ${name.error.issues[0]?.message}`);
  const key = ObjectKeySchema.safeParse(options.key);
  if (!key.success) throw invalid(`invalid key: ${key.error.issues[0]?.message}`);
  if (options.onFailure !== undefined && options.onFailure !== 'keep' && options.onFailure !== 'abort')
    throw invalid("onFailure must be 'keep' or 'abort'");
  if (!isPositiveInteger(options.cleanupTimeoutMs))
    throw invalid('cleanupTimeoutMs must be a positive integer');
  const { slowPart } = options;
  if (
    slowPart !== undefined &&
    slowPart !== false &&
    (!(slowPart.factor === undefined || slowPart.factor >= 1) || !isPositiveInteger(slowPart.minMs))
  )
    throw invalid('slowPart needs factor >= 1 and minMs a positive integer, or false');
  if (options.rateLimit !== undefined && typeof options.rateLimit.take !== 'function')
    throw invalid('rateLimit must come from createRateLimit (an object with take)');
  objectAttributes(options); // refuses an unknown storage class
}
