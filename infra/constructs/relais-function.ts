import * as fs from 'node:fs';
import * as path from 'node:path';
import { Annotations, Duration, Stack, Tags } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { lambdaBundling } from '../bundling';
import { REASONS, acknowledge } from '../compliance';
import type { FunctionDecl, FunctionKind } from '../manifests';

/** The repository root: manifests name handler files relative to it. */
export const REPO_ROOT = path.resolve(__dirname, '..', '..');

export interface RelaisFunctionProps {
  decl: FunctionDecl;
  functionName?: string;
  environment: Record<string, string>;
  /** Encrypts the function's log group. */
  logKey: kms.IKey;
  /**
   * A log group shared with the service's other functions (Lambda prefixes each log stream with
   * the function's name); absent: the function gets its own.
   */
  logGroup?: logs.LogGroup;
  /** For asynchronously invoked functions (schedules, topic subscriptions). */
  deadLetterQueue?: sqs.IQueue;
  /** Files of the deployer's machine copied into the bundle (read at `bundledPath(file)`). */
  bundledFiles?: readonly string[];
  /**
   * The function reads Secrets Manager secrets (shared/auth/secrets.ts `readSecretString`): it gets
   * the AWS Parameters and Secrets Lambda Extension, which reads them with the function's role
   * (the read permission is still granted secret by secret), so no Secrets Manager client is
   * bundled (ADR 0051).
   */
  readsSecrets?: boolean;
}

/**
 * The AWS Parameters and Secrets Lambda Extension (AWS's layer, for the function's architecture and
 * region): values cached in the sandbox for five minutes, its own log lines at warnings and errors.
 */
export const SECRETS_EXTENSION = lambda.ParamsAndSecretsLayerVersion.fromVersion(lambda.ParamsAndSecretsVersions.V1_0_103, {
  cacheEnabled: true,
  secretsManagerTtl: Duration.minutes(5),
  logLevel: lambda.ParamsAndSecretsLogLevel.WARN,
});

/**
 * Timeouts per trigger. Routes: the HTTP API gives up after 30 s, a handler should answer well
 * before. Consumers: a batch of 10 small events; the queue's visibility timeout is derived from
 * this (6×, AWS's advice for SQS event sources). Relay and schedules: batches of DynamoDB work.
 */
export const TIMEOUTS: Record<FunctionKind, Duration> = {
  route: Duration.seconds(10),
  subscription: Duration.seconds(30),
  relay: Duration.seconds(30),
  schedule: Duration.minutes(2),
  // A work queue's batch (e.g. a few SMS to send) and one inbound message.
  queue: Duration.seconds(30),
  topic: Duration.seconds(30),
  // Called by the platform's collector, itself behind a route: well within the route's 10 s.
  personData: Duration.seconds(8),
  // Cognito waits 5 seconds for a trigger.
  cognito: Duration.seconds(5),
};

/**
 * One Lambda function of Relais: a NodejsFunction bundled by esbuild (infra/bundling.ts), with
 * its own role (no managed policy; the stack adds exactly what the function may do) and its own
 * encrypted log group with a retention period.
 */
export class RelaisFunction extends Construct {
  readonly function: lambda.Function;
  readonly role: iam.Role;
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: RelaisFunctionProps) {
    super(scope, id);
    const { decl } = props;

    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Relais ${decl.service.name}.${decl.id} (${decl.kind})`,
    });
    this.logGroup =
      props.logGroup ??
      new logs.LogGroup(this, 'Logs', {
        // SECURITY.md: logs hold ids and request metadata; encrypt them with our key anyway.
        encryptionKey: props.logKey,
        // Enough to investigate an incident or a complaint; logs carry no personal data to keep.
        retention: logs.RetentionDays.THREE_MONTHS,
      });

    const entry = path.join(REPO_ROOT, decl.handler);
    const common: nodejs.NodejsFunctionProps = {
      functionName: props.functionName,
      description: describe(decl),
      role: this.role,
      runtime: lambda.Runtime.NODEJS_22_X,
      // Graviton: cheaper per GB-second and at least as fast for this I/O-bound code.
      architecture: lambda.Architecture.ARM_64,
      // CPU scales with memory; 512 MB keeps cold starts of the bundled SDK short.
      memorySize: 512,
      timeout: TIMEOUTS[decl.kind],
      logGroup: this.logGroup,
      // Structured logs (the Powertools logger writes JSON); Lambda's own lines too.
      loggingFormat: lambda.LoggingFormat.JSON,
      environment: props.environment,
      deadLetterQueue: props.deadLetterQueue,
      // X-Ray: one subsegment per invocation and per AWS SDK call (written by shared/observability/tracer.ts to the X-Ray daemon, ADRs 0020 and 0025).
      tracing: lambda.Tracing.ACTIVE,
      ...(props.readsSecrets ? { paramsAndSecrets: SECRETS_EXTENSION } : {}),
    };

    if (!fs.existsSync(entry) && !Stack.of(this).bundlingRequired) {
      // Bundling is skipped for this stack (infrastructure tests): a handler that another team
      // has not written yet must not stop the template from being checked. `cdk synth` bundles
      // and fails on a missing handler, as it should.
      Annotations.of(this).addInfo(`Handler ${decl.handler} does not exist yet; bundling skipped`);
      this.function = new nodejs.NodejsFunction(this, 'Function', {
        ...common,
        code: lambda.Code.fromInline('// bundling skipped'),
        handler: 'index.handler',
      });
    } else {
      this.function = new nodejs.NodejsFunction(this, 'Function', {
        ...common,
        entry,
        handler: decl.exportName ?? 'handler',
        projectRoot: REPO_ROOT,
        depsLockFilePath: path.join(REPO_ROOT, 'package-lock.json'),
        bundling: lambdaBundling(props.bundledFiles),
      });
    }
    this.logGroup.grantWrite(this.role);

    Tags.of(this.function).add('relais:service', decl.service.name);
    Tags.of(this.function).add('relais:function', decl.id);
    Tags.of(this.function).add('relais:trigger', decl.kind);

    acknowledge(this, 'HIPAA.Security-LambdaInsideVPC', REASONS.lambdaOutsideVpc);
    acknowledge(this, 'HIPAA.Security-LambdaConcurrency', REASONS.lambdaConcurrency);
    acknowledge(this, 'HIPAA.Security-IAMNoInlinePolicy', REASONS.inlinePolicies);
    acknowledge(this, 'AwsSolutions-L1', REASONS.node22Runtime);
    acknowledge(this.role, 'AwsSolutions-IAM5[Resource::*]', REASONS.xrayTracing);
  }

  addToPolicy(statement: iam.PolicyStatement): void {
    this.role.addToPolicy(statement);
  }
}

function describe(decl: FunctionDecl): string {
  const what = decl.route
    ? `${decl.route.method} ${decl.route.path}`
    : decl.subscription
      ? decl.subscription.description
      : decl.schedule
        ? `${decl.schedule.expression}: ${decl.schedule.description}`
        : decl.queue
          ? `queue: ${decl.queue.description}`
          : decl.topicSubscription
            ? `topic ${decl.topicSubscription.topic}: ${decl.topicSubscription.description}`
            : decl.personData
              ? `person data (collector only): ${decl.personData.description}`
              : decl.description
                ? decl.description
                : `outbox relay of ${decl.service.name}.${decl.table?.name}`;
  return `Relais ${decl.service.name}.${decl.id} — ${what}`.slice(0, 256);
}
