import { type App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks, HIPAASecurityChecks, type NagPack } from 'cdk-nag';
import type { IConstruct } from 'constructs';

/**
 * cdk-nag: the AWS Solutions and HIPAA Security rule packs run on every synthesis (`cdk synth`
 * fails on any unacknowledged finding, warnings included) and in test/infra/compliance.cases.ts.
 *
 * An acknowledgement is recorded on the narrowest construct that needs it, and always with the
 * reason it is acceptable for Relais. `acknowledge` refuses a short or missing reason.
 */
export function compliancePacks(scope?: IConstruct): NagPack[] {
  return [new AwsSolutionsChecks(scope), new HIPAASecurityChecks(scope)];
}

export function addCompliancePlugins(app: App): void {
  Validations.of(app).addPlugins(...compliancePacks(app));
}

export const MIN_REASON_LENGTH = 40;

export function acknowledge(scope: IConstruct, id: string, reason: string): void {
  if (reason.trim().length < MIN_REASON_LENGTH) {
    throw new Error(`Acknowledgement of ${id} on ${scope.node.path} needs a real reason (got "${reason}")`);
  }
  Validations.of(scope).acknowledge({ id, reason });
}

/** The reasons shared by several constructs, written once. */
export const REASONS = {
  xrayTracing:
    'Active tracing (ADR 0020) grants xray:PutTraceSegments and xray:PutTelemetryRecords, which have no ' +
    'resource-level permissions (IAM reference): "*" is the only resource they accept. Traces carry ids and timings, ' +
    'never request bodies.',
  lambdaOutsideVpc:
    'Relais functions reach AWS service endpoints (DynamoDB, EventBridge, SNS, Location) over TLS with IAM ' +
    'authorisation, and the directory the State’s public open-data geo API (geo.api.gouv.fr); there is no private ' +
    'resource to reach, so a VPC would add NAT cost and cold-start latency without isolating anything.',
  lambdaConcurrency:
    'Load is bounded upstream instead of by carving the account pool into fixed slices: the HTTP API stage ' +
    'throttles requests, SQS event sources cap their concurrency, each schedule starts at most one run per period.',
  inlinePolicies:
    'Each function has its own role whose inline policy is written for it alone (1:1, deleted with the role), ' +
    'which is what IAM recommends inline policies for; managed policies would only add shared, reusable grants.',
  node22Runtime:
    'Node.js 22 is the runtime the handlers are built and benchmarked for (infra/bundling.ts targets node22) and ' +
    'is supported until 2027-04; moving to Node.js 24 is a deliberate upgrade of bundling target and tests.',
  syncInvocationNoDlq: (trigger: string) =>
    `Invoked synchronously by ${trigger}: a Lambda dead-letter queue only applies to asynchronous invocations; ` +
    'failures are handled by the caller (see the trigger).',
} as const;
