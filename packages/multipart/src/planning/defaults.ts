import { MemoryBudget } from '../parts/memory-budget.ts';

// Every default of an upload, in one place: the planner, the engine, the CLI's plan and downloads read these.
const MiB = 1024 * 1024;

/** The part size asked for when none is given (raised to fit the part count). */
export const DEFAULT_PART_SIZE = 8 * MiB;

/** Parts in flight when no concurrency is given. */
export const DEFAULT_CONCURRENCY = 4;

/** The size of the memory budget shared by uploads that are not given their own. */
export const DEFAULT_MAX_BUFFERED_BYTES = 128 * MiB;

/** How long `onFailure: 'abort'` may take to abort an upload on the server. */
export const DEFAULT_CLEANUP_TIMEOUT_MS = 30_000;

/** The budget shared by every upload in the process that is not given its own: 128 MiB. */
export const defaultMemoryBudget: MemoryBudget = new MemoryBudget(DEFAULT_MAX_BUFFERED_BYTES);
