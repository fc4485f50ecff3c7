import type { IncomingMessage } from 'node:http';
import { quoteETag } from '@jsskit/wire-types';
import { emptyReply, type Reply } from '../http/reply.ts';
import { ServiceError } from '../internal/service-error.ts';
import { type OperationContext, requireBucket, requireWritableKey, writeIntoBucket } from './context.ts';
import type { CopySource } from './copy-source.ts';

const BODY_REFUSED = 'A copy or move carries no body: send Content-Length: 0';

// Listens rather than iterating: leaving a for-await early destroys the socket, and the answer with it.
function awaitEmptyBody(request: IncomingMessage): Promise<void> {
  return new Promise((resolve, reject) => {
    const settle = (error?: ServiceError) => {
      request.off('data', onData).off('end', settle).off('error', onError).off('close', onError);
      if (error === undefined) resolve();
      else reject(error);
    };
    const onData = (chunk: Buffer) => {
      if (chunk.length > 0) settle(new ServiceError('InvalidArgument', BODY_REFUSED));
    };
    const onError = () => settle(new ServiceError('IncompleteBody', 'The request body was cut short'));
    request.on('data', onData).on('end', settle).on('error', onError).on('close', onError);
  });
}

/** A copy's body must be empty: it is never stored (a non-zero Content-Length is refused before reading). */
async function requireEmptyBody(context: OperationContext): Promise<void> {
  const length = context.request.headers['content-length'];
  if (length !== undefined && !/^0+$/.test(length)) throw new ServiceError('InvalidArgument', BODY_REFUSED);
  if (context.request.headers['transfer-encoding'] === undefined) return;
  context.readyForBody();
  await awaitEmptyBody(context.request);
}

/**
 * `PUT /key` with `x-jss-copy-source` or `x-jss-move-source` ([UNSPEC] protocol §13, docs/adr/0019): the
 * source's bytes, attributes and ETag become the target's, and a move then removes the source. A missing
 * source (or source bucket) is NoSuchKey and leaves the target untouched; onto itself, nothing changes.
 */
export async function copyObject(context: OperationContext, source: CopySource): Promise<Reply> {
  const bucket = requireBucket(context);
  const key = requireWritableKey(context);
  await requireEmptyBody(context);
  const record = context.store.objects.get(source.bucket, source.key);
  if (record === undefined) {
    throw new ServiceError('NoSuchKey', `The copy source /${source.bucket}/${source.key} does not exist`);
  }
  if (record.bucket === bucket.name && record.key === key)
    return emptyReply(200, { ETag: quoteETag(record.etag) });
  const target = { bucket: bucket.name, key };
  const copied = await writeIntoBucket(context, { bucket: bucket.name }, () =>
    context.store.objects.copy(record, target, context.now),
  );
  if (source.mode === 'move') await context.store.objects.delete(record.bucket, record.key, record.blob);
  return emptyReply(200, { ETag: quoteETag(copied.etag) });
}
