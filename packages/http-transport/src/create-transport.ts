import { createDefaultAdapter } from '#default-adapter';
import type { AdapterResponse } from './adapter.ts';
import { parseEndpoint, resolveAddress } from './addressing.ts';
import { defaultAuthentication } from './authentication.ts';
import { DEFAULT_RETRY } from './backoff.ts';
import { InvalidResponseError } from './errors.ts';
import { executeRequest } from './execute-request.ts';
import { presignRequest } from './presign-request.ts';
import { readAll } from './read-body.ts';
import { describe, type TransportContext } from './request-run.ts';
import { type RequestScope, sleep } from './request-scope.ts';
import { signingOf } from './signing.ts';
import type { StreamingResponse, Transport, TransportOptions, TransportResponse } from './transport-types.ts';

const decoder = new TextDecoder();

function bufferedResponse(response: AdapterResponse, body: Uint8Array, operation: string): TransportResponse {
  return {
    status: response.status,
    headers: response.headers,
    requestId: response.headers['x-jss-request-id'],
    body,
    text: () => decoder.decode(body),
    json: () => {
      try {
        return JSON.parse(decoder.decode(body)) as unknown;
      } catch (error) {
        throw new InvalidResponseError(
          `${operation} answered ${response.status} with a body that is not JSON`,
          { cause: error },
        );
      }
    },
  };
}

function streamingResponse(response: AdapterResponse, scope: RequestScope): StreamingResponse {
  async function* body() {
    try {
      yield* response.body;
    } finally {
      scope.dispose();
    }
  }
  return {
    status: response.status,
    headers: response.headers,
    requestId: response.headers['x-jss-request-id'],
    body: body(),
    cancel: () => {
      response.cancel();
      scope.dispose();
    },
  };
}

/**
 * Creates a transport: it signs every attempt afresh, addresses buckets by virtual host or path, retries
 * what is safe to retry with full-jitter backoff, enforces phase timeouts and learns the server's clock.
 * @throws {InvalidRequestError} when the endpoint is not an http(s) origin, or when neither or both of
 * `credentials` and `remoteSigner` are given.
 * @example
 * const transport = createTransport({ endpoint: 'http://127.0.0.1:9000', credentials });
 * const response = await transport.send({ method: 'GET', bucket: 'photos' });
 * console.log(response.json());
 */
export function createTransport(options: TransportOptions): Transport {
  const context: TransportContext = {
    options,
    endpoint: parseEndpoint(options.endpoint),
    signing: signingOf(options),
    adapter: options.adapter ?? createDefaultAdapter(),
    authentication: options.authentication ?? defaultAuthentication(),
    retry: { ...DEFAULT_RETRY, ...options.retry },
    now: options.now ?? Date.now,
    random: options.random ?? Math.random,
    wait: options.sleep ?? sleep,
    clock: { offsetMs: 0 },
  };
  return {
    send: (request) =>
      executeRequest(context, request, async (response, scope) => {
        const body = await readAll(response.body);
        scope.dispose();
        return {
          result: bufferedResponse(response, body, describe(request)),
          bytesReceived: body.byteLength,
        };
      }),
    stream: (request) =>
      executeRequest(context, request, async (response, scope) => ({
        result: streamingResponse(response, scope),
        bytesReceived: 0,
      })),
    presign: async (request) =>
      presignRequest(request, {
        address: resolveAddress(context.endpoint, request, options.addressing ?? 'auto'),
        signing: context.signing,
        now: new Date(context.now() + context.clock.offsetMs),
      }),
    get clockOffsetMs() {
      return context.clock.offsetMs;
    },
    close: async () => {
      await context.adapter.close?.();
    },
  };
}
