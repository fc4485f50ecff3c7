import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRemoteSigner, createTransport, ServiceError, type Transport } from '@jsskit/http-transport';
import { MultipartError, uploadObject } from '@jsskit/multipart';
import { type Credentials, SignerError, signRemoteRequestSync } from '@jsskit/signer';

/** What the step needs from the showcase. */
export interface RemoteSigningStep {
  readonly endpoint: string;
  readonly credentials: Credentials;
  readonly bucket: string;
  /** A file to upload, and the multipart ETag its 8 MiB parts give. */
  readonly source: string;
  readonly multipartETag: string;
  /** A transport with the keys, to look at what was stored. */
  readonly transport: Transport;
  readonly check: (step: string, ok: boolean, detail: string) => void;
}

const PREFIX = 'from-browser/';

/** The app's signing endpoint, on 127.0.0.1: it holds the secret and signs uploads under `from-browser/`. */
async function startSigningEndpoint(credentials: Credentials, bucket: string) {
  const signed: string[] = [];
  const answer = async (request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    try {
      const input: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      const signature = signRemoteRequestSync(input, {
        credentials,
        allow: (view) => view.bucket === bucket && view.key?.startsWith(PREFIX) === true,
      });
      signed.push(`${(input as { method: string }).method} ${(input as { key?: string }).key ?? ''}`);
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(signature));
    } catch (error) {
      const code = SignerError.isInstance(error) ? error.code : 'bad request';
      response.writeHead(403, { 'content-type': 'text/plain' }).end(code);
    }
  };
  const server = createServer((request, response) => void answer(request, response));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/sign`,
    signed,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * Uploads as a page would with no secret: a transport whose every attempt is signed by the app's endpoint,
 * which refuses keys outside its policy. Returns the upload's result for the summary.
 */
export async function runRemoteSigningStep(step: RemoteSigningStep): Promise<Record<string, unknown>> {
  const signing = await startSigningEndpoint(step.credentials, step.bucket);
  const keyless = createTransport({
    endpoint: step.endpoint,
    remoteSigner: createRemoteSigner({ url: signing.url }),
  });
  try {
    const key = `${PREFIX}clip.bin`;
    const result = await uploadObject({ transport: keyless, bucket: step.bucket, key, source: step.source });
    step.check(
      'remote-sign',
      result.etag === step.multipartETag && signing.signed.length >= result.parts + 2,
      `${result.parts} parts uploaded with no secret on the client: ${signing.signed.length} requests signed by the endpoint; ETag verified`,
    );
    const refused = await uploadObject({
      transport: keyless,
      bucket: step.bucket,
      key: 'elsewhere/clip.bin',
      source: new Uint8Array(1024),
    }).catch((error: unknown) => error);
    const cause = MultipartError.isInstance(refused)
      ? (refused.cause as { code?: string; status?: number })
      : {};
    const stored = await step.transport
      .send({ method: 'HEAD', bucket: step.bucket, key: 'elsewhere/clip.bin' })
      .catch((error: unknown) => error);
    step.check(
      'remote-refuse',
      cause.code === 'TRANSPORT_REMOTE_SIGNING' &&
        cause.status === 403 &&
        ServiceError.isInstance(stored) &&
        stored.status === 404,
      `a key outside the policy is refused by the endpoint (${String(cause.code)}, ${String(cause.status)}); nothing stored`,
    );
    return { ...result, mibPerSecond: Number((result.size / 1024 / 1024 / result.seconds).toFixed(1)) };
  } finally {
    await keyless.close();
    await signing.close();
  }
}
