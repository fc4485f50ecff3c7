import type { IncomingHttpHeaders } from 'node:http';

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * The request's `x-jss-*` headers as the text clients sign: Node reads header bytes as Latin-1, so a value
 * sent as UTF-8 (a copy source with a non-ASCII key) reaches the server as other characters than the client
 * signed. `undefined` when no value has a byte above 0x7F that forms valid UTF-8.
 */
export function utf8JssHeaders(headers: IncomingHttpHeaders): IncomingHttpHeaders | undefined {
  let changed = false;
  const decoded: IncomingHttpHeaders = { ...headers };
  for (const [name, value] of Object.entries(headers)) {
    if (!name.startsWith('x-jss-') || typeof value !== 'string' || !/[\u0080-\u00ff]/.test(value)) continue;
    try {
      decoded[name] = utf8.decode(Buffer.from(value, 'latin1'));
      changed = true;
    } catch {
      // Not UTF-8: the Latin-1 reading is the only one.
    }
  }
  return changed ? decoded : undefined;
}
