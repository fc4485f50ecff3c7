import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import type { FaultAction, FaultController } from '../faults.ts';
import { createHexId } from '../internal/ids.ts';
import type { OperationName } from '../operation-name.ts';
import type { ServerSettings } from '../operations/context.ts';
import { OPERATIONS } from '../operations/operations.ts';
import type { RequestLogger } from '../request-log.ts';
import type { DiskStore } from '../storage/disk-store.ts';
import { authenticate } from './authenticate.ts';
import { errorReply, injectedError, toServiceError } from './error-reply.ts';
import { ConnectionResetByFault } from './receive-body.ts';
import type { Reply } from './reply.ts';
import { parseRequestTarget, type RequestTarget } from './request-target.ts';
import { routeRequest } from './route.ts';
import { sendReply } from './send-reply.ts';

/** Everything one running server shares between requests. */
export interface ServerContext {
  readonly store: DiskStore;
  readonly faults: FaultController;
  readonly secrets: ReadonlyMap<string, string>;
  readonly settings: ServerSettings;
  readonly log: RequestLogger | undefined;
}

interface RequestState {
  operation: OperationName | undefined;
  fault: FaultAction | undefined;
  /** Ends the request's count in the fault rules it matched. */
  releaseFault: (() => void) | undefined;
  status: number;
  code: string | undefined;
  bytesIn: number;
  bytesOut: number;
}

async function run(
  context: ServerContext,
  request: IncomingMessage,
  state: RequestState,
  target: RequestTarget,
  readyForBody: () => void,
): Promise<Reply | undefined> {
  const method = request.method ?? 'GET';
  const operation = routeRequest(method, target);
  state.operation = operation;
  const taken = context.faults.take({ operation, method, key: target.key ?? target.bucket ?? '' });
  state.releaseFault = taken.release;
  const fault = taken.action;
  state.fault = fault;
  if (fault?.type === 'reset' && !(fault.afterBodyBytes !== undefined && fault.afterBodyBytes > 0)) {
    request.socket.resetAndDestroy();
    return undefined;
  }
  if (fault?.type === 'stall' && (fault.phase ?? 'before-response') === 'before-response')
    await sleep(fault.ms);
  if (fault?.type === 'error') throw injectedError(fault);
  const now = context.faults.now();
  authenticate({ secrets: context.secrets, request, target, now });
  return OPERATIONS[operation]({
    request,
    target,
    store: context.store,
    now,
    settings: context.settings,
    resetAfterBytes: fault?.type === 'reset' ? fault.afterBodyBytes : undefined,
    bodyBytesPerSecond: fault?.type === 'slow-body' ? fault.bytesPerSecond : undefined,
    corruptBody:
      fault?.type === 'corrupt-body'
        ? { atByte: fault.atByte ?? 0, unchecked: fault.unchecked === true }
        : undefined,
    afterCommit:
      fault?.type === 'stall' && fault.phase === 'after-commit' ? () => sleep(fault.ms) : undefined,
    diskFullAfterBytes: fault?.type === 'disk-full' ? (fault.afterBodyBytes ?? 0) : undefined,
    countBytesIn: (bytes) => {
      state.bytesIn += bytes;
    },
    readyForBody,
  });
}

/**
 * Answers one request: addressing, routing, faults, authentication, the operation, the reply, the log. With
 * `expectsContinue` (the client sent `Expect: 100-continue`), 100 Continue goes out only once the operation
 * starts reading the body; a request refused before that gets its final answer instead.
 */
export async function handleRequest(
  context: ServerContext,
  request: IncomingMessage,
  response: ServerResponse,
  expectsContinue = false,
): Promise<void> {
  const started = performance.now();
  const requestId = createHexId();
  const state: RequestState = {
    operation: undefined,
    fault: undefined,
    releaseFault: undefined,
    status: 0,
    code: undefined,
    bytesIn: 0,
    bytesOut: 0,
  };
  let target: RequestTarget | undefined;
  try {
    target = parseRequestTarget(
      request.url ?? '/',
      request.headers.host,
      context.settings.virtualHostSuffixes,
    );
    let continued = !expectsContinue;
    const readyForBody = () => {
      if (continued) return;
      continued = true;
      response.writeContinue();
    };
    const reply = await run(context, request, state, target, readyForBody);
    if (reply === undefined) return;
    state.status = reply.status;
    state.bytesOut = await sendReply(request, response, reply, {
      requestId,
      now: context.faults.now(),
      fault: state.fault,
      closeConnection: false,
    });
  } catch (error) {
    if (error instanceof ConnectionResetByFault) return;
    const serviceError = toServiceError(error, requestId);
    state.status = serviceError.status;
    state.code = serviceError.code;
    if (response.headersSent || request.socket.destroyed) return;
    const reply = errorReply(serviceError, target, requestId);
    const fault = state.fault?.type === 'drop-response' ? undefined : state.fault;
    // An unread body is drained by Node after the reply, keeping the connection: closing it instead makes
    // clients that are still sending see a reset rather than the error.
    // A client that went silent mid-body (RequestTimeout) has nothing left to drain: the connection closes.
    request.resume();
    state.bytesOut = await sendReply(request, response, reply, {
      requestId,
      now: context.faults.now(),
      fault,
      closeConnection: serviceError.code === 'RequestTimeout',
    });
  } finally {
    state.releaseFault?.();
    context.log?.({
      time: new Date().toISOString(),
      requestId,
      method: request.method ?? '',
      path: target?.path ?? (request.url ?? '').split('?')[0] ?? '',
      operation: state.operation,
      status: state.status,
      code: state.code,
      bytesIn: state.bytesIn,
      bytesOut: state.bytesOut,
      ms: Math.round((performance.now() - started) * 10) / 10,
      fault: state.fault?.type,
    });
  }
}
