import type { Credentials, CredentialsProvider, HmacSha1, RemoteSigner } from '@jsskit/signer';
import type { HttpAdapter } from './adapter.ts';
import type { AddressingStyle, QueryParameters } from './addressing.ts';
import type { Admission } from './admission.ts';
import type { Authentication } from './authentication.ts';
import type { RetryOptions } from './backoff.ts';
import type { FailureClass } from './classify-failure.ts';
import type { TransportError } from './errors.ts';
import type { RateLimit } from './rate-limit.ts';
import type { RequestBody } from './request-body.ts';

/** The HTTP methods JSS uses. */
export type HttpMethod = 'GET' | 'HEAD' | 'PUT' | 'POST' | 'DELETE';

/** Timeouts of one attempt, plus the overall deadline of a logical request. 0 turns one off. */
export interface TimeoutOptions {
  /** @defaultValue 10000 */
  readonly connectMs: number;
  /** From the last byte sent to the response headers; Complete of a big object takes a while. @defaultValue 120000 */
  readonly headersMs: number;
  /** No byte moving in either direction for this long ends the attempt. @defaultValue 30000 */
  readonly stallMs: number;
  /**
   * How long a request sent with `Expect: 100-continue` waits for `100 Continue` before it sends its body
   * anyway (curl waits as long). @defaultValue 1000
   */
  readonly continueMs: number;
  /** Everything, retries and waits included; 0 means none. @defaultValue 0 */
  readonly deadlineMs: number;
}

/** What the hooks are told about an attempt. URLs never carry signatures; headers are not included. */
export interface AttemptInfo {
  readonly method: HttpMethod;
  /** The request URL with any `Signature`/`AccessKey` parameter redacted. */
  readonly url: string;
  /** 1-based. */
  readonly attempt: number;
}

/** What the after-attempt hook is told. */
export interface AttemptResult extends AttemptInfo {
  readonly status: number | undefined;
  readonly requestId: string | undefined;
  readonly bytesSent: number;
  /** Response body bytes read within the attempt (0 for streamed responses). */
  readonly bytesReceived: number;
  readonly durationMs: number;
  readonly error: TransportError | undefined;
  /** How the attempt failed (`classifyFailure(error)`); undefined when it succeeded. */
  readonly failure: FailureClass | undefined;
  /** Whether the transport will try again. */
  readonly willRetry: boolean;
}

/** Callbacks for logging and metrics; exceptions thrown by them are ignored. */
export interface TransportHooks {
  readonly beforeAttempt?: ((info: AttemptInfo) => void) | undefined;
  readonly afterAttempt?: ((result: AttemptResult) => void) | undefined;
}

/** Options of {@link createTransport}. */
export interface TransportOptions {
  /** `https://oss.cn-north-1.jcloudcs.com` or `http://127.0.0.1:9000`. */
  readonly endpoint: string | URL;
  /** The keys that sign every attempt. Give either these or `remoteSigner`. */
  readonly credentials?: Credentials | CredentialsProvider | undefined;
  /**
   * Signs each attempt on a server that holds the secret (see `createRemoteSigner`), for a page that runs
   * uploads without it. Give either this or `credentials`.
   */
  readonly remoteSigner?: RemoteSigner | undefined;
  /** @defaultValue 'auto' */
  readonly addressing?: AddressingStyle | undefined;
  /** @defaultValue node:http with keep-alive on Node, fetch elsewhere */
  readonly adapter?: HttpAdapter | undefined;
  /**
   * Where the signature travels: the `Authorization` header with a signed `Date`, or, where a script cannot
   * set `Date` (browsers), `Expires`/`AccessKey`/`Signature` in the URL, signed afresh for each attempt and
   * valid for 15 minutes. @defaultValue 'header', or 'query' where fetch drops a `Date` header
   */
  readonly authentication?: Authentication | undefined;
  readonly retry?: Partial<RetryOptions> | undefined;
  readonly timeouts?: Partial<TimeoutOptions> | undefined;
  readonly hooks?: TransportHooks | undefined;
  /**
   * A cap on how fast request bodies are sent, for every request of this transport that has no
   * `rateLimit` of its own (see `createRateLimit`). Response bodies are not limited.
   */
  readonly rateLimit?: RateLimit | undefined;
  /** Sent as User-Agent on Node (browsers set their own). */
  readonly userAgent?: string | undefined;
  readonly hmac?: HmacSha1 | undefined;
  /** Injected for tests: the wait between attempts. Must reject with `signal.reason` when aborted. */
  readonly sleep?: ((ms: number, signal: AbortSignal) => Promise<void>) | undefined;
  /** Injected for tests: a uniform number in [0, 1) for the jitter. @defaultValue Math.random */
  readonly random?: (() => number) | undefined;
  /** Injected for tests: the local clock in ms. @defaultValue Date.now */
  readonly now?: (() => number) | undefined;
}

/** One logical JSS request. */
export interface TransportRequest {
  readonly method: HttpMethod;
  readonly bucket?: string | undefined;
  /** The decoded key; it is %-encoded per segment on the wire and signed decoded (protocol §13). */
  readonly key?: string | undefined;
  /** Query parameters in the order they are sent and signed (put `uploadId` before `partNumber`). */
  readonly query?: QueryParameters | undefined;
  /** Content-Type, Content-MD5 (hex), x-jss-* and any other header; Date and Authorization are set here. */
  readonly headers?: Readonly<Record<string, string>> | undefined;
  readonly body?: RequestBody | undefined;
  /** Length of a stream body, sent as Content-Length; without it a stream goes chunked. */
  readonly contentLength?: number | undefined;
  /**
   * Whether the request may be repeated. GET, HEAD, DELETE and PUT are by default; POST (Initiate,
   * Complete) only when this is true. false turns retries off for any method.
   */
  readonly retryable?: boolean | undefined;
  readonly signal?: AbortSignal | undefined;
  /**
   * Called with the number of body bytes just written to the socket and the attempt they belong to; a
   * retry starts sending the body again under a new attempt number.
   */
  readonly onUploadProgress?: ((deltaBytes: number, attempt: number) => void) | undefined;
  /**
   * Who decides when this request's attempts may go (docs/adr/0032): told before each attempt (and may ask
   * it to send `Expect: 100-continue`), when the server took its body, and after it ended, awaited before
   * the backoff of a retry. How an engine adapts its concurrency to throttling while retries stay here.
   */
  readonly admission?: Admission | undefined;
  /** Per-request timeouts, over the transport's. */
  readonly timeouts?: Partial<TimeoutOptions> | undefined;
  /** A cap on how fast the body is sent, over the transport's; share one to cap several requests together. */
  readonly rateLimit?: RateLimit | undefined;
  /**
   * Ask before sending a body of 1 MiB or more (`Expect: 100-continue`): a server that refuses the request
   * (503 SlowDown, 403, NoSuchUpload) answers before the body is sent, at the cost of one round trip. By
   * default only a retry after an error answer asks first; true asks on every attempt, false never; an
   * `admission` that decides an attempt overrides it. The fetch adapter cannot send `Expect` and ignores
   * this. @defaultValue undefined
   */
  readonly expectContinue?: boolean | undefined;
}

/** A request to presign with {@link Transport.presign}. */
export interface PresignRequest {
  readonly method: HttpMethod;
  readonly bucket: string;
  readonly key?: string | undefined;
  /** Sub-resources such as `uploadId` and `partNumber`, in the order they are sent. */
  readonly query?: QueryParameters | undefined;
  /** Content-MD5, Content-Type and `x-jss-*` headers the eventual request must carry: they are signed. */
  readonly headers?: Readonly<Record<string, string>> | undefined;
  /** Lifetime in seconds. @defaultValue 3600, or 900 with a `remoteSigner` (whose server may refuse more) */
  readonly expiresIn?: number | undefined;
}

/** A response whose body was read whole within the attempt. */
export interface TransportResponse {
  readonly status: number;
  /** Lower-cased names. */
  readonly headers: Readonly<Record<string, string>>;
  readonly requestId: string | undefined;
  readonly body: Uint8Array;
  /** The body as UTF-8 text. */
  text(): string;
  /**
   * The body parsed as JSON (not validated: pass it to a wire-types schema).
   * @throws {InvalidResponseError} when the body is not JSON.
   */
  json(): unknown;
}

/** A response whose body is streamed to the caller. */
export interface StreamingResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly requestId: string | undefined;
  /** Read it to the end or call `cancel()`, or the connection stays busy. */
  readonly body: AsyncIterable<Uint8Array>;
  cancel(): void;
}

/** Sends signed JSS requests; one per process or per endpoint is enough. */
export interface Transport {
  /** Sends a request and reads its body whole (for API calls and parts). */
  send(request: TransportRequest): Promise<TransportResponse>;
  /** Sends a request and hands over the body as a stream (for downloads). */
  stream(request: TransportRequest): Promise<StreamingResponse>;
  /**
   * A presigned URL for the request (protocol §3.5), for a browser or curl to send without the secret.
   * Signed with the server's clock as far as the transport has learned it.
   * @throws {InvalidRequestError} for a bad bucket, key or expiry.
   */
  presign(request: PresignRequest): Promise<string>;
  /** What the transport learned of the server clock: server time minus local time, in ms. */
  readonly clockOffsetMs: number;
  /** Frees pooled connections. */
  close(): Promise<void>;
}
