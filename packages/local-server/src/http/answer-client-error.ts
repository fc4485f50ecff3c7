import type { Socket } from 'node:net';
import { createHexId } from '../internal/ids.ts';
import type { RequestLogger } from '../request-log.ts';

// Errors Node's HTTP parser catches before any handler runs: oversized headers, malformed framing, a body
// cut short by the client. They are answered in the JSS error format and logged like any request.
export function answerClientError(log: RequestLogger | undefined) {
  return (error: Error & { code?: string }, socket: Socket): void => {
    const requestId = createHexId();
    const truncated = error.code === 'HPE_INVALID_EOF_STATE';
    const code = truncated ? 'IncompleteBody' : 'BadRequest';
    const message = truncated
      ? 'The request body ended before Content-Length bytes arrived'
      : error.code === 'HPE_HEADER_OVERFLOW'
        ? 'The request headers are too large'
        : 'The request is malformed';
    const body = JSON.stringify({ code, message, resource: '/', requestId });
    log?.({
      time: new Date().toISOString(),
      requestId,
      method: '',
      path: '',
      operation: undefined,
      status: 400,
      code,
      bytesIn: 0,
      bytesOut: socket.writable ? body.length : 0,
      ms: 0,
      fault: undefined,
    });
    if (!socket.writable) return;
    socket.end(
      `HTTP/1.1 400 Bad Request\r\nContent-Type: application/json;charset=UTF-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
        `x-jss-request-id: ${requestId}\r\nConnection: close\r\n\r\n${body}`,
    );
  };
}
