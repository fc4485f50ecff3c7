import { ServiceError } from '../internal/service-error.ts';
import type { OperationName } from '../operation-name.ts';
import type { RequestTarget } from './request-target.ts';

function notAllowed(method: string): never {
  throw new ServiceError('MethodNotAllowed', `The method ${method} is not allowed against this resource`);
}

/** Picks the operation from the method, the target's shape and its sub-resources (protocol §4). */
export function routeRequest(method: string, target: RequestTarget): OperationName {
  if (target.bucket === undefined) return method === 'GET' ? 'ListBuckets' : notAllowed(method);
  if (target.key === undefined) {
    if (target.params.has('uploads')) return method === 'GET' ? 'ListMultipartUploads' : notAllowed(method);
    if (target.params.has('bucketReferer')) {
      if (method === 'GET') return 'GetBucketReferer';
      return method === 'PUT' ? 'PutBucketReferer' : notAllowed(method);
    }
    const bucketOperations: Record<string, OperationName> = {
      GET: 'GetBucket',
      PUT: 'PutBucket',
      DELETE: 'DeleteBucket',
      HEAD: 'HeadBucket',
    };
    return bucketOperations[method] ?? notAllowed(method);
  }
  if (target.params.has('uploads')) return method === 'POST' ? 'InitiateMultipartUpload' : notAllowed(method);
  if (target.params.has('uploadId')) {
    const uploadOperations: Record<string, OperationName> = {
      PUT: 'UploadPart',
      POST: 'CompleteMultipartUpload',
      DELETE: 'AbortMultipartUpload',
      GET: 'ListParts',
    };
    return uploadOperations[method] ?? notAllowed(method);
  }
  const objectOperations: Record<string, OperationName> = {
    PUT: 'PutObject',
    GET: 'GetObject',
    HEAD: 'HeadObject',
    DELETE: 'DeleteObject',
  };
  return objectOperations[method] ?? notAllowed(method);
}
