import { type ObjectAttributes, objectAttributeHeaders, WireParseError } from '@jsskit/wire-types';
import { ClientError } from '../errors.ts';

/**
 * The PutObject/Initiate headers of `attributes`; an unknown storage class or a content type HTTP cannot
 * carry is `CLIENT_INVALID_OPTIONS` naming the operation, before anything is sent.
 */
export function attributeHeaders(operation: string, attributes: ObjectAttributes): Record<string, string> {
  try {
    return objectAttributeHeaders(attributes);
  } catch (error) {
    if (!WireParseError.isInstance(error)) throw error;
    const issues = error.issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ');
    throw new ClientError('CLIENT_INVALID_OPTIONS', `${operation}: invalid ${issues}`, { cause: error });
  }
}
