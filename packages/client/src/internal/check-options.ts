import { isValidBucketName, isValidObjectKey } from '@jsskit/wire-types';
import { ClientError } from '../errors.ts';

function invalid(operation: string, message: string): ClientError {
  return new ClientError('CLIENT_INVALID_OPTIONS', `${operation}: ${message}`);
}

/** Refuses a bucket name JSS would refuse, before anything is sent. */
export function checkBucket(operation: string, bucket: unknown): asserts bucket is string {
  if (typeof bucket !== 'string' || !isValidBucketName(bucket)) {
    throw invalid(operation, `${JSON.stringify(bucket)} is not a valid bucket name`);
  }
}

/** Refuses a bucket name or key JSS would refuse, before anything is sent. */
export function checkObject(operation: string, target: { bucket: unknown; key: unknown }): void {
  checkBucket(operation, target.bucket);
  if (typeof target.key !== 'string' || !isValidObjectKey(target.key)) {
    throw invalid(operation, `${JSON.stringify(target.key)} is not a valid object key`);
  }
}

/** Refuses anything but a non-negative safe integer (sizes, range bounds). */
export function checkCount(operation: string, name: string, value: unknown): void {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw invalid(operation, `${name} must be a non-negative integer, got ${String(value)}`);
  }
}

/** A {@link ClientError} `CLIENT_INVALID_OPTIONS` naming the operation. */
export function invalidOptions(operation: string, message: string): ClientError {
  return invalid(operation, message);
}
