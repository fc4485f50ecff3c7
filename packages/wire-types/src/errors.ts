import type * as z from 'zod/mini';
import { issueMessage } from './internal/issue-message.ts';

/** Stable codes of {@link WireParseError}. */
export type WireParseErrorCode = 'WIRE_MALFORMED_JSON' | 'WIRE_SCHEMA_MISMATCH';

/** One failing path of a body, e.g. `Part.2.ETag: Invalid string`. */
export interface WireIssue {
  readonly path: string;
  readonly message: string;
}

const MARKER = Symbol.for('jsskit.wire-types.WireParseError');

/**
 * A body that is not valid JSON or does not match the operation's schema. Names the operation and the failing
 * paths; the ZodError (or SyntaxError) is the `cause`.
 */
export class WireParseError extends Error {
  override readonly name: string = 'WireParseError';
  readonly code: WireParseErrorCode;
  readonly operation: string;
  readonly issues: readonly WireIssue[];

  constructor(
    code: WireParseErrorCode,
    operation: string,
    issues: readonly WireIssue[],
    options?: ErrorOptions,
  ) {
    const summary = issues
      .slice(0, 5)
      .map((issue) => `${issue.path || '(root)'}: ${issue.message}`)
      .join('; ');
    super(
      `${operation}: ${code === 'WIRE_MALFORMED_JSON' ? 'body is not valid JSON' : 'unexpected body'} (${summary})`,
      options,
    );
    this.code = code;
    this.operation = operation;
    this.issues = issues;
    Object.defineProperty(this, MARKER, { value: true });
  }

  /** Cross-copy-safe type guard; prefer it over `instanceof`. */
  static isInstance(value: unknown): value is WireParseError {
    return typeof value === 'object' && value !== null && MARKER in value;
  }

  /** Wraps a zod error, keeping it as `cause`. */
  static fromZodError(operation: string, error: z.core.$ZodError): WireParseError {
    const issues = error.issues.map((issue) => ({
      path: issue.path.join('.'),
      message: issueMessage(issue),
    }));
    return new WireParseError('WIRE_SCHEMA_MISMATCH', operation, issues, { cause: error });
  }
}
