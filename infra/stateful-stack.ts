import { Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as smsvoice from 'aws-cdk-lib/aws-smsvoice';
import type { Construct } from 'constructs';
import type { SecretName } from '../shared/auth/secrets';
import type { KeyDecl, ServiceManifest, TableDecl } from '../shared/manifest/manifest';
import { acknowledge } from './compliance';
import { UserDirectory } from './constructs/identity';
import { PERSON_LINKS_TABLE, PersonDirectory } from './constructs/person-identity';
import { OUTBOX_INDEX, deployedRoutes, deployedTables, physicalTableName } from './manifests';
import { smsOptOutListName } from './sms';

export interface StatefulStackProps extends StackProps {
  stage: string;
  services: readonly ServiceManifest[];
}

/** What each platform secret is for (its description in Secrets Manager). */
export const SECRET_PURPOSES: Record<SecretName, string> = {
  link: 'signe les liens de réponse aux orientations envoyés aux partenaires',
  phoneHash: 'clé des empreintes de numéros de téléphone des enquêtes SMS',
  indicatorsKey: 'clé des empreintes de personnes des indicateurs (comptes distincts sans identifiant)',
  personAuth: 'signe les preuves de connexion des personnes à « Mon espace » (défi du groupe d’utilisateurs des personnes)',
};

/** Why each secret is not rotated automatically (cdk-nag acknowledgements). */
export const SECRET_NO_ROTATION: Record<SecretName, string> = {
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
  personAuth:
    'A proof signed with this secret lives one minute and is checked by the persons’ pool’s Verify auth challenge ' +
    'Lambda, which knows one secret: an automatic rotation would refuse the sign-ins under way at that moment and ' +
    'nothing stored depends on it. Rotate by hand (put a new value) when a leak is suspected.',
};

/** What the stateless stack needs to know about a deployed table. */
export interface DeployedTable {
  service: string;
  name: string;
  physicalName: string;
  indexNames: string[];
  outbox: boolean;
  /** Only for outbox tables (a cross-stack reference: the stream ARN is not predictable). */
  streamArn?: string;
}

/**
 * The data of one stage: every service's DynamoDB tables, the customer-managed key that
 * encrypts them, and their backups. Kept apart from the code so that the stateless stack can be
 * destroyed and redeployed at will, and so that nothing here changes on a code deployment.
 */
export class StatefulStack extends Stack {
  readonly dataKey: kms.Key;
  readonly tables: DeployedTable[] = [];
  /** Encrypts the platform secrets (kept with them: a deleted key would make them unreadable). */
  readonly secretsKey: kms.Key;
  /** The platform secrets the manifests need (`needs.secrets`), by name. */
  readonly secrets = new Map<SecretName, secretsmanager.Secret>();
  /** Staff accounts and their role groups (ADR 0030: an account outlives any code deployment). */
  readonly users: UserDirectory;
  /** The persons' accounts (« Mon espace », ADR 0040), when a service signs persons in (`needs.personPool`). */
  readonly persons?: PersonDirectory;
  /**
   * The origin secret (ADR 0045), when a route is public: CloudFront sends it to the API in a
   * header, and the public routes' authorizer refuses any request without it.
   */
  readonly originSecret?: secretsmanager.Secret;

  constructor(scope: Construct, id: string, props: StatefulStackProps) {
    super(scope, id, props);
    const { stage } = props;

    this.dataKey = new kms.Key(this, 'DataKey', {
      alias: `alias/relais/${stage}/data`,
      description: `Relais ${stage}: encrypts the services' tables, their streams and their backups`,
      // SECURITY.md: a customer-managed key, rotated yearly.
      enableKeyRotation: true,
      // Deleting the key would make the retained tables and backups unreadable: keep it.
      removalPolicy: RemovalPolicy.RETAIN,
    });

    const tableConstructs: dynamodb.Table[] = [];
    const byName = new Map<string, dynamodb.Table>();
    for (const service of props.services) {
      for (const decl of deployedTables(service)) {
        const table = this.table(stage, service.name, decl);
        tableConstructs.push(table);
        byName.set(`${service.name}.${decl.name}`, table);
        this.tables.push({
          service: service.name,
          name: decl.name,
          physicalName: physicalTableName(stage, service.name, decl.name),
          indexNames: [...(decl.indexes ?? []).map((i) => i.name), ...(decl.outbox ? [OUTBOX_INDEX.name] : [])],
          outbox: decl.outbox === true,
          streamArn: decl.outbox ? table.tableStreamArn : undefined,
        });
      }
    }

    this.backups(stage, tableConstructs);

    // Lasting state besides the tables (ADR 0030): the secrets whose values stored data depends
    // on (opt-out hashes, indicator hashes, links partners hold) and the staff accounts.
    this.secretsKey = new kms.Key(this, 'SecretsKey', {
      alias: `alias/relais/${stage}/secrets`,
      description: `Relais ${stage}: encrypts the platform secrets (links, phone hashes, indicator hashes)`,
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const names = [...new Set(props.services.flatMap((s) => s.needs?.secrets ?? []))].sort();
    for (const name of names) {
      const secret = new secretsmanager.Secret(this, `${pascal(name)}Secret`, {
        // No fixed name: a name change replaces a secret (a new value), and the secrets of stages
        // deployed before ADR 0030 keep theirs when they move here.
        description: `Relais ${stage}: ${SECRET_PURPOSES[name]}`,
        encryptionKey: this.secretsKey,
        // Generated once, at creation: CloudFormation never regenerates it on an update.
        generateSecretString: { passwordLength: 64, excludePunctuation: true },
        removalPolicy: RemovalPolicy.RETAIN,
      });
      for (const rule of ['AwsSolutions-SMG4', 'HIPAA.Security-SecretsManagerRotationEnabled']) {
        acknowledge(secret, rule, SECRET_NO_ROTATION[name]);
      }
      this.secrets.set(name, secret);
    }
    if (props.services.some((s) => deployedRoutes(s).some((r) => r.access === 'public'))) {
      this.originSecret = new secretsmanager.Secret(this, 'OriginSecret', {
        description: `Relais ${stage}: the header value CloudFront adds to the API's requests; public routes refuse requests without it`,
        encryptionKey: this.secretsKey,
        generateSecretString: { passwordLength: 64, excludePunctuation: true },
        removalPolicy: RemovalPolicy.RETAIN,
      });
      for (const rule of ['AwsSolutions-SMG4', 'HIPAA.Security-SecretsManagerRotationEnabled']) {
        acknowledge(
          this.originSecret,
          rule,
          'CloudFront reads this value when the distribution is deployed (a dynamic reference, which CloudFormation does not ' +
            're-read on an unchanged template) while the authorizer reads the current one: an automatic rotation would refuse ' +
            'every public request. It protects cost, not data, and is rotated by hand with the distribution (ADR 0045).',
        );
      }
    }
    this.users = new UserDirectory(this, 'Identity', { stage });
    if (props.services.some((s) => s.needs?.personPool)) {
      const proofSecret = this.secrets.get('personAuth');
      if (!proofSecret) throw new Error('A service signs persons in (needs.personPool) but none needs the personAuth secret');
      // The identity links live in intake's table, in this stack too: the Pre token generation
      // trigger reads it without a cross-stack reference.
      const links = byName.get(`${PERSON_LINKS_TABLE.service}.${PERSON_LINKS_TABLE.table}`);
      if (!links)
        throw new Error(
          'A service signs persons in (needs.personPool) but intake’s table, which holds the identity links, is not deployed',
        );
      this.persons = new PersonDirectory(this, 'PersonIdentity', {
        stage,
        proofSecret,
        secretsKey: this.secretsKey,
        identityLinks: {
          table: links,
          tableName: physicalTableName(stage, PERSON_LINKS_TABLE.service, PERSON_LINKS_TABLE.table),
          dataKey: this.dataKey,
        },
      });
    }

    if (props.services.some((s) => s.needs?.sms)) {
      // The numbers that said STOP, as AWS End User Messaging SMS keeps them (ADR 0035): lasting
      // state like Relais's own opt-outs, never emptied by a redeployment.
      const optOuts = new smsvoice.CfnOptOutList(this, 'SmsOptOutList', { optOutListName: smsOptOutListName(stage) });
      optOuts.applyRemovalPolicy(RemovalPolicy.RETAIN);
    }
  }

  private table(stage: string, service: string, decl: TableDecl): dynamodb.Table {
    if (decl.outbox && decl.indexes?.some((i) => i.name === OUTBOX_INDEX.name)) {
      throw new Error(`${service}.${decl.name}: the index name "${OUTBOX_INDEX.name}" is reserved for the outbox`);
    }
    const table = new dynamodb.Table(this, `${pascal(service)}${pascal(decl.name)}Table`, {
      // A fixed, readable name: the stateless stack derives ARNs from it (no export to break) and
      // a change that would replace the table fails instead of silently creating an empty one.
      tableName: physicalTableName(stage, service, decl.name),
      partitionKey: attribute(decl.partitionKey),
      sortKey: decl.sortKey ? attribute(decl.sortKey) : undefined,
      // Traffic is low and spiky (office hours, a département's network): pay per request.
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      // SECURITY.md: customer-managed key for every table.
      encryption: dynamodb.TableEncryption.CUSTOMER_MANAGED,
      encryptionKey: this.dataKey,
      // SECURITY.md: point-in-time recovery (35 days) and deletion protection on data tables.
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      // Deleting the stack must never delete the data.
      removalPolicy: RemovalPolicy.RETAIN,
      timeToLiveAttribute: decl.ttlAttribute,
      // The outbox relay reads new outbox items from the stream; the new image is all it needs.
      stream: decl.outbox ? dynamodb.StreamViewType.NEW_IMAGE : undefined,
    });
    for (const index of decl.indexes ?? []) {
      table.addGlobalSecondaryIndex({
        indexName: index.name,
        partitionKey: attribute(index.partitionKey),
        sortKey: index.sortKey ? attribute(index.sortKey) : undefined,
        projectionType: dynamodb.ProjectionType.ALL,
      });
    }
    if (decl.outbox) {
      // Sparse: only items still carrying `outboxPending` (unpublished events) are indexed, so
      // the sweeper reads exactly the stragglers. ALL: the sweeper republishes what it reads.
      table.addGlobalSecondaryIndex({
        indexName: OUTBOX_INDEX.name,
        partitionKey: { name: OUTBOX_INDEX.partitionKey, type: dynamodb.AttributeType.STRING },
        sortKey: { name: OUTBOX_INDEX.sortKey, type: dynamodb.AttributeType.STRING },
        projectionType: dynamodb.ProjectionType.ALL,
      });
    }
    return table;
  }

  /**
   * Daily AWS Backup copies in a vault encrypted with the data key. PITR covers mistakes within
   * 35 days; the vault survives the table itself. Copies are kept 35 days too, so that a person
   * erased by the retention job (SECURITY.md) disappears from every backup within that window.
   */
  private backups(stage: string, tables: dynamodb.Table[]): void {
    const vault = new backup.BackupVault(this, 'BackupVault', {
      backupVaultName: `relais-${stage}-data`,
      encryptionKey: this.dataKey,
      // Recovery points outlive the stack, like the tables they protect.
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const plan = new backup.BackupPlan(this, 'BackupPlan', {
      backupPlanName: `relais-${stage}-data`,
      backupVault: vault,
      backupPlanRules: [
        new backup.BackupPlanRule({
          ruleName: 'daily',
          // 03:00 UTC: outside office hours in France.
          scheduleExpression: events.Schedule.cron({ minute: '0', hour: '3' }),
          deleteAfter: Duration.days(35),
        }),
      ],
    });
    const selection = plan.addSelection('Tables', {
      resources: tables.map((t) => backup.BackupResource.fromDynamoDbTable(t)),
    });
    acknowledge(
      selection,
      'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup]',
      "AWS Backup's own service-role policy, maintained by AWS for exactly this role: it follows new resource " +
        'types and API changes, which a hand-written copy would not.',
    );
  }
}

function attribute(key: KeyDecl): dynamodb.Attribute {
  return { name: key.name, type: key.type === 'N' ? dynamodb.AttributeType.NUMBER : dynamodb.AttributeType.STRING };
}

export function pascal(s: string): string {
  return s
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join('');
}
