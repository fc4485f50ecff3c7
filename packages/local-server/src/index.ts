// Starting a server

// Errors
export { SERVER_ERROR_STATUS, type ServerErrorCode } from './error-codes.ts';
export { type DataDirLockHolder, LocalServerError, type LocalServerErrorCode } from './errors.ts';
// Fault injection and the server clock
export {
  type ActiveFault,
  type FaultAction,
  FaultController,
  type FaultProbe,
  type FaultRule,
  type TakenFault,
} from './faults.ts';
export type { OperationName } from './operation-name.ts';
// Request log
export { logToStderr, type RequestLogEntry, type RequestLogger } from './request-log.ts';
export {
  DEFAULT_CREDENTIALS,
  type LocalServer,
  type LocalServerOptions,
  startLocalServer,
} from './start-local-server.ts';
// The data directory lock
export { readDataDirLock } from './storage/data-dir-lock.ts';
