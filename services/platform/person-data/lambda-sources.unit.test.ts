import { LambdaInvoker } from '../../../shared/aws/lambda';
import { type AwsHttpServer, startAwsHttpServer } from '../../../shared/testing/aws-http-server';
import { collectPersonData } from './collector';
import { lambdaSources, personDataFunctionsFrom } from './lambda-sources';

/** Lambda played by a real local HTTP server answering as its Invoke API does (ADR 0059). */
let lambda: AwsHttpServer;
let sources: ReturnType<typeof lambdaSources>;
beforeAll(async () => {
  lambda = await startAwsHttpServer();
  const client = new LambdaInvoker({
    endpoint: lambda.endpoint,
    region: 'eu-west-3',
    credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'secret' },
    retryBaseMs: 1,
    timeoutMs: 300,
  });
  sources = lambdaSources(FUNCTIONS, client);
});
afterAll(() => lambda.close());
beforeEach(() => {
  lambda.requests.length = 0;
});

const FUNCTIONS = { intake: 'relais-prod-intake-person-data', parcours: 'relais-prod-parcours-person-data' };
const functionOf = (path: string) => decodeURIComponent(/^\/2015-03-31\/functions\/([^/]+)\/invocations$/.exec(path)?.[1] ?? '');
const answers = (byFunction: Record<string, unknown>) => {
  lambda.answer = (request) => ({ status: 200, body: JSON.stringify(byFunction[functionOf(request.path)]) });
};

describe('the collector on AWS: each service’s person-data function invoked (ADR 0040, Lambda played by a local server)', () => {
  it('invokes every function synchronously with her id and the purpose, and assembles their answers', async () => {
    answers({
      [FUNCTIONS.intake]: { service: 'intake', sections: { persons: [{ id: 'P-1' }], receptions: [] } },
      [FUNCTIONS.parcours]: { service: 'parcours', sections: { parcours: [{ id: 'C-1' }] } },
    });
    const data = await collectPersonData(sources, 'P-1', 'export');
    expect(data).toEqual({ intake: { persons: [{ id: 'P-1' }], receptions: [] }, parcours: { parcours: [{ id: 'C-1' }] } });
    const calls = lambda.requests.map((r) => [functionOf(r.path), r.headers['x-amz-invocation-type'], JSON.parse(r.body)]);
    expect(calls.sort((a, b) => String(a[0]).localeCompare(String(b[0])))).toEqual([
      [FUNCTIONS.intake, 'RequestResponse', { personId: 'P-1', purpose: 'export' }],
      [FUNCTIONS.parcours, 'RequestResponse', { personId: 'P-1', purpose: 'export' }],
    ]);
  });

  const unavailable = { status: 503, code: 'platform.person-data.unavailable' };
  const fails = async () => {
    const error = await collectPersonData(sources, 'P-1', 'view').then(
      () => undefined,
      (e: unknown) => e as { status: number; code: string; message: string },
    );
    expect(error).toMatchObject(unavailable);
    expect(error!.message).toMatch(/réessayez/);
  };

  it('fails the whole request with a 503 in French when one function answers an error: never a partial copy', async () => {
    lambda.answer = (request) =>
      functionOf(request.path) === FUNCTIONS.intake
        ? { status: 200, body: { service: 'intake', sections: {} } }
        : {
            status: 200,
            headers: { 'x-amz-function-error': 'Unhandled' },
            body: { service: 'parcours', sections: {}, errorMessage: 'boom' },
          };
    await fails();
  });

  it('fails with the same 503 when the invocation itself fails (throttled, missing function, no right, 5xx, no answer in time)', async () => {
    const failures = [
      { status: 429, headers: { 'x-amzn-errortype': 'TooManyRequestsException' }, body: { message: 'Rate exceeded' } },
      { status: 404, headers: { 'x-amzn-errortype': 'ResourceNotFoundException' }, body: { message: 'Function not found' } },
      { status: 403, headers: { 'x-amzn-errortype': 'AccessDeniedException' }, body: { message: 'not authorized' } },
      { status: 502, body: { message: 'Bad gateway' } },
      // A valid answer, but after the client's timeout.
      { status: 200, body: { service: 'parcours', sections: {} }, delayMs: 600 },
    ];
    for (const failure of failures) {
      lambda.answer = (request) =>
        functionOf(request.path) === FUNCTIONS.intake ? { status: 200, body: { service: 'intake', sections: {} } } : failure;
      await fails();
    }
  });

  it('answers when every function answers its own service (the failures above are not the server’s doing)', async () => {
    answers({ [FUNCTIONS.intake]: { service: 'intake', sections: {} }, [FUNCTIONS.parcours]: { service: 'parcours', sections: {} } });
    expect(await collectPersonData(sources, 'P-1', 'view')).toEqual({ intake: {}, parcours: {} });
  });

  it('fails when a function answers something that is not its own service’s answer', async () => {
    for (const wrong of [{ service: 'intake', sections: {} }, { service: 'parcours', sections: { x: 'not a list' } }, 'text', null]) {
      answers({ [FUNCTIONS.intake]: { service: 'intake', sections: {} }, [FUNCTIONS.parcours]: wrong });
      await fails();
    }
  });

  it('reads the functions’ names the stack gives, and says so when they are missing', () => {
    expect(personDataFunctionsFrom(JSON.stringify(FUNCTIONS))).toEqual(FUNCTIONS);
    expect(() => personDataFunctionsFrom(undefined)).toThrow(/RELAIS_PERSON_DATA_FUNCTIONS/);
    expect(() => personDataFunctionsFrom('{"intake":""}')).toThrow(/RELAIS_PERSON_DATA_FUNCTIONS/);
  });
});
