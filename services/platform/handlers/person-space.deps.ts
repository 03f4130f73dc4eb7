import { LambdaClient } from '@aws-sdk/client-lambda';
import { settings } from '../../../shared/config/settings';
import { traceClient } from '../../../shared/observability/tracer';
import { PERSON_DATA_FUNCTIONS_ENV } from '../../../shared/person-data/contract';
import { SERVICES } from '../../index';
import { type PersonDataSource, localSources } from '../person-data/collector';
import { lambdaSources, personDataFunctionsFrom } from '../person-data/lambda-sources';
import type { PersonSpaceDeps } from '../use-cases/person-space.use-cases';

/**
 * The collector's sources (ADRs 0037, 0040): in the local stack, each service's person-data
 * function in process; on AWS, each service's person-data Lambda, invoked by the names the stack
 * gives (`RELAIS_PERSON_DATA_FUNCTIONS`).
 */
function sources(): PersonDataSource[] {
  if (settings().RELAIS_MODE === 'local') return localSources(SERVICES);
  return lambdaSources(personDataFunctionsFrom(process.env[PERSON_DATA_FUNCTIONS_ENV]), traceClient(new LambdaClient({})));
}

export const personSpaceDeps: PersonSpaceDeps = {
  sources: sources(),
  clock: { now: () => new Date() },
};
