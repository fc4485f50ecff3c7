import { randomBytes } from 'node:crypto';

/** 16 upper-case hex characters, the shape of every documented request id and upload id (§2.3, §9.1). */
export function createHexId(): string {
  return randomBytes(8).toString('hex').toUpperCase();
}

/** Upload ids this server hands out; anything else is refused before it reaches a file path. */
export const UPLOAD_ID = /^[0-9A-F]{16}$/;

/** A random, file-name-safe id for blob directories and temporary files. */
export function createFileId(): string {
  return randomBytes(12).toString('hex');
}
