import type { Transport } from '@jsskit/http-transport';
import type { CallOptions, ObjectLocation } from './call-options.ts';
import { checkObject } from './internal/check-options.ts';
import { namedCall } from './internal/named-call.ts';

/** Options of `deleteObject`. */
export interface DeleteObjectOptions extends CallOptions, ObjectLocation {}

/** DeleteObject (protocol §8.4). Unlike S3, a missing object is 404 `NoSuchKey` (see `isNotFound`). */
export async function deleteObject(transport: Transport, options: DeleteObjectOptions): Promise<void> {
  const operation = 'DeleteObject';
  checkObject(operation, options);
  const { bucket, key, signal } = options;
  await namedCall(operation, () => transport.send({ method: 'DELETE', bucket, key, signal }));
}
