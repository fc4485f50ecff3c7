import {
  abortMultipartUpload,
  type Client,
  completeMultipartUpload,
  getObject,
  headObject,
  initiateMultipartUpload,
  listMultipartUploads,
  listParts,
  putObject,
  uploadPart,
} from '@jsskit/client';
import type { Transport } from '@jsskit/http-transport';
import { MultipartError } from '../errors.ts';

/** Where the requests go: a `@jsskit/client` client, or a transport the engine wraps in one. Give one. */
export interface ServiceConnection {
  /** The client every call goes through (`createClient` of `@jsskit/client`). */
  readonly client?: Client | undefined;
  /** A transport, when no `client` is given: the calls go through a client made over it. */
  readonly transport?: Transport | undefined;
}

/**
 * The calls an upload makes: a `Client` has them all; over a bare transport the engine binds only these, so
 * that a browser bundle of the engine leaves out the client's other operations (downloads, Node only, bind
 * `getObject` in {@link downloadClient}).
 */
export type EngineClient = Pick<
  Client,
  | 'abortMultipartUpload'
  | 'completeMultipartUpload'
  | 'headObject'
  | 'initiateMultipartUpload'
  | 'listMultipartUploads'
  | 'listParts'
  | 'putObject'
  | 'transport'
  | 'uploadPart'
>;

function engineClient(transport: Transport): EngineClient {
  return {
    abortMultipartUpload: (call) => abortMultipartUpload(transport, call),
    completeMultipartUpload: (call) => completeMultipartUpload(transport, call),
    headObject: (call) => headObject(transport, call),
    initiateMultipartUpload: (call) => initiateMultipartUpload(transport, call),
    listMultipartUploads: (call) => listMultipartUploads(transport, call),
    listParts: (call) => listParts(transport, call),
    putObject: (call) => putObject(transport, call),
    transport,
    uploadPart: (call) => uploadPart(transport, call),
  };
}

/**
 * The one of `client` and `transport` that `connection` gives.
 * @throws {MultipartError} `MULTIPART_INVALID_OPTIONS` when both or neither are given.
 */
function givenConnection(
  connection: ServiceConnection,
): { readonly client: Client } | { readonly transport: Transport } {
  const { client, transport } = connection;
  if (client !== undefined && transport !== undefined)
    throw new MultipartError(
      'MULTIPART_INVALID_OPTIONS',
      'pass client or transport, not both (a client carries its transport as client.transport)',
    );
  if (client !== undefined) return { client };
  if (transport !== undefined) return { transport };
  throw new MultipartError('MULTIPART_INVALID_OPTIONS', 'pass client (or transport) to send the requests');
}

/**
 * The client of `connection`: the one given, or one over the transport given.
 * @throws {MultipartError} `MULTIPART_INVALID_OPTIONS` when both or neither are given.
 */
export function connectionClient(connection: ServiceConnection): EngineClient {
  const given = givenConnection(connection);
  return 'client' in given ? given.client : engineClient(given.transport);
}

/** A positional argument that is a client or a transport, as a client. */
export function clientOf(target: Client | Transport): EngineClient {
  return 'listMultipartUploads' in target ? target : engineClient(target);
}

/** What a download calls: the client given, or `getObject` bound to the transport given (Node only). */
export function downloadClient(connection: ServiceConnection): Pick<Client, 'getObject'> {
  const given = givenConnection(connection);
  if ('client' in given) return given.client;
  const { transport } = given;
  return { getObject: (call) => getObject(transport, call) };
}
