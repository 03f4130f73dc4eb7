import { AsyncLocalStorage } from 'node:async_hooks';
import { randomBytes } from 'node:crypto';
import { createSocket, type Socket } from 'node:dgram';

/**
 * AWS X-Ray on AWS (ADR 0020; why not Powertools Tracer: ADR 0025): each handler invocation is one
 * subsegment `## <service>.<handler>` under the function's segment, annotated with `ColdStart`,
 * its service and, when it failed, the error's name (never its message); each AWS SDK call of a
 * traced client (`traceClient`) is a subsegment of it, as X-Ray's own instrumentation writes them
 * (`namespace: aws`, operation, region, request id, table, status, error/throttle/fault).
 *
 * The documents go to the X-Ray daemon that Lambda runs beside the function (UDP,
 * `AWS_XRAY_DAEMON_ADDRESS`), in the daemon's documented format. This replaces Powertools Tracer,
 * which carries the X-Ray SDK and `cls-hooked` (≈ 130 KB minified in every function, a third of
 * the floor handler) for the two things done here. Outside Lambda (the local stack, tests), or
 * when the invocation is not sampled, nothing is sent and a client is returned untouched.
 */

interface TraceHeader {
  root: string;
  parent: string;
  sampled: boolean;
}

interface Scope {
  traceId: string;
  /** The subsegment the SDK calls made now belong to. */
  parentId: string;
}

const scopes = new AsyncLocalStorage<Scope>();
let coldStart = true;
let socket: Socket | undefined;

/** Whether this process runs as a traced Lambda function. */
function onLambda(): boolean {
  return Boolean(process.env.AWS_LAMBDA_FUNCTION_NAME) && process.env.RELAIS_TRACING !== 'off';
}

/** `Root=1-…;Parent=…;Sampled=1` as Lambda sets it for the current invocation. */
export function parseTraceHeader(header: string | undefined): TraceHeader | undefined {
  if (!header) return undefined;
  const parts = new Map(
    header.split(';').map((part) => {
      const at = part.indexOf('=');
      return [part.slice(0, at).trim(), part.slice(at + 1).trim()] as const;
    }),
  );
  const root = parts.get('Root');
  const parent = parts.get('Parent');
  if (!root || !parent) return undefined;
  return { root, parent, sampled: parts.get('Sampled') === '1' };
}

/** `host:port`, or the daemon's `tcp:host:port udp:host:port` form (the UDP one is used). */
export function daemonAddress(value = process.env.AWS_XRAY_DAEMON_ADDRESS): { host: string; port: number } {
  const udp = value?.split(/\s+/).find((part) => part.startsWith('udp:'));
  const plain = (udp ? udp.slice(4) : value)?.trim() || '127.0.0.1:2000';
  const at = plain.lastIndexOf(':');
  return { host: plain.slice(0, at), port: Number(plain.slice(at + 1)) };
}

const newId = () => randomBytes(8).toString('hex');
const seconds = (ms: number) => ms / 1000;

function send(document: Record<string, unknown>): void {
  const { host, port } = daemonAddress();
  if (!socket) {
    socket = createSocket('udp4');
    socket.unref();
    // A lost trace document must never fail the function.
    socket.on('error', () => undefined);
  }
  const message = Buffer.from(`{"format":"json","version":1}\n${JSON.stringify(document)}`);
  socket.send(message, port, host, () => undefined);
}

/** Run one handler invocation in its own subsegment. */
export async function traceHandler<T>(service: string, name: string, fn: () => Promise<T>): Promise<T> {
  if (!onLambda()) return fn();
  const header = parseTraceHeader(process.env._X_AMZN_TRACE_ID);
  const wasCold = coldStart;
  coldStart = false;
  if (!header?.sampled) return fn();
  const id = newId();
  const start = Date.now();
  const annotations: Record<string, string | boolean> = { ColdStart: wasCold, service };
  let failed = false;
  try {
    return await scopes.run({ traceId: header.root, parentId: id }, fn);
  } catch (error) {
    failed = true;
    annotations.errorName = (error as Error)?.name ?? 'Error';
    throw error;
  } finally {
    send({
      name: `## ${service}.${name}`,
      id,
      trace_id: header.root,
      parent_id: header.parent,
      type: 'subsegment',
      start_time: seconds(start),
      end_time: seconds(Date.now()),
      annotations,
      ...(failed ? { fault: true } : {}),
    });
  }
}

interface SdkClient {
  config: { region?: unknown; serviceId?: string };
  middlewareStack: {
    add(
      middleware: (next: Handler, context: MiddlewareContext) => Handler,
      options: { step: 'initialize'; name: string; override?: boolean },
    ): void;
  };
}
type Handler = (args: { input: Record<string, unknown> }) => Promise<{ output: { $metadata?: Metadata } }>;
interface Metadata {
  httpStatusCode?: number;
  requestId?: string;
  attempts?: number;
}
interface MiddlewareContext {
  clientName?: string;
  commandName?: string;
}

async function regionOf(client: SdkClient): Promise<string | undefined> {
  const region = client.config.region;
  try {
    return typeof region === 'function' ? await region() : typeof region === 'string' ? region : undefined;
  } catch {
    return undefined;
  }
}

/** An AWS SDK v3 client, traced on AWS (each call a subsegment); the client itself elsewhere. */
export function traceClient<T>(client: T): T {
  if (!onLambda()) return client;
  const sdk = client as unknown as SdkClient;
  sdk.middlewareStack.add(
    (next, context) => async (args) => {
      const scope = scopes.getStore();
      if (!scope) return next(args);
      const start = Date.now();
      const service = (context.clientName ?? 'AWS').replace(/Client$/, '');
      const operation = (context.commandName ?? '').replace(/Command$/, '');
      const table = typeof args.input.TableName === 'string' ? { table_name: args.input.TableName } : {};
      const finish = async (
        meta: Metadata | undefined,
        error?: { name?: string; $metadata?: Metadata; $retryable?: { throttling?: boolean } },
      ) => {
        const status = meta?.httpStatusCode;
        const flags = error
          ? error.$retryable?.throttling || status === 429
            ? { error: true, throttle: true }
            : status !== undefined && status < 500
              ? { error: true }
              : { fault: true }
          : {};
        send({
          name: service,
          id: newId(),
          trace_id: scope.traceId,
          parent_id: scope.parentId,
          type: 'subsegment',
          namespace: 'aws',
          start_time: seconds(start),
          end_time: seconds(Date.now()),
          aws: {
            operation,
            region: await regionOf(sdk),
            ...(meta?.requestId ? { request_id: meta.requestId } : {}),
            retries: Math.max(0, (meta?.attempts ?? 1) - 1),
            ...table,
          },
          ...(status !== undefined ? { http: { response: { status } } } : {}),
          ...flags,
          ...(error ? { cause: { exceptions: [{ id: newId(), type: error.name ?? 'Error' }] } } : {}),
        });
      };
      try {
        const out = await next(args);
        await finish(out.output.$metadata);
        return out;
      } catch (error) {
        const failure = error as { name?: string; $metadata?: Metadata };
        await finish(failure.$metadata, failure);
        throw error;
      }
    },
    { step: 'initialize', name: 'relaisXRay', override: true },
  );
  return client;
}
