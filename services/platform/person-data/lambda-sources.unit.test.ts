import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { collectPersonData } from './collector';
import { lambdaSources, personDataFunctionsFrom } from './lambda-sources';

const lambda = mockClient(LambdaClient);
afterAll(() => lambda.restore());
beforeEach(() => lambda.reset());

const FUNCTIONS = { intake: 'relais-prod-intake-person-data', parcours: 'relais-prod-parcours-person-data' };
const sources = lambdaSources(FUNCTIONS, new LambdaClient({}));
const payload = (value: unknown) => new TextEncoder().encode(JSON.stringify(value)) as never;
const answers = (byFunction: Record<string, unknown>) =>
  lambda
    .on(InvokeCommand)
    .callsFake((input: { FunctionName: string }) => ({ StatusCode: 200, Payload: payload(byFunction[input.FunctionName]) }));

describe('the collector on AWS: each service’s person-data function invoked (ADR 0040, Lambda mocked)', () => {
  it('invokes every function synchronously with her id and the purpose, and assembles their answers', async () => {
    answers({
      [FUNCTIONS.intake]: { service: 'intake', sections: { persons: [{ id: 'P-1' }], receptions: [] } },
      [FUNCTIONS.parcours]: { service: 'parcours', sections: { parcours: [{ id: 'C-1' }] } },
    });
    const data = await collectPersonData(sources, 'P-1', 'export');
    expect(data).toEqual({ intake: { persons: [{ id: 'P-1' }], receptions: [] }, parcours: { parcours: [{ id: 'C-1' }] } });
    const calls = lambda.commandCalls(InvokeCommand).map((c) => c.args[0].input);
    expect(calls.map((c) => [c.FunctionName, c.InvocationType, JSON.parse(new TextDecoder().decode(c.Payload as Uint8Array))])).toEqual([
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
    lambda
      .on(InvokeCommand, { FunctionName: FUNCTIONS.intake })
      .resolves({ StatusCode: 200, Payload: payload({ service: 'intake', sections: {} }) });
    lambda
      .on(InvokeCommand, { FunctionName: FUNCTIONS.parcours })
      .resolves({ StatusCode: 200, FunctionError: 'Unhandled', Payload: payload({ errorMessage: 'boom' }) });
    await fails();
  });

  it('fails with the same 503 when the invocation itself fails (throttled, missing function, no right)', async () => {
    lambda
      .on(InvokeCommand, { FunctionName: FUNCTIONS.intake })
      .resolves({ StatusCode: 200, Payload: payload({ service: 'intake', sections: {} }) });
    lambda
      .on(InvokeCommand, { FunctionName: FUNCTIONS.parcours })
      .rejects(Object.assign(new Error('x'), { name: 'TooManyRequestsException' }));
    await fails();
  });

  it('fails when a function answers something that is not its own service’s answer', async () => {
    for (const wrong of [{ service: 'intake', sections: {} }, { service: 'parcours', sections: { x: 'not a list' } }, 'text', null]) {
      lambda.reset();
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
