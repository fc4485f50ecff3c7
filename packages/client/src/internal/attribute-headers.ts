import { type ObjectAttributes, objectAttributeHeaders, WireParseError } from '@jsskit/wire-types';
import { ClientError } from '../errors.ts';

/**
 * The PutObject/Initiate headers of `attributes`; an unknown storage class or a content type HTTP cannot
 * carry is `CLIENT_INVALID_OPTIONS` naming the operation, before anything is sent.
 */
export function attributeHeaders(operation: string, attributes: ObjectAttributes): Record<string, string> {
  return checkedByWireTypes(operation, '', () => objectAttributeHeaders(attributes));
}

/**
 * What `build` returns; a `WireParseError` it throws (options wire-types refuses) becomes
 * `CLIENT_INVALID_OPTIONS`: `<operation>: invalid <what>(<path>: <message>; ...)`.
 */
export function checkedByWireTypes<T>(operation: string, what: string, build: () => T): T {
  try {
    return build();
  } catch (error) {
    if (!WireParseError.isInstance(error)) throw error;
    const issues = error.issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ');
    const text = what === '' ? issues : `${what} (${issues})`;
    throw new ClientError('CLIENT_INVALID_OPTIONS', `${operation}: invalid ${text}`, { cause: error });
  }
}
