import type { Readable } from 'node:stream';
import { JSON_CONTENT_TYPE } from '@jsskit/wire-types';

/** What an operation answers; the pipeline sends it (and applies during-response faults). */
export interface Reply {
  readonly status: number;
  readonly headers?: Readonly<Record<string, string | number>>;
  /** A JSON value, raw bytes, or a stream of the object's bytes. */
  readonly json?: unknown;
  readonly stream?: Readable;
  /** Called once the response is finished or abandoned (releases the object's files). */
  readonly onDone?: () => void;
}

/** An empty reply with `Content-Length: 0` (200/201, §4) or none (204). */
export function emptyReply(status: number, headers: Readonly<Record<string, string | number>> = {}): Reply {
  return { status, headers: status === 204 ? headers : { ...headers, 'Content-Length': 0 } };
}

/** A JSON reply in the service's compact form and content type. */
export function jsonReply(value: unknown, status = 200): Reply {
  return { status, json: value, headers: { 'Content-Type': JSON_CONTENT_TYPE } };
}
