import type { OperationName } from './operation-name.ts';

/** What an injected fault does to a matching request. */
export type FaultAction =
  /** Answer with this status and JSS error code instead of handling the request; nothing is stored. */
  | {
      readonly type: 'error';
      readonly status: number;
      readonly code: string;
      readonly message?: string;
      readonly retryAfterSeconds?: number;
    }
  /** Reset the TCP connection once this many request-body bytes arrived (0: at once); nothing is stored. */
  | { readonly type: 'reset'; readonly afterBodyBytes?: number }
  /**
   * Wait before handling the request, once the response headers and half of its body were sent, or (a
   * CompleteMultipartUpload only) once the object is committed, before the server tidies up and answers.
   */
  | {
      readonly type: 'stall';
      readonly ms: number;
      readonly phase?: 'before-response' | 'during-response' | 'after-commit';
    }
  /** Handle and commit the request, then close the connection without sending the response. */
  | { readonly type: 'drop-response' }
  /** Read the request body no faster than this: a link that crawls but never stalls. */
  | { readonly type: 'slow-body'; readonly bytesPerSecond: number }
  /**
   * Damage the request body on its way in: the lowest bit of the byte at `atByte` (default 0) is flipped.
   * The Content-MD5 check then answers 400 BadDigest and stores nothing, as JSS does; with `unchecked` the
   * server ignores Content-MD5 (as some S3-compatible stores do), stores the damaged bytes and answers with
   * their MD5 as the ETag.
   */
  | { readonly type: 'corrupt-body'; readonly atByte?: number; readonly unchecked?: boolean }
  /**
   * The disk fills up while the request body is written: the write fails with ENOSPC, as a full disk's
   * does, once `afterBodyBytes` (default 0) bytes arrived. The server answers 500 InternalError saying it is
   * out of space, and stores nothing.
   */
  | { readonly type: 'disk-full'; readonly afterBodyBytes?: number };

/** Which requests a fault applies to, and which of the matching ones. */
export interface FaultRule {
  readonly operation?: OperationName | readonly OperationName[];
  readonly method?: string;
  /** Matched against the decoded object key (or the bucket for bucket-level requests). */
  readonly key?: string | RegExp;
  /** The first matching request to hit, counting from 1. @defaultValue 1 */
  readonly nth?: number;
  /** How many consecutive matching requests to hit from `nth` on (`Infinity` for all). @defaultValue 1 */
  readonly times?: number;
  /**
   * Hit only while more than this many matching requests (this one included) are being handled: a server
   * that throttles above a concurrency, with `times: Infinity` and a 503 SlowDown action.
   */
  readonly whenInFlightAbove?: number;
  readonly action: FaultAction;
}

/** A rule as installed: how many requests matched it and how many it hit. */
export interface ActiveFault {
  readonly rule: FaultRule;
  readonly matched: number;
  readonly hits: number;
  remove(): void;
}

/** What the server knows of a request when it consults the faults. */
export interface FaultProbe {
  readonly operation: OperationName;
  readonly method: string;
  readonly key: string;
}

interface MutableFault {
  rule: FaultRule;
  matched: number;
  hits: number;
  inFlight: number;
  remove(): void;
}

/** The fault a request drew, and the call that says it has been handled. */
export interface TakenFault {
  readonly action: FaultAction | undefined;
  release(): void;
}

function matches(rule: FaultRule, probe: FaultProbe): boolean {
  if (rule.method !== undefined && rule.method.toUpperCase() !== probe.method) return false;
  if (rule.operation !== undefined) {
    const operations: readonly OperationName[] =
      typeof rule.operation === 'string' ? [rule.operation] : rule.operation;
    if (!operations.includes(probe.operation)) return false;
  }
  if (rule.key === undefined) return true;
  return typeof rule.key === 'string' ? rule.key === probe.key : rule.key.test(probe.key);
}

/**
 * Faults set from a test at runtime, and the server clock. Rules are consulted in the order they were
 * added; the first one that hits decides.
 */
export class FaultController {
  readonly #faults: MutableFault[] = [];
  #clockOffsetMs = 0;

  /**
   * Installs a rule; the returned handle counts its hits and removes it. Every matching rule counts a
   * request, but only the first one added that hits it acts on it.
   */
  add(rule: FaultRule): ActiveFault {
    const fault: MutableFault = {
      rule,
      matched: 0,
      hits: 0,
      inFlight: 0,
      remove: () => {
        const index = this.#faults.indexOf(fault);
        if (index !== -1) this.#faults.splice(index, 1);
      },
    };
    this.#faults.push(fault);
    return fault;
  }

  /** Removes every rule and resets the clock. */
  clear(): void {
    this.#faults.length = 0;
    this.#clockOffsetMs = 0;
  }

  /** Moves the server clock (Date headers, skew checks, timestamps) by `ms`, cumulatively. */
  shiftClock(ms: number): void {
    this.#clockOffsetMs += ms;
  }

  get clockOffsetMs(): number {
    return this.#clockOffsetMs;
  }

  /** The server's current time, shifted. */
  now(): Date {
    return new Date(Date.now() + this.#clockOffsetMs);
  }

  /**
   * @internal Counts the request against every matching rule and returns the action that hits, if any;
   * `release` must be called once the request has been handled.
   */
  take(probe: FaultProbe): TakenFault {
    let hit: FaultAction | undefined;
    const counted: MutableFault[] = [];
    for (const fault of this.#faults) {
      if (!matches(fault.rule, probe)) continue;
      fault.matched += 1;
      fault.inFlight += 1;
      counted.push(fault);
      const first = fault.rule.nth ?? 1;
      const last = first + (fault.rule.times ?? 1) - 1;
      const crowded = fault.inFlight > (fault.rule.whenInFlightAbove ?? 0);
      if (hit === undefined && fault.matched >= first && fault.matched <= last && crowded) {
        fault.hits += 1;
        hit = fault.rule.action;
      }
    }
    let released = false;
    return {
      action: hit,
      release: () => {
        if (released) return;
        released = true;
        for (const fault of counted) fault.inFlight -= 1;
      },
    };
  }
}
