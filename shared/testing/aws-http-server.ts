import { createHash, createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A real local HTTP server for the tests of the small signed AWS client (ADR 0059): it records
 * each request as it arrived (method, path, lower-case headers, body) and answers as a test says
 * AWS would; `verifySignature` checks a request's SigV4 signature as AWS does, from the bytes received.
 */

export interface ReceivedRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string;
}

export interface Answer {
  status?: number;
  headers?: Record<string, string>;
  body?: string | Record<string, unknown>;
  /** Wait before answering (a slow service), in ms. */
  delayMs?: number;
}

export interface AwsHttpServer {
  endpoint: string;
  requests: ReceivedRequest[];
  /** The answer to each request (default: 200 `{}`). */
  answer: (request: ReceivedRequest) => Answer | Promise<Answer>;
  close(): Promise<void>;
}

export async function startAwsHttpServer(): Promise<AwsHttpServer> {
  const state: AwsHttpServer = {
    endpoint: '',
    requests: [],
    answer: () => ({ status: 200, body: {} }),
    close: async () => undefined,
  };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', async () => {
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(req.headers)) if (typeof value === 'string') headers[name] = value;
      const received = { method: req.method ?? '', path: req.url ?? '', headers, body: Buffer.concat(chunks).toString('utf8') };
      state.requests.push(received);
      const answer = await state.answer(received);
      if (answer.delayMs) await new Promise((resolve) => setTimeout(resolve, answer.delayMs));
      if (res.destroyed) return;
      const body = typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body ?? {});
      res.writeHead(answer.status ?? 200, { 'x-amzn-requestid': `req-${state.requests.length}`, ...answer.headers });
      res.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  state.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return state;
}

const hex = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');
const hmac = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data).digest();
/** RFC 3986 encoding, as SigV4 wants it. */
const uriEncode = (value: string) => encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/**
 * The request's SigV4 signature checked as AWS does (for services other than S3: the path's
 * segments encoded once more), with the secret key the test gave the client. Answers the
 * credential scope it names when the signature is right, `undefined` when it is not.
 */
export function verifySignature(
  request: ReceivedRequest,
  secretAccessKey: string,
): { accessKeyId: string; date: string; region: string; service: string } | undefined {
  const match =
    /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, SignedHeaders=([^,]+), Signature=([0-9a-f]{64})$/.exec(
      request.headers.authorization ?? '',
    );
  if (!match) return undefined;
  const [, accessKeyId, date, region, service, signedHeaders, signature] = match as unknown as string[];
  const amzDate = request.headers['x-amz-date'] ?? '';
  const [path, query = ''] = request.path.split('?') as [string, string?];
  const canonicalPath = path
    .split('/')
    .map((segment) => uriEncode(decodeURIComponent(segment)))
    .map((segment) => uriEncode(segment))
    .join('/');
  const names = signedHeaders!.split(';');
  const canonical = [
    request.method,
    canonicalPath,
    query,
    ...names.map((n) => `${n}:${(request.headers[n] ?? '').trim().replace(/\s+/g, ' ')}`),
    '',
    signedHeaders,
    hex(request.body),
  ].join('\n');
  const scope = `${date}/${region}/${service}/aws4_request`;
  const toSign = ['AWS4-HMAC-SHA256', amzDate, scope, hex(canonical)].join('\n');
  const key = hmac(hmac(hmac(hmac(`AWS4${secretAccessKey}`, date!), region!), service!), 'aws4_request');
  const expected = createHmac('sha256', key).update(toSign).digest('hex');
  return expected === signature ? { accessKeyId: accessKeyId!, date: date!, region: region!, service: service! } : undefined;
}
