import type { IncomingMessage, ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import type { FaultAction } from '../faults.ts';
import type { Reply } from './reply.ts';

/** How the pipeline wants a reply sent. */
export interface SendOptions {
  readonly requestId: string;
  readonly now: Date;
  readonly fault: FaultAction | undefined;
  /** Close the connection after the reply (an error before the request body was read). */
  readonly closeConnection: boolean;
}

/** Sends a reply with the common headers (§2.3), applying `drop-response` and `stall` during the response. */
export async function sendReply(
  request: IncomingMessage,
  response: ServerResponse,
  reply: Reply,
  options: SendOptions,
): Promise<number> {
  if (reply.onDone !== undefined) response.once('close', reply.onDone);
  if (options.fault?.type === 'drop-response') {
    reply.stream?.destroy();
    reply.onDone?.();
    request.socket.destroy();
    return 0;
  }
  const body = reply.json === undefined ? undefined : Buffer.from(JSON.stringify(reply.json));
  const headers: Record<string, string | number> = {
    'x-jss-request-id': options.requestId,
    'x-powered-by': 'JingdongStorageService',
    Date: options.now.toUTCString(),
    Server: 'jsskit-local-server',
    ...reply.headers,
  };
  if (body !== undefined) headers['Content-Length'] = body.length;
  if (options.closeConnection) headers.Connection = 'close';
  response.writeHead(reply.status, headers);
  if (request.method === 'HEAD') {
    reply.stream?.destroy();
    response.end();
    return 0;
  }
  const stall =
    options.fault?.type === 'stall' && options.fault.phase === 'during-response' ? options.fault.ms : 0;
  if (body !== undefined) {
    const half = stall > 0 ? Math.floor(body.length / 2) : 0;
    if (stall > 0) {
      response.write(body.subarray(0, half));
      await sleep(stall);
    }
    response.end(body.subarray(half));
    return body.length;
  }
  if (reply.stream === undefined) {
    response.end();
    return 0;
  }
  if (stall > 0) {
    // Half the body goes out, then the stall: a client sees bytes arrive and then stop.
    const half = Math.floor(Number(headers['Content-Length'] ?? 0) / 2);
    response.flushHeaders();
    await pipeline(reply.stream, stallAfter(half, stall), response).catch(() => response.destroy());
    return Number(headers['Content-Length'] ?? 0);
  }
  await pipeline(reply.stream, response).catch(() => response.destroy());
  return Number(headers['Content-Length'] ?? 0);
}

/** A pipeline step that passes `bytes` bytes, waits `ms`, then passes the rest. */
function stallAfter(bytes: number, ms: number) {
  return async function* (source: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
    let passed = 0;
    let stalled = false;
    for await (const chunk of source) {
      if (stalled || passed + chunk.length <= bytes) {
        passed += chunk.length;
        yield chunk;
        continue;
      }
      const cut = bytes - passed;
      if (cut > 0) yield chunk.subarray(0, cut);
      await sleep(ms);
      stalled = true;
      passed += chunk.length;
      yield chunk.subarray(cut);
    }
  };
}
