import { type SecretName, secretArnEnv } from '../../shared/auth/secrets';
import { Match } from 'aws-cdk-lib/assertions';
import {
  AUDIT_TABLE,
  OUTBOX_INDEX,
  RELAY_HANDLER,
  SWEEP_HANDLER,
  deployedRoutes,
  deployedTables,
  functionDecls,
  physicalTableName,
} from '../../infra/manifests';
import { SERVICES } from '../../services';
import { MON_ESPACE_PATH, Spa, PUBLIC_MAP_PATH, SIGN_IN_CALLBACK_PATH } from '../../infra/constructs/spa';
import { PUBLIC_ROUTE_THROTTLE } from '../../infra/stateless-stack';
import { PROFESSIONAL_ROLES, type ServiceManifest, tableEnvName } from '../../shared/manifest/manifest';
import {
  type Json,
  STAGE,
  type Statement,
  type Synthesised,
  actionsOf,
  fakeSpaBuild,
  flat,
  relaisFunctions,
  resourcesOf,
  resourcesOfStatement,
  statementsOfRole,
  synthRelais,
  synthRelaisShared,
} from './support';

/** Routes that must never exist on AWS (SECURITY.md, "Edges"). */
const LOCAL_ONLY_PATHS = [/^\/api\/auth\/dev\//, /^\/api\/dev\//, /^\/api\/sms\/inbound$/];

/**
 * Manifests with what the real ones do not have yet: the local-only SMS route of the issue, a
 * service that needs Amazon Location and the topics. Proves the rules hold for such manifests too.
 */
const probe: ServiceManifest = {
  name: 'probe',
  eventSource: 'relais.probe',
  tables: [
    { name: 'main', partitionKey: { name: 'pk', type: 'S' }, sortKey: { name: 'sk', type: 'N' }, outbox: true },
    { name: 'scratch', partitionKey: { name: 'id', type: 'S' }, localOnly: true },
  ],
  routes: [
    {
      id: 'nearest',
      method: 'GET',
      path: '/api/probe/nearest',
      access: ['accueil'],
      handler: 'services/probe/nearest.handler.ts',
      summary: 'x',
    },
    {
      id: 'smsInbound',
      method: 'POST',
      path: '/api/sms/inbound',
      access: 'public',
      handler: 'services/probe/sms.handler.ts',
      summary: 'x',
      localOnly: true,
    },
    {
      id: 'devThing',
      method: 'GET',
      path: '/api/dev/thing',
      access: 'authenticated',
      handler: 'services/probe/dev.handler.ts',
      summary: 'x',
      localOnly: true,
    },
  ],
  subscriptions: [
    {
      id: 'onSiteChanged',
      pattern: { source: ['relais.directory'], 'detail-type': ['SiteChanged'], detail: { data: { kind: ['x'] } } },
      handler: 'services/probe/on-site-changed.consumer.ts',
      batchSize: 3,
      maxReceiveCount: 2,
      description: 'x',
    },
  ],
  schedules: [{ id: 'nightly', expression: 'cron(0 2 * * ? *)', handler: 'services/probe/nightly.handler.ts', description: 'x' }],
  needs: { location: true, notificationsTopic: true, smsTopic: true },
};

let real: Synthesised;
let probed: Synthesised;
beforeAll(() => {
  real = synthRelaisShared();
  probed = synthRelais({ services: [...SERVICES, probe] });
});

const deployed = (services: readonly ServiceManifest[]) =>
  services.flatMap((s) => deployedTables(s).map((t) => ({ service: s.name, decl: t, name: physicalTableName(STAGE, s.name, t.name) })));

describe('StatefulStack', () => {
  it('creates one table per deployed manifest table and none for local-only tables', () => {
    for (const [synth, services] of [
      [real, SERVICES],
      [probed, [...SERVICES, probe]],
    ] as const) {
      const names = Object.values(resourcesOf(synth.stateful, 'AWS::DynamoDB::Table')).map((t) => t.Properties!.TableName);
      expect(names.sort()).toEqual(
        deployed(services)
          .map((t) => t.name)
          .sort(),
      );
      expect(names).not.toContain(physicalTableName(STAGE, 'platform', 'devoutbox'));
      expect(names).not.toContain(physicalTableName(STAGE, 'probe', 'scratch'));
    }
  });

  it('protects every table: PITR, customer-managed KMS key, deletion protection, on-demand, retained', () => {
    const tables = Object.values(resourcesOf(probed.stateful, 'AWS::DynamoDB::Table'));
    expect(tables.length).toBeGreaterThan(0);
    for (const table of tables) {
      expect(table.Properties).toMatchObject({
        BillingMode: 'PAY_PER_REQUEST',
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        DeletionProtectionEnabled: true,
        SSESpecification: { SSEEnabled: true, SSEType: 'KMS', KMSMasterKeyId: expect.anything() },
      });
      expect(table.DeletionPolicy).toBe('Retain');
      expect(table.UpdateReplacePolicy).toBe('Retain');
    }
    probed.stateful.hasResource('AWS::KMS::Key', {
      Properties: { EnableKeyRotation: true },
      DeletionPolicy: 'Retain',
    });
  });

  it('declares keys, indexes (projection ALL) and TTL as the manifests do', () => {
    const byName = new Map(
      Object.values(resourcesOf(probed.stateful, 'AWS::DynamoDB::Table')).map((t) => [t.Properties!.TableName, t.Properties!]),
    );
    for (const { decl, name } of deployed([...SERVICES, probe])) {
      const props = byName.get(name)!;
      const keySchema = [{ AttributeName: decl.partitionKey.name, KeyType: 'HASH' }];
      if (decl.sortKey) keySchema.push({ AttributeName: decl.sortKey.name, KeyType: 'RANGE' });
      expect(props.KeySchema).toEqual(keySchema);
      for (const key of [decl.partitionKey, decl.sortKey].filter(Boolean)) {
        expect(props.AttributeDefinitions).toContainEqual({ AttributeName: key!.name, AttributeType: key!.type });
      }
      const gsis = (props.GlobalSecondaryIndexes ?? []) as { IndexName: string; Projection: { ProjectionType: string } }[];
      for (const index of decl.indexes ?? []) {
        expect(gsis).toContainEqual(expect.objectContaining({ IndexName: index.name, Projection: { ProjectionType: 'ALL' } }));
      }
      if (decl.ttlAttribute) expect(props.TimeToLiveSpecification).toEqual({ AttributeName: decl.ttlAttribute, Enabled: true });
      else expect(props.TimeToLiveSpecification).toBeUndefined();
    }
  });

  it('gives outbox tables a NEW_IMAGE stream and the sparse outbox index, and other tables neither', () => {
    const byName = new Map(
      Object.values(resourcesOf(probed.stateful, 'AWS::DynamoDB::Table')).map((t) => [t.Properties!.TableName, t.Properties!]),
    );
    for (const { decl, name } of deployed([...SERVICES, probe])) {
      const props = byName.get(name)!;
      const outbox = ((props.GlobalSecondaryIndexes ?? []) as { IndexName: string }[]).find((i) => i.IndexName === OUTBOX_INDEX.name);
      if (decl.outbox) {
        expect(props.StreamSpecification).toEqual({ StreamViewType: 'NEW_IMAGE' });
        expect(outbox).toEqual({
          IndexName: 'outbox',
          KeySchema: [
            { AttributeName: 'outboxPending', KeyType: 'HASH' },
            { AttributeName: 'outboxSortKey', KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'ALL' },
        });
      } else {
        expect(props.StreamSpecification).toBeUndefined();
        expect(outbox).toBeUndefined();
      }
    }
  });

  it('backs every table up daily into a vault encrypted with the data key', () => {
    real.stateful.resourceCountIs('AWS::Backup::BackupPlan', 1);
    real.stateful.hasResourceProperties('AWS::Backup::BackupVault', { EncryptionKeyArn: Match.anyValue() });
    const selection = Object.values(resourcesOf(real.stateful, 'AWS::Backup::BackupSelection'))[0]!;
    expect(selection.Properties!.BackupSelection.Resources).toHaveLength(deployed(SERVICES).length);
  });
});

describe('StatelessStack: functions', () => {
  it('has one function per deployed route, subscription and schedule, and one relay per outbox table', () => {
    for (const [synth, services] of [
      [real, SERVICES],
      [probed, [...SERVICES, probe]],
    ] as const) {
      const functions = relaisFunctions(synth.stateless);
      const expected = functionDecls(services).map((d) => `${d.service.name}.${d.id}`);
      expect([...functions.keys()].sort()).toEqual(expected.sort());
      const byTrigger = (kind: string) => [...functions.values()].filter((f) => f.props.tags['relais:trigger'] === kind).length;
      expect(byTrigger('route')).toBe(services.flatMap(deployedRoutes).length);
      expect(byTrigger('subscription')).toBe(services.flatMap((s) => s.subscriptions).length);
      expect(byTrigger('schedule')).toBe(services.flatMap((s) => s.schedules).length);
      expect(byTrigger('relay')).toBe(services.flatMap((s) => deployedTables(s).filter((t) => t.outbox)).length);
    }
  });

  it('runs every function on Node.js 22, ARM64, exporting `handler`', () => {
    for (const { props } of relaisFunctions(probed.stateless).values()) {
      expect(props.Runtime).toBe('nodejs22.x');
      expect(props.Architectures).toEqual(['arm64']);
      expect(props.Handler).toBe('index.handler');
      expect(props.LoggingConfig).toMatchObject({ LogFormat: 'JSON', LogGroup: expect.anything() });
    }
  });

  it('builds no function for a local-only route', () => {
    const functions = relaisFunctions(probed.stateless);
    expect(functions.has('probe.smsInbound')).toBe(false);
    expect(functions.has('probe.devThing')).toBe(false);
    for (const id of ['devUsers', 'devToken', 'devOutbox']) expect(functions.has(`platform.${id}`)).toBe(false);
  });

  it('gives a function the environment the kernel reads', () => {
    const fn = relaisFunctions(probed.stateless).get('directory.listOrganisations')!;
    const env = fn.props.Environment.Variables as Record<string, unknown>;
    expect(env).toMatchObject({
      RELAIS_MODE: 'aws',
      RELAIS_STAGE: STAGE,
      POWERTOOLS_SERVICE_NAME: 'directory',
      [tableEnvName('directory', 'main')]: physicalTableName(STAGE, 'directory', 'main'),
      [tableEnvName(AUDIT_TABLE.service, AUDIT_TABLE.table)]: physicalTableName(STAGE, 'platform', 'audit'),
      RELAIS_PLACE_INDEX: `relais-${STAGE}-places`,
      RELAIS_ROUTE_CALCULATOR: `relais-${STAGE}-routes`,
      RELAIS_MAP_NAME: `relais-${STAGE}-map`,
    });
    expect((env.RELAIS_OUTBOX_TABLES as string).split(',').sort()).toEqual(outboxTables([...SERVICES, probe]).sort());
    // The parent's bus and topics (the function's nested stack receives them as parameters).
    const parentResources = probed.statelessParent.toJSON().Resources as Record<string, { Type: string }>;
    for (const [name, type] of [
      ['RELAIS_EVENT_BUS_NAME', 'AWS::Events::EventBus'],
      ['RELAIS_NOTIFICATIONS_TOPIC_ARN', 'AWS::SNS::Topic'],
      ['RELAIS_SMS_TOPIC_ARN', 'AWS::SNS::Topic'],
    ] as const) {
      expect(env[name]).toEqual({ Ref: expect.any(String) });
      expect([name, parentResources[(env[name] as { Ref: string }).Ref]?.Type]).toEqual([name, type]);
    }
    // Another service's tables are not even named.
    expect(env).not.toHaveProperty(tableEnvName('indicators', 'main'));
    expect(env).not.toHaveProperty(tableEnvName('probe', 'main'));
  });
});

describe('StatelessStack: least privilege', () => {
  const tableOf = (resource: string) => resource.match(/:table\/([^/]+)/)?.[1];
  const auditTable = physicalTableName(STAGE, 'platform', 'audit');

  it('lets each function reach its own service’s tables, and the audit table only to append', () => {
    const auditReaders: string[] = [];
    for (const [key, fn] of relaisFunctions(probed.stateless)) {
      const service = key.split('.')[0]!;
      const isSweep = fn.props.Description.includes('outboxSweep');
      const statements = statementsOfRole(probed.stateless, fn.props.Role['Fn::GetAtt'][0]);
      for (const statement of statements) {
        const actions = actionsOf(statement);
        expect(actions.some((a) => a === '*' || a.endsWith(':*'))).toBe(false);
        expect(actions).not.toContain('dynamodb:Scan');
        const tables = resourcesOfStatement(statement).map(tableOf).filter(Boolean) as string[];
        for (const table of tables) {
          if (table === auditTable) {
            // Append, read the chain's heads (projected to the chain's attributes), and read the
            // log back only from the platform's audit routes.
            if (statement.Sid === 'AuditChainHeads') {
              expect(actions).toEqual(['dynamodb:GetItem', 'dynamodb:BatchGetItem']);
              expect(statement.Condition).toEqual({
                'ForAllValues:StringEquals': { 'dynamodb:Attributes': ['pk', 'sk', 'seq', 'hash'] },
                StringEqualsIfExists: { 'dynamodb:Select': 'SPECIFIC_ATTRIBUTES' },
              });
            } else if (statement.Sid === 'AuditRead') {
              auditReaders.push(key);
              expect(actions).toEqual(['dynamodb:Query', 'dynamodb:GetItem']);
            } else if (statement.Sid === 'AuditPendingRead') {
              // The consumer of pending reads (ADR 0016) reads them back…
              auditReaders.push(key);
              expect(actions).toEqual(['dynamodb:Query']);
            } else if (statement.Sid === 'AuditPendingDelete') {
              // …and deletes them once chained: the pending partitions only, never an entry or a head.
              auditReaders.push(key);
              expect(actions).toEqual(['dynamodb:DeleteItem']);
              expect(statement.Condition).toEqual({ 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['PENDING#*'] } });
            } else {
              expect(actions).toEqual(['dynamodb:PutItem']);
            }
          } else if (!table.startsWith(`relais-${STAGE}-${service}-`)) {
            // Only the sweeper crosses services, and only to drain outboxes.
            expect(isSweep).toBe(true);
            expect(['SweepOutboxes', 'MarkOutboxItemsPublished']).toContain(statement.Sid);
          }
        }
      }
      // Every function but the relays may audit (a relay forwards events and audits nothing).
      const reachesAudit = statements.some((s) => resourcesOfStatement(s).some((r) => tableOf(r) === auditTable));
      expect([key, reachesAudit]).toEqual([key, fn.props.tags['relais:trigger'] !== 'relay']);
    }
    // Only the platform's two audit routes, the person's own reads (ADR 0038) and the platform's
    // person-data function (her copy holds the audit of her file, ADRs 0037 and 0040) read the log
    // back; the pending reads' consumer reads and deletes its pending items.
    expect([...new Set(auditReaders)].sort()).toEqual([
      'platform.auditPending',
      'platform.flagRead',
      'platform.listAudit',
      'platform.myReads',
      'platform.person-data',
      'platform.verifyAudit',
    ]);
  });

  it('lets the sweeper query only the outbox index and mark items published on other services’ tables', () => {
    const sweep = [...relaisFunctions(real.stateless).values()].find((f) => f.props.Description.includes('outboxSweep'))!;
    expect(functionDecls(SERVICES).find((d) => d.handler === SWEEP_HANDLER)).toBeDefined();
    const statements = statementsOfRole(real.stateless, sweep.props.Role['Fn::GetAtt'][0]);
    const query = statements.find((s) => s.Sid === 'SweepOutboxes')!;
    expect(actionsOf(query)).toEqual(['dynamodb:Query']);
    expect(resourcesOfStatement(query).sort()).toEqual(
      outboxTables(SERVICES)
        .sort()
        .map((table) => expect.stringMatching(new RegExp(`:table/${table}/index/outbox$`))),
    );
    const mark = statements.find((s) => s.Sid === 'MarkOutboxItemsPublished')!;
    expect(actionsOf(mark)).toEqual(['dynamodb:UpdateItem']);
  });

  it('lets only the relays and the sweeper publish to the bus', () => {
    for (const [key, fn] of relaisFunctions(probed.stateless)) {
      const statements = statementsOfRole(probed.stateless, fn.props.Role['Fn::GetAtt'][0]);
      const publishes = statements.some((s) => actionsOf(s).includes('events:PutEvents'));
      const mayPublish = fn.props.tags['relais:trigger'] === 'relay' || fn.props.Description.includes('outboxSweep');
      expect([key, publishes]).toEqual([key, mayPublish]);
    }
  });

  it('lets only the function that manages partner subscriptions subscribe, to the notifications topic’s subscriptions only', () => {
    const expected = SERVICES.flatMap((s) =>
      s.subscriptions.filter((sub) => sub.manages?.includes('notificationSubscriptions')).map((sub) => `${s.name}.${sub.id}`),
    );
    // The partners' subscriptions moved with the notifier (ADR 0020, issue 13 point 6).
    expect(expected).toEqual(['notifications.partnerSubscriptions']);
    const topicName = `relais-${STAGE}-notifications`;
    expect(Object.values(resourcesOf(real.statelessParent, 'AWS::SNS::Topic')).map((t) => t.Properties!.TopicName)).toContain(topicName);
    const managers: string[] = [];
    for (const [key, fn] of relaisFunctions(real.stateless)) {
      const statements = statementsOfRole(real.stateless, fn.props.Role['Fn::GetAtt'][0]);
      const subscribing = statements.filter((st) => actionsOf(st).some((a) => a === 'sns:Subscribe' || a === 'sns:Unsubscribe'));
      if (subscribing.length === 0) continue;
      managers.push(key);
      expect(subscribing).toHaveLength(1);
      // The account is the deployer's when CDK knows it (CDK_DEFAULT_ACCOUNT), a pseudo parameter otherwise.
      const arn = `arn:<AWS::Partition>:sns:eu-west-1:(<AWS::AccountId>|\\d{12}):${topicName}`;
      expect(resourcesOfStatement(subscribing[0]!)).toEqual([expect.stringMatching(`^${arn}$`), expect.stringMatching(`^${arn}:\\*$`)]);
    }
    expect(managers.sort()).toEqual(expected.sort());
  });

  it('uses the data key only through DynamoDB', () => {
    const fn = relaisFunctions(real.stateless).get('directory.getSite')!;
    const statement = statementsOfRole(real.stateless, fn.props.Role['Fn::GetAtt'][0]).find((s) => s.Sid === 'DataKeyViaDynamoDB')!;
    expect(statement.Condition).toEqual({ StringEquals: { 'kms:ViaService': 'dynamodb.eu-west-1.amazonaws.com' } });
  });

  it('grants Amazon Location and the topics only to services whose manifest needs them', () => {
    // The notifications topic and SMS to persons: the notifier alone (ADR 0020), no longer directory, intake or parcours.
    expect(SERVICES.filter((s) => s.needs?.notificationsTopic).map((s) => s.name)).toEqual(['notifications']);
    expect(SERVICES.filter((s) => s.needs?.sms).map((s) => s.name)).toEqual(['surveys', 'notifications']);
    const needs = new Map([...SERVICES, probe].map((s) => [s.name, s.needs ?? {}]));
    for (const [key, fn] of relaisFunctions(probed.stateless)) {
      const actions = statementsOfRole(probed.stateless, fn.props.Role['Fn::GetAtt'][0]).flatMap(actionsOf);
      const service = needs.get(key.split('.')[0]!)!;
      // A service with a work queue publishes to the queue's feed topic; one that sends SMS
      // publishes to phone numbers from its non-HTTP functions.
      const serviceManifest = [...SERVICES, probe].find((s) => s.name === key.split('.')[0])!;
      // A relay has none of its service's rights (it forwards events); a public route never routes
      // (issue 18). SMS to phone numbers: test/infra/least-privilege.cases.ts.
      const isRelay = fn.props.tags['relais:trigger'] === 'relay';
      const isPublic = (fn.props.Environment.Variables as Record<string, unknown>).RELAIS_ROUTE_CALCULATOR === undefined;
      const topics = !isRelay && Boolean(service.notificationsTopic || service.smsTopic || (serviceManifest.queues ?? []).length > 0);
      expect([key, actions.includes('geo:CalculateRouteMatrix'), actions.includes('sns:Publish')]).toEqual([
        key,
        Boolean(service.location) && !isRelay && !isPublic,
        topics,
      ]);
    }
  });

  it('lets only the functions whose manifest needs a secret read it, by ARN from Secrets Manager, never by value', () => {
    // The secrets are lasting state: the stateful stack makes them (ADR 0030), the functions get
    // their ARNs through the stack's exports.
    expect(resourcesOf(real.stateless, 'AWS::SecretsManager::Secret')).toEqual({});
    const secrets = resourcesOf(real.stateful, 'AWS::SecretsManager::Secret');
    const names = [...new Set(SERVICES.flatMap((s) => s.needs?.secrets ?? []))].sort();
    expect(names).toEqual(['indicatorsKey', 'link', 'personAuth', 'phoneHash']);
    // And the origin secret CloudFront sends to the public routes (ADR 0045), read by no manifest function.
    expect(Object.keys(secrets)).toHaveLength(names.length + 1);
    for (const secret of Object.values(secrets)) {
      expect(secret.Properties).toMatchObject({ KmsKeyId: expect.anything(), GenerateSecretString: expect.anything() });
    }
    const needing = (name: string) => new Set(SERVICES.filter((s) => s.needs?.secrets?.includes(name as never)).map((s) => s.name));
    // Links (intake, notifications' answer links to partners) and the pagination cursors signed with a key derived from it (paging.ts): appointments' slot pages too.
    // The surveys sign and check the one-question page's links (ADR 0041).
    expect([...needing('link')].sort()).toEqual([
      'appointments',
      'directory',
      'intake',
      'notifications',
      'parcours',
      'platform',
      'surveys',
    ]);
    expect([...needing('phoneHash')]).toEqual(['surveys']);
    expect([...needing('indicatorsKey')]).toEqual(['indicators']);
    expect([...needing('personAuth')]).toEqual(['intake']);
    for (const [key, fn] of relaisFunctions(real.stateless)) {
      const env = fn.props.Environment.Variables as Record<string, unknown>;
      const reads = statementsOfRole(real.stateless, fn.props.Role['Fn::GetAtt'][0])
        .filter((st) => actionsOf(st).includes('secretsmanager:GetSecretValue'))
        .flatMap(resourcesOfStatement)
        // Secrets named by data under a prefix (`needs.secretPrefixes`, ADR 0042): appointment-book.cases.ts.
        .filter((arn) => !/:secret:relais\/test\/[a-z]+\/\*$/.test(arn));
      expect(env).not.toHaveProperty('RELAIS_LINK_SECRET');
      expect(env).not.toHaveProperty('RELAIS_PHONE_HASH_SECRET');
      expect(env).not.toHaveProperty('RELAIS_INDICATORS_KEY');
      expect(env).not.toHaveProperty('RELAIS_PERSON_AUTH_SECRET');
      expect(env.RELAIS_APP_URL).toBeDefined();
      const service = key.split('.')[0]!;
      // A relay forwards events and reads no secret.
      const isRelay = fn.props.tags['relais:trigger'] === 'relay';
      const expected = isRelay ? [] : names.filter((n) => needing(n).has(service));
      const arns = expected.map((n) => flat(env[secretArnEnv(n as SecretName)]));
      expect([key, arns.length]).toEqual([key, expected.length]);
      for (const arn of arns) expect(Object.keys(secrets).some((id) => arn.includes(`:ExportsOutputRef${id}`))).toBe(true);
      expect([key, reads.sort()]).toEqual([key, [...arns].sort()]);
      if (!expected.includes('link')) expect([key, env.RELAIS_LINK_SECRET_ARN]).toEqual([key, undefined]);
    }
  });

  it('gives a needs.location function exactly geocoding on the place index and routing on the route calculator', () => {
    const needsLocation = new Set([...SERVICES, probe].filter((s) => s.needs?.location).map((s) => s.name));
    expect(needsLocation).toContain('probe');
    const placeIndex = Object.keys(resourcesOf(probed.stateless, 'AWS::Location::PlaceIndex'))[0]!;
    const calculator = Object.keys(resourcesOf(probed.stateless, 'AWS::Location::RouteCalculator'))[0]!;
    let checked = 0;
    for (const [key, fn] of relaisFunctions(probed.stateless)) {
      const statements = statementsOfRole(probed.stateless, fn.props.Role['Fn::GetAtt'][0]);
      const geo = statements
        .filter((st) => actionsOf(st).some((a) => a.startsWith('geo:')))
        .map((st) => ({ actions: [...actionsOf(st)].sort(), resources: resourcesOfStatement(st) }));
      const isRelay = fn.props.tags['relais:trigger'] === 'relay';
      const isPublic = fn.props.tags['relais:trigger'] === 'route' && fn.props.Environment.Variables.RELAIS_ROUTE_CALCULATOR === undefined;
      if (needsLocation.has(key.split('.')[0]!) && !isRelay) {
        const geocoding = {
          actions: ['geo:SearchPlaceIndexForPosition', 'geo:SearchPlaceIndexForText'],
          resources: [`<${placeIndex}.Arn>`],
        };
        const routing = { actions: ['geo:CalculateRoute', 'geo:CalculateRouteMatrix'], resources: [`<${calculator}.Arn>`] };
        expect([key, geo]).toEqual([key, isPublic ? [geocoding] : [geocoding, routing]]);
        checked++;
      } else {
        expect([key, geo]).toEqual([key, []]);
      }
    }
    expect(checked).toBeGreaterThan(0);
  });
});

describe('StatelessStack: HTTP API', () => {
  const routeKeys = (synth: Synthesised) =>
    Object.values(resourcesOf(synth.stateless, 'AWS::ApiGatewayV2::Route')).map((r) => r.Properties!.RouteKey as string);

  it('has exactly the manifests’ deployed routes', () => {
    for (const [synth, services] of [
      [real, SERVICES],
      [probed, [...SERVICES, probe]],
    ] as const) {
      const expected = services.flatMap(deployedRoutes).map((r) => `${r.method} ${r.path}`);
      expect(routeKeys(synth).sort()).toEqual(expected.sort());
    }
  });

  it('has no local-only route', () => {
    for (const key of routeKeys(probed)) {
      const path = key.split(' ')[1]!;
      expect(LOCAL_ONLY_PATHS.filter((p) => p.test(path))).toEqual([]);
    }
  });

  it('authenticates with a Cognito JWT authorizer whose audience is the SPA client', () => {
    // The staff's, the persons' (ADR 0040, test/infra/mon-espace.cases.ts) and the public routes' origin check (ADR 0045).
    real.stateless.resourceCountIs('AWS::ApiGatewayV2::Authorizer', 3);
    const authorizer = Object.values(resourcesOf(real.stateless, 'AWS::ApiGatewayV2::Authorizer')).find(
      (a) => a.Properties!.Name === 'cognito',
    )!.Properties!;
    expect(authorizer.AuthorizerType).toBe('JWT');
    expect(authorizer.IdentitySource).toEqual(['$request.header.Authorization']);
    expect(flat(authorizer.JwtConfiguration.Issuer)).toMatch(
      /^https:\/\/cognito-idp\.eu-west-1\.amazonaws\.com\/<import:[\w-]+:ExportsOutputRefIdentityUserPool\w+>$/,
    );
    expect(flat(authorizer.JwtConfiguration.Audience)).toMatch(/^<IdentityUserPoolSpaClient\w+>$/);
  });

  it('leaves public routes without a token (behind the origin check only) and puts every other route behind the authorizer', () => {
    const access = new Map(SERVICES.flatMap(deployedRoutes).map((r) => [`${r.method} ${r.path}`, r.access]));
    for (const route of Object.values(resourcesOf(real.stateless, 'AWS::ApiGatewayV2::Route'))) {
      const props = route.Properties!;
      if (access.get(props.RouteKey) === 'public') {
        expect(props.AuthorizationType).toBe('CUSTOM');
        expect(props.AuthorizerId).toEqual({ Ref: expect.stringMatching(/^HttpApiOriginCheck/) });
      } else {
        expect(props.AuthorizationType).toBe('JWT');
        expect(props.AuthorizerId).toEqual({ Ref: expect.stringMatching(/^HttpApiCognito/) });
      }
    }
  });

  it('integrates each route with its Lambda, payload format 2.0', () => {
    const integrations = Object.values(resourcesOf(real.stateless, 'AWS::ApiGatewayV2::Integration'));
    expect(integrations).toHaveLength(SERVICES.flatMap(deployedRoutes).length);
    for (const i of integrations) expect(i.Properties).toMatchObject({ IntegrationType: 'AWS_PROXY', PayloadFormatVersion: '2.0' });
  });

  it('throttles each public route below the stage default, once the routes exist', () => {
    const publicKeys = SERVICES.flatMap(deployedRoutes)
      .filter((r) => r.access === 'public')
      .map((r) => `${r.method} ${r.path}`);
    expect(publicKeys).toContain('GET /api/health');
    const [stageId, stage] = Object.entries(resourcesOf(real.stateless, 'AWS::ApiGatewayV2::Stage'))[0]!;
    expect(Object.keys(stage.Properties!.RouteSettings).sort()).toEqual([...publicKeys].sort());
    for (const settings of Object.values(stage.Properties!.RouteSettings)) {
      expect(settings).toEqual({
        ThrottlingRateLimit: PUBLIC_ROUTE_THROTTLE.rateLimit,
        ThrottlingBurstLimit: PUBLIC_ROUTE_THROTTLE.burstLimit,
      });
    }
    expect(PUBLIC_ROUTE_THROTTLE.rateLimit).toBeLessThan(stage.Properties!.DefaultRouteSettings.ThrottlingRateLimit);
    // The stage is the parent's; each public route is in its service's nested stack, and the
    // stage waits for that nested stack (CloudFormation creates a nested stack's resources
    // before the stack resource completes).
    expect(Object.keys(resourcesOf(real.statelessParent, 'AWS::ApiGatewayV2::Stage'))).toEqual([stageId]);
    for (const key of publicKeys) {
      const holders = [...real.nested].filter(([, template]) =>
        Object.values(resourcesOf(template, 'AWS::ApiGatewayV2::Route')).some((r) => r.Properties!.RouteKey === key),
      );
      expect([key, holders.length]).toEqual([key, 1]);
      const nestedStackId = real.nestedStackIds.get(holders[0]![0])!;
      expect([key, stage.DependsOn]).toEqual([key, expect.arrayContaining([nestedStackId])]);
    }
  });

  it('logs access to an encrypted log group and throttles the stage', () => {
    real.stateless.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AccessLogSettings: { DestinationArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^ApiAccessLogs'), 'Arn'] }, Format: Match.anyValue() },
      DefaultRouteSettings: { ThrottlingRateLimit: Match.anyValue(), ThrottlingBurstLimit: Match.anyValue() },
    });
    real.stateless.hasResourceProperties('AWS::Logs::LogGroup', { KmsKeyId: Match.anyValue(), RetentionInDays: 180 });
  });
});

describe('StatelessStack: events', () => {
  it('has the stage’s custom bus', () => {
    real.stateless.hasResourceProperties('AWS::Events::EventBus', { Name: `relais-${STAGE}` });
  });

  it('routes each subscription: rule on the bus → encrypted queue with a DLQ → function reporting partial failures', () => {
    const synth = probed;
    const rules = Object.values(resourcesOf(synth.stateless, 'AWS::Events::Rule')).filter((r) => r.Properties!.EventPattern);
    const subs = [...SERVICES, probe].flatMap((s) => s.subscriptions.map((sub) => ({ service: s, sub })));
    expect(rules).toHaveLength(subs.length);
    const queues = resourcesOf(synth.stateless, 'AWS::SQS::Queue');
    const mappings = Object.values(resourcesOf(synth.stateless, 'AWS::Lambda::EventSourceMapping'));
    for (const { sub } of subs) {
      const rule = rules.find((r) => JSON.stringify(r.Properties!.EventPattern) === JSON.stringify(sub.pattern));
      expect(rule).toBeDefined();
      expect(rule!.Properties!.EventBusName).toEqual({ Ref: expect.stringMatching(/^Bus/) });
      const queueId = rule!.Properties!.Targets[0].Arn['Fn::GetAtt'][0] as string;
      const queue = queues[queueId]!.Properties!;
      expect(queue.KmsMasterKeyId).toBeDefined();
      expect(queue.RedrivePolicy.maxReceiveCount).toBe(sub.maxReceiveCount ?? 5);
      const dlqId = queue.RedrivePolicy.deadLetterTargetArn['Fn::GetAtt'][0] as string;
      expect(queues[dlqId]!.Properties!.KmsMasterKeyId).toBeDefined();
      const mapping = mappings.find((m) => m.Properties!.EventSourceArn['Fn::GetAtt']?.[0] === queueId)!.Properties!;
      expect(mapping).toMatchObject({ BatchSize: sub.batchSize ?? 10, FunctionResponseTypes: ['ReportBatchItemFailures'] });
    }
  });

  it('refuses plain-HTTP access to every queue and topic', () => {
    for (const [type, action] of [
      ['AWS::SQS::QueuePolicy', 'sqs:*'],
      ['AWS::SNS::TopicPolicy', 'sns:Publish'],
    ] as const) {
      const policies = Object.values(resourcesOf(real.stateless, type));
      const targets = type === 'AWS::SQS::QueuePolicy' ? 'AWS::SQS::Queue' : 'AWS::SNS::Topic';
      expect(policies).toHaveLength(Object.keys(resourcesOf(real.stateless, targets)).length);
      for (const policy of policies) {
        expect(policy.Properties!.PolicyDocument.Statement).toContainEqual(
          expect.objectContaining({ Effect: 'Deny', Action: action, Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        );
      }
    }
    for (const topic of Object.values(resourcesOf(real.stateless, 'AWS::SNS::Topic')))
      expect(topic.Properties!.KmsMasterKeyId).toBeDefined();
  });

  it('alarms on every dead-letter and failure queue', () => {
    const alarms = Object.values(resourcesOf(probed.stateless, 'AWS::CloudWatch::Alarm')).filter(
      (a) => a.Properties!.Namespace === 'AWS/SQS',
    );
    const watched = new Set(alarms.map((a) => a.Properties!.Dimensions[0].Value['Fn::GetAtt'][0]));
    const terminal = Object.entries(resourcesOf(probed.stateless, 'AWS::SQS::Queue'))
      .filter(([, q]) => !q.Properties!.RedrivePolicy)
      .map(([id]) => id);
    expect(terminal.length).toBeGreaterThan(0);
    for (const id of terminal) expect(watched).toContain(id);
    for (const alarm of alarms) expect(alarm.Properties!.AlarmActions).toHaveLength(1);
  });

  it('relays each outbox table from its stream: new outbox items only, from the start, with retries and a failure queue', () => {
    const mappings = Object.values(resourcesOf(probed.stateless, 'AWS::Lambda::EventSourceMapping')).filter(
      (m) => m.Properties!.StartingPosition,
    );
    expect(mappings).toHaveLength(outboxTables([...SERVICES, probe]).length);
    for (const m of mappings) {
      expect(flat(m.Properties!.EventSourceArn)).toMatch(/^<import:.*StreamArn/);
      expect(m.Properties).toMatchObject({
        StartingPosition: 'TRIM_HORIZON',
        BisectBatchOnFunctionError: true,
        MaximumRetryAttempts: expect.any(Number),
        DestinationConfig: { OnFailure: { Destination: expect.anything() } },
      });
      expect(JSON.parse(m.Properties!.FilterCriteria.Filters[0].Pattern)).toEqual({
        eventName: ['INSERT'],
        dynamodb: { NewImage: { outboxPending: { S: [{ exists: true }] } } },
      });
    }
    const relays = [...relaisFunctions(probed.stateless).values()].filter((f) => f.props.tags['relais:trigger'] === 'relay');
    expect(relays.length).toBe(outboxTables([...SERVICES, probe]).length);
    expect(
      functionDecls([...SERVICES, probe])
        .filter((d) => d.kind === 'relay')
        .every((d) => d.handler === RELAY_HANDLER),
    ).toBe(true);
  });

  it('runs each schedule from its manifest expression, with a dead-letter queue', () => {
    const rules = Object.values(resourcesOf(probed.stateless, 'AWS::Events::Rule')).filter((r) => r.Properties!.ScheduleExpression);
    const schedules = [...SERVICES, probe].flatMap((s) => s.schedules);
    expect(rules.map((r) => r.Properties!.ScheduleExpression).sort()).toEqual(schedules.map((s) => s.expression).sort());
    for (const rule of rules) expect(rule.Properties!.Targets[0].DeadLetterConfig).toBeDefined();
    for (const fn of [...relaisFunctions(probed.stateless).values()].filter((f) => f.props.tags['relais:trigger'] === 'schedule')) {
      expect(fn.props.DeadLetterConfig).toEqual({ TargetArn: expect.anything() });
    }
  });

  it('lets EventBridge put each schedule’s undeliverable events in the parent’s failure queue, from that rule only', () => {
    const policies = Object.values(resourcesOf(probed.stateless, 'AWS::SQS::QueuePolicy'));
    const rules = Object.entries(resourcesOf(probed.stateless, 'AWS::Events::Rule')).filter(([, r]) => r.Properties!.ScheduleExpression);
    expect(rules.length).toBeGreaterThan(0);
    for (const [ruleId, rule] of rules) {
      const queueId = rule.Properties!.Targets[0].DeadLetterConfig.Arn['Fn::GetAtt'][0] as string;
      // The queue is the parent's; the rule is in a service's nested stack.
      expect(resourcesOf(probed.statelessParent, 'AWS::SQS::Queue')).toHaveProperty(queueId);
      const statements = policies
        .filter((p) => (p.Properties!.Queues as Json[]).some((q) => q.Ref === queueId))
        .flatMap((p) => p.Properties!.PolicyDocument.Statement as Json[]);
      expect(statements).toContainEqual(
        expect.objectContaining({
          Effect: 'Allow',
          Action: 'sqs:SendMessage',
          Principal: { Service: 'events.amazonaws.com' },
          Condition: { ArnEquals: { 'aws:SourceArn': { 'Fn::GetAtt': [ruleId, 'Arn'] } } },
        }),
      );
    }
  });
});

describe('Identity: the pool and its groups in the stateful stack, the domain and client in the stateless one', () => {
  it('has a group per role and the organisation and site attributes', () => {
    const [poolId, staffPool] = Object.entries(resourcesOf(real.stateful, 'AWS::Cognito::UserPool')).find(
      ([, p]) => p.Properties!.UserPoolName === `relais-${STAGE}`,
    )!;
    // The persons' pool has its own group « personne » (ADR 0040, test/infra/mon-espace.cases.ts).
    const groups = Object.values(resourcesOf(real.stateful, 'AWS::Cognito::UserPoolGroup'))
      .filter((g) => g.Properties!.UserPoolId.Ref === poolId)
      .map((g) => g.Properties!.GroupName);
    expect(groups.sort()).toEqual([...PROFESSIONAL_ROLES].sort());
    const pool = staffPool.Properties!;
    for (const name of ['organisationId', 'siteId']) {
      expect(pool.Schema).toContainEqual(expect.objectContaining({ Name: name, AttributeDataType: 'String', Mutable: true }));
    }
    expect(pool).toMatchObject({
      MfaConfiguration: 'ON',
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      Policies: { PasswordPolicy: { MinimumLength: 12, RequireSymbols: true, RequireNumbers: true, RequireUppercase: true } },
    });
  });

  it('has an SPA client with authorization code + PKCE, no secret, and no write access to organisation or site', () => {
    const client = Object.values(resourcesOf(real.stateless, 'AWS::Cognito::UserPoolClient'))[0]!.Properties!;
    expect(client).toMatchObject({
      GenerateSecret: false,
      AllowedOAuthFlows: ['code'],
      AllowedOAuthFlowsUserPoolClient: true,
      ExplicitAuthFlows: ['ALLOW_REFRESH_TOKEN_AUTH'],
    });
    expect(client.WriteAttributes).not.toContain('custom:organisationId');
    expect(client.WriteAttributes).not.toContain('custom:siteId');
    expect(flat(client.CallbackURLs)).toMatch(/^https:\/\/<SpaDistribution\w+\.DomainName>\/auth\/callback$/);
    real.stateless.resourceCountIs('AWS::Cognito::UserPoolDomain', 1);
  });

  it('takes callback URLs and the domain prefix from context', () => {
    const synth = synthRelais({
      context: { 'relais:callbackUrls': { test: ['https://relais.example.fr/auth/callback'] }, 'relais:authDomainPrefix': 'lot-relais' },
    });
    synth.stateless.hasResourceProperties('AWS::Cognito::UserPoolClient', { CallbackURLs: ['https://relais.example.fr/auth/callback'] });
    synth.stateless.hasResourceProperties('AWS::Cognito::UserPoolDomain', { Domain: 'lot-relais' });
  });
});

describe('StatelessStack: SPA hosting', () => {
  it('serves a private, encrypted bucket through CloudFront with OAC and SPA fallbacks', () => {
    real.stateless.hasResourceProperties('AWS::S3::Bucket', {
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms' } }] },
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      LoggingConfiguration: Match.anyValue(),
    });
    real.stateless.resourceCountIs('AWS::CloudFront::OriginAccessControl', 1);
    const dist = Object.values(resourcesOf(real.stateless, 'AWS::CloudFront::Distribution'))[0]!.Properties!.DistributionConfig;
    expect(dist.DefaultRootObject).toBe('index.html');
    // Pages are hash routes: a path that is no object is a real 404 with the French 404 page.
    expect(dist.CustomErrorResponses).toEqual(
      [403, 404].map((code) => ({ ErrorCode: code, ResponseCode: 404, ResponsePagePath: '/404.html', ErrorCachingMinTTL: 60 })),
    );
    expect(dist.DefaultCacheBehavior.ViewerProtocolPolicy).toBe('redirect-to-https');
    // Compressed at the edge (brotli or gzip), cached by the accepted coding; the objects' own
    // Cache-Control (immutable for hashed assets) is honoured up to a year.
    const CACHING_OPTIMIZED = '658327ea-f89d-4fab-a63d-7e88639e58f6';
    // The API's behaviours (/api/*) have their own policies: test/infra/public-api.cases.ts.
    for (const behaviour of [dist.DefaultCacheBehavior, ...dist.CacheBehaviors.filter((b: Json) => !b.PathPattern.startsWith('/api/'))]) {
      expect(behaviour).toMatchObject({ Compress: true, CachePolicyId: CACHING_OPTIMIZED });
    }
    expect(dist.Logging).toBeDefined();
  });

  const headerPolicies = (synth: Synthesised) => {
    const policies = resourcesOf(synth.stateless, 'AWS::CloudFront::ResponseHeadersPolicy');
    const dist = Object.values(resourcesOf(synth.stateless, 'AWS::CloudFront::Distribution'))[0]!.Properties!.DistributionConfig;
    const config = (ref: { Ref: string }) => policies[ref.Ref]!.Properties!.ResponseHeadersPolicyConfig;
    return {
      dist,
      spa: config(dist.DefaultCacheBehavior.ResponseHeadersPolicyId),
      publicMap: config(dist.CacheBehaviors.find((b: Json) => b.PathPattern === PUBLIC_MAP_PATH).ResponseHeadersPolicyId),
    };
  };
  const cspOf = (policy: Json) => flat(policy.SecurityHeadersConfig.ContentSecurityPolicy.ContentSecurityPolicy);
  const directive = (csp: string, name: string) => csp.split('; ').find((d) => d.startsWith(`${name} `));

  it('sends the security headers, and refuses framing everywhere but the public map', () => {
    const { spa } = headerPolicies(real);
    const config = spa.SecurityHeadersConfig;
    const csp = cspOf(spa);
    expect(csp).toContain("default-src 'self'");
    expect(directive(csp, 'frame-ancestors')).toBe("frame-ancestors 'none'");
    expect(csp).toMatch(
      /connect-src 'self' https:\/\/relais-test\.auth\.eu-west-1\.amazoncognito\.com .*https:\/\/maps\.geo\.eu-west-1\.amazonaws\.com/,
    );
    expect(config.StrictTransportSecurity).toMatchObject({ AccessControlMaxAgeSec: 63072000, IncludeSubdomains: true });
    expect(config.ContentTypeOptions).toEqual({ Override: true });
    expect(config.FrameOptions).toEqual({ FrameOption: 'DENY', Override: true });
  });

  it('lets MapLibre load the Amazon Location map of the region: style and tiles, images, blob: workers', () => {
    for (const policy of Object.values(headerPolicies(real)).slice(1)) {
      const csp = cspOf(policy);
      expect(directive(csp, 'connect-src')).toContain('https://maps.geo.eu-west-1.amazonaws.com');
      expect(directive(csp, 'img-src')).toBe("img-src 'self' data: blob: https://maps.geo.eu-west-1.amazonaws.com");
      expect(directive(csp, 'worker-src')).toBe("worker-src 'self' blob:");
    }
  });

  it('serves index.html at /carte and /carte/* with headers that let only the SPA itself frame it by default', () => {
    const { dist, spa, publicMap } = headerPolicies(real);
    // The SPA's own behaviours; /api/* and /api/public/* go to the API (test/infra/public-api.cases.ts).
    const all = (dist.CacheBehaviors as Json[]).filter((b) => !b.PathPattern.startsWith('/api/'));
    // « Mon espace » (MON_ESPACE_PATH) has its own case: test/infra/mon-espace.cases.ts.
    expect(all.map((b) => b.PathPattern).sort()).toEqual([SIGN_IN_CALLBACK_PATH, PUBLIC_MAP_PATH, `${PUBLIC_MAP_PATH}/*`, MON_ESPACE_PATH]);
    const behaviours = all.filter((b) => b.PathPattern !== SIGN_IN_CALLBACK_PATH && b.PathPattern !== MON_ESPACE_PATH);
    const functions = resourcesOf(real.stateless, 'AWS::CloudFront::Function');
    for (const behaviour of behaviours) {
      expect(behaviour).toMatchObject({
        TargetOriginId: dist.DefaultCacheBehavior.TargetOriginId,
        ViewerProtocolPolicy: 'redirect-to-https',
        ResponseHeadersPolicyId: behaviours[0]!.ResponseHeadersPolicyId,
      });
      expect(behaviour.FunctionAssociations).toHaveLength(1);
      const [association] = behaviour.FunctionAssociations;
      expect(association.EventType).toBe('viewer-request');
      // Run the function's code as CloudFront would: every URI of the behaviour becomes /index.html.
      const code = functions[association.FunctionARN['Fn::GetAtt'][0]]!.Properties!.FunctionCode as string;
      const handler = new Function(`${code}; return handler;`)() as (e: Json) => Json;
      for (const uri of ['/carte', '/carte/', '/carte/46102']) {
        expect(handler({ request: { uri, headers: {}, querystring: {} } }).uri).toBe('/index.html');
      }
    }
    // Cognito's redirect after sign-in: index.html too, with the SPA's headers (no framing).
    const callback = all.find((b) => b.PathPattern === SIGN_IN_CALLBACK_PATH)!;
    expect(callback).toMatchObject({
      TargetOriginId: dist.DefaultCacheBehavior.TargetOriginId,
      ViewerProtocolPolicy: 'redirect-to-https',
      ResponseHeadersPolicyId: dist.DefaultCacheBehavior.ResponseHeadersPolicyId,
    });
    const callbackCode = functions[callback.FunctionAssociations[0].FunctionARN['Fn::GetAtt'][0]]!.Properties!.FunctionCode as string;
    const callbackHandler = new Function(`${callbackCode}; return handler;`)() as (e: Json) => Json;
    expect(callbackHandler({ request: { uri: SIGN_IN_CALLBACK_PATH, headers: {}, querystring: {} } }).uri).toBe('/index.html');
    expect(directive(cspOf(publicMap), 'frame-ancestors')).toBe("frame-ancestors 'self'");
    expect(publicMap.SecurityHeadersConfig.FrameOptions).toBeUndefined();
    // Everything else is the SPA's policy, unchanged.
    const rest = (csp: string) => csp.split('; ').filter((d) => !d.startsWith('frame-ancestors '));
    expect(rest(cspOf(publicMap))).toEqual(rest(cspOf(spa)));
    const { FrameOptions: _, ContentSecurityPolicy: __, ...others } = spa.SecurityHeadersConfig;
    expect(publicMap.SecurityHeadersConfig).toMatchObject(others);
    expect(publicMap.CustomHeadersConfig).toEqual(spa.CustomHeadersConfig);
  });

  it('lets the origins of relais:publicMapEmbedOrigins frame the public map, and nothing else', () => {
    const synth = synthRelais({
      context: { 'relais:publicMapEmbedOrigins': { test: ['https://www.lot.fr', 'https://lot.fr/'] } },
    });
    const { spa, publicMap } = headerPolicies(synth);
    expect(directive(cspOf(publicMap), 'frame-ancestors')).toBe("frame-ancestors 'self' https://www.lot.fr https://lot.fr");
    expect(directive(cspOf(spa), 'frame-ancestors')).toBe("frame-ancestors 'none'");
    expect(spa.SecurityHeadersConfig.FrameOptions).toEqual({ FrameOption: 'DENY', Override: true });
    // A comma-separated list from `-c` works as well.
    const fromCli = headerPolicies(synthRelais({ context: { 'relais:publicMapEmbedOrigins': 'https://www.lot.fr,https://lot.fr' } }));
    expect(directive(cspOf(fromCli.publicMap), 'frame-ancestors')).toBe("frame-ancestors 'self' https://www.lot.fr https://lot.fr");
  });

  it.each([
    'http://www.lot.fr',
    'https://www.lot.fr/carte',
    'https://*.lot.fr',
    '*',
    "https://www.lot.fr; script-src 'unsafe-inline'",
    'www.lot.fr',
  ])('refuses %j as an embedding origin', (origin) => {
    expect(() => synthRelais({ context: { 'relais:publicMapEmbedOrigins': [origin] } })).toThrow(/relais:publicMapEmbedOrigins/);
  });

  it('deploys web/dist only when it exists', () => {
    real.stateless.resourceCountIs('Custom::CDKBucketDeployment', 0);
    const withSpa = synthRelais({ spaAssetsDir: fakeSpaBuild() });
    withSpa.stateless.resourceCountIs('Custom::CDKBucketDeployment', 2);
    withSpa.stateless.hasResourceProperties('Custom::CDKBucketDeployment', {
      DistributionPaths: ['/index.html', '/config.json', '/404.html', '/robots.txt', '/favicon.svg', '/carte*'],
    });
    // The files that keep their name are revalidated at every load; only hashed assets are immutable.
    withSpa.stateless.hasResourceProperties('Custom::CDKBucketDeployment', {
      Exclude: ['index.html', 'config.json', '404.html', 'robots.txt', 'favicon.svg'],
      SystemMetadata: { 'cache-control': 'public, max-age=31536000, immutable' },
    });
    withSpa.stateless.hasResourceProperties('Custom::CDKBucketDeployment', {
      Include: ['index.html', 'config.json', '404.html', 'robots.txt', 'favicon.svg'],
      SystemMetadata: { 'cache-control': 'no-cache' },
    });
  });
});

describe('StatelessStack: Amazon Location', () => {
  it('has the map, the place index and the route calculator the functions are told about', () => {
    real.stateless.hasResourceProperties('AWS::Location::Map', { MapName: `relais-${STAGE}-map` });
    real.stateless.hasResourceProperties('AWS::Location::PlaceIndex', {
      IndexName: `relais-${STAGE}-places`,
      DataSource: 'Here',
      // The directory stores the coordinates it geocodes: only "Storage" allows that.
      DataSourceConfiguration: { IntendedUse: 'Storage' },
    });
    real.stateless.hasResourceProperties('AWS::Location::RouteCalculator', {
      CalculatorName: `relais-${STAGE}-routes`,
      DataSource: 'Here',
    });
  });

  const mapKey = (synth: Synthesised) => Object.entries(resourcesOf(synth.stateless, 'AWS::Location::APIKey'));

  it('has one browser key: render the map only, from the SPA’s domains only, no expiry, updatable and deletable', () => {
    const keys = mapKey(real);
    expect(keys).toHaveLength(1);
    const [, key] = keys[0]!;
    const map = Object.keys(resourcesOf(real.stateless, 'AWS::Location::Map'))[0]!;
    expect(key.Properties).toMatchObject({ KeyName: `relais-${STAGE}-map-browser`, NoExpiry: true, ForceUpdate: true, ForceDelete: true });
    expect(key.Properties!.ExpireTime).toBeUndefined();
    const r = key.Properties!.Restrictions;
    expect(r.AllowActions).toEqual(['geo:GetMap*']);
    expect(r.AllowResources.map(flat)).toEqual([`<${map}.Arn>`]);
    expect(r.AllowReferers.map(flat)).toEqual([expect.stringMatching(/^https:\/\/<SpaDistribution\w+\.DomainName>\/\*$/)]);

    const withDomain = mapKey(synthRelais({ context: { 'relais:spaDomain': 'relais.lot.fr' } }))[0]![1];
    expect(withDomain.Properties!.Restrictions.AllowReferers.map(flat)).toEqual([
      expect.stringMatching(/^https:\/\/<SpaDistribution\w+\.DomainName>\/\*$/),
      'https://relais.lot.fr/*',
    ]);
  });

  it('reads the key’s value at deployment with DescribeKey, allowed on that key only, without logging it', () => {
    const [keyId] = mapKey(real)[0]!;
    const lookups = Object.values(resourcesOf(real.stateless, 'Custom::RelaisMapKeyValue'));
    expect(lookups).toHaveLength(1);
    const props = lookups[0]!.Properties!;
    expect(props.InstallLatestAwsSdk).toBe(false);
    for (const phase of ['Create', 'Update']) {
      const call = JSON.parse(
        flat(props[phase])
          .replace(/"<([^>]+)>"/g, '"$1"')
          .replace(/<([^>]+)>/g, '$1'),
      );
      expect(call).toMatchObject({
        service: '@aws-sdk/client-location',
        action: 'DescribeKey',
        parameters: { KeyName: keyId },
        outputPaths: ['Key'],
        logApiResponseData: false,
      });
    }
    const policies = Object.values(resourcesOf(real.stateless, 'AWS::IAM::Policy')).filter((p) =>
      (p.Properties!.PolicyDocument.Statement as Statement[]).some((st) => actionsOf(st).includes('geo:DescribeKey')),
    );
    expect(policies).toHaveLength(1);
    expect(policies[0]!.Properties!.PolicyDocument.Statement).toEqual([
      { Effect: 'Allow', Action: 'geo:DescribeKey', Resource: { 'Fn::GetAtt': [keyId, 'Arn'] } },
    ]);
    // No function built from the manifests may use the key or the map.
    for (const [key, fn] of relaisFunctions(real.stateless)) {
      const actions = statementsOfRole(real.stateless, fn.props.Role['Fn::GetAtt'][0]).flatMap(actionsOf);
      expect([key, actions.filter((a) => a.startsWith('geo:GetMap') || a === 'geo:DescribeKey')]).toEqual([key, []]);
    }
  });

  it('gives the SPA the map’s style URL with the key in /config.json, beside the flat settings', () => {
    const deploy = jest.spyOn(Spa.prototype, 'deploy');
    try {
      const synth = synthRelais({ spaAssetsDir: fakeSpaBuild() });
      expect(deploy).toHaveBeenCalledTimes(1);
      const config = synth.stage.stateless.resolve(deploy.mock.calls[0]![0]) as Record<string, Json>;
      expect(Object.keys(config).sort()).toEqual(
        ['apiUrl', 'authDomain', 'mapName', 'mapStyleUrl', 'mode', 'region', 'userPoolClientId', 'userPoolId'].sort(),
      );
      expect(config.mode).toBe('aws');
      expect(config.mapName).toBe(`relais-${STAGE}-map`);
      expect(flat(config.mapStyleUrl)).toMatch(
        /^https:\/\/maps\.geo\.eu-west-1\.amazonaws\.com\/maps\/v0\/maps\/relais-test-map\/style-descriptor\?key=<MapKeyValue\w+\.Key>$/,
      );
    } finally {
      deploy.mockRestore();
    }
  });
});

/** Every deployed table with an outbox (each has its relay, and the sweeper drains it). */
function outboxTables(services: readonly ServiceManifest[]): string[] {
  return services.flatMap((s) => s.tables.filter((t) => t.outbox && !t.localOnly).map((t) => physicalTableName(STAGE, s.name, t.name)));
}
