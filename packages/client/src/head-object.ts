import type { Transport } from '@jsskit/http-transport';
import type { CallOptions, ObjectLocation } from './call-options.ts';
import { checkObject } from './internal/check-options.ts';
import { namedCall } from './internal/named-call.ts';
import { type ObjectInfo, objectInfo } from './object-info.ts';

/** Options of `headObject`. */
export interface HeadObjectOptions extends CallOptions, ObjectLocation {}

/**
 * HeadObject (`HEAD /key`, used by JD's SDKs, protocol §8.3). A missing object rejects with the transport's
 * `ServiceError` (404, no body): test it with `isNotFound`.
 */
export async function headObject(transport: Transport, options: HeadObjectOptions): Promise<ObjectInfo> {
  const operation = 'HeadObject';
  checkObject(operation, options);
  const { bucket, key, signal } = options;
  const response = await namedCall(operation, () => transport.send({ method: 'HEAD', bucket, key, signal }));
  return objectInfo(operation, response);
}
