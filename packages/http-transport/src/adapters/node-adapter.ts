import {
  type ClientRequest,
  Agent as HttpAgent,
  request as httpRequest,
  type IncomingMessage,
} from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { Socket } from 'node:net';
import type { AdapterRequest, AdapterResponse, HttpAdapter } from '../adapter.ts';
import { TimeoutError } from '../errors.ts';
import { toTransportError } from './to-transport-error.ts';
import { watchResponseBody } from './watch-response-body.ts';
import { writeBody } from './write-body.ts';

/** Options of {@link createNodeAdapter}. */
export interface NodeAdapterOptions {
  /** Agents to use instead of the adapter's own keep-alive agents. */
  readonly httpAgent?: HttpAgent | undefined;
  readonly httpsAgent?: HttpsAgent | undefined;
  /** Connections per host in the adapter's own agents. @defaultValue 64 */
  readonly maxSockets?: number | undefined;
}

function flattenHeaders(message: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(message.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
}

function whenConnected(request: ClientRequest, socket: Socket, onConnected: () => void): void {
  // A reused keep-alive socket is already open; a TLS socket is usable after its handshake.
  if (!socket.connecting && !('encrypted' in socket && (socket as { pending?: boolean }).pending)) {
    onConnected();
    return;
  }
  socket.once('encrypted' in socket ? 'secureConnect' : 'connect', () => {
    if (!request.destroyed) onConnected();
  });
}

function sendOnce(
  agents: { http: HttpAgent; https: HttpsAgent },
  attempt: AdapterRequest,
): Promise<AdapterResponse> {
  const { signal, timeouts, operation } = attempt;
  return new Promise((resolve, reject) => {
    const isHttps = attempt.url.startsWith('https:');
    const request = (isHttps ? httpsRequest : httpRequest)(attempt.url, {
      method: attempt.method,
      // Node sends the headers at once when they ask for 100 Continue; the body waits below.
      headers: attempt.expectContinue ? { ...attempt.headers, expect: '100-continue' } : attempt.headers,
      agent: isHttps ? agents.https : agents.http,
    });
    let timer: NodeJS.Timeout | undefined;
    let settled = false;
    let isBodyWritten = false;
    // True while the body waits for its rate limit: a write finishing meanwhile does not restart the stall timer.
    let pacing = false;
    const fail = (error: unknown) => {
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      request.destroy();
      if (settled) return;
      settled = true;
      reject(toTransportError(error, signal, operation));
    };
    const arm = (phase: 'connect' | 'headers' | 'stall', ms: number) => {
      clearTimeout(timer);
      if (ms > 0) timer = setTimeout(() => fail(new TimeoutError(phase, ms, operation)), ms);
    };
    const onAbort = () => fail(signal.reason);
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    request.once('error', fail);
    request.once('socket', (socket) => {
      arm('connect', timeouts.connectMs);
      const write = () => {
        arm('stall', timeouts.stallMs);
        writeBody(request, attempt.body, {
          onProgress: (delta) => {
            if (!settled && !pacing) arm('stall', timeouts.stallMs);
            attempt.onUploadProgress?.(delta);
          },
          isStopped: () => settled,
          rateLimit: attempt.rateLimit,
          signal,
          // Waiting for the rate limit is not a stall: the timer stops, and restarts once the wait is over.
          onPacing: (waiting) => {
            pacing = waiting;
            if (settled) return;
            if (waiting) clearTimeout(timer);
            else arm('stall', timeouts.stallMs);
          },
        }).then(() => {
          isBodyWritten = true;
          if (!settled) arm('headers', timeouts.headersMs);
        }, fail);
      };
      whenConnected(request, socket, () => {
        if (attempt.expectContinue !== true) return write();
        // The body waits for 100 Continue, or for continueMs (a server that ignores Expect). A final answer
        // first (503, 403) settles the attempt: the body is never sent and the socket is not reused.
        clearTimeout(timer);
        let isWaiting = true;
        const proceed = () => {
          if (!isWaiting) return;
          isWaiting = false;
          clearTimeout(fallback);
          if (!settled) write();
        };
        const fallback = setTimeout(proceed, timeouts.continueMs);
        fallback.unref(); // an attempt settled while waiting must not hold the process open
        request.once('continue', proceed);
      });
    });
    request.once('response', (response) => {
      clearTimeout(timer);
      settled = true;
      signal.removeEventListener('abort', onAbort);
      const destroy = (error: Error) => response.destroy(error);
      // The signal may outlive this attempt (a caller's signal shared by a service): once the response is
      // over, read or cancelled, nothing of it stays registered there.
      const onResponseAbort = () => destroy(signal.reason);
      signal.addEventListener('abort', onResponseAbort, { once: true });
      response.once('close', () => signal.removeEventListener('abort', onResponseAbort));
      // The server answered before the whole body was sent (an early 403, say): this socket cannot be reused.
      response.once('end', () => {
        if (!isBodyWritten) request.destroy();
      });
      resolve({
        status: response.statusCode ?? 0,
        headers: flattenHeaders(response),
        body: watchResponseBody(response, { stallMs: timeouts.stallMs, signal, operation, destroy }),
        cancel: () => response.destroy(),
      });
    });
  });
}

/**
 * The Node adapter: node:http/node:https with keep-alive agents (LIFO, so warm sockets are reused first).
 * It enforces the connect, headers and stall timeouts and counts upload progress by write callbacks,
 * that is, bytes handed to the socket.
 */
export function createNodeAdapter(options: NodeAdapterOptions = {}): HttpAdapter {
  const shared = { keepAlive: true, maxSockets: options.maxSockets ?? 64, scheduling: 'lifo' as const };
  const agents = {
    http: options.httpAgent ?? new HttpAgent(shared),
    https: options.httpsAgent ?? new HttpsAgent(shared),
  };
  return {
    send: (attempt) => sendOnce(agents, attempt),
    close: () => {
      if (options.httpAgent === undefined) agents.http.destroy();
      if (options.httpsAgent === undefined) agents.https.destroy();
    },
  };
}
