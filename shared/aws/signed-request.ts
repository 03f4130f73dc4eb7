import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto';
import * as http from 'node:http';
import * as https from 'node:https';
import { defaultProvider } from '@aws-sdk/credential-provider-node';
import { SignatureV4 } from '@smithy/signature-v4';

/**
 * A small signed AWS client (ADR 0059): one HTTPS request signed with SigV4, with the SDK's own
 * signer and default credential chain (both already in every function, the DynamoDB client uses
 * them), for the few calls a function makes to Lambda or Cognito without carrying their SDK
 * clients (130–150 KB each). What it keeps from the SDK: the region and endpoint settings
 * (`AWS_REGION`, `AWS_ENDPOINT_URL_<SERVICE>`, `AWS_ENDPOINT_URL`), retries of throttling, 5xx
 * and network failures with a jittered backoff, the errors named as AWS names them (`.name` =
 * `UserNotFoundException`, with `$metadata` and `$retryable` as the SDK's), and the X-Ray
 * subsegments: the client has the small part of an SDK client that `traceClient`
 * (shared/observability/tracer.ts) uses, a `config` with the region and an `initialize` step.
 * What it does not: a whole call is bounded by a timeout per attempt, and a timed-out attempt is
 * not retried (a route has 10 s in all).
 */

/** What the SDK says of a call: its status, request id and attempts. */
export interface AwsMetadata {
  httpStatusCode?: number;
  requestId?: string;
  attempts: number;
}

/** An error as AWS names it (`name`), with the SDK's fields that callers and the tracer read. */
export class AwsError extends Error {
  readonly $metadata: AwsMetadata;
  readonly $fault: 'client' | 'server';
  readonly $retryable?: { throttling: boolean };
  constructor(name: string, message: string, metadata: AwsMetadata, retryable?: { throttling: boolean }) {
    super(message || name);
    this.name = name;
    this.$metadata = metadata;
    this.$fault = metadata.httpStatusCode !== undefined && metadata.httpStatusCode < 500 ? 'client' : 'server';
    if (retryable) this.$retryable = retryable;
  }
}

export interface SignedRequest {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Already encoded, from the endpoint's root (e.g. `/2015-03-31/functions/name/invocations`). */
  path: string;
  headers?: Record<string, string>;
  body?: string | Uint8Array;
  /**
   * The operation's host prefix (Amazon Location's `places.`, `routes.`), put before AWS's own
   * host (`places.geo.<region>.amazonaws.com`); a given endpoint is used as it is.
   */
  hostPrefix?: string;
  /** This request's bound per attempt, in milliseconds, instead of the client's. */
  timeoutMs?: number;
}

export interface SignedResponse {
  status: number;
  /** Lower-case names. */
  headers: Record<string, string>;
  body: Buffer;
  $metadata: AwsMetadata;
}

export interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  expiration?: Date;
}

export interface SignedClientOptions {
  /** The signing name: `lambda`, `cognito-idp`. */
  signingName: string;
  /** The SDK's service id (`Lambda`, `Cognito Identity Provider`): its client's name for the traces, its endpoint variable. */
  serviceId: string;
  /** The endpoint's host prefix (`lambda`, `cognito-idp`): `https://<prefix>.<region>.amazonaws.com`. */
  endpointPrefix: string;
  region?: string;
  endpoint?: string;
  credentials?: Credentials | (() => Promise<Credentials>);
  /** One attempt's bound, in milliseconds. */
  timeoutMs?: number;
  maxAttempts?: number;
  /** The first retry's mean delay (ms), doubled each time (tests shorten it). */
  retryBaseMs?: number;
}

/** What `traceClient` reads and adds (shared/observability/tracer.ts). */
type Middleware = (next: Handler, context: { clientName?: string; commandName?: string }) => Handler;
type Handler = (args: { input: Record<string, unknown> }) => Promise<{ output: { $metadata?: AwsMetadata } }>;

/** The SDK's throttling errors (its retry strategy's list). */
const THROTTLING = new Set([
  'ThrottlingException',
  'Throttling',
  'ThrottledException',
  'RequestThrottledException',
  'TooManyRequestsException',
  'ProvisionedThroughputExceededException',
  'TransactionInProgressException',
  'RequestLimitExceeded',
  'BandwidthLimitExceeded',
  'LimitExceededException',
  'RequestThrottled',
  'SlowDown',
  'PriorRequestNotComplete',
  'EC2ThrottledException',
]);
const TRANSIENT_STATUS = new Set([500, 502, 503, 504]);
const NETWORK = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'EAI_AGAIN', 'ENOTFOUND']);

/** SHA-256 and HMAC-SHA-256 as the signer wants them (the SDK's `Sha256` does the same with node:crypto). */
type SourceData = string | ArrayBuffer | ArrayBufferView;
const bytes = (data: SourceData): string | Uint8Array =>
  typeof data === 'string'
    ? data
    : ArrayBuffer.isView(data)
      ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
      : new Uint8Array(data);
class Sha256 {
  private readonly hash: Hash | Hmac;
  constructor(secret?: SourceData) {
    this.hash = secret ? createHmac('sha256', bytes(secret)) : createHash('sha256');
  }
  update(data: SourceData): void {
    this.hash.update(bytes(data));
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.hash.digest());
  }
}

const keepAlive = { http: new http.Agent({ keepAlive: true }), https: new https.Agent({ keepAlive: true }) };

/** `AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER` for `Cognito Identity Provider`, as the SDK reads it. */
export function endpointVariable(serviceId: string): string {
  return `AWS_ENDPOINT_URL_${serviceId.toUpperCase().replace(/ /g, '_')}`;
}

export class SignedClient {
  readonly config: { region: () => Promise<string>; serviceId: string };
  readonly middlewareStack: { add(middleware: Middleware, options: { step: 'initialize'; name: string; override?: boolean }): void };
  private readonly middlewares = new Map<string, Middleware>();
  private signer?: SignatureV4;
  private readonly clientName: string;

  constructor(private readonly options: SignedClientOptions) {
    this.clientName = `${options.serviceId.replace(/ /g, '')}Client`;
    this.config = { region: async () => this.region(), serviceId: options.serviceId };
    this.middlewareStack = { add: (middleware, { name }) => void this.middlewares.set(name, middleware) };
  }

  private region(): string {
    const region = this.options.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION;
    if (!region) throw new Error('Configuration invalide : AWS_REGION manquant');
    return region;
  }

  /**
   * The endpoint, as the SDK chooses it: given, else the service's variable, else the shared one,
   * else AWS's (after the operation's host prefix, if any).
   */
  endpoint(hostPrefix = ''): URL {
    const given = this.options.endpoint ?? process.env[endpointVariable(this.options.serviceId)] ?? process.env.AWS_ENDPOINT_URL;
    return new URL(given ?? `https://${hostPrefix}${this.options.endpointPrefix}.${this.region()}.amazonaws.com`);
  }

  /**
   * One operation: `request` signed and sent, retried as the SDK would; `input` is the
   * operation's input, for the traces only. A non-2xx answer is an `AwsError` named from its
   * `x-amzn-ErrorType` header or its body's `__type` / `code`.
   */
  async send(operation: string, input: Record<string, unknown>, request: SignedRequest): Promise<SignedResponse> {
    let handler: Handler = async () => ({ output: await this.attempts(request) });
    for (const middleware of this.middlewares.values())
      handler = middleware(handler, { clientName: this.clientName, commandName: `${operation}Command` });
    return (await handler({ input })).output as SignedResponse;
  }

  private async attempts(request: SignedRequest): Promise<SignedResponse> {
    const max = this.options.maxAttempts ?? 3;
    const base = this.options.retryBaseMs ?? 100;
    for (let attempt = 1; ; attempt++) {
      try {
        const response = await this.once(request, attempt);
        if (response.status >= 200 && response.status < 300) return response;
        throw errorOf(response);
      } catch (error) {
        const failure = error instanceof AwsError ? error : networkError(error, attempt);
        (failure.$metadata as { attempts: number }).attempts = attempt;
        if (attempt >= max || !retryable(failure)) throw failure;
        await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(20_000, base * 2 ** attempt)));
      }
    }
  }

  private async once(request: SignedRequest, attempt: number): Promise<SignedResponse> {
    const url = this.endpoint(request.hostPrefix);
    const body = request.body ?? '';
    this.signer ??= new SignatureV4({
      service: this.options.signingName,
      region: () => Promise.resolve(this.region()),
      credentials: this.options.credentials ?? defaultProvider(),
      sha256: Sha256,
    });
    const basePath = url.pathname.replace(/\/$/, '');
    const signed = await this.signer.sign({
      method: request.method,
      protocol: url.protocol,
      hostname: url.hostname,
      port: url.port ? Number(url.port) : undefined,
      path: `${basePath}${request.path}`,
      query: {},
      headers: {
        ...request.headers,
        host: url.host,
        'content-length': String(Buffer.byteLength(body)),
      },
      body,
    });
    const timeoutMs = request.timeoutMs ?? this.options.timeoutMs ?? 5000;
    return new Promise<SignedResponse>((resolve, reject) => {
      const transport = url.protocol === 'http:' ? http : https;
      const req = transport.request(
        {
          method: signed.method,
          protocol: url.protocol,
          hostname: url.hostname,
          port: url.port || undefined,
          path: signed.path,
          headers: signed.headers,
          agent: url.protocol === 'http:' ? keepAlive.http : keepAlive.https,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('error', reject);
          res.on('end', () => {
            clearTimeout(timer);
            const headers: Record<string, string> = {};
            for (const [name, value] of Object.entries(res.headers)) {
              if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
            }
            const requestId = headers['x-amzn-requestid'] ?? headers['x-amz-request-id'];
            resolve({
              status: res.statusCode ?? 0,
              headers,
              body: Buffer.concat(chunks),
              $metadata: { httpStatusCode: res.statusCode, ...(requestId ? { requestId } : {}), attempts: attempt },
            });
          });
        },
      );
      const timer = setTimeout(() => {
        req.destroy(Object.assign(new Error(`no answer within ${timeoutMs} ms`), { name: 'TimeoutError' }));
      }, timeoutMs);
      req.on('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
      req.end(body);
    });
  }
}

/** The error of a non-2xx answer, named as the SDK names it. */
function errorOf(response: SignedResponse): AwsError {
  let body: Record<string, unknown> = {};
  try {
    const parsed = JSON.parse(response.body.toString('utf8')) as unknown;
    if (parsed && typeof parsed === 'object') body = parsed as Record<string, unknown>;
  } catch {
    // Not JSON (a proxy's page): named by its status below.
  }
  const raw = response.headers['x-amzn-errortype'] ?? (body.__type as string | undefined) ?? (body.code as string | undefined) ?? '';
  // `aws.protocoltests#UserNotFoundException`, `UserNotFoundException:http://…`: the bare name.
  const name = raw.split(':')[0]!.split('#').pop() || (response.status >= 500 ? 'InternalFailure' : `Http${response.status}Error`);
  const message = String(body.message ?? body.Message ?? body.errorMessage ?? '');
  const throttling = THROTTLING.has(name) || response.status === 429;
  return new AwsError(name, message, response.$metadata, throttling ? { throttling: true } : undefined);
}

function networkError(error: unknown, attempt: number): AwsError {
  const e = error as { name?: string; code?: string; message?: string };
  const name = e.name === 'TimeoutError' ? 'TimeoutError' : (e.code ?? e.name ?? 'NetworkError');
  return new AwsError(name, e.message ?? name, { attempts: attempt });
}

function retryable(error: AwsError): boolean {
  if (error.name === 'TimeoutError') return false;
  if (error.$retryable?.throttling) return true;
  const status = error.$metadata.httpStatusCode;
  if (status !== undefined) return TRANSIENT_STATUS.has(status);
  return NETWORK.has(error.name);
}
