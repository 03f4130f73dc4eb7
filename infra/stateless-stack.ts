import { ArnFormat, CfnOutput, Token, CrossStackReferences, Duration, NestedStack, ReferenceStrength, Stack, type StackProps } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpUserPoolAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cwActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sources from 'aws-cdk-lib/aws-lambda-event-sources';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { type ServiceManifest, type TriggerTopic, queueEnvName, tableEnvName } from '../shared/manifest/manifest';
import { type SecretName, secretArnEnv } from '../shared/auth/secrets';
import { bundledPath } from './bundling';
import { REASONS, acknowledge } from './compliance';
import type { StageConfig } from './config';
import { Identity } from './constructs/identity';
import { LocationResources, MapBrowserKey } from './constructs/location';
import { RelaisFunction, TIMEOUTS } from './constructs/relais-function';
import { Spa } from './constructs/spa';
import {
  AUDIT_TABLE,
  type FunctionDecl,
  OUTBOX_INDEX,
  SWEEP_HANDLER,
  busName,
  functionDecls,
  functionName,
  toCdkEventPattern,
} from './manifests';
import { type DeployedTable, pascal } from './stateful-stack';

/**
 * The official list of communes (names, populations, postal codes: 8.6 MB of JSON) is read from
 * disk by the commune reference, not bundled: it ships once beside each bundle that may need it,
 * and only a function that actually reads it pays for parsing it (ADR 0008).
 */
const OFFICIAL_COMMUNES_FILE = require.resolve('@etalab/decoupage-administratif/data/communes.json');

export interface StatelessStackProps extends StackProps {
  stage: StageConfig;
  services: readonly ServiceManifest[];
  /** From the stateful stack: table names, indexes and (outbox tables) stream ARNs. */
  tables: readonly DeployedTable[];
  /** ARN of the stateful stack's key (tables, streams). */
  dataKeyArn: string;
  /** web/dist if it exists at synth time. */
  spaAssetsDir?: string;
  spaDomainName?: string;
  spaCertificateArn?: string;
}

/** HTTP API stage limits: a département's network is a few hundred staff; this bounds cost and load. */
const API_THROTTLE = { rateLimit: 50, burstLimit: 100 };
/**
 * Routes without sign-in (manifest `access: 'public'`: health, API description, the public map's
 * `/api/public/*`) are open to anyone, and some of them call billed Amazon Location APIs: a
 * lower limit per route bounds what a scraper can cost. A public map visit makes a handful of
 * calls; a département's website does not bring more than a few visits a second.
 */
export const PUBLIC_ROUTE_THROTTLE = { rateLimit: 10, burstLimit: 20 };
/** Default of the manifests' SubscriptionDecl. */
const DEFAULT_MAX_RECEIVE_COUNT = 5;
const DEFAULT_BATCH_SIZE = 10;

const SECRET_PURPOSES: Record<SecretName, string> = {
  link: 'signe les liens de réponse aux orientations envoyés aux partenaires',
  phoneHash: 'clé des empreintes de numéros de téléphone des enquêtes SMS',
  indicatorsKey: 'clé des empreintes de personnes des indicateurs (comptes distincts sans identifiant)',
};

/** Why each secret is not rotated automatically (cdk-nag acknowledgements). */
const SECRET_NO_ROTATION: Record<SecretName, string> = {
  link:
    'Links signed with this secret stay valid for 8 days and verification knows one secret: an automatic rotation ' +
    'would silently invalidate every link partners hold. Rotate by hand (put a new value) when a leak is suspected; ' +
    'outstanding links then fail and partners answer from their account or the next reminder.',
  phoneHash:
    'Opt-outs (STOP) are stored only as keyed hashes of the number: a rotation would make every stored opt-out ' +
    'unmatchable and SMS would reach people who asked for none. It is changed only with a re-keying of the stored hashes.',
  indicatorsKey:
    'Distinct persons are counted by keyed hashes kept for the whole year: a rotation would count the same person ' +
    'twice across the change. It is changed only at a year boundary, followed by `npm run indicators:rebuild`.',
};

/** How cdk-nag writes a value in a finding: itself, or `<AWS::Region>` for a pseudo parameter. */
const nagValue = (value: string, pseudo: string) => (Token.isUnresolved(value) ? `<${pseudo}>` : value);

/**
 * Everything of a stage that can be rebuilt from the repository: functions, API, bus, queues,
 * topics, identity, SPA hosting, Amazon Location. The data lives in the stateful stack and is
 * referenced by name (tables) or by ARN (key, streams), never by construct.
 */
export class StatelessStack extends Stack {
  readonly functions = new Map<string, RelaisFunction>();
  readonly api: apigwv2.HttpApi;
  readonly bus: events.EventBus;

  private readonly stageName: string;
  private readonly appKey: kms.Key;
  private readonly dataKey: kms.IKey;
  private readonly alarmTopic: sns.Topic;
  private readonly notificationsTopic: sns.Topic;
  private readonly smsTopic: sns.Topic;
  private readonly secrets = new Map<SecretName, secretsmanager.Secret>();
  private spaOrigin = '';
  /** Topics that trigger functions (manifest `topicSubscriptions`), created when a service subscribes. */
  private readonly triggerTopics = new Map<TriggerTopic, sns.Topic>();
  /** Per service queue (`<service>.<queue>`): the topic that feeds it. */
  private readonly queueFeeds = new Map<string, sns.Topic>();
  private readonly serviceLogGroups = new Map<string, logs.LogGroup>();
  private readonly location: LocationResources;
  private readonly props: StatelessStackProps;
  /** One nested stack per service, holding its functions and their triggers (see `functionsScope`). */
  private readonly serviceStacks = new Map<string, NestedStack>();

  constructor(scope: Construct, id: string, props: StatelessStackProps) {
    super(scope, id, props);
    // Strong references (exports): CloudFormation refuses to delete the data key or a table's
    // stream while the functions use them. Removing one is a two-step change (docs/adr/0003).
    CrossStackReferences.of(this).consume(ReferenceStrength.STRONG);
    // S3 server access logs are delivered under a bucket policy rather than the legacy
    // LogDeliveryWrite ACL (AWS's current advice; the flag defaults to the ACL in old apps).
    this.node.setContext('@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy', true);
    this.props = props;
    this.stageName = props.stage.name;
    const stage = this.stageName;

    this.appKey = new kms.Key(this, 'AppKey', {
      alias: `alias/relais/${stage}/app`,
      description: `Relais ${stage}: encrypts queues, topics and log groups`,
      enableKeyRotation: true,
    });
    this.allowServicesToUseAppKey();
    this.dataKey = kms.Key.fromKeyArn(this, 'DataKey', props.dataKeyArn);

    this.alarmTopic = this.topic('Alarms', `relais-${stage}-alarms`, 'Alarmes Relais');
    if (props.stage.alarmEmail) {
      this.alarmTopic.addSubscription(new subscriptions.EmailSubscription(props.stage.alarmEmail));
    }
    // Partners subscribe (email, SMS, HTTPS) with a filter policy on the `organisationId`
    // message attribute, so each one receives only what concerns its organisation.
    this.notificationsTopic = this.topic('Notifications', `relais-${stage}-notifications`, 'Notifications Relais');
    this.smsTopic = this.topic('Sms', `relais-${stage}-sms`, 'SMS Relais');

    this.bus = new events.EventBus(this, 'Bus', { eventBusName: busName(stage) });
    this.location = new LocationResources(this, 'Location', { stage });

    const accessLogs = this.logGroup('ApiAccessLogs', logs.RetentionDays.SIX_MONTHS);
    const deploymentLogs = this.logGroup('SpaDeploymentLogs', logs.RetentionDays.ONE_MONTH);
    const mapKeyLogs = this.logGroup('MapKeyLookupLogs', logs.RetentionDays.ONE_MONTH);
    // Amazon Location's map endpoints (style, tiles, glyphs, sprites) in this region.
    const mapsHost = `https://maps.geo.${this.region}.amazonaws.com`;

    // The distribution's CSP names the Cognito domain and the client's callback URLs name the
    // distribution: the domain URL is derived from its prefix, so neither waits for the other.
    const identityDomainPrefix = props.stage.authDomainPrefix;
    const cognitoDomainUrl = `https://${identityDomainPrefix}.auth.${this.region}.amazoncognito.com`;
    const spa = new Spa(this, 'Spa', {
      stage,
      connectSources: [
        cognitoDomainUrl,
        // The API's execute-api host is only known after the API exists, and the API's CORS
        // needs the distribution's domain: allow this region's execute-api hosts instead.
        `https://*.execute-api.${this.region}.amazonaws.com`,
        mapsHost,
      ],
      imageSources: [mapsHost],
      publicMapEmbedOrigins: props.stage.publicMapEmbedOrigins,
      assetsDir: props.spaAssetsDir,
      deploymentLogGroup: deploymentLogs,
      domainName: props.spaDomainName,
      certificateArn: props.spaCertificateArn,
    });
    const spaOrigin = `https://${props.spaDomainName ?? spa.distribution.distributionDomainName}`;
    this.spaOrigin = spaOrigin;
    // The map key works from the distribution's own domain and from the custom domain, if any:
    // the SPA may be opened through either.
    const mapKey = new MapBrowserKey(this, 'MapKey', {
      map: this.location,
      origins: [`https://${spa.distribution.distributionDomainName}`, ...(props.spaDomainName ? [`https://${props.spaDomainName}`] : [])],
      logGroup: mapKeyLogs,
    });

    const identity = new Identity(this, 'Identity', {
      stage,
      domainPrefix: identityDomainPrefix,
      callbackUrls: props.stage.callbackUrls ?? [`${spaOrigin}/auth/callback`],
      logoutUrls: props.stage.logoutUrls ?? [`${spaOrigin}/`],
    });

    this.api = new apigwv2.HttpApi(this, 'HttpApi', {
      apiName: `relais-${stage}`,
      description: `Relais ${stage}: /api`,
      // The stage is declared below with access logs and throttling.
      createDefaultStage: false,
      corsPreflight: {
        allowOrigins: [spaOrigin],
        allowMethods: [
          apigwv2.CorsHttpMethod.GET,
          apigwv2.CorsHttpMethod.POST,
          apigwv2.CorsHttpMethod.PUT,
          apigwv2.CorsHttpMethod.PATCH,
          apigwv2.CorsHttpMethod.DELETE,
        ],
        allowHeaders: ['authorization', 'content-type', 'idempotency-key'],
        maxAge: Duration.hours(1),
      },
    });
    const apiStage = new apigwv2.HttpStage(this, 'HttpApiStage', {
      httpApi: this.api,
      stageName: '$default',
      autoDeploy: true,
      throttle: API_THROTTLE,
      accessLogSettings: {
        destination: new apigwv2.LogGroupLogDestination(accessLogs),
        // Who (the staff member's `sub`, never a name) called which route, from where, with
        // what result. Route keys, not paths: paths carry person ids.
        format: apigw.AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            time: '$context.requestTime',
            routeKey: '$context.routeKey',
            status: '$context.status',
            latencyMs: '$context.responseLatency',
            responseLength: '$context.responseLength',
            sourceIp: '$context.identity.sourceIp',
            userAgent: '$context.identity.userAgent',
            sub: '$context.authorizer.claims.sub',
            authorizerError: '$context.authorizer.error',
            integrationError: '$context.integrationErrorMessage',
          }),
        ),
      },
    });
    const authorizer = new HttpUserPoolAuthorizer('Cognito', identity.userPool, {
      authorizerName: 'cognito',
      userPoolClients: [identity.client],
    });

    spa.deploy({
      mode: 'aws',
      region: this.region,
      apiUrl: apiStage.url,
      userPoolId: identity.userPool.userPoolId,
      userPoolClientId: identity.client.userPoolClientId,
      authDomain: cognitoDomainUrl,
      mapName: this.location.mapName,
      mapStyleUrl: mapKey.styleUrl,
    });

    const outboxTables = props.tables.filter((t) => t.outbox);
    const scheduleFailures = this.failureQueue('ScheduleFailures', 'scheduled functions (after their retries)');
    // It is the Lambda dead-letter queue of every scheduled function; those live in the services'
    // nested stacks, where cdk-nag does not see this queue named as their DLQ.
    this.acknowledgeTerminalQueue(scheduleFailures, 'every scheduled function (their Lambda dead-letter queue, set in the nested stacks)');
    const topicFailures = props.services.some((s) => (s.topicSubscriptions ?? []).length > 0)
      ? this.failureQueue('TopicFailures', 'functions triggered by a topic (after their retries)')
      : scheduleFailures;
    if (topicFailures !== scheduleFailures) {
      this.acknowledgeTerminalQueue(topicFailures, 'every topic-triggered function (their Lambda dead-letter queue, set in the nested stacks)');
    }
    for (const service of props.services) {
      for (const sub of service.topicSubscriptions ?? []) this.triggerTopic(sub.topic, service.name);
      for (const queue of service.queues ?? []) {
        const id = `${pascal(service.name)}${pascal(queue.id)}`;
        this.queueFeeds.set(
          `${service.name}.${queue.id}`,
          // Beside the queue it feeds and the functions that publish to it, in the service's nested stack.
          this.topic(`${id}Feed`, `relais-${stage}-${service.name}-${queue.id}`, `File ${service.name}.${queue.id}`, this.functionsScope(service.name)),
        );
      }
      for (const alarm of service.alarmMetrics ?? []) this.metricAlarm(service.name, alarm.name, alarm.description);
    }

    const publicRoutes: apigwv2.HttpRoute[] = [];
    for (const decl of functionDecls(props.services)) {
      const fn = this.relaisFunction(decl, outboxTables, decl.kind === 'topic' ? topicFailures : scheduleFailures);
      switch (decl.kind) {
        case 'route': {
          const httpRoute = this.route(decl, fn, authorizer);
          if (decl.route!.access === 'public') publicRoutes.push(httpRoute);
          break;
        }
        case 'subscription':
          this.subscription(decl, fn);
          break;
        case 'schedule':
          this.schedule(decl, fn, scheduleFailures);
          break;
        case 'relay':
          this.relay(decl, fn);
          break;
        case 'queue':
          this.workQueue(decl, fn);
          break;
        case 'topic':
          this.triggerTopic(decl.topicSubscription!.topic, decl.service.name).addSubscription(new subscriptions.LambdaSubscription(fn.function));
          break;
      }
    }

    if (publicRoutes.length > 0) {
      // Per-route settings override the stage's default limits for these routes only. API Gateway
      // rejects settings for a route that does not exist yet: the stage waits for the routes.
      (apiStage.node.defaultChild as apigwv2.CfnStage).routeSettings = Object.fromEntries(
        publicRoutes.map((r) => [
          (r.node.defaultChild as apigwv2.CfnRoute).routeKey,
          { ThrottlingRateLimit: PUBLIC_ROUTE_THROTTLE.rateLimit, ThrottlingBurstLimit: PUBLIC_ROUTE_THROTTLE.burstLimit },
        ]),
      );
      for (const r of publicRoutes) apiStage.node.addDependency(r);
    }

    new CfnOutput(this, 'ApiUrl', { value: apiStage.url });
    new CfnOutput(this, 'SpaUrl', { value: spaOrigin });
    new CfnOutput(this, 'UserPoolId', { value: identity.userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: identity.client.userPoolClientId });
    new CfnOutput(this, 'AuthDomain', { value: cognitoDomainUrl });
    new CfnOutput(this, 'EventBusName', { value: this.bus.eventBusName });
  }

  // ---------------------------------------------------------------------------------------------
  // Functions

  private relaisFunction(decl: FunctionDecl, outboxTables: readonly DeployedTable[], scheduleDlq: sqs.Queue): RelaisFunction {
    const service = decl.service.name;
    const own = this.props.tables.filter((t) => t.service === service && !isAudit(t));
    const audit = this.props.tables.find(isAudit);
    if (!audit) throw new Error('The platform audit table is missing from the manifests');

    const environment: Record<string, string> = {
      RELAIS_MODE: 'aws',
      RELAIS_STAGE: this.stageName,
      RELAIS_EVENT_BUS_NAME: this.bus.eventBusName,
      RELAIS_OUTBOX_TABLES: outboxTables.map((t) => t.physicalName).join(','),
      RELAIS_PLACE_INDEX: this.location.placeIndexName,
      RELAIS_ROUTE_CALCULATOR: this.location.routeCalculatorName,
      RELAIS_MAP_NAME: this.location.mapName,
      RELAIS_NOTIFICATIONS_TOPIC_ARN: this.notificationsTopic.topicArn,
      RELAIS_SMS_TOPIC_ARN: this.smsTopic.topicArn,
      // Links in partner notifications open the SPA.
      RELAIS_APP_URL: this.spaOrigin,
      POWERTOOLS_SERVICE_NAME: service,
      NODE_OPTIONS: '--enable-source-maps',
      [tableEnvName(audit.service, audit.name)]: audit.physicalName,
    };
    for (const table of own) environment[tableEnvName(table.service, table.name)] = table.physicalName;
    const feeds = (decl.service.queues ?? []).map((q) => this.queueFeeds.get(`${service}.${q.id}`)!);
    for (const q of decl.service.queues ?? [])
      environment[queueEnvName(service, q.id)] = this.queueFeeds.get(`${service}.${q.id}`)!.topicArn;
    const stage = this.props.stage;
    // Unset: the code's defaults (shared/config/settings.ts).
    if (stage.departement) environment.RELAIS_DEPARTEMENT = stage.departement;
    if (stage.coverageThresholdMinutes !== undefined) {
      environment.RELAIS_COVERAGE_THRESHOLD_MINUTES = String(stage.coverageThresholdMinutes);
    }
    Object.assign(environment, stage.surveysEnvironment);
    // RELAIS_GEO_API_URL keeps its default (the State's geo API): the functions are not in a VPC
    // and reach the internet directly, so no 'off' is needed on AWS.
    const communeFiles = this.communeFiles(decl);
    if (stage.communesFile && communeFiles.includes(stage.communesFile)) {
      environment.RELAIS_COMMUNES_FILE = bundledPath(stage.communesFile);
    }
    if (communeFiles.includes(OFFICIAL_COMMUNES_FILE)) environment.RELAIS_OFFICIAL_COMMUNES_FILE = bundledPath(OFFICIAL_COMMUNES_FILE);
    if (stage.communesGeojson && communeFiles.includes(stage.communesGeojson)) {
      environment.RELAIS_COMMUNES_GEOJSON = bundledPath(stage.communesGeojson);
    }

    const fn = new RelaisFunction(this.functionsScope(service), `${pascal(service)}${pascal(decl.id)}`, {
      decl,
      functionName: functionName(this.stageName, decl),
      environment,
      bundledFiles: communeFiles,
      logKey: this.appKey,
      logGroup: this.serviceLogGroup(service),
      // EventBridge invokes scheduled functions asynchronously: after Lambda's retries, a failed
      // run lands in this queue instead of vanishing.
      deadLetterQueue: decl.kind === 'schedule' || decl.kind === 'topic' ? scheduleDlq : undefined,
    });
    this.functions.set(`${service}.${decl.id}`, fn);

    // Read/write on the service's own tables and their indexes. No Scan: no request path scans
    // (ARCHITECTURE.md), and a table-wide read of personal data should never be one call away.
    if (own.length > 0) {
      fn.addToPolicy(
        new iam.PolicyStatement({
          sid: 'OwnTables',
          actions: [
            'dynamodb:GetItem',
            'dynamodb:BatchGetItem',
            'dynamodb:Query',
            'dynamodb:PutItem',
            'dynamodb:UpdateItem',
            'dynamodb:DeleteItem',
            'dynamodb:BatchWriteItem',
            'dynamodb:ConditionCheckItem',
            'dynamodb:DescribeTable',
          ],
          resources: own.flatMap((t) => [this.tableArn(t), ...t.indexNames.map((i) => `${this.tableArn(t)}/index/${i}`)]),
        }),
      );
    }
    // The audit log is append-only for everyone: PutItem, nothing else (no read-back, no update).
    fn.addToPolicy(new iam.PolicyStatement({ sid: 'AuditAppend', actions: ['dynamodb:PutItem'], resources: [this.tableArn(audit)] }));
    // The tables' key, only through DynamoDB (streams included).
    fn.addToPolicy(
      new iam.PolicyStatement({
        sid: 'DataKeyViaDynamoDB',
        actions: ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey', 'kms:DescribeKey'],
        resources: [this.dataKey.keyArn],
        conditions: { StringEquals: { 'kms:ViaService': `dynamodb.${this.region}.amazonaws.com` } },
      }),
    );

    if (decl.handler === SWEEP_HANDLER) {
      // The sweeper republishes stragglers of every service's outbox: it may query the sparse
      // outbox index and mark outbox items published, nothing else of those tables.
      fn.addToPolicy(
        new iam.PolicyStatement({
          sid: 'SweepOutboxes',
          actions: ['dynamodb:Query'],
          resources: outboxTables.map((t) => `${this.tableArn(t)}/index/${OUTBOX_INDEX.name}`),
        }),
      );
      fn.addToPolicy(
        new iam.PolicyStatement({
          sid: 'MarkOutboxItemsPublished',
          actions: ['dynamodb:UpdateItem'],
          resources: outboxTables.map((t) => this.tableArn(t)),
        }),
      );
    }
    // Only the relay and the sweeper publish: handlers write events to their outbox, in the same
    // transaction as the change they announce (ARCHITECTURE.md).
    if (decl.kind === 'relay' || decl.handler === SWEEP_HANDLER) {
      fn.addToPolicy(new iam.PolicyStatement({ sid: 'PublishEvents', actions: ['events:PutEvents'], resources: [this.bus.eventBusArn] }));
    }

    const needs = decl.service.needs ?? {};
    if (needs.location) for (const statement of this.location.statements()) fn.addToPolicy(statement);
    if (decl.subscription?.manages?.includes('notificationSubscriptions')) {
      // Partners' e-mail and SMS channels follow their directory entry (ReturnSubscriptionArn
      // needs no extra right; filter policies are set at subscription).
      // The topic's ARN spelled from its fixed name, in the function's own (nested) stack: a
      // subscription's ARN is the topic's followed by `:<uuid>`, so this covers this topic's
      // subscriptions only, and the finding below is stable.
      const topicName = `relais-${this.stageName}-notifications`;
      const topicArn = Stack.of(fn).formatArn({ service: 'sns', resource: topicName, arnFormat: ArnFormat.NO_RESOURCE_NAME });
      fn.addToPolicy(
        new iam.PolicyStatement({
          sid: 'ManageNotificationSubscriptions',
          actions: ['sns:Subscribe', 'sns:Unsubscribe'],
          resources: [topicArn, `${topicArn}:*`],
        }),
      );
      acknowledge(
        fn,
        `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:sns:${nagValue(Stack.of(fn).region, 'AWS::Region')}:${nagValue(Stack.of(fn).account, 'AWS::AccountId')}:${topicName}:*]`,
        'Subscriptions are created at run time, so their ARNs cannot be listed; the wildcard covers only the ' +
          'subscriptions of the partner notifications topic, which this one function manages.',
      );
    }
    for (const name of needs.secrets ?? []) {
      const secret = this.secret(name);
      fn.function.addEnvironment(secretArnEnv(name), secret.secretArn);
      fn.addToPolicy(
        new iam.PolicyStatement({ sid: `Read${pascal(name)}Secret`, actions: ['secretsmanager:GetSecretValue'], resources: [secret.secretArn] }),
      );
      fn.addToPolicy(this.appKeyUse(`${pascal(name)}SecretKey`));
    }
    const topics = [...(needs.notificationsTopic ? [this.notificationsTopic] : []), ...(needs.smsTopic ? [this.smsTopic] : []), ...feeds];
    if (topics.length > 0) {
      fn.addToPolicy(new iam.PolicyStatement({ sid: 'PublishTopics', actions: ['sns:Publish'], resources: topics.map((t) => t.topicArn) }));
      fn.addToPolicy(this.appKeyUse('TopicsKey'));
    }

    if (needs.sms && decl.kind !== 'route') {
      // SMS straight to a phone number (SNS Publish with PhoneNumber) has no resource ARN.
      fn.addToPolicy(new iam.PolicyStatement({ sid: 'PublishSms', actions: ['sns:Publish'], resources: ['*'] }));
      acknowledge(
        fn.role,
        'AwsSolutions-IAM5[Resource::*]',
        'sns:Publish to a phone number (SMS) has no resource ARN: IAM requires "*". Only the service that sends SMS ' +
          '(manifest needs.sms), and none of its HTTP routes, has it.',
      );
    }

    if (decl.kind === 'schedule' || decl.kind === 'topic') {
      // Lambda's grant covers sqs:SendMessage; the queue's key is ours to grant.
      fn.addToPolicy(this.appKeyUse('DeadLettersKey'));
    } else {
      const trigger = {
        route: 'the HTTP API (the client sees the error)',
        subscription: 'its SQS event source (failed messages are retried, then moved to the subscription DLQ)',
        relay: 'its DynamoDB stream event source (failed batches are retried, then recorded in the on-failure queue)',
        queue: 'its SQS event source (failed messages are retried, then moved to the queue’s DLQ)',
      }[decl.kind];
      acknowledge(fn, 'HIPAA.Security-LambdaDLQ', REASONS.syncInvocationNoDlq(trigger));
    }
    return fn;
  }

  /**
   * The commune reference files of the stage (if configured) go into the bundles of the
   * functions that geocode and compute travel times, i.e. those whose manifest `needs.location`
   * (the directory's), except the outbox relays, which only forward events. Without them those
   * functions fall back on their cache, Amazon Location and the geo API.
   */
  private communeFiles(decl: FunctionDecl): string[] {
    if (decl.kind === 'relay') return [];
    if (!decl.service.needs?.location) return decl.service.needs?.communeReference ? [OFFICIAL_COMMUNES_FILE] : [];
    return [OFFICIAL_COMMUNES_FILE, this.props.stage.communesFile, this.props.stage.communesGeojson].filter((f): f is string => Boolean(f));
  }

  private route(decl: FunctionDecl, fn: RelaisFunction, authorizer: HttpUserPoolAuthorizer): apigwv2.HttpRoute {
    const route = decl.route!;
    const integration = new HttpLambdaIntegration(`${pascal(decl.service.name)}${pascal(decl.id)}Integration`, fn.function, {
      payloadFormatVersion: apigwv2.PayloadFormatVersion.VERSION_2_0,
    });
    const isPublic = route.access === 'public';
    const [httpRoute] = this.api.addRoutes({
      path: route.path,
      methods: [route.method as apigwv2.HttpMethod],
      integration,
      // The authorizer authenticates (signature, issuer, audience, expiry); roles and
      // relationships are checked again in the handler (shared/auth).
      authorizer: isPublic ? undefined : authorizer,
    });
    if (isPublic) {
      acknowledge(
        httpRoute!,
        'AwsSolutions-APIG4',
        `${route.method} ${route.path} is public by design (manifest access: 'public'): it serves no personal data.`,
      );
    }
    return httpRoute!;
  }

  private subscription(decl: FunctionDecl, fn: RelaisFunction): void {
    const sub = decl.subscription!;
    const id = `${pascal(decl.service.name)}${pascal(decl.id)}`;
    const scope = this.functionsScope(decl.service.name);
    const dlq = new sqs.Queue(scope, `${id}Dlq`, {
      encryption: sqs.QueueEncryption.KMS,
      encryptionMasterKey: this.appKey,
      enforceSSL: true,
      // The longest SQS allows: time to investigate and redrive.
      retentionPeriod: Duration.days(14),
    });
    const queue = new sqs.Queue(scope, `${id}Queue`, {
      encryption: sqs.QueueEncryption.KMS,
      encryptionMasterKey: this.appKey,
      enforceSSL: true,
      // AWS's advice for SQS event sources: six times the function timeout.
      visibilityTimeout: Duration.seconds(TIMEOUTS.subscription.toSeconds() * 6),
      deadLetterQueue: { queue: dlq, maxReceiveCount: sub.maxReceiveCount ?? DEFAULT_MAX_RECEIVE_COUNT },
    });
    new events.Rule(scope, `${id}Rule`, {
      eventBus: this.bus,
      description: sub.description,
      eventPattern: toCdkEventPattern(sub.pattern) as events.EventPattern,
      // Events EventBridge cannot deliver to the queue go to the subscription's DLQ as well.
      targets: [new targets.SqsQueue(queue, { deadLetterQueue: dlq })],
    });
    fn.function.addEventSource(
      new sources.SqsEventSource(queue, {
        batchSize: sub.batchSize ?? DEFAULT_BATCH_SIZE,
        // Consumers report the messages that failed; the others are not redelivered.
        reportBatchItemFailures: true,
        // Bounds the load a burst of events puts on the service's tables.
        maxConcurrency: 5,
      }),
    );
    this.alarmOnDepth(`${id}DlqAlarm`, dlq, `Événements non traités par ${decl.service.name}.${decl.id}`, scope);
  }

  private schedule(decl: FunctionDecl, fn: RelaisFunction, dlq: sqs.Queue): void {
    const schedule = decl.schedule!;
    new events.Rule(this.functionsScope(decl.service.name), `${pascal(decl.service.name)}${pascal(decl.id)}Schedule`, {
      description: schedule.description,
      schedule: events.Schedule.expression(schedule.expression),
      // If EventBridge itself cannot invoke the function, the event lands in the same queue.
      targets: [new targets.LambdaFunction(fn.function, { deadLetterQueue: dlq, retryAttempts: 2 })],
    });
  }

  /**
   * A service's work queue (manifest `queues`): the service's functions publish to its feed topic,
   * which delivers raw to an encrypted SQS queue with a DLQ; the handler drains it with bounded
   * concurrency and batch size (the rate limit), failed messages retried then dead-lettered.
   */
  private workQueue(decl: FunctionDecl, fn: RelaisFunction): void {
    const q = decl.queue!;
    const id = `${pascal(decl.service.name)}${pascal(decl.id)}`;
    const scope = this.functionsScope(decl.service.name);
    const dlq = new sqs.Queue(scope, `${id}Dlq`, {
      encryption: sqs.QueueEncryption.KMS,
      encryptionMasterKey: this.appKey,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    const queue = new sqs.Queue(scope, `${id}Queue`, {
      encryption: sqs.QueueEncryption.KMS,
      encryptionMasterKey: this.appKey,
      enforceSSL: true,
      visibilityTimeout: Duration.seconds(TIMEOUTS.queue.toSeconds() * 6),
      deadLetterQueue: { queue: dlq, maxReceiveCount: q.maxReceiveCount ?? DEFAULT_MAX_RECEIVE_COUNT },
    });
    this.queueFeeds
      .get(`${decl.service.name}.${q.id}`)!
      .addSubscription(new subscriptions.SqsSubscription(queue, { rawMessageDelivery: true, deadLetterQueue: dlq }));
    fn.function.addEventSource(
      new sources.SqsEventSource(queue, {
        batchSize: q.batchSize ?? DEFAULT_BATCH_SIZE,
        reportBatchItemFailures: true,
        maxConcurrency: Math.max(2, q.maxConcurrency ?? 2),
      }),
    );
    this.alarmOnDepth(`${id}DlqAlarm`, dlq, `Messages non traités par ${decl.service.name}.${decl.id}`, scope);
  }

  /** A platform topic that triggers functions; `inboundSms` receives the two-way SMS number's messages. */
  private triggerTopic(name: TriggerTopic, service: string): sns.Topic {
    let topic = this.triggerTopics.get(name);
    if (!topic) {
      const stage = this.stageName;
      const spec = { inboundSms: { id: 'SmsInbound', topicName: `relais-${stage}-sms-inbound`, display: 'Réponses SMS Relais' } }[name];
      // In the nested stack of the (first) service it triggers: a subscription across the parent
      // and a nested stack would make each depend on the other.
      topic = this.topic(spec.id, spec.topicName, spec.display, this.functionsScope(service));
      if (name === 'inboundSms') {
        // AWS End User Messaging SMS (two-way number of this account) publishes replies here.
        topic.addToResourcePolicy(
          new iam.PolicyStatement({
            sid: 'InboundSms',
            principals: [new iam.ServicePrincipal('sms-voice.amazonaws.com')],
            actions: ['sns:Publish'],
            resources: [topic.topicArn],
            conditions: { StringEquals: { 'aws:SourceAccount': this.account } },
          }),
        );
      }
      this.triggerTopics.set(name, topic);
    }
    return topic;
  }

  /** An alarm on a metric the service's functions emit (namespace `Relais`, dimension `service`). */
  private metricAlarm(service: string, name: string, description: string): void {
    const alarm = new cloudwatch.Alarm(this.functionsScope(service), `${pascal(service)}${name}Alarm`, {
      alarmDescription: description,
      metric: new cloudwatch.Metric({
        namespace: 'Relais',
        metricName: name,
        dimensionsMap: { service },
        statistic: 'Sum',
        period: Duration.minutes(5),
      }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    alarm.addAlarmAction(new cwActions.SnsAction(this.alarmTopic));
  }

  private relay(decl: FunctionDecl, fn: RelaisFunction): void {
    const deployed = this.props.tables.find((t) => t.service === decl.service.name && t.name === decl.table!.name);
    if (!deployed?.streamArn) throw new Error(`${decl.service.name}.${decl.table!.name}: outbox table without a stream`);
    const id = `${pascal(decl.service.name)}${pascal(decl.table!.name)}`;
    const scope = this.functionsScope(decl.service.name);
    const table = dynamodb.Table.fromTableAttributes(scope, `${id}TableRef`, {
      tableName: deployed.physicalName,
      tableStreamArn: deployed.streamArn,
      encryptionKey: this.dataKey,
    });
    const failures = this.failureQueue(`${id}RelayFailures`, `the outbox relay of ${decl.service.name}.${decl.table!.name}`, scope);
    // cdk-nag recognises redrive DLQs and Lambda DLQs, not stream on-failure destinations.
    this.acknowledgeTerminalQueue(failures, `the outbox relay of ${decl.service.name}.${decl.table!.name}`);
    fn.function.addEventSource(
      new sources.DynamoEventSource(table, {
        // Every outbox item ever written must be published, including those written while the
        // relay was being (re)deployed.
        startingPosition: lambda.StartingPosition.TRIM_HORIZON,
        batchSize: 25,
        retryAttempts: 8,
        // A poison record is isolated by halving the batch instead of blocking the shard.
        bisectBatchOnError: true,
        reportBatchItemFailures: true,
        // What still fails is recorded (stream coordinates, not the event) for investigation;
        // the item stays pending in the outbox and the sweeper publishes it later.
        onFailure: new sources.SqsDlq(failures),
        // Only new outbox items wake the relay, not every write to the table.
        filters: [
          lambda.FilterCriteria.filter({
            eventName: lambda.FilterRule.isEqual('INSERT'),
            dynamodb: { NewImage: { [OUTBOX_INDEX.partitionKey]: { S: lambda.FilterRule.exists() } } },
          }),
        ],
      }),
    );
    // Stream reading needs dynamodb:ListStreams, which has no resource-level permission.
    acknowledge(
      fn.role,
      'AwsSolutions-IAM5[Resource::*]',
      'dynamodb:ListStreams does not support resource-level permissions (IAM reference); every other stream action ' +
        'is scoped to this table’s stream ARN.',
    );
    // CDK's on-failure destination grant on the queue's key.
    for (const action of ['kms:ReEncrypt*', 'kms:GenerateDataKey*']) {
      acknowledge(
        fn.role,
        `AwsSolutions-IAM5[Action::${action}]`,
        'Granted by the CDK on-failure destination (SqsDlq) to send to the encrypted failure queue; the statement is ' +
          'scoped to the one application key.',
      );
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Building blocks

  /**
   * Where a service's functions, their roles, log groups, queues, rules and alarms are created:
   * a nested stack per service. CloudFormation refuses a stack of more than 500 resources and
   * each HTTP route costs about seven (function, role, policy, log group, permission,
   * integration, route); with every service in one stack Relais passed that limit. The API,
   * its routes and integrations, the bus, topics and keys stay here; CDK passes what the nested
   * stacks use as parameters and outputs.
   */
  private functionsScope(service: string): NestedStack {
    let nested = this.serviceStacks.get(service);
    if (!nested) {
      nested = new NestedStack(this, `${pascal(service)}Functions`, {
        description: `Relais ${this.stageName}: functions of the ${service} service`,
      });
      this.serviceStacks.set(service, nested);
    }
    return nested;
  }

  private tableArn(table: DeployedTable): string {
    return this.formatArn({ service: 'dynamodb', resource: 'table', resourceName: table.physicalName });
  }

  private topic(id: string, topicName: string, displayName: string, scope: Construct = this): sns.Topic {
    return new sns.Topic(scope, id, {
      topicName,
      displayName,
      // SECURITY.md: customer-managed key for every topic; TLS only.
      masterKey: this.appKey,
      enforceSSL: true,
    });
  }

  /**
   * One log group per service for all its functions: a service's story in one place (Logs
   * Insights across its functions, streams named after each function), and one resource instead
   * of one per function — the stack stays under CloudFormation's 500 resources.
   */
  private serviceLogGroup(service: string): logs.LogGroup {
    let group = this.serviceLogGroups.get(service);
    if (!group) {
      // Enough to investigate an incident or a complaint; logs carry no personal data to keep.
      group = new logs.LogGroup(this.functionsScope(service), `${pascal(service)}FunctionLogs`, {
        encryptionKey: this.appKey,
        retention: logs.RetentionDays.THREE_MONTHS,
      });
      this.serviceLogGroups.set(service, group);
    }
    return group;
  }

  private logGroup(id: string, retention: logs.RetentionDays): logs.LogGroup {
    return new logs.LogGroup(this, id, { encryptionKey: this.appKey, retention });
  }

  /** A queue at the end of a failure path (nothing redrives it automatically). */
  private failureQueue(id: string, what: string, scope: Construct = this): sqs.Queue {
    const queue = new sqs.Queue(scope, id, {
      encryption: sqs.QueueEncryption.KMS,
      encryptionMasterKey: this.appKey,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    this.alarmOnDepth(`${id}Alarm`, queue, `Échecs : ${what}`, scope);
    return queue;
  }

  private acknowledgeTerminalQueue(queue: sqs.Queue, what: string): void {
    acknowledge(
      queue,
      'AwsSolutions-SQS3',
      `This queue is itself the dead-letter destination of ${what}; a DLQ behind it would only move the same ` +
        'messages again. Its depth raises an alarm.',
    );
  }

  private alarmOnDepth(id: string, queue: sqs.IQueue, description: string, scope: Construct = this): void {
    const alarm = new cloudwatch.Alarm(scope, id, {
      alarmDescription: description,
      metric: queue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: 'Maximum' }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    alarm.addAlarmAction(new cwActions.SnsAction(this.alarmTopic));
  }

  /** Publish to an SNS topic or send to an SQS queue encrypted with the application key. */
  /**
   * A platform secret (shared/auth/secrets.ts), made once for the functions that read it at run
   * time: its value never appears in a template or a function's configuration.
   */
  private secret(name: SecretName): secretsmanager.Secret {
    let secret = this.secrets.get(name);
    if (secret) return secret;
    secret = new secretsmanager.Secret(this, `${pascal(name)}Secret`, {
      description: `Relais ${this.stageName}: ${SECRET_PURPOSES[name]}`,
      encryptionKey: this.appKey,
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
    });
    for (const rule of ['AwsSolutions-SMG4', 'HIPAA.Security-SecretsManagerRotationEnabled']) {
      acknowledge(secret, rule, SECRET_NO_ROTATION[name]);
    }
    this.secrets.set(name, secret);
    return secret;
  }

  private appKeyUse(sid: string): iam.PolicyStatement {
    return new iam.PolicyStatement({ sid, actions: ['kms:GenerateDataKey', 'kms:Decrypt'], resources: [this.appKey.keyArn] });
  }

  /**
   * Services that write into our encrypted log groups and topics on their own behalf need the
   * key. Each is limited to this account (and, for logs, to this region's log groups).
   */
  private allowServicesToUseAppKey(): void {
    this.appKey.addToResourcePolicy(
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
    for (const [sid, service] of [
      ['CloudWatchAlarms', 'cloudwatch.amazonaws.com'],
      // Two-way SMS (End User Messaging) delivers inbound messages to the SMS topic.
      ['InboundSms', 'sms-voice.amazonaws.com'],
    ] as const) {
      this.appKey.addToResourcePolicy(
        new iam.PolicyStatement({
          sid,
          principals: [new iam.ServicePrincipal(service)],
          actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
          resources: ['*'],
          conditions: { StringEquals: { 'aws:SourceAccount': this.account } },
        }),
      );
    }
  }
}

function isAudit(t: DeployedTable): boolean {
  return t.service === AUDIT_TABLE.service && t.name === AUDIT_TABLE.table;
}
