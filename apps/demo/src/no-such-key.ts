import { ServiceError } from '@jsskit/http-transport';

/**
 * A HEAD's 404 has no body, so no JSS code: the status and JSS's `x-jss-request-id` are enough to say
 * NoSuchKey (without the header it is a web server's 404: not JSS, docs/adr/0023). A missing bucket answers
 * the same; telling them apart would cost a second request. Any other error passes unchanged.
 */
export function asNoSuchKey(error: unknown, resource: string): unknown {
  if (
    !ServiceError.isInstance(error) ||
    error.status !== 404 ||
    error.serviceCode !== undefined ||
    error.headers['x-jss-request-id'] === undefined
  )
    return error;
  const { status, requestId, headers } = error;
  // `HeadObject: HEAD /b/k failed with 404 HTTP 404 (request id X)`: the part before ` failed` names the call.
  const operation = error.message.replace(/ failed with .*$/, '');
  return new ServiceError({
    ...{ status, requestId, headers, operation, resource },
    serviceCode: 'NoSuchKey',
    serviceMessage: undefined,
    bodySnippet: undefined,
  });
}
