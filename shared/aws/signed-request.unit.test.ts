/**
 * The small signed AWS client (ADR 0059) against a real local HTTP server that answers as Lambda
 * and Cognito do: what is sent (method, path, target, body, a SigV4 signature checked as AWS
 * checks it), how AWS's answers and failures come back (errors named as AWS names them, retries,
 * timeouts), and its X-Ray subsegments through `traceClient`, as the SDK clients'.
 */
import { createSocket, type Socket } from 'node:dgram';
import { traceClient, traceHandler } from '../observability/tracer';
import { type AwsHttpServer, startAwsHttpServer, verifySignature } from '../testing/aws-http-server';
import { CognitoClient } from './cognito';
import { LambdaInvoker } from './lambda';
import { AwsError, endpointVariable } from './signed-request';

const CREDENTIALS = { accessKeyId: 'AKIDTESTRELAIS', secretAccessKey: 'test-secret-key' };
const REGION = 'eu-west-3';
let server: AwsHttpServer;

beforeAll(async () => {
  server = await startAwsHttpServer();
});
afterAll(() => server.close());
beforeEach(() => {
  server.requests.length = 0;
  server.answer = () => ({ status: 200, body: {} });
});

const options = () => ({ endpoint: server.endpoint, region: REGION, credentials: CREDENTIALS, retryBaseMs: 1 });
const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (e: unknown) => e as AwsError,
  );

describe('Lambda Invoke on the signed client', () => {
  it('posts the payload to the function’s invocations path, synchronously, signed for lambda in the region', async () => {
    server.answer = () => ({ status: 200, body: { service: 'intake', sections: {} } });
    const out = await new LambdaInvoker(options()).invoke(
      'arn:aws:lambda:eu-west-3:123456789012:function:relais-intake-person-data',
      '{"personId":"P-1"}',
    );
    expect(out.statusCode).toBe(200);
    expect(out.functionError).toBeUndefined();
    expect(JSON.parse(new TextDecoder().decode(out.payload))).toEqual({ service: 'intake', sections: {} });
    expect(out.$metadata).toEqual({ httpStatusCode: 200, requestId: 'req-1', attempts: 1 });
    const [request] = server.requests;
    expect(request).toMatchObject({
      method: 'POST',
      path: '/2015-03-31/functions/arn%3Aaws%3Alambda%3Aeu-west-3%3A123456789012%3Afunction%3Arelais-intake-person-data/invocations',
      body: '{"personId":"P-1"}',
    });
    expect(request!.headers['x-amz-invocation-type']).toBe('RequestResponse');
    expect(request!.headers.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIDTESTRELAIS\/\d{8}\/eu-west-3\/lambda\/aws4_request, /);
    expect(verifySignature(request!, CREDENTIALS.secretAccessKey)).toMatchObject({ region: REGION, service: 'lambda' });
    // A wrong secret, or a request changed after signing, does not verify: the check above can fail.
    expect(verifySignature(request!, 'another-secret')).toBeUndefined();
    expect(verifySignature({ ...request!, body: '{"personId":"P-2"}' }, CREDENTIALS.secretAccessKey)).toBeUndefined();
  });

  it('says a function’s own failure (X-Amz-Function-Error) without throwing, as the SDK does', async () => {
    server.answer = () => ({ status: 200, headers: { 'x-amz-function-error': 'Unhandled' }, body: { errorMessage: 'boom' } });
    const out = await new LambdaInvoker(options()).invoke('f', '{}');
    expect(out).toMatchObject({ statusCode: 200, functionError: 'Unhandled' });
    expect(server.requests).toHaveLength(1);
  });

  it('throws Lambda’s errors by their AWS name, from the x-amzn-ErrorType header, without retrying a client error', async () => {
    server.answer = () => ({
      status: 404,
      headers: { 'x-amzn-errortype': 'ResourceNotFoundException:http://internal.amazon.com/coral/com.amazonaws.awsgirl/' },
      body: { Type: 'User', message: 'Function not found: f' },
    });
    const error = await failure(new LambdaInvoker(options()).invoke('f', '{}'));
    expect(error).toBeInstanceOf(AwsError);
    expect(error).toMatchObject({ name: 'ResourceNotFoundException', message: 'Function not found: f', $fault: 'client' });
    expect(error!.$metadata).toMatchObject({ httpStatusCode: 404, attempts: 1 });
    expect(server.requests).toHaveLength(1);
  });

  it('retries a 5xx and a throttled answer, then gives the last error after three attempts', async () => {
    let n = 0;
    server.answer = () => (++n < 3 ? { status: 503, body: 'Service Unavailable' } : { status: 200, body: { ok: true } });
    const out = await new LambdaInvoker(options()).invoke('f', '{}');
    expect(out.$metadata.attempts).toBe(3);
    expect(server.requests).toHaveLength(3);

    server.requests.length = 0;
    server.answer = () => ({
      status: 429,
      headers: { 'x-amzn-errortype': 'TooManyRequestsException' },
      body: { message: 'Rate exceeded' },
    });
    const error = await failure(new LambdaInvoker(options()).invoke('f', '{}'));
    expect(error).toMatchObject({ name: 'TooManyRequestsException', $retryable: { throttling: true } });
    expect(error!.$metadata.attempts).toBe(3);
    expect(server.requests).toHaveLength(3);

    server.requests.length = 0;
    server.answer = () => ({ status: 500, body: 'not json' });
    expect(await failure(new LambdaInvoker({ ...options(), maxAttempts: 2 }).invoke('f', '{}'))).toMatchObject({
      name: 'InternalFailure',
      $fault: 'server',
      $metadata: { httpStatusCode: 500, attempts: 2 },
    });
    expect(server.requests).toHaveLength(2);
  });

  it('gives up after its timeout with a TimeoutError, and does not retry it', async () => {
    server.answer = () => ({ status: 200, body: {}, delayMs: 500 });
    const started = Date.now();
    const error = await failure(new LambdaInvoker({ ...options(), timeoutMs: 100 }).invoke('f', '{}'));
    expect(error).toMatchObject({ name: 'TimeoutError' });
    expect(Date.now() - started).toBeLessThan(450);
    expect(server.requests).toHaveLength(1);
  });

  it('fails by the network error’s code when nothing answers', async () => {
    const closed = await startAwsHttpServer();
    await closed.close();
    const error = await failure(new LambdaInvoker({ ...options(), endpoint: closed.endpoint, maxAttempts: 2 }).invoke('f', '{}'));
    expect(error).toMatchObject({ name: 'ECONNREFUSED', $metadata: { attempts: 2 } });
  });
});

describe('Cognito on the signed client (AWS JSON 1.1)', () => {
  it('posts the operation’s JSON to / with its X-Amz-Target, signed for cognito-idp, and answers the JSON', async () => {
    server.answer = () => ({ status: 200, body: { ChallengeName: 'CUSTOM_CHALLENGE', Session: 's-1' } });
    const input = { UserPoolId: 'eu-west-3_Persons', ClientId: 'c', AuthFlow: 'CUSTOM_AUTH', AuthParameters: { USERNAME: 'P-1' } };
    expect(await new CognitoClient(options()).call('AdminInitiateAuth', input)).toEqual({
      ChallengeName: 'CUSTOM_CHALLENGE',
      Session: 's-1',
    });
    const [request] = server.requests;
    expect(request).toMatchObject({ method: 'POST', path: '/' });
    expect(request!.headers['x-amz-target']).toBe('AWSCognitoIdentityProviderService.AdminInitiateAuth');
    expect(request!.headers['content-type']).toBe('application/x-amz-json-1.1');
    expect(JSON.parse(request!.body)).toEqual(input);
    expect(verifySignature(request!, CREDENTIALS.secretAccessKey)).toEqual({
      accessKeyId: CREDENTIALS.accessKeyId,
      date: expect.stringMatching(/^\d{8}$/),
      region: REGION,
      service: 'cognito-idp',
    });
  });

  it('names errors from the body’s __type (UserNotFoundException, UsernameExistsException) as the SDK does', async () => {
    const client = new CognitoClient(options());
    server.answer = () => ({ status: 400, body: { __type: 'UserNotFoundException', message: 'User does not exist.' } });
    expect(await failure(client.call('AdminGetUser', {}))).toMatchObject({
      name: 'UserNotFoundException',
      message: 'User does not exist.',
    });
    server.answer = () => ({
      status: 400,
      body: { __type: 'com.amazonaws.cognito.identity.idp.model#UsernameExistsException', message: 'User account already exists' },
    });
    expect(await failure(client.call('AdminCreateUser', {}))).toMatchObject({ name: 'UsernameExistsException' });
    server.answer = () => ({ status: 400, headers: { 'x-amzn-errortype': 'NotAuthorizedException' }, body: { message: 'no' } });
    expect(await failure(client.call('AdminGetUser', {}))).toMatchObject({ name: 'NotAuthorizedException' });
    expect(server.requests).toHaveLength(3);
  });

  it('takes its endpoint from the SDK’s variables when none is given', async () => {
    expect(endpointVariable('Cognito Identity Provider')).toBe('AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER');
    const variable = endpointVariable('Lambda');
    process.env[variable] = 'https://lambda.example.test';
    try {
      expect(new LambdaInvoker({ region: REGION }).endpoint().href).toBe('https://lambda.example.test/');
    } finally {
      delete process.env[variable];
    }
    expect(new CognitoClient({ region: 'eu-west-1' }).endpoint().href).toBe('https://cognito-idp.eu-west-1.amazonaws.com/');
  });
});

describe('its X-Ray subsegments, through traceClient as for an SDK client', () => {
  let daemon: Socket;
  const received: Record<string, unknown>[] = [];
  beforeAll(async () => {
    daemon = createSocket('udp4');
    daemon.on('message', (message) => received.push(JSON.parse(message.toString().split('\n')[1] as string)));
    await new Promise<void>((resolve) => daemon.bind(0, '127.0.0.1', resolve));
    process.env.AWS_LAMBDA_FUNCTION_NAME = 'relais-test-platform';
    process.env.AWS_XRAY_DAEMON_ADDRESS = `127.0.0.1:${daemon.address().port}`;
    process.env._X_AMZN_TRACE_ID = 'Root=1-675a1b2c-0123456789abcdef01234567;Parent=53995c3f42cd8ad8;Sampled=1';
  });
  afterAll(() => {
    for (const name of ['AWS_LAMBDA_FUNCTION_NAME', 'AWS_XRAY_DAEMON_ADDRESS', '_X_AMZN_TRACE_ID']) delete process.env[name];
    daemon.close();
  });

  it('sends each call as an aws subsegment (service, operation, region, request id, status; an error by its name)', async () => {
    const lambda = traceClient(new LambdaInvoker(options()));
    const cognito = traceClient(new CognitoClient(options()));
    await traceHandler('platform', 'myExport', async () => {
      await lambda.invoke('f', '{}');
      server.answer = () => ({ status: 400, body: { __type: 'UserNotFoundException', message: 'x' } });
      await cognito.call('AdminGetUser', {}).catch(() => undefined);
    });
    for (let i = 0; i < 100 && received.length < 3; i++) await new Promise((r) => setTimeout(r, 20));
    const calls = received.filter((d) => d.namespace === 'aws');
    const handler = received.find((d) => d.name === '## platform.myExport');
    expect(calls).toEqual([
      expect.objectContaining({
        name: 'Lambda',
        parent_id: handler?.id,
        aws: { operation: 'Invoke', region: REGION, request_id: 'req-1', retries: 0 },
        http: { response: { status: 200 } },
      }),
      expect.objectContaining({
        name: 'CognitoIdentityProvider',
        aws: { operation: 'AdminGetUser', region: REGION, request_id: 'req-2', retries: 0 },
        http: { response: { status: 400 } },
        error: true,
        cause: { exceptions: [{ id: expect.any(String), type: 'UserNotFoundException' }] },
      }),
    ]);
  });
});
