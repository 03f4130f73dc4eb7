/**
 * Amazon Location's two operations on the small signed client (ADR 0063), against a real local
 * HTTP server answering as Location does: the HTTP binding the SDK uses (method, path with the
 * resource's name, JSON body without it, host prefixes), the SigV4 signature checked as AWS checks
 * it for the `geo` service, the answers mapped back with `$metadata`, and Location's errors by
 * their AWS names, retried or not as the SDK would.
 */
import { createSocket, type Socket } from 'node:dgram';
import { traceClient, traceHandler } from '../observability/tracer';
import { type AwsHttpServer, startAwsHttpServer, verifySignature } from '../testing/aws-http-server';
import { LocationClient } from './location';
import { type AwsError, endpointVariable } from './signed-request';

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

describe('SearchPlaceIndexForText', () => {
  it('posts the search to the index’s path, the index out of the body, signed for geo, and maps the results back', async () => {
    server.answer = () => ({
      status: 200,
      body: {
        Summary: { Text: 'Cahors, 46', DataSource: 'Here', MaxResults: 1, FilterCountries: ['FRA'] },
        Results: [
          {
            Place: { Geometry: { Point: [1.4436, 44.4508] }, Label: 'Cahors, Lot, Occitanie, FRA', Municipality: 'Cahors', Country: 'FRA' },
            Relevance: 1,
            PlaceId: 'AQAAA',
          },
        ],
      },
    });
    const out = await new LocationClient(options()).searchPlaceIndexForText({
      IndexName: 'relais-test-places',
      Text: 'Cahors, 46',
      BiasPosition: [1.44, 44.45],
      FilterCountries: ['FRA'],
      FilterCategories: ['MunicipalityType'],
      MaxResults: 1,
    });
    expect(out.Results?.[0]?.Place.Geometry.Point).toEqual([1.4436, 44.4508]);
    expect(out.Results?.[0]).toMatchObject({ Relevance: 1, PlaceId: 'AQAAA', Place: { Municipality: 'Cahors' } });
    expect(out.Summary).toMatchObject({ DataSource: 'Here' });
    expect(out.$metadata).toEqual({ httpStatusCode: 200, requestId: 'req-1', attempts: 1 });

    const [request] = server.requests;
    expect(request).toMatchObject({ method: 'POST', path: '/places/v0/indexes/relais-test-places/search/text' });
    expect(request!.headers['content-type']).toBe('application/json');
    expect(JSON.parse(request!.body)).toEqual({
      Text: 'Cahors, 46',
      BiasPosition: [1.44, 44.45],
      FilterCountries: ['FRA'],
      FilterCategories: ['MunicipalityType'],
      MaxResults: 1,
    });
    expect(request!.headers.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIDTESTRELAIS\/\d{8}\/eu-west-3\/geo\/aws4_request, /);
    expect(verifySignature(request!, CREDENTIALS.secretAccessKey)).toMatchObject({ region: REGION, service: 'geo' });
    // A wrong secret, or a body changed after signing, does not verify: the check above can fail.
    expect(verifySignature(request!, 'another-secret')).toBeUndefined();
    expect(verifySignature({ ...request!, body: request!.body.replace('Cahors', 'Figeac') }, CREDENTIALS.secretAccessKey)).toBeUndefined();
  });

  it('encodes the index’s name as a path label', async () => {
    await new LocationClient(options()).searchPlaceIndexForText({ IndexName: 'places (test)', Text: 'x' });
    expect(server.requests[0]?.path).toBe('/places/v0/indexes/places%20%28test%29/search/text');
    expect(verifySignature(server.requests[0]!, CREDENTIALS.secretAccessKey)).toMatchObject({ service: 'geo' });
  });

  it('throws Location’s errors by their AWS name with $metadata, without retrying a client error', async () => {
    const client = new LocationClient(options());
    server.answer = () => ({
      status: 404,
      headers: { 'x-amzn-errortype': 'ResourceNotFoundException:http://internal.amazon.com/coral/com.amazonaws.geo/' },
      body: { message: 'Place index not found: relais-test-places' },
    });
    const notFound = await failure(client.searchPlaceIndexForText({ IndexName: 'relais-test-places', Text: 'Cahors' }));
    expect(notFound).toMatchObject({
      name: 'ResourceNotFoundException',
      message: 'Place index not found: relais-test-places',
      $fault: 'client',
      $metadata: { httpStatusCode: 404, requestId: 'req-1', attempts: 1 },
    });

    server.answer = () => ({
      status: 400,
      headers: { 'x-amzn-errortype': 'ValidationException' },
      body: { message: 'Invalid input', reason: 'FieldValidationFailed', fieldList: [{ name: 'Text', message: 'too long' }] },
    });
    expect(await failure(client.searchPlaceIndexForText({ IndexName: 'p', Text: 'x'.repeat(300) }))).toMatchObject({
      name: 'ValidationException',
      message: 'Invalid input',
      $metadata: { httpStatusCode: 400, attempts: 1 },
    });

    server.answer = () => ({ status: 403, headers: { 'x-amzn-errortype': 'AccessDeniedException' }, body: { message: 'not allowed' } });
    expect(await failure(client.searchPlaceIndexForText({ IndexName: 'p', Text: 'x' }))).toMatchObject({
      name: 'AccessDeniedException',
      $fault: 'client',
    });
    expect(server.requests).toHaveLength(3);
  });

  it('gives up after its timeout with a TimeoutError, without retrying it', async () => {
    server.answer = () => ({ status: 200, body: { Results: [] }, delayMs: 400 });
    const started = Date.now();
    const error = await failure(new LocationClient({ ...options(), timeoutMs: 80 }).searchPlaceIndexForText({ IndexName: 'p', Text: 'x' }));
    expect(error).toMatchObject({ name: 'TimeoutError' });
    expect(Date.now() - started).toBeLessThan(350);
    expect(server.requests).toHaveLength(1);
  });
});

describe('CalculateRouteMatrix', () => {
  it('posts the positions to the calculator’s route-matrix path, signed for geo, and maps the matrix back', async () => {
    server.answer = () => ({
      status: 200,
      body: {
        RouteMatrix: [[{ Distance: 12.5, DurationSeconds: 900 }, { Error: { Code: 'RouteNotFound', Message: 'no route' } }]],
        Summary: { DataSource: 'Here', RouteCount: 2, ErrorCount: 1, DistanceUnit: 'Kilometers' },
        SnappedDeparturePositions: [[1.4401, 44.4501]],
        SnappedDestinationPositions: [
          [1.6, 44.5],
          [2.1, 44.9],
        ],
      },
    });
    const out = await new LocationClient(options()).calculateRouteMatrix({
      CalculatorName: 'relais-test-routes',
      DeparturePositions: [[1.44, 44.45]],
      DestinationPositions: [
        [1.6, 44.5],
        [2.1, 44.9],
      ],
      TravelMode: 'Car',
      DistanceUnit: 'Kilometers',
    });
    expect(out.RouteMatrix).toEqual([
      [{ Distance: 12.5, DurationSeconds: 900 }, { Error: { Code: 'RouteNotFound', Message: 'no route' } }],
    ]);
    expect(out.Summary).toEqual({ DataSource: 'Here', RouteCount: 2, ErrorCount: 1, DistanceUnit: 'Kilometers' });
    expect(out.SnappedDeparturePositions).toEqual([[1.4401, 44.4501]]);
    expect(out.$metadata).toMatchObject({ httpStatusCode: 200, attempts: 1 });

    const [request] = server.requests;
    expect(request).toMatchObject({ method: 'POST', path: '/routes/v0/calculators/relais-test-routes/calculate/route-matrix' });
    expect(request!.headers['content-type']).toBe('application/json');
    expect(JSON.parse(request!.body)).toEqual({
      DeparturePositions: [[1.44, 44.45]],
      DestinationPositions: [
        [1.6, 44.5],
        [2.1, 44.9],
      ],
      TravelMode: 'Car',
      DistanceUnit: 'Kilometers',
    });
    expect(verifySignature(request!, CREDENTIALS.secretAccessKey)).toEqual({
      accessKeyId: CREDENTIALS.accessKeyId,
      date: expect.stringMatching(/^\d{8}$/),
      region: REGION,
      service: 'geo',
    });
  });

  it('retries a throttled or 5xx answer as the SDK does, and gives the last error after three attempts', async () => {
    const client = new LocationClient(options());
    const input = { CalculatorName: 'routes', DeparturePositions: [[1.4, 44.4]], DestinationPositions: [[1.5, 44.5]] };
    let n = 0;
    server.answer = () =>
      ++n < 3
        ? { status: 503, body: { message: 'unavailable' } }
        : { status: 200, body: { RouteMatrix: [[{ Distance: 1, DurationSeconds: 60 }]] } };
    const out = await client.calculateRouteMatrix(input);
    expect(out.$metadata.attempts).toBe(3);
    expect(out.RouteMatrix?.[0]?.[0]).toEqual({ Distance: 1, DurationSeconds: 60 });
    expect(server.requests).toHaveLength(3);

    server.requests.length = 0;
    server.answer = () => ({ status: 429, headers: { 'x-amzn-errortype': 'ThrottlingException' }, body: { message: 'Rate exceeded' } });
    const throttled = await failure(client.calculateRouteMatrix(input));
    expect(throttled).toMatchObject({
      name: 'ThrottlingException',
      message: 'Rate exceeded',
      $retryable: { throttling: true },
      $metadata: { httpStatusCode: 429, attempts: 3 },
    });
    expect(server.requests).toHaveLength(3);
    // Each attempt signed anew, for the same path and body.
    for (const request of server.requests) {
      expect(request.path).toBe('/routes/v0/calculators/routes/calculate/route-matrix');
      expect(verifySignature(request, CREDENTIALS.secretAccessKey)).toMatchObject({ service: 'geo' });
    }
  });
});

describe('its endpoint', () => {
  it('is AWS’s host after the operation’s prefix (places., routes.) when none is given, as the SDK’s endpoint rules say', () => {
    const client = new LocationClient({ region: REGION });
    expect(client.endpoint('places.').href).toBe('https://places.geo.eu-west-3.amazonaws.com/');
    expect(client.endpoint('routes.').href).toBe('https://routes.geo.eu-west-3.amazonaws.com/');
  });

  it('is taken as it is from AWS_ENDPOINT_URL_LOCATION, else AWS_ENDPOINT_URL, for both operations', async () => {
    expect(endpointVariable('Location')).toBe('AWS_ENDPOINT_URL_LOCATION');
    const client = new LocationClient({ region: REGION, credentials: CREDENTIALS, retryBaseMs: 1 });
    process.env.AWS_ENDPOINT_URL = 'https://unused.example.test';
    process.env.AWS_ENDPOINT_URL_LOCATION = server.endpoint;
    try {
      await client.searchPlaceIndexForText({ IndexName: 'p', Text: 'x' });
      await client.calculateRouteMatrix({ CalculatorName: 'r', DeparturePositions: [], DestinationPositions: [] });
      delete process.env.AWS_ENDPOINT_URL_LOCATION;
      expect(client.endpoint('places.').href).toBe('https://unused.example.test/');
    } finally {
      delete process.env.AWS_ENDPOINT_URL;
      delete process.env.AWS_ENDPOINT_URL_LOCATION;
    }
    expect(server.requests.map((r) => [r.path, r.headers.host])).toEqual([
      ['/places/v0/indexes/p/search/text', new URL(server.endpoint).host],
      ['/routes/v0/calculators/r/calculate/route-matrix', new URL(server.endpoint).host],
    ]);
  });
});

describe('its X-Ray subsegments, through traceClient as for the SDK’s LocationClient', () => {
  let daemon: Socket;
  const received: Record<string, unknown>[] = [];
  beforeAll(async () => {
    daemon = createSocket('udp4');
    daemon.on('message', (message) => received.push(JSON.parse(message.toString().split('\n')[1] as string)));
    await new Promise<void>((resolve) => daemon.bind(0, '127.0.0.1', resolve));
    process.env.AWS_LAMBDA_FUNCTION_NAME = 'relais-test-directory';
    process.env.AWS_XRAY_DAEMON_ADDRESS = `127.0.0.1:${daemon.address().port}`;
    process.env._X_AMZN_TRACE_ID = 'Root=1-675a1b2c-0123456789abcdef01234567;Parent=53995c3f42cd8ad8;Sampled=1';
  });
  afterAll(() => {
    for (const name of ['AWS_LAMBDA_FUNCTION_NAME', 'AWS_XRAY_DAEMON_ADDRESS', '_X_AMZN_TRACE_ID']) delete process.env[name];
    daemon.close();
  });

  it('sends each call as a Location subsegment with its operation, region and request id', async () => {
    const location = traceClient(new LocationClient(options()));
    await traceHandler('directory', 'nearestSites', async () => {
      await location.searchPlaceIndexForText({ IndexName: 'p', Text: 'x' });
      await location.calculateRouteMatrix({ CalculatorName: 'r', DeparturePositions: [], DestinationPositions: [] });
    });
    for (let i = 0; i < 100 && received.length < 3; i++) await new Promise((r) => setTimeout(r, 20));
    expect(received.filter((d) => d.namespace === 'aws')).toEqual([
      expect.objectContaining({
        name: 'Location',
        aws: { operation: 'SearchPlaceIndexForText', region: REGION, request_id: 'req-1', retries: 0 },
        http: { response: { status: 200 } },
      }),
      expect.objectContaining({
        name: 'Location',
        aws: { operation: 'CalculateRouteMatrix', region: REGION, request_id: 'req-2', retries: 0 },
      }),
    ]);
  });
});
