import * as path from 'node:path';
import { Duration, Stack, Tags } from 'aws-cdk-lib';
import { HttpLambdaAuthorizer, HttpLambdaResponseType } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { lambdaBundling } from '../bundling';
import { REASONS, acknowledge } from '../compliance';
import { ORIGIN_HEADER, ORIGIN_SECRET_ARN_ENV } from '../functions/origin-check';
import { REPO_ROOT } from './relais-function';

/** How long API Gateway keeps the authorizer's verdict for one header value: the secret changes only with a deployment. */
export const ORIGIN_CHECK_CACHE = Duration.hours(1);

export interface OriginCheckProps {
  stage: string;
  /** The stage's origin secret (stateful stack, ADR 0045). */
  secret: secretsmanager.ISecret;
  /** The key of the platform secrets (stateful stack). */
  secretsKey: kms.IKey;
  /** Encrypts the function's log group. */
  logKey: kms.IKey;
}

/**
 * The public routes' gate on AWS (ADR 0045): an HTTP API Lambda authorizer whose identity source
 * is the origin header CloudFront adds. A request straight to the `execute-api` endpoint has no
 * such header: API Gateway answers 401 without invoking anything (no route function, no Amazon
 * Location call, no cost beyond the request); one with a wrong value is refused by the function,
 * whose verdict API Gateway caches per value. Requests through the distribution carry it, and
 * pass the web ACL's rate rules and the cache first.
 */
export class OriginCheck extends Construct {
  readonly authorizer: HttpLambdaAuthorizer;
  readonly function: lambda.Function;

  constructor(scope: Construct, id: string, props: OriginCheckProps) {
    super(scope, id);
    const role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Relais ${props.stage}: the public routes' origin check (reads the origin secret)`,
    });
    const logGroup = new logs.LogGroup(this, 'Logs', { encryptionKey: props.logKey, retention: logs.RetentionDays.THREE_MONTHS });
    this.function = new nodejs.NodejsFunction(this, 'Function', {
      functionName: `relais-${props.stage}-origin-check`,
      description: `Relais ${props.stage}: lets a public route be called only through CloudFront (origin header)`,
      entry: path.join(REPO_ROOT, 'infra', 'functions', 'origin-check.ts'),
      handler: 'handler',
      projectRoot: REPO_ROOT,
      depsLockFilePath: path.join(REPO_ROOT, 'package-lock.json'),
      bundling: lambdaBundling(),
      role,
      runtime: lambda.Runtime.NODEJS_22_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: 256,
      // API Gateway waits at most 10 s for an authorizer; the secret is read once per process.
      timeout: Duration.seconds(5),
      logGroup,
      loggingFormat: lambda.LoggingFormat.JSON,
      tracing: lambda.Tracing.ACTIVE,
      environment: {
        RELAIS_MODE: 'aws',
        RELAIS_STAGE: props.stage,
        POWERTOOLS_SERVICE_NAME: 'origin-check',
        [ORIGIN_SECRET_ARN_ENV]: props.secret.secretArn,
      },
    });
    logGroup.grantWrite(role);
    role.addToPolicy(
      new iam.PolicyStatement({ sid: 'ReadOriginSecret', actions: ['secretsmanager:GetSecretValue'], resources: [props.secret.secretArn] }),
    );
    role.addToPolicy(
      new iam.PolicyStatement({
        sid: 'OriginSecretKey',
        actions: ['kms:Decrypt'],
        resources: [props.secretsKey.keyArn],
        conditions: { StringEquals: { 'kms:ViaService': `secretsmanager.${Stack.of(this).region}.amazonaws.com` } },
      }),
    );
    Tags.of(this.function).add('relais:platform', 'origin-check');

    this.authorizer = new HttpLambdaAuthorizer('OriginCheck', this.function, {
      authorizerName: 'origin-check',
      responseTypes: [HttpLambdaResponseType.SIMPLE],
      identitySource: [`$request.header.${ORIGIN_HEADER}`],
      resultsCacheTtl: ORIGIN_CHECK_CACHE,
    });

    // No alarm of its own: an error here is a 500 to the caller, which the API's 5xx alarm reports (infra/operations.ts).
    acknowledge(this, 'HIPAA.Security-LambdaInsideVPC', REASONS.lambdaOutsideVpc);
    acknowledge(this, 'HIPAA.Security-LambdaConcurrency', REASONS.lambdaConcurrency);
    acknowledge(this, 'HIPAA.Security-IAMNoInlinePolicy', REASONS.inlinePolicies);
    acknowledge(this, 'HIPAA.Security-LambdaDLQ', REASONS.syncInvocationNoDlq('API Gateway as the public routes’ authorizer (the request is refused)'));
    acknowledge(this, 'AwsSolutions-L1', REASONS.node22Runtime);
    acknowledge(role, 'AwsSolutions-IAM5[Resource::*]', REASONS.xrayTracing);
  }
}
