import { join } from 'node:path';
import { LambdaInvoker } from '../../../shared/aws/lambda';
import { settings } from '../../../shared/config/settings';
import { traceClient } from '../../../shared/observability/tracer';
import { PERSON_DATA_FUNCTIONS_ENV } from '../../../shared/person-data/contract';
import type * as Services from '../../index';
import { localSources, type PersonDataSource } from '../person-data/collector';
import { lambdaSources, personDataFunctionsFrom } from '../person-data/lambda-sources';
import type { PersonSpaceDeps } from '../use-cases/person-space.use-cases';

/**
 * The services' manifests, required by a path esbuild does not follow: only the local stack (which
 * runs the TypeScript sources) reads them, so the AWS bundles do not carry every service's routes
 * and schemas (ADR 0059; same device as docs/adr/0047).
 */
const SERVICES_INDEX = join(__dirname, '..', '..', 'index');

/**
 * One invocation's bound: more than a person-data function's own 8 s timeout (infra TIMEOUTS.personData,
 * so that its timeout is answered as its failure) and less than the route's 10 s.
 */
const INVOKE_TIMEOUT_MS = 9000;

/**
 * The collector's sources (ADRs 0037, 0040): in the local stack, each service's person-data
 * function in process; on AWS, each service's person-data Lambda, invoked by the names the stack
 * gives (`RELAIS_PERSON_DATA_FUNCTIONS`).
 */
function sources(): PersonDataSource[] {
  if (settings().RELAIS_MODE === 'local') return localSources((require(SERVICES_INDEX) as typeof Services).SERVICES);
  return lambdaSources(
    personDataFunctionsFrom(process.env[PERSON_DATA_FUNCTIONS_ENV]),
    traceClient(new LambdaInvoker({ timeoutMs: INVOKE_TIMEOUT_MS })),
  );
}

export const personSpaceDeps: PersonSpaceDeps = {
  sources: sources(),
  clock: { now: () => new Date() },
};
