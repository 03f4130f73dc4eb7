import { RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import type { Construct } from 'constructs';

export interface EdgeStackProps extends StackProps {
  stage: string;
}

/**
 * Requests per IP over 5 minutes (WAF's rate-based rules) before WAF blocks that IP for a while.
 * The public map makes a handful of `/api/public/*` calls per visit: 300 in 5 minutes is a person
 * exploring the map at length; a scraper is stopped within minutes. Staff pages call the API far
 * more (lists, searches): their limit is ten times higher.
 */
export const PUBLIC_API_RATE_LIMIT = 300;
export const API_RATE_LIMIT = 3000;

/**
 * What must live in us-east-1 for CloudFront (issue 18, point 3): the stage's web ACL, which
 * fronts the SPA and the whole API (`/api/*` goes through the distribution), with a rate-based
 * rule on the public routes and a looser one on the others. Its requests are logged (blocked ones
 * only, no query strings kept beyond WAF's own redaction) in an encrypted log group.
 */
export class EdgeStack extends Stack {
  readonly webAcl: wafv2.CfnWebACL;

  constructor(scope: Construct, id: string, props: EdgeStackProps) {
    super(scope, id, props);
    const { stage } = props;
    const visibility = (metricName: string) => ({ cloudWatchMetricsEnabled: true, metricName, sampledRequestsEnabled: true });
    const pathStartsWith = (prefix: string): wafv2.CfnWebACL.StatementProperty => ({
      byteMatchStatement: {
        searchString: prefix,
        fieldToMatch: { uriPath: {} },
        positionalConstraint: 'STARTS_WITH',
        textTransformations: [{ priority: 0, type: 'NONE' }],
      },
    });
    this.webAcl = new wafv2.CfnWebACL(this, 'WebAcl', {
      name: `relais-${stage}-edge`,
      description: `Relais ${stage} rate limits of the public API and the API`,
      scope: 'CLOUDFRONT',
      defaultAction: { allow: {} },
      visibilityConfig: visibility(`relais-${stage}-edge`),
      rules: [
        {
          name: 'public-api-rate',
          priority: 0,
          action: { block: {} },
          statement: {
            rateBasedStatement: {
              limit: PUBLIC_API_RATE_LIMIT,
              evaluationWindowSec: 300,
              aggregateKeyType: 'IP',
              scopeDownStatement: pathStartsWith('/api/public/'),
            },
          },
          visibilityConfig: visibility(`relais-${stage}-public-api-rate`),
        },
        {
          name: 'api-rate',
          priority: 1,
          action: { block: {} },
          statement: {
            rateBasedStatement: {
              limit: API_RATE_LIMIT,
              evaluationWindowSec: 300,
              aggregateKeyType: 'IP',
              scopeDownStatement: pathStartsWith('/api/'),
            },
          },
          visibilityConfig: visibility(`relais-${stage}-api-rate`),
        },
      ],
    });

    // WAF logs go to a log group whose name starts with aws-waf-logs- (WAF's rule).
    const key = new kms.Key(this, 'EdgeLogsKey', {
      alias: `alias/relais/${stage}/edge-logs`,
      description: `Relais ${stage}: encrypts the web ACL's logs`,
      enableKeyRotation: true,
    });
    key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'CloudWatchLogs',
        principals: [new iam.ServicePrincipal(`logs.${this.region}.amazonaws.com`)],
        actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
        resources: ['*'],
        conditions: {
          ArnLike: { 'kms:EncryptionContext:aws:logs:arn': `arn:${this.partition}:logs:${this.region}:${this.account}:log-group:*` },
        },
      }),
    );
    const logGroup = new logs.LogGroup(this, 'WebAclLogs', {
      logGroupName: `aws-waf-logs-relais-${stage}`,
      encryptionKey: key,
      retention: logs.RetentionDays.THREE_MONTHS,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    new wafv2.CfnLoggingConfiguration(this, 'WebAclLogging', {
      resourceArn: this.webAcl.attrArn,
      logDestinationConfigs: [logGroup.logGroupArn],
      // Blocked requests only: who was stopped and by which rule; allowed traffic is in the API's access logs.
      loggingFilter: {
        DefaultBehavior: 'DROP',
        Filters: [{ Behavior: 'KEEP', Requirement: 'MEETS_ANY', Conditions: [{ ActionCondition: { Action: 'BLOCK' } }] }],
      },
      redactedFields: [{ singleHeader: { Name: 'authorization' } }],
    });
  }
}
