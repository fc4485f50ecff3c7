import * as z from 'zod/mini';
import { withCanonicalKeys } from './internal/schema-helpers.ts';

/**
 * The JSON error body (protocol §5.1). Field names are matched case-insensitively: the example writes
 * `requestId`, the field table `RequestId`.
 * @example {"code":"AccessDenied","message":"Access Denied","resource":"/mybucket/public/index.html","requestId":"71515159-E06D-406F-81C4-E03FA635B831"}
 */
export const ErrorBodySchema = withCanonicalKeys(
  ['code', 'message', 'resource', 'requestId'],
  z.looseObject({
    code: z.string().check(z.minLength(1)),
    message: z.nullish(z.string()),
    resource: z.nullish(z.string()),
    requestId: z.nullish(z.string()),
  }),
);
export type ErrorBody = z.infer<typeof ErrorBodySchema>;
