import { JSS_LIMITS } from '@jsskit/wire-types';

/** The limits every planning choice comes from, so that a JSS-compatible store with others can be served. */
export interface ServiceProfile {
  /** The smallest part but the last. */
  readonly minPartSize: number;
  readonly maxPartSize: number;
  readonly maxParts: number;
  readonly maxSinglePutSize: number;
  readonly maxObjectSize: number;
}

const MiB = 1024 * 1024;

/**
 * JSS (protocol §9.7, §10). JSS documents no minimum part size; 1 MiB is the floor the planner keeps
 * (ADR 0008), so a server that wants 5 MiB is served by the default 8 MiB parts.
 */
export const JSS_PROFILE: ServiceProfile = {
  minPartSize: MiB,
  maxPartSize: JSS_LIMITS.maxPartSize,
  maxParts: JSS_LIMITS.maxPartNumber,
  maxSinglePutSize: JSS_LIMITS.maxSinglePutSize,
  maxObjectSize: JSS_LIMITS.maxObjectSize,
};
