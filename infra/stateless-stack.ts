import { CfnOutput, CrossStackReferences, Duration, ReferenceStrength, Stack, type StackProps } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpUserPoolAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type * as cognito from 'aws-cdk-lib/aws-cognito';
import * as smsvoice from 'aws-cdk-lib/aws-smsvoice';
import type * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import type { SecretName } from '../shared/auth/secrets';
import type { ServiceManifest, TriggerTopic } from '../shared/manifest/manifest';
import { encryptedLogGroup, encryptedTopic, failureQueue, metricAlarm } from './building-blocks';
import { acknowledge } from './compliance';
import type { StageConfig } from './config';
import { Identity } from './constructs/identity';
import { personDomainPrefix, personSpaClient } from './constructs/person-identity';
import { FRANCECONNECT_CALLBACK_PATH } from './franceconnect';
import { LocationResources, MapBrowserKey } from './constructs/location';
import type { RelaisFunction } from './constructs/relais-function';
import { ApiFront } from './constructs/api-front';
import { OriginCheck } from './constructs/origin-check';
import { Spa } from './constructs/spa';
import { StageOperations } from './operations';
import { busName, deployedRoutes, functionDecls } from './manifests';
import { type PlatformResources, ServiceFunctionsStack, notificationsTopicName } from './service-stack';
import { SMS_DELIVERY_EVENT_TYPES, smsConfigurationSetName } from './sms';
import { type DeployedTable, pascal } from './stateful-stack';

export interface StatelessStackProps extends StackProps {
  stage: StageConfig;
  services: readonly ServiceManifest[];
  /** From the stateful stack: table names, indexes and (outbox tables) stream ARNs. */
  tables: readonly DeployedTable[];
  /** ARN of the stateful stack's key (tables, streams). */
  dataKeyArn: string;
  /** The stateful stack's platform secrets and their key (ADR 0030). */
  secrets: ReadonlyMap<SecretName, secretsmanager.ISecret>;
  secretsKey: kms.IKey;
  /** The stateful stack's user pool (ADR 0030). */
  userPool: cognito.IUserPool;
  /** The persons' pool (stateful stack, ADR 0040), when a service signs persons in. */
  personPool?: cognito.IUserPool;
  /** web/dist if it exists at synth time. */
  spaAssetsDir?: string;
  spaDomainName?: string;
  spaCertificateArn?: string;
  /** The stage's CloudFront web ACL (edge stack, us-east-1). */
  webAclArn: string;
  /** The origin secret (stateful stack, ADR 0045), when a route is public. */
  originSecret?: secretsmanager.ISecret;
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
/**
 * Everything of a stage that can be rebuilt from the repository: functions, API, bus, queues,
 * topics, identity, SPA hosting, Amazon Location. The data lives in the stateful stack and is
 * referenced by name (tables) or by ARN (key, streams), never by construct.
 *
 * The functions and what is specific to them (roles, routes, subscription queues, schedules,
 * relays…) are in one nested stack per service (ServiceFunctionsStack, ADR 0014): every template
 * stays far below CloudFormation's 500 resources, and the stage still deploys as this one stack.
 */
export class StatelessStack extends Stack {
  /** Every function built from the manifests, by `service.id` (they live in the nested stacks). */
  readonly functions = new Map<string, RelaisFunction>();
  /** The nested stack of each service that has functions (ADR 0014), by service name. */
  readonly serviceStacks = new Map<string, ServiceFunctionsStack>();
  readonly api: apigwv2.HttpApi;
  readonly bus: events.EventBus;

  private readonly stageName: string;
  private readonly appKey: kms.Key;
  private readonly dataKey: kms.IKey;
  private readonly alarmTopic: sns.Topic;
  private readonly notificationsTopic: sns.Topic;
  private readonly smsTopic: sns.Topic;
  private readonly secrets: ReadonlyMap<SecretName, secretsmanager.ISecret>;
  /** Topics that trigger functions (manifest `topicSubscriptions`), created when a service subscribes. */
  private readonly triggerTopics = new Map<TriggerTopic, sns.Topic>();
  private readonly location: LocationResources;

  constructor(scope: Construct, id: string, props: StatelessStackProps) {
    super(scope, id, props);
    // Strong references (exports): CloudFormation refuses to delete the data key or a table's
    // stream while the functions use them. Removing one is a two-step change (docs/adr/0003).
    CrossStackReferences.of(this).consume(ReferenceStrength.STRONG);
    // S3 server access logs are delivered under a bucket policy rather than the legacy
    // LogDeliveryWrite ACL (AWS's current advice; the flag defaults to the ACL in old apps).
    this.node.setContext('@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy', true);
    this.stageName = props.stage.name;
    this.secrets = props.secrets;
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
    this.notificationsTopic = this.topic('Notifications', notificationsTopicName(stage), 'Notifications Relais');
    this.smsTopic = this.topic('Sms', `relais-${stage}-sms`, 'SMS Relais');
    if (props.services.some((s) => s.needs?.sms)) this.smsConfigurationSet(stage);

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
    // FranceConnect, when the stage configures it: her hosted UI on the persons' own domain, whose
    // token endpoint the SPA calls (connect-src) after FranceConnect sends her back to `/mon-espace`.
    const franceConnect = props.stage.franceConnect;
    const personDomainUrl = franceConnect
      ? `https://${personDomainPrefix(identityDomainPrefix)}.auth.${this.region}.amazoncognito.com`
      : undefined;
    const spa = new Spa(this, 'Spa', {
      stage,
      connectSources: [
        cognitoDomainUrl,
        ...(personDomainUrl ? [personDomainUrl] : []),
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
    // The map key works from the distribution's own domain and from the custom domain, if any:
    // the SPA may be opened through either.
    const mapKey = new MapBrowserKey(this, 'MapKey', {
      map: this.location,
      origins: [`https://${spa.distribution.distributionDomainName}`, ...(props.spaDomainName ? [`https://${props.spaDomainName}`] : [])],
      logGroup: mapKeyLogs,
    });

    const identity = new Identity(this, 'Identity', {
      stage,
      userPool: props.userPool,
      domainPrefix: identityDomainPrefix,
      callbackUrls: props.stage.callbackUrls ?? [`${spaOrigin}/auth/callback`],
      logoutUrls: props.stage.logoutUrls ?? [`${spaOrigin}/`],
      proConnect: props.stage.proConnect,
    });

    this.api = new apigwv2.HttpApi(this, 'HttpApi', {
      apiName: `relais-${stage}`,
      description: `Relais ${stage}: /api`,
      // The stage is declared below with access logs and throttling.
      createDefaultStage: false,
      // No CORS: the SPA calls the API on its own origin, through the distribution (ApiFront).
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
    // The routes whose gate names `personne` take only the persons' tokens (issuer: the persons'
    // pool, audience: its client); every other route only the professionals' (ADR 0040): a
    // person's token is refused on a professional route by API Gateway itself, and the other way round.
    const personCallbackUrl = `${spaOrigin}${FRANCECONNECT_CALLBACK_PATH}`;
    const personClient =
      props.personPool &&
      personSpaClient(
        this,
        'PersonSpaClient',
        props.personPool,
        franceConnect && {
          config: franceConnect,
          domainPrefix: personDomainPrefix(identityDomainPrefix),
          callbackUrl: personCallbackUrl,
        },
      );
    const personAuthorizer =
      props.personPool && personClient
        ? new HttpUserPoolAuthorizer('CognitoPersons', props.personPool, {
            authorizerName: 'cognito-persons',
            userPoolClients: [personClient],
          })
        : undefined;

    // The public routes answer only requests that came through the distribution (ADR 0045): it adds
    // the origin secret in a header, their authorizer checks it. Straight to execute-api: 401.
    const hasPublicRoutes = props.services.some((s) => deployedRoutes(s).some((r) => r.access === 'public'));
    if (hasPublicRoutes && !props.originSecret) throw new Error('Public routes need the stateful stack’s origin secret (ADR 0045)');
    const originCheck =
      hasPublicRoutes && props.originSecret
        ? new OriginCheck(this, 'OriginCheck', {
            stage,
            secret: props.originSecret,
            secretsKey: props.secretsKey,
            logKey: this.appKey,
          })
        : undefined;

    // The API behind the distribution: public routes cached, all of it behind the web ACL.
    new ApiFront(this, 'ApiFront', {
      stage,
      distribution: spa.distribution,
      apiUrl: apiStage.url,
      webAclArn: props.webAclArn,
      originSecret: props.originSecret,
    });

    spa.deploy({
      mode: 'aws',
      region: this.region,
      apiUrl: `${spaOrigin}/`,
      userPoolId: identity.userPool.userPoolId,
      userPoolClientId: identity.client.userPoolClientId,
      authDomain: cognitoDomainUrl,
      mapName: this.location.mapName,
      mapStyleUrl: mapKey.styleUrl,
      // « Se connecter avec FranceConnect » in « Mon espace » (web/src/espace/franceconnect.ts):
      // only when the stage has FranceConnect, the persons' hosted UI and her client.
      ...(personDomainUrl && personClient
        ? { personCognito: { domain: personDomainUrl, clientId: personClient.userPoolClientId, redirectUri: personCallbackUrl } }
        : {}),
    });

    const scheduleFailures = this.failureQueue('ScheduleFailures', 'scheduled functions (after their retries)');
    const topicFailures = props.services.some((s) => (s.topicSubscriptions ?? []).length > 0)
      ? this.failureQueue('TopicFailures', 'functions triggered by a topic (after their retries)')
      : scheduleFailures;
    // These two are the Lambda dead-letter queues (and the schedules' EventBridge DLQ) of functions
    // in the services' nested stacks: cdk-nag only recognises a DLQ named in the queue's own template.
    for (const [queue, what] of [
      [scheduleFailures, 'the scheduled functions and their EventBridge rules'],
      [topicFailures, 'the functions triggered by a topic'],
    ] as const) {
      if (queue === topicFailures && topicFailures === scheduleFailures) continue;
      acknowledge(
        queue,
        'AwsSolutions-SQS3',
        `This queue is itself the dead-letter destination of ${what} (set in the services' nested stacks, where ` +
          'cdk-nag does not follow the reference); a DLQ behind it would only move the same messages again. Its depth raises an alarm.',
      );
    }
    for (const service of props.services) for (const sub of service.topicSubscriptions ?? []) this.triggerTopic(sub.topic);

    // One nested stack per service with functions (ADR 0014): its functions and everything
    // specific to them. The parent keeps what the services share.
    const platform: PlatformResources = {
      userPool: { id: identity.userPool.userPoolId, arn: identity.userPool.userPoolArn },
      personPool: props.personPool &&
        personClient && {
          id: props.personPool.userPoolId,
          arn: props.personPool.userPoolArn,
          clientId: personClient.userPoolClientId,
        },
      personAuthorizer,
      publicAuthorizer: originCheck?.authorizer,
      stage: props.stage,
      tables: props.tables,
      appKey: this.appKey,
      dataKey: this.dataKey,
      secretsKey: props.secretsKey,
      bus: this.bus,
      api: this.api,
      authorizer,
      location: this.location,
      notificationsTopic: this.notificationsTopic,
      smsTopic: this.smsTopic,
      alarmTopic: this.alarmTopic,
      scheduleFailures,
      topicFailures,
      spaOrigin,
      secret: (name) => this.secret(name),
      triggerTopic: (name) => this.triggerTopic(name),
      functions: this.functions,
      services: props.services,
    };
    const publicRoutes: apigwv2.HttpRoute[] = [];
    for (const service of props.services) {
      if (functionDecls([service]).length === 0) {
        // Nothing of its own to deploy but its metric alarms.
        for (const alarm of service.alarmMetrics ?? []) metricAlarm(this, service.name, alarm.name, alarm.description, this.alarmTopic);
        continue;
      }
      const nested = new ServiceFunctionsStack(this, `${pascal(service.name)}Functions`, { service, platform });
      this.serviceStacks.set(service.name, nested);
      publicRoutes.push(...nested.publicRoutes);
    }

    if (publicRoutes.length > 0) {
      // Per-route settings override the stage's default limits for these routes only. API Gateway
      // rejects settings for a route that does not exist yet: the stage waits for the routes
      // (routes of a nested stack: CloudFormation waits for that whole nested stack).
      (apiStage.node.defaultChild as apigwv2.CfnStage).routeSettings = Object.fromEntries(
        publicRoutes.map((r) => [
          (r.node.defaultChild as apigwv2.CfnRoute).routeKey,
          { ThrottlingRateLimit: PUBLIC_ROUTE_THROTTLE.rateLimit, ThrottlingBurstLimit: PUBLIC_ROUTE_THROTTLE.burstLimit },
        ]),
      );
      for (const r of publicRoutes) apiStage.node.addDependency(r);
    }

    // Alarms of the stage, its budget and its dashboard (issue 18, point 5; ADR 0031).
    new StageOperations(this, 'Operations', {
      stage: props.stage,
      services: props.services,
      api: this.api,
      alarmTopic: this.alarmTopic,
      watched: new Map(
        [...this.serviceStacks].map(([name, nested]) => [name, { service: nested.service, deadLetters: nested.deadLetters }]),
      ),
      platformDeadLetters: [
        { label: 'schedules', queue: scheduleFailures },
        ...(topicFailures === scheduleFailures ? [] : [{ label: 'topics', queue: topicFailures }]),
      ],
    });

    new CfnOutput(this, 'ApiUrl', { value: apiStage.url });
    new CfnOutput(this, 'SpaUrl', { value: spaOrigin });
    new CfnOutput(this, 'UserPoolId', { value: identity.userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: identity.client.userPoolClientId });
    if (props.personPool && personClient) {
      new CfnOutput(this, 'PersonPoolId', { value: props.personPool.userPoolId });
      new CfnOutput(this, 'PersonPoolClientId', { value: personClient.userPoolClientId });
    }
    new CfnOutput(this, 'AuthDomain', { value: cognitoDomainUrl });
    new CfnOutput(this, 'EventBusName', { value: this.bus.eventBusName });
  }

  /** A platform topic that triggers functions; `inboundSms` receives the two-way SMS number's messages. */
  private triggerTopic(name: TriggerTopic): sns.Topic {
    let topic = this.triggerTopics.get(name);
    if (!topic) {
      const stage = this.stageName;
      const spec = {
        inboundSms: { id: 'SmsInbound', topicName: `relais-${stage}-sms-inbound`, display: 'Réponses SMS Relais' },
        smsEvents: { id: 'SmsEvents', topicName: `relais-${stage}-sms-events`, display: 'Remise des SMS Relais' },
      }[name];
      topic = this.topic(spec.id, spec.topicName, spec.display);
      // AWS End User Messaging SMS of this account publishes here: the two-way number's replies
      // (inboundSms), the configuration set's delivery events (smsEvents, ADR 0035).
      topic.addToResourcePolicy(
        new iam.PolicyStatement({
          sid: name === 'inboundSms' ? 'InboundSms' : 'SmsEvents',
          principals: [new iam.ServicePrincipal('sms-voice.amazonaws.com')],
          actions: ['sns:Publish'],
          resources: [topic.topicArn],
          conditions: { StringEquals: { 'aws:SourceAccount': this.account } },
        }),
      );
      this.triggerTopics.set(name, topic);
    }
    return topic;
  }

  /**
   * The configuration set every survey SMS goes through (ADR 0035): its event destination
   * publishes the carriers' delivery events to the `smsEvents` topic, which the surveys service
   * turns into each survey's delivery status.
   */
  private smsConfigurationSet(stage: string): smsvoice.CfnConfigurationSet {
    return new smsvoice.CfnConfigurationSet(this, 'SmsConfigurationSet', {
      configurationSetName: smsConfigurationSetName(stage),
      eventDestinations: [
        {
          eventDestinationName: 'delivery',
          enabled: true,
          matchingEventTypes: [...SMS_DELIVERY_EVENT_TYPES],
          snsDestination: { topicArn: this.triggerTopic('smsEvents').topicArn },
        },
      ],
    });
  }

  // ---------------------------------------------------------------------------------------------
  // Building blocks

  private topic(id: string, topicName: string, displayName: string): sns.Topic {
    return encryptedTopic(this, id, this.appKey, topicName, displayName);
  }

  private logGroup(id: string, retention: logs.RetentionDays): logs.LogGroup {
    return encryptedLogGroup(this, id, this.appKey, retention);
  }

  private failureQueue(id: string, what: string): sqs.Queue {
    return failureQueue(this, id, what, this.appKey, this.alarmTopic);
  }

  /** A platform secret (shared/auth/secrets.ts), made by the stateful stack (ADR 0030). */
  private secret(name: SecretName): secretsmanager.ISecret {
    const secret = this.secrets.get(name);
    if (!secret) throw new Error(`The stateful stack has no secret "${name}"`);
    return secret;
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
      // AWS Budgets notifies the (encrypted) alarm topic (infra/operations.ts).
      ['BudgetNotifications', 'budgets.amazonaws.com'],
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
