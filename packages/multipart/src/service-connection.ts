import { type Client, createClient } from '@jsskit/client';
import type { Transport } from '@jsskit/http-transport';
import { MultipartError } from './errors.ts';

/** Where the requests go: a `@jsskit/client` client, or a transport the engine wraps in one. Give one. */
export interface ServiceConnection {
  /** The client every call goes through (`createClient` of `@jsskit/client`). */
  readonly client?: Client | undefined;
  /** A transport, when no `client` is given: the calls go through a client made over it. */
  readonly transport?: Transport | undefined;
}

/**
 * The client of `connection`: the one given, or one over the transport given.
 * @throws {MultipartError} `MULTIPART_INVALID_OPTIONS` when both or neither are given.
 */
export function connectionClient(connection: ServiceConnection): Client {
  const { client, transport } = connection;
  if (client !== undefined && transport !== undefined)
    throw new MultipartError(
      'MULTIPART_INVALID_OPTIONS',
      'pass client or transport, not both (a client carries its transport as client.transport)',
    );
  if (client !== undefined) return client;
  if (transport !== undefined) return createClient({ transport });
  throw new MultipartError('MULTIPART_INVALID_OPTIONS', 'pass client (or transport) to send the requests');
}

/** A positional argument that is a client or a transport, as a client. */
export function clientOf(target: Client | Transport): Client {
  return 'listMultipartUploads' in target ? target : createClient({ transport: target });
}
