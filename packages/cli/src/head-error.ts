import { ServiceError } from '@jsskit/http-transport';

// What a HEAD's bodiless error answer means on JSS. A missing bucket answers 404 too: a caller that can ask
// whether the bucket exists (a second request, made only after a 404) gets NoSuchBucket for it. A 403 is a
// refused signature or a bucket's referer rules (docs/adr/0026).
const HEAD_CODES: Readonly<Record<number, string>> = { 403: 'AccessDenied', 404: 'NoSuchKey' };

/**
 * A HEAD's error answer has no body, so no JSS code: the status and JSS's `x-jss-request-id` are enough to name
 * it (without the header it is a web server's answer: not JSS, docs/adr/0023). Any other error passes unchanged.
 * `bucketExists` tells a missing bucket from a missing key after a 404; when it fails, the key is blamed.
 */
export async function nameHeadError(
  error: unknown,
  resource: string,
  bucketExists?: () => Promise<boolean>,
): Promise<unknown> {
  if (!ServiceError.isInstance(error) || error.serviceCode !== undefined) return error;
  let serviceCode = HEAD_CODES[error.status];
  if (serviceCode === undefined || error.headers['x-jss-request-id'] === undefined) return error;
  if (error.status === 404 && bucketExists !== undefined && !(await bucketExists()))
    serviceCode = 'NoSuchBucket';
  const { status, requestId, headers } = error;
  // `HeadObject: HEAD /b/k failed with 404 HTTP 404 (request id X)`: the part before ` failed` names the call.
  const operation = error.message.replace(/ failed with .*$/, '');
  return new ServiceError({
    ...{ status, requestId, headers, operation, resource, serviceCode },
    serviceMessage: undefined,
    bodySnippet: undefined,
  });
}
