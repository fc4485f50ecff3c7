import type { RateLimit, Transport } from '@jsskit/http-transport';

/** The transport, with `rateLimit` on every request that has none of its own: how an upload caps its bodies. */
export function limitedTransport(transport: Transport, rateLimit: RateLimit | undefined): Transport {
  if (rateLimit === undefined) return transport;
  return {
    send: (request) => transport.send({ ...request, rateLimit: request.rateLimit ?? rateLimit }),
    stream: (request) => transport.stream({ ...request, rateLimit: request.rateLimit ?? rateLimit }),
    presign: (request) => transport.presign(request),
    get clockOffsetMs() {
      return transport.clockOffsetMs;
    },
    close: () => transport.close(),
  };
}
