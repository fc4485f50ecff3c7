import { ServiceError } from './errors.ts';

const SNIPPET_BYTES = 1024;
const decoder = new TextDecoder();

function pick(body: Record<string, unknown>, name: string): string | undefined {
  for (const [field, value] of Object.entries(body)) {
    if (field.toLowerCase() === name && (typeof value === 'string' || typeof value === 'number')) {
      return String(value);
    }
  }
  return undefined;
}

function parseObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Reads a non-2xx response into a {@link ServiceError}: `code`, `message`, `resource` and `requestId` are
 * matched case-insensitively (protocol §13); the request id falls back to the `x-jss-request-id` header.
 * A body that is not a JSS error (a proxy's HTML page, truncated JSON) is kept as a short snippet.
 */
export function readServiceError(
  operation: string,
  answer: { readonly status: number; readonly headers: Readonly<Record<string, string>> },
  body: Uint8Array,
): ServiceError {
  const { status, headers } = answer;
  const text = decoder.decode(body);
  const parsed = parseObject(text);
  const serviceCode = parsed === undefined ? undefined : pick(parsed, 'code');
  return new ServiceError({
    operation,
    status,
    headers,
    serviceCode,
    serviceMessage: parsed === undefined ? undefined : pick(parsed, 'message'),
    resource: parsed === undefined ? undefined : pick(parsed, 'resource'),
    requestId: (parsed === undefined ? undefined : pick(parsed, 'requestid')) ?? headers['x-jss-request-id'],
    bodySnippet: serviceCode === undefined && text !== '' ? text.slice(0, SNIPPET_BYTES) : undefined,
  });
}
