import type { OperationName } from './operation-name.ts';

/** One line of the request log. It never holds credentials, signatures or query strings. */
export interface RequestLogEntry {
  readonly time: string;
  readonly requestId: string;
  readonly method: string;
  /** The request path without its query. */
  readonly path: string;
  readonly operation: OperationName | undefined;
  readonly status: number;
  /** The JSS error code of an error response. */
  readonly code: string | undefined;
  readonly bytesIn: number;
  readonly bytesOut: number;
  readonly ms: number;
  /** A fault that hit the request, by type. */
  readonly fault: string | undefined;
}

/** Receives each request log entry. */
export type RequestLogger = (entry: RequestLogEntry) => void;

/** A logger writing one JSON line per request to standard error. */
export const logToStderr: RequestLogger = (entry) => {
  process.stderr.write(`${JSON.stringify(entry)}\n`);
};
