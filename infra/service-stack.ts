import * as fs from 'node:fs';
import * as path from 'node:path';
import { ArnFormat, Duration, NestedStack, type NestedStackProps, Stack, Token } from 'aws-cdk-lib';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sources from 'aws-cdk-lib/aws-lambda-event-sources';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { type SecretName, secretArnEnv } from '../shared/auth/secrets';
import {
  SUBSCRIPTION_MAX_CONCURRENCY,
  type ServiceManifest,
  type TriggerTopic,
  queueEnvName,
  tableEnvName,
} from '../shared/manifest/manifest';
import {
  acknowledgeTerminalQueue,
  alarmOnDepth,
  appKeyUse,
  encryptedLogGroup,
  encryptedTopic,
  failureQueue,
  metricAlarm,
} from './building-blocks';
import { bundledModules, bundledPath } from './bundling';
import {
  READ_ACTIONS,
  WRITE_ACTIONS,
  collectsPersonData,
  isReadOnlyRoute,
  readPathWrites,
  signsPersonsIn,
  smsChannels,
  staffAccountsActions,
} from './least-privilege';
import { PERSON_DATA_FUNCTIONS_ENV } from '../shared/person-data/contract';
import { PERSON_POOL_ACTIONS } from '../services/intake/person-auth/cognito-person-tokens';
import { watchFunction } from './operations';
import { smsConfigurationSetName, smsOptOutListName } from './sms';
import { OUTBOX_PK_PREFIX } from '../shared/events/outbox';
import { REASONS, acknowledge } from './compliance';
import { isDataInclusionPull, wireDataInclusionPull } from './data-inclusion';
import type { StageConfig } from './config';
import type { LocationResources } from './constructs/location';
import { REPO_ROOT, RelaisFunction, TIMEOUTS } from './constructs/relais-function';
import { AUDIT_TABLE, type FunctionDecl, OUTBOX_INDEX, SWEEP_HANDLER, functionDecls, functionName, toCdkEventPattern } from './manifests';
import { type DeployedTable, pascal } from './stateful-stack';

/**
 * The official list of communes (names, populations, postal codes: 8.6 MB of JSON) is read from
 * disk by the commune reference, not bundled: it ships once beside each bundle that may need it,
 * and only a function that actually reads it pays for parsing it (ADR 0008).
 */
export const OFFICIAL_COMMUNES_FILE = require.resolve('@etalab/decoupage-administratif/data/communes.json');

/**
 * The modules that read a commune file (from the repository root), and which files: the official
 * list, the stage's communes CSV (RELAIS_COMMUNES_FILE), the stage's outlines (RELAIS_COMMUNES_GEOJSON).
 * A function gets a file copied beside its bundle, and the variable naming it, only when one of
 * these modules is in its bundle.
 */
export const COMMUNE_READERS: Readonly<Record<string, ReadonlyArray<'official' | 'communes' | 'geojson'>>> = {
  'services/directory/geo/communes.ts': ['official', 'communes'],
  'shared/reference/commune-populations.ts': ['official'],
  'services/directory/handlers/commune-outlines.handler.ts': ['geojson'],
  'services/directory/geo/basemap-file.ts': ['geojson'],
};

/** The partner notifications topic's fixed name (the stateless stack creates it). */
export function notificationsTopicName(stage: string): string {
  return `relais-${stage}-notifications`;
}

/** How cdk-nag writes a value in a finding: itself, or `<AWS::Region>` for a pseudo parameter. */
const nagValue = (value: string, pseudo: string) => (Token.isUnresolved(value) ? `<${pseudo}>` : value);

/** Default of the manifests' SubscriptionDecl. */
const DEFAULT_MAX_RECEIVE_COUNT = 5;
const DEFAULT_BATCH_SIZE = 10;
/** Stream records per relay invocation, and relay invocations per shard at once (issue 19, point 4). */
const RELAY_BATCH_SIZE = 100;
const RELAY_PARALLELIZATION = 4;

/**
 * What the stateless stack shares with every service's nested stack: the platform resources
 * (they stay in the parent; CDK passes their names and ARNs as nested-stack parameters).
 */
export interface PlatformResources {
  stage: StageConfig;
  /** From the stateful stack: table names, indexes and (outbox tables) stream ARNs. */
  tables: readonly DeployedTable[];
  appKey: kms.IKey;
  dataKey: kms.IKey;
  /** The key of the platform secrets (stateful stack). */
  secretsKey: kms.IKey;
  bus: events.IEventBus;
  api: apigwv2.IHttpApi;
  authorizer: apigwv2.IHttpRouteAuthorizer;
  location: LocationResources;
  notificationsTopic: sns.ITopic;
  smsTopic: sns.ITopic;
  alarmTopic: sns.ITopic;
  /** Dead letters of asynchronously invoked functions (schedules, and topics if no own queue). */
  scheduleFailures: sqs.IQueue;
  topicFailures: sqs.IQueue;
  /** The SPA's origin (links in partner notifications open it). */
  spaOrigin: string;
  /** The user pool's id and ARN (the routes that `reads: ['accounts']`, the staff accounts' functions). */
  userPool: { id: string; arn: string };
  /** The persons' pool (ADR 0040): its id, ARN and SPA client, for the functions that sign persons in. */
  personPool?: { id: string; arn: string; clientId: string };
  /** The JWT authorizer of the persons' pool, for the routes whose gate names `personne` (ADR 0040). */
  personAuthorizer?: apigwv2.IHttpRouteAuthorizer;
  /** The public routes' origin check (ADR 0045): only requests through the distribution reach them. */
  publicAuthorizer?: apigwv2.IHttpRouteAuthorizer;
  /** A platform secret, created in the parent on first use. */
  secret(name: SecretName): secretsmanager.ISecret;
  /** A platform topic that triggers functions, created in the parent. */
  triggerTopic(name: TriggerTopic): sns.ITopic;
  /** Every function built, by `service.id` (StatelessStack.functions). */
  functions: Map<string, RelaisFunction>;
  /** The stage's services (the collector invokes each one's person-data function). */
  services: readonly ServiceManifest[];
}

export interface ServiceFunctionsStackProps extends NestedStackProps {
  service: ServiceManifest;
  platform: PlatformResources;
}

/**
 * Everything one service's manifest adds to a stage besides its tables: its functions with
 * their roles and policies, its log group, its HTTP routes (integration, invoke permission),
 * its subscriptions (rule → queue + DLQ → function, alarm), schedules, outbox relays, work
 * queues and metric alarms. A CloudFormation nested stack of the stateless stack (ADR 0014):
 * each stays far below CloudFormation's 500 resources per template whatever the number of
 * services, and the stage still deploys as one `cdk deploy` of the stateless stack.
 */
export class ServiceFunctionsStack extends NestedStack {
  /** The HTTP routes built here whose manifest access is `public` (the stage throttles them). */
  readonly publicRoutes: apigwv2.HttpRoute[] = [];
  readonly service: ServiceManifest;
  /** The queues at the end of this service's failure paths (DLQs, relay failures), for the dashboard. */
  readonly deadLetters: { label: string; queue: sqs.IQueue }[] = [];

  private readonly platform: PlatformResources;
  private readonly logGroup: logs.LogGroup;
  /** Per service queue id: the topic that feeds it. */
  private readonly queueFeeds = new Map<string, sns.Topic>();

  constructor(scope: Construct, id: string, props: ServiceFunctionsStackProps) {
    super(scope, id, {
      ...props,
      description: props.description ?? `Relais ${props.platform.stage.name}: functions of the ${props.service.name} service`,
    });
    this.service = props.service;
    this.platform = props.platform;
    const { service, platform } = props;
    const stage = platform.stage.name;

    // One log group per service for all its functions: a service's story in one place (Logs
    // Insights across its functions, streams named after each function). Enough to investigate
    // an incident or a complaint; logs carry no personal data to keep.
    this.logGroup = encryptedLogGroup(this, `${pascal(service.name)}FunctionLogs`, platform.appKey, logs.RetentionDays.THREE_MONTHS);

    for (const queue of service.queues ?? []) {
      const qid = `${pascal(service.name)}${pascal(queue.id)}`;
      this.queueFeeds.set(
        queue.id,
        encryptedTopic(
          this,
          `${qid}Feed`,
          platform.appKey,
          `relais-${stage}-${service.name}-${queue.id}`,
          `File ${service.name}.${queue.id}`,
        ),
      );
    }
    for (const alarm of service.alarmMetrics ?? []) metricAlarm(this, service.name, alarm.name, alarm.description, platform.alarmTopic);

    const outboxTables = platform.tables.filter((t) => t.outbox);
    for (const decl of functionDecls([service])) {
      const fn = this.relaisFunction(decl, outboxTables);
      watchFunction(this, decl, fn, platform.alarmTopic);
      switch (decl.kind) {
        case 'route': {
          const httpRoute = this.route(decl, fn);
          if (decl.route!.access === 'public') this.publicRoutes.push(httpRoute);
          break;
        }
        case 'subscription':
          this.subscription(decl, fn);
          break;
        case 'schedule':
          this.schedule(decl, fn);
          break;
        case 'relay':
          this.relay(decl, fn);
          break;
        case 'queue':
          this.workQueue(decl, fn);
          break;
        case 'topic':
          this.triggerTopic(decl.topicSubscription!.topic).addSubscription(new subscriptions.LambdaSubscription(fn.function));
          break;
        case 'personData':
          // No trigger: only the platform's collector invokes it (lambda:InvokeFunction, ADR 0040).
          break;
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Functions

  private relaisFunction(decl: FunctionDecl, outboxTables: readonly DeployedTable[]): RelaisFunction {
    const { platform } = this;
    const service = decl.service.name;
    const own = platform.tables.filter((t) => t.service === service && !isAudit(t));
    const audit = platform.tables.find(isAudit);
    if (!audit) throw new Error('The platform audit table is missing from the manifests');

    const environment: Record<string, string> = {
      RELAIS_MODE: 'aws',
      RELAIS_STAGE: platform.stage.name,
      RELAIS_EVENT_BUS_NAME: platform.bus.eventBusName,
      RELAIS_OUTBOX_TABLES: outboxTables.map((t) => t.physicalName).join(','),
      RELAIS_PLACE_INDEX: platform.location.placeIndexName,
      RELAIS_ROUTE_CALCULATOR: platform.location.routeCalculatorName,
      RELAIS_MAP_NAME: platform.location.mapName,
      RELAIS_NOTIFICATIONS_TOPIC_ARN: platform.notificationsTopic.topicArn,
      RELAIS_SMS_TOPIC_ARN: platform.smsTopic.topicArn,
      // Links in partner notifications open the SPA.
      RELAIS_APP_URL: platform.spaOrigin,
      POWERTOOLS_SERVICE_NAME: service,
      // No NODE_OPTIONS=--enable-source-maps: it made Node parse the bundle's source map at every cold
      // start (about doubling a large bundle's init). The map ships as index.js.map beside the bundle;
      // a stack trace is decoded offline (docs/adr/0025-lean-functions.md).
      [tableEnvName(audit.service, audit.name)]: audit.physicalName,
    };
    for (const table of own) environment[tableEnvName(table.service, table.name)] = table.physicalName;
    // A public route never calls the route calculator (billed per route, reachable by anyone):
    // without it, travel times come from the stored spatial index and the road estimate.
    if (decl.route?.access === 'public') delete environment.RELAIS_ROUTE_CALCULATOR;
    if (decl.route?.reads?.includes('accounts') || staffAccountsActions(decl).length > 0) environment.RELAIS_USER_POOL_ID = platform.userPool.id;
    const signsIn = platform.personPool !== undefined && signsPersonsIn(decl);
    if (signsIn) {
      environment.RELAIS_PERSON_POOL_ID = platform.personPool!.id;
      environment.RELAIS_PERSON_POOL_CLIENT_ID = platform.personPool!.clientId;
    }
    const feeds = [...this.queueFeeds.values()];
    for (const [queueId, feed] of this.queueFeeds) environment[queueEnvName(service, queueId)] = feed.topicArn;
    const stage = platform.stage;
    // Unset: the code's defaults (shared/config/settings.ts).
    if (stage.departement) environment.RELAIS_DEPARTEMENT = stage.departement;
    if (stage.coverageThresholdMinutes !== undefined) {
      environment.RELAIS_COVERAGE_THRESHOLD_MINUTES = String(stage.coverageThresholdMinutes);
    }
    Object.assign(environment, stage.surveysEnvironment);
    if (decl.service.needs?.sms) {
      environment.RELAIS_SMS_CONFIGURATION_SET = smsConfigurationSetName(stage.name);
      environment.RELAIS_SMS_OPT_OUT_LIST = smsOptOutListName(stage.name);
    }
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

    const fn = new RelaisFunction(this, `${pascal(service)}${pascal(decl.id)}`, {
      decl,
      functionName: functionName(stage.name, decl),
      environment,
      bundledFiles: communeFiles,
      // Secrets are read through the Parameters and Secrets extension (ADR 0051).
      readsSecrets:
        (decl.kind !== 'relay' &&
          ((decl.service.needs?.secrets?.length ?? 0) > 0 || (decl.service.needs?.secretPrefixes?.length ?? 0) > 0)) ||
        (Boolean(stage.dataInclusion) && isDataInclusionPull(decl)),
      logKey: platform.appKey,
      logGroup: this.logGroup,
      // EventBridge and SNS invoke these functions asynchronously: after Lambda's retries, a
      // failed run lands in this queue instead of vanishing.
      deadLetterQueue: decl.kind === 'schedule' ? platform.scheduleFailures : decl.kind === 'topic' ? platform.topicFailures : undefined,
    });
    platform.functions.set(`${service}.${decl.id}`, fn);
    // The nightly data·inclusion pull, when the stage configures it: its settings and its token's secret, for it alone.
    if (stage.dataInclusion && isDataInclusionPull(decl)) wireDataInclusionPull(fn, stage.dataInclusion);

    // The service's own tables and their indexes (infra/least-privilege.ts). No Scan: no request
    // path scans (ARCHITECTURE.md), and a table-wide read of personal data should never be one call away.
    const ownResources = (tables: readonly DeployedTable[]) =>
      tables.flatMap((t) => [this.tableArn(t), ...t.indexNames.map((i) => `${this.tableArn(t)}/index/${i}`)]);
    if (decl.kind === 'relay') {
      // A relay reads its table's stream (the event source's grant) and marks the outbox items it
      // published: UpdateItem on the outbox partitions of that one table, nothing else.
      const table = own.find((t) => t.name === decl.table!.name);
      if (table) {
        fn.addToPolicy(
          new iam.PolicyStatement({
            sid: 'MarkOutboxItemsPublished',
            actions: ['dynamodb:UpdateItem'],
            resources: [this.tableArn(table)],
            conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [`${OUTBOX_PK_PREFIX}*`] } },
          }),
        );
      }
    } else if (own.length > 0 && isReadOnlyRoute(decl)) {
      fn.addToPolicy(new iam.PolicyStatement({ sid: 'OwnTablesRead', actions: [...READ_ACTIONS], resources: ownResources(own) }));
      // What this read writes, found in its bundle: exactly those actions, on those partitions.
      readPathWrites(decl).forEach((write, i) => {
        const table = own.find((t) => t.service === write.table.service && t.name === write.table.name);
        if (!table) return;
        fn.addToPolicy(
          new iam.PolicyStatement({
            sid: `ReadPathWrite${i}`,
            actions: [...write.actions],
            resources: [this.tableArn(table)],
            conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [...write.partitions] } },
          }),
        );
      });
    } else if (own.length > 0) {
      fn.addToPolicy(
        new iam.PolicyStatement({ sid: 'OwnTables', actions: [...READ_ACTIONS, ...WRITE_ACTIONS], resources: ownResources(own) }),
      );
    }
    // The audit log is append-only for everyone: PutItem, nothing else (no update, no delete, no
    // batch write). The code puts every item with a condition (an entry never over another, the
    // chain's head only from the sequence it was read at); IAM has no condition key on a
    // request's ConditionExpression, so that part is the code's (ADR 0016).
    // A relay audits nothing: it forwards events.
    if (decl.kind !== 'relay') {
      fn.addToPolicy(new iam.PolicyStatement({ sid: 'AuditAppend', actions: ['dynamodb:PutItem'], resources: [this.tableArn(audit)] }));
      // Chaining needs the head of each person's chain: readable only projected to the chain's own
      // attributes (keys, sequence number, hash), never an entry's who/what/why.
      fn.addToPolicy(
        new iam.PolicyStatement({
          sid: 'AuditChainHeads',
          actions: ['dynamodb:GetItem', 'dynamodb:BatchGetItem'],
          resources: [this.tableArn(audit)],
          conditions: {
            'ForAllValues:StringEquals': { 'dynamodb:Attributes': ['pk', 'sk', 'seq', 'hash'] },
            StringEqualsIfExists: { 'dynamodb:Select': 'SPECIFIC_ATTRIBUTES' },
          },
        }),
      );
    }
    // The platform's audit routes (coordinator, admin) read the log back, one person at a time.
    if (decl.route?.reads?.includes('audit') || (decl.kind === 'personData' && service === AUDIT_TABLE.service)) {
      fn.addToPolicy(
        new iam.PolicyStatement({ sid: 'AuditRead', actions: ['dynamodb:Query', 'dynamodb:GetItem'], resources: [this.tableArn(audit)] }),
      );
    }
    // The consumer of pending reads (ADR 0016) reads them back and deletes each once chained.
    // DeleteItem is limited to the pending partitions: an entry, a head or a mark stays.
    if (decl.schedule?.drainsAuditPending) {
      fn.addToPolicy(new iam.PolicyStatement({ sid: 'AuditPendingRead', actions: ['dynamodb:Query'], resources: [this.tableArn(audit)] }));
      fn.addToPolicy(
        new iam.PolicyStatement({
          sid: 'AuditPendingDelete',
          actions: ['dynamodb:DeleteItem'],
          resources: [this.tableArn(audit)],
          conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['PENDING#*'] } },
        }),
      );
    }
    // The tables' key, only through DynamoDB (streams included).
    fn.addToPolicy(
      new iam.PolicyStatement({
        sid: 'DataKeyViaDynamoDB',
        actions: ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey', 'kms:DescribeKey'],
        resources: [platform.dataKey.keyArn],
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
      fn.addToPolicy(
        new iam.PolicyStatement({ sid: 'PublishEvents', actions: ['events:PutEvents'], resources: [platform.bus.eventBusArn] }),
      );
    }

    // A relay forwards events: none of its service's other rights (Amazon Location, secrets, topics).
    const needs: NonNullable<ServiceManifest['needs']> = decl.kind === 'relay' ? {} : (decl.service.needs ?? {});
    if (needs.location) {
      for (const statement of platform.location.statements({ routes: decl.route?.access !== 'public' })) fn.addToPolicy(statement);
    }
    if (signsIn) {
      // Her sign-in (ADR 0040): these admin actions on the persons' pool, nothing on the staff's.
      fn.addToPolicy(
        new iam.PolicyStatement({ sid: 'SignPersonsIn', actions: [...PERSON_POOL_ACTIONS], resources: [platform.personPool!.arn] }),
      );
    }
    if (collectsPersonData(decl)) {
      // The collector (ADR 0040): it invokes every service's person-data function, and no other.
      const names = personDataFunctionNames(platform.stage.name, platform.services);
      fn.function.addEnvironment(PERSON_DATA_FUNCTIONS_ENV, JSON.stringify(names));
      fn.addToPolicy(
        new iam.PolicyStatement({
          sid: 'InvokePersonData',
          actions: ['lambda:InvokeFunction'],
          resources: Object.values(names).map((name) =>
            this.formatArn({ service: 'lambda', resource: 'function', resourceName: name, arnFormat: ArnFormat.COLON_RESOURCE_NAME }),
          ),
        }),
      );
    }
    const staffActions = staffAccountsActions(decl);
    if (staffActions.length > 0) {
      // The administrator's pending accounts and their assignment (ADR 0041): the staff pool only;
      // the GET route's function reads, the assignment's also writes the group and the organisation.
      fn.addToPolicy(new iam.PolicyStatement({ sid: 'ManageStaffAccounts', actions: staffActions, resources: [platform.userPool.arn] }));
    }
    if (decl.route?.reads?.includes('accounts')) {
      fn.addToPolicy(
        new iam.PolicyStatement({
          sid: 'ReadAccounts',
          actions: ['cognito-idp:ListUsers', 'cognito-idp:AdminListGroupsForUser'],
          resources: [platform.userPool.arn],
        }),
      );
    }
    if (decl.subscription?.manages?.includes('notificationSubscriptions')) {
      // Partners' e-mail and SMS channels follow their directory entry (ReturnSubscriptionArn
      // needs no extra right; filter policies are set at subscription).
      // The topic's ARN spelled from its fixed name: a subscription's ARN is the topic's followed
      // by `:<uuid>`, so this covers this topic's subscriptions only, and the finding below is
      // stable (no generated nested-stack parameter in it).
      const topicName = notificationsTopicName(platform.stage.name);
      const topicArn = this.formatArn({ service: 'sns', resource: topicName, arnFormat: ArnFormat.NO_RESOURCE_NAME });
      fn.addToPolicy(
        new iam.PolicyStatement({
          sid: 'ManageNotificationSubscriptions',
          actions: ['sns:Subscribe', 'sns:Unsubscribe'],
          resources: [topicArn, `${topicArn}:*`],
        }),
      );
      acknowledge(
        fn,
        `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:sns:${nagValue(this.region, 'AWS::Region')}:${nagValue(this.account, 'AWS::AccountId')}:${topicName}:*]`,
        'Subscriptions are created at run time, so their ARNs cannot be listed; the wildcard covers only the ' +
          'subscriptions of the partner notifications topic, which this one function manages.',
      );
    }
    for (const name of needs.secrets ?? []) {
      const secret = platform.secret(name);
      fn.function.addEnvironment(secretArnEnv(name), secret.secretArn);
      fn.addToPolicy(
        new iam.PolicyStatement({
          sid: `Read${pascal(name)}Secret`,
          actions: ['secretsmanager:GetSecretValue'],
          resources: [secret.secretArn],
        }),
      );
      fn.addToPolicy(
        new iam.PolicyStatement({
          sid: `${pascal(name)}SecretKey`,
          actions: ['kms:Decrypt'],
          resources: [platform.secretsKey.keyArn],
          conditions: { StringEquals: { 'kms:ViaService': `secretsmanager.${this.region}.amazonaws.com` } },
        }),
      );
    }
    for (const prefix of needs.secretPrefixes ?? []) {
      // Secrets an operator creates and the directory names (ADR 0042): readable under this prefix only.
      const name = `relais/${platform.stage.name}/${prefix}/*`;
      fn.addToPolicy(
        new iam.PolicyStatement({
          sid: `ReadNamed${pascal(prefix)}Secrets`,
          actions: ['secretsmanager:GetSecretValue'],
          resources: [
            this.formatArn({ service: 'secretsmanager', resource: 'secret', resourceName: name, arnFormat: ArnFormat.COLON_RESOURCE_NAME }),
          ],
        }),
      );
      acknowledge(
        fn,
        `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:secretsmanager:${nagValue(this.region, 'AWS::Region')}:${nagValue(this.account, 'AWS::AccountId')}:secret:${name}]`,
        'The secrets are named in the directory by the coordination (one per organisation) and created by an operator, so their ' +
          'ARNs cannot be listed; the wildcard covers only this stage’s prefix for them.',
      );
    }
    const topics = [
      ...(needs.notificationsTopic ? [platform.notificationsTopic.topicArn] : []),
      ...(needs.smsTopic ? [platform.smsTopic.topicArn] : []),
      ...(decl.kind === 'relay' ? [] : feeds.map((t) => t.topicArn)),
    ];
    if (topics.length > 0) {
      fn.addToPolicy(new iam.PolicyStatement({ sid: 'PublishTopics', actions: ['sns:Publish'], resources: topics }));
      fn.addToPolicy(appKeyUse('TopicsKey', platform.appKey));
    }

    const channels = needs.sms ? smsChannels(decl) : new Set<string>();
    if (channels.has('sns')) {
      // SMS straight to a phone number (SNS Publish with PhoneNumber) has no resource ARN.
      fn.addToPolicy(new iam.PolicyStatement({ sid: 'PublishSms', actions: ['sns:Publish'], resources: ['*'] }));
      acknowledge(
        fn.role,
        'AwsSolutions-IAM5[Resource::*]',
        'sns:Publish to a phone number (SMS) has no resource ARN: IAM requires "*". Only the functions of a service ' +
          'whose manifest needs.sms and whose bundle holds the SMS sender (infra/least-privilege.ts) have it; no HTTP route.',
      );
    }
    if (channels.has('end-user-messaging')) {
      // AWS End User Messaging SMS (ADR 0035): send through the stage's configuration set, from
      // the account's origination identities (the stage chooses one by configuration, so its ARN
      // is not known at synthesis), and add STOP numbers to the stage's opt-out list.
      const smsArn = (resource: string) =>
        this.formatArn({ service: 'sms-voice', resource, resourceName: '*', arnFormat: ArnFormat.SLASH_RESOURCE_NAME });
      fn.addToPolicy(
        new iam.PolicyStatement({
          sid: 'SendTextMessage',
          actions: ['sms-voice:SendTextMessage'],
          resources: [
            this.formatArn({
              service: 'sms-voice',
              resource: 'configuration-set',
              resourceName: smsConfigurationSetName(platform.stage.name),
              arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
            }),
            smsArn('pool'),
            smsArn('phone-number'),
            smsArn('sender-id'),
          ],
        }),
      );
      fn.addToPolicy(
        new iam.PolicyStatement({
          sid: 'KeepOptOutList',
          actions: ['sms-voice:PutOptedOutNumber'],
          resources: [
            this.formatArn({
              service: 'sms-voice',
              resource: 'opt-out-list',
              resourceName: smsOptOutListName(platform.stage.name),
              arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
            }),
          ],
        }),
      );
      for (const resource of ['pool', 'phone-number', 'sender-id']) {
        acknowledge(
          fn.role,
          `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:sms-voice:${nagValue(this.region, 'AWS::Region')}:${nagValue(this.account, 'AWS::AccountId')}:${resource}/*]`,
          'The origination identity is chosen per stage by configuration (relais:smsOriginationIdentity) and may be a pool, ' +
            'a number or a sender ID of this account: the wildcard covers only this account’s identities of that type in the ' +
            'region, used only through SendTextMessage and only by the functions that send SMS (infra/least-privilege.ts).',
        );
      }
    }

    if (decl.kind === 'schedule' || decl.kind === 'topic') {
      // Lambda's grant covers sqs:SendMessage; the queue's key is ours to grant.
      fn.addToPolicy(appKeyUse('DeadLettersKey', platform.appKey));
    } else {
      const trigger = {
        route: 'the HTTP API (the client sees the error)',
        subscription: 'its SQS event source (failed messages are retried, then moved to the subscription DLQ)',
        relay: 'its DynamoDB stream event source (failed batches are retried, then recorded in the on-failure queue)',
        queue: 'its SQS event source (failed messages are retried, then moved to the queue’s DLQ)',
        personData: 'the platform’s collector (RequestResponse: her request fails with a 503, nothing partial)',
        cognito: 'Cognito during a sign-in (the sign-in fails)',
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
  /**
   * The commune files copied beside this function's bundle: a file only where a module that
   * reads it is bundled (derived from the handler's import graph, infra/bundling.ts), so a
   * function that never reads the 8.6 MB official list does not ship it (ADR 0025).
   */
  private communeFiles(decl: FunctionDecl): string[] {
    const entry = path.join(REPO_ROOT, decl.handler);
    if (!fs.existsSync(entry)) return [];
    const modules = bundledModules(entry);
    const stage = this.platform.stage;
    const files = new Set<string>();
    for (const [module, wants] of Object.entries(COMMUNE_READERS)) {
      if (!modules.has(module)) continue;
      for (const want of wants) {
        const file = want === 'official' ? OFFICIAL_COMMUNES_FILE : want === 'communes' ? stage.communesFile : stage.communesGeojson;
        if (file) files.add(file);
      }
    }
    return [...files];
  }

  /**
   * The route, its integration and the permission for the API to invoke the function are built
   * here, on the parent's HTTP API; the Cognito authorizer is the parent's (bound in the API's
   * scope), shared by every route.
   */
  private route(decl: FunctionDecl, fn: RelaisFunction): apigwv2.HttpRoute {
    const route = decl.route!;
    const id = `${pascal(decl.service.name)}${pascal(decl.id)}`;
    const integration = new HttpLambdaIntegration(`${id}Integration`, fn.function, {
      payloadFormatVersion: apigwv2.PayloadFormatVersion.VERSION_2_0,
    });
    const isPublic = route.access === 'public';
    const httpRoute = new apigwv2.HttpRoute(this, `${id}Route`, {
      httpApi: this.platform.api,
      routeKey: apigwv2.HttpRouteKey.with(route.path, route.method as apigwv2.HttpMethod),
      integration,
      // The authorizer authenticates (signature, issuer, audience, expiry); roles and
      // relationships are checked again in the handler (shared/auth). A route whose gate names
      // `personne` takes the persons' pool's tokens, every other one the professionals' (ADR 0040).
      // (A synthesis without the persons' pool — no service signs persons in — keeps the one authorizer.)
      // A public route takes no token, but only requests that came through the distribution (its origin header, ADR 0045).
      authorizer: isPublic
        ? this.platform.publicAuthorizer
        : (namesPerson(route) && this.platform.personAuthorizer) || this.platform.authorizer,
    });
    // No AwsSolutions-APIG4 acknowledgement any more: a public route has an authorizer (the origin check).
    if (isPublic && !this.platform.publicAuthorizer)
      throw new Error(`${route.method} ${route.path}: a public route needs the origin check (ADR 0045)`);
    return httpRoute;
  }

  private subscription(decl: FunctionDecl, fn: RelaisFunction): void {
    const sub = decl.subscription!;
    const id = `${pascal(decl.service.name)}${pascal(decl.id)}`;
    const dlq = new sqs.Queue(this, `${id}Dlq`, {
      encryption: sqs.QueueEncryption.KMS,
      encryptionMasterKey: this.platform.appKey,
      enforceSSL: true,
      // The longest SQS allows: time to investigate and redrive.
      retentionPeriod: Duration.days(14),
    });
    const queue = new sqs.Queue(this, `${id}Queue`, {
      encryption: sqs.QueueEncryption.KMS,
      encryptionMasterKey: this.platform.appKey,
      enforceSSL: true,
      // AWS's advice for SQS event sources: six times the function timeout.
      visibilityTimeout: Duration.seconds(TIMEOUTS.subscription.toSeconds() * 6),
      deadLetterQueue: { queue: dlq, maxReceiveCount: sub.maxReceiveCount ?? DEFAULT_MAX_RECEIVE_COUNT },
    });
    new events.Rule(this, `${id}Rule`, {
      eventBus: this.platform.bus,
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
        // Bounds the load a burst of events puts on the service's tables (the local bus too).
        maxConcurrency: SUBSCRIPTION_MAX_CONCURRENCY,
      }),
    );
    alarmOnDepth(this, `${id}DlqAlarm`, dlq, `Événements non traités par ${decl.service.name}.${decl.id}`, this.platform.alarmTopic);
    this.deadLetters.push({ label: decl.id, queue: dlq });
  }

  private schedule(decl: FunctionDecl, fn: RelaisFunction): void {
    const schedule = decl.schedule!;
    new events.Rule(this, `${pascal(decl.service.name)}${pascal(decl.id)}Schedule`, {
      description: schedule.description,
      schedule: events.Schedule.expression(schedule.expression),
      // If EventBridge itself cannot invoke the function, the event lands in the same queue.
      targets: [new targets.LambdaFunction(fn.function, { deadLetterQueue: this.platform.scheduleFailures, retryAttempts: 2 })],
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
    const dlq = new sqs.Queue(this, `${id}Dlq`, {
      encryption: sqs.QueueEncryption.KMS,
      encryptionMasterKey: this.platform.appKey,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    const queue = new sqs.Queue(this, `${id}Queue`, {
      encryption: sqs.QueueEncryption.KMS,
      encryptionMasterKey: this.platform.appKey,
      enforceSSL: true,
      visibilityTimeout: Duration.seconds(TIMEOUTS.queue.toSeconds() * 6),
      deadLetterQueue: { queue: dlq, maxReceiveCount: q.maxReceiveCount ?? DEFAULT_MAX_RECEIVE_COUNT },
    });
    this.queueFeeds
      .get(q.id)!
      .addSubscription(new subscriptions.SqsSubscription(queue, { rawMessageDelivery: true, deadLetterQueue: dlq }));
    fn.function.addEventSource(
      new sources.SqsEventSource(queue, {
        batchSize: q.batchSize ?? DEFAULT_BATCH_SIZE,
        reportBatchItemFailures: true,
        maxConcurrency: Math.max(2, q.maxConcurrency ?? 2),
      }),
    );
    alarmOnDepth(this, `${id}DlqAlarm`, dlq, `Messages non traités par ${decl.service.name}.${decl.id}`, this.platform.alarmTopic);
    this.deadLetters.push({ label: decl.id, queue: dlq });
  }

  private relay(decl: FunctionDecl, fn: RelaisFunction): void {
    const deployed = this.platform.tables.find((t) => t.service === decl.service.name && t.name === decl.table!.name);
    if (!deployed?.streamArn) throw new Error(`${decl.service.name}.${decl.table!.name}: outbox table without a stream`);
    const id = `${pascal(decl.service.name)}${pascal(decl.table!.name)}`;
    const table = dynamodb.Table.fromTableAttributes(this, `${id}TableRef`, {
      tableName: deployed.physicalName,
      tableStreamArn: deployed.streamArn,
      encryptionKey: this.platform.dataKey,
    });
    const what = `the outbox relay of ${decl.service.name}.${decl.table!.name}`;
    const failures = failureQueue(this, `${id}RelayFailures`, what, this.platform.appKey, this.platform.alarmTopic);
    // cdk-nag recognises redrive DLQs and Lambda DLQs, not stream on-failure destinations.
    acknowledgeTerminalQueue(failures, what);
    this.deadLetters.push({ label: decl.id, queue: failures });
    fn.function.addEventSource(
      new sources.DynamoEventSource(table, {
        // Every outbox item ever written must be published, including those written while the
        // relay was being (re)deployed.
        startingPosition: lambda.StartingPosition.TRIM_HORIZON,
        // A burst of writes (issue 19: 50 agents recording receptions) is relayed as it comes:
        // up to 100 records an invocation and four invocations per shard at once. Order across
        // events is not kept either way (one outbox item per event, EventBridge, SQS): consumers
        // never relied on it (ADR 0015).
        batchSize: RELAY_BATCH_SIZE,
        parallelizationFactor: RELAY_PARALLELIZATION,
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

  /**
   * The parent's trigger topic, seen from this stack by its ARN: the subscription and the invoke
   * permission are this service's, and are created here (subscribing through the parent's topic
   * construct would make this nested stack depend on its own parent).
   */
  private triggerTopic(name: TriggerTopic): sns.ITopic {
    const id = `${pascal(name)}Topic`;
    return (
      (this.node.tryFindChild(id) as sns.ITopic | undefined) ?? sns.Topic.fromTopicArn(this, id, this.platform.triggerTopic(name).topicArn)
    );
  }

  private tableArn(table: DeployedTable): string {
    return Stack.of(this).formatArn({ service: 'dynamodb', resource: 'table', resourceName: table.physicalName });
  }
}

/** A route whose gate names `personne` (her routes, ADR 0036): the persons' authorizer guards it. */
export function namesPerson(route: { access: ServiceManifest['routes'][number]['access'] }): boolean {
  return Array.isArray(route.access) && route.access.includes('personne');
}

/** Each service's person-data function, by service (fixed names: the collector's grant needs no cross-stack reference). */
export function personDataFunctionNames(stage: string, services: readonly ServiceManifest[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const decl of functionDecls(services).filter((d) => d.kind === 'personData')) {
    const name = functionName(stage, decl);
    if (!name) throw new Error(`${decl.service.name}: the person-data function's name is longer than 64 characters`);
    out[decl.service.name] = name;
  }
  return out;
}

function isAudit(t: DeployedTable): boolean {
  return t.service === AUDIT_TABLE.service && t.name === AUDIT_TABLE.table;
}
