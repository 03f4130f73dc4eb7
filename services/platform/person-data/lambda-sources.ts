import type { InvokeOutput, LambdaInvoker } from '../../../shared/aws/lambda';
import { createLogger } from '../../../shared/observability/logger';
import type { PersonDataAnswer, PersonDataRequest } from '../../../shared/person-data/contract';
import { platformErrors } from '../errors';
import type { PersonDataSource } from './collector';

const logger = createLogger('platform');

/**
 * The collector's sources on AWS (ADR 0040): each service's person-data function, invoked
 * synchronously (`RequestResponse`) by its name. A function that fails, answers an error or
 * something that is not its service's answer fails the whole request with a 503 in French
 * (`person-data.unavailable`): never a copy with a service missing. Locally the sources are the
 * same functions in process (./collector.ts `localSources`). The invocation goes through the small
 * signed client (shared/aws/lambda.ts, ADR 0059), not the SDK's Lambda client.
 */
export function lambdaSources(functions: Readonly<Record<string, string>>, client: Pick<LambdaInvoker, 'invoke'>): PersonDataSource[] {
  return Object.entries(functions).map(([service, functionName]) => ({
    service,
    give: async (request: PersonDataRequest): Promise<PersonDataAnswer> => {
      let output: InvokeOutput;
      try {
        output = await client.invoke(functionName, JSON.stringify({ personId: request.personId, purpose: request.purpose }));
      } catch (error) {
        // No person id in the log: the service and the purpose say enough.
        logger.error('person data: invocation failed', { service, purpose: request.purpose, error: (error as Error).name });
        throw platformErrors.error('person-data.unavailable');
      }
      const answer = parseAnswer(output);
      if (!answer || answer.service !== service) {
        logger.error('person data: no valid answer', {
          service,
          purpose: request.purpose,
          statusCode: output.statusCode,
          functionError: output.functionError,
        });
        throw platformErrors.error('person-data.unavailable');
      }
      return answer;
    },
  }));
}

function parseAnswer(output: InvokeOutput): PersonDataAnswer | undefined {
  if (output.functionError || output.statusCode !== 200 || output.payload.length === 0) return undefined;
  try {
    const value = JSON.parse(new TextDecoder().decode(output.payload)) as unknown;
    if (typeof value !== 'object' || value === null) return undefined;
    const { service, sections } = value as Record<string, unknown>;
    if (typeof service !== 'string' || typeof sections !== 'object' || sections === null || Array.isArray(sections)) return undefined;
    if (!Object.values(sections).every(Array.isArray)) return undefined;
    return { service, sections: sections as Record<string, unknown[]> };
  } catch {
    return undefined;
  }
}

/** The functions' names the stack gives (`RELAIS_PERSON_DATA_FUNCTIONS`, JSON); missing or malformed: a clear error at first use. */
export function personDataFunctionsFrom(value: string | undefined): Record<string, string> {
  const parsed = value ? (JSON.parse(value) as unknown) : undefined;
  if (!parsed || typeof parsed !== 'object' || !Object.values(parsed).every((v) => typeof v === 'string' && v.length > 0)) {
    throw new Error('Configuration invalide : RELAIS_PERSON_DATA_FUNCTIONS manquant ou mal formé');
  }
  return parsed as Record<string, string>;
}
