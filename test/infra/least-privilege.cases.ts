import { READ_PATH_WRITES, SMS_SENDERS } from '../../infra/least-privilege';
import { functionDecls, physicalTableName } from '../../infra/manifests';
import { SERVICES } from '../../services';
import {
  STAGE,
  type Statement,
  type Synthesised,
  actionsOf,
  relaisFunctions,
  resourcesOfStatement,
  statementsOfRole,
  synthRelaisShared,
} from './support';

/**
 * Issue 18, point 6: every function's IAM actions, listed from the synthesised template, and the
 * rules they must follow: a GET route writes nothing of its service's tables but what its bundle
 * is known to write on a read path (READ_PATH_WRITES, on those partitions only); a relay reaches
 * its stream, its outbox items and the bus; SMS only where SMS is sent.
 */
const DYNAMO_WRITES = [
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:BatchWriteItem',
  'dynamodb:ConditionCheckItem',
];
const auditTable = physicalTableName(STAGE, 'platform', 'audit');
const tableOf = (resource: string) => resource.match(/:table\/([^/]+)/)?.[1];

let synth: Synthesised;
let permissions: Map<string, { trigger: string; statements: Statement[] }>;
beforeAll(() => {
  synth = synthRelaisShared();
  permissions = new Map(
    [...relaisFunctions(synth.stateless)].map(([key, fn]) => [
      key,
      { trigger: fn.props.tags['relais:trigger'] as string, statements: statementsOfRole(synth.stateless, fn.props.Role['Fn::GetAtt'][0]) },
    ]),
  );
});

const getRoutes = () =>
  functionDecls(SERVICES)
    .filter((d) => d.kind === 'route' && d.route!.method === 'GET')
    .map((d) => `${d.service.name}.${d.id}`);

describe('Least privilege per function', () => {
  it('lists every function’s actions', () => {
    const listing = [...permissions].map(
      ([key, { statements }]) => `${key}: ${[...new Set(statements.flatMap(actionsOf))].sort().join(' ')}`,
    );
    expect(listing).toHaveLength(functionDecls(SERVICES).length);
    for (const line of listing) expect(line).toMatch(/^[\w-]+\.[\w-]+: \S/);
  });

  it('gives a GET route no write on its service’s tables, but the read-path writes its bundle holds, on their partitions only', () => {
    const gets = getRoutes();
    expect(gets.length).toBeGreaterThan(30);
    const writers: string[] = [];
    for (const key of gets) {
      const { statements } = permissions.get(key)!;
      for (const statement of statements) {
        const writes = actionsOf(statement).filter((a) => DYNAMO_WRITES.includes(a));
        if (writes.length === 0) continue;
        const tables = resourcesOfStatement(statement).map(tableOf);
        if (tables.every((t) => t === auditTable)) {
          // Reads are audited by appending (ADR 0016): PutItem only.
          expect([key, writes]).toEqual([key, ['dynamodb:PutItem']]);
          continue;
        }
        writers.push(key);
        expect([key, statement.Sid]).toEqual([key, expect.stringMatching(/^ReadPathWrite\d$/)]);
        const partitions = (statement.Condition as Record<string, Record<string, unknown>> | undefined)?.['ForAllValues:StringLike']?.[
          'dynamodb:LeadingKeys'
        ];
        const known = Object.values(READ_PATH_WRITES).find((w) => JSON.stringify(w.partitions) === JSON.stringify(partitions));
        expect([key, known?.actions]).toEqual([key, writes]);
      }
    }
    // The directory's geography caches communes; its coverage is computed at the first read.
    expect([...new Set(writers)].every((k) => k.startsWith('directory.'))).toBe(true);
    expect(writers).toContain('directory.getCoverage');
    for (const key of ['intake.searchPersons', 'intake.personHistory', 'parcours.getParcours', 'platform.me', 'indicators.getIndicators']) {
      expect(writers).not.toContain(key);
    }
  });

  it('lets a relay reach only its stream, its own outbox items, the bus and its failure queue', () => {
    const relays = [...permissions].filter(([, p]) => p.trigger === 'relay');
    expect(relays.length).toBeGreaterThan(3);
    for (const [key, { statements }] of relays) {
      const actions = new Set(statements.flatMap(actionsOf));
      for (const action of actions) {
        expect([key, action]).toEqual([
          key,
          expect.stringMatching(
            /^(dynamodb:(DescribeStream|GetRecords|GetShardIterator|ListStreams|UpdateItem)|events:PutEvents|logs:(CreateLogStream|PutLogEvents)|sqs:(SendMessage|GetQueueAttributes|GetQueueUrl)|kms:(Decrypt|Encrypt|GenerateDataKey\*?|ReEncrypt\*|DescribeKey)|xray:Put\w+)$/,
          ),
        ]);
      }
      const update = statements.find((s) => actionsOf(s).includes('dynamodb:UpdateItem'))!;
      expect(update.Condition).toEqual({ 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['OUTBOX#*'] } });
      expect(resourcesOfStatement(update)).toHaveLength(1);
      expect(actions.has('sns:Publish')).toBe(false);
    }
  });

  it('lets only the functions that send SMS publish to phone numbers', () => {
    const smsPublishers = [...permissions]
      .filter(([, { statements }]) => statements.some((s) => actionsOf(s).includes('sns:Publish') && resourcesOfStatement(s).includes('*')))
      .map(([key]) => key);
    expect(Object.keys(SMS_SENDERS).length).toBeGreaterThan(1);
    // The surveys send through End User Messaging SMS (ADR 0035), the person notices through SNS.
    const smsSenders = [...permissions]
      .filter(([, { statements }]) => statements.some((s) => actionsOf(s).includes('sms-voice:SendTextMessage')))
      .map(([key]) => key);
    expect(smsSenders.sort()).toEqual(['surveys.inboundSms', 'surveys.smsSend']);
    expect(smsPublishers.filter((k) => k.startsWith('surveys.'))).toEqual([]);
    expect(smsPublishers).toContain('notifications.personNotices');
    expect(smsPublishers.every((k) => k.startsWith('notifications.'))).toBe(true);
    for (const key of [...smsPublishers, ...smsSenders]) expect([key, permissions.get(key)!.trigger]).not.toEqual([key, 'route']);
  });

  it("lets only the routes that declare `reads: ['accounts']` read the staff accounts, with the pool’s id (ADR 0053)", () => {
    const readers = [...permissions]
      .filter(([, { statements }]) => statements.some((s) => actionsOf(s).includes('cognito-idp:ListUsers')))
      .map(([key]) => key)
      .sort();
    const declared = functionDecls(SERVICES)
      .filter((d) => d.route?.reads?.includes('accounts'))
      .map((d) => `${d.service.name}.${d.id}`);
    expect(declared).toEqual(['parcours.addMember']);
    // The platform's staff accounts' functions list the pool's users too (ADR 0041).
    expect(readers).toEqual(['parcours.addMember', 'platform.assignAccount', 'platform.pendingAccounts']);
    const functions = relaisFunctions(synth.stateless);
    for (const [key, fn] of functions) {
      const env = fn.props.Environment.Variables as Record<string, unknown>;
      expect([key, env.RELAIS_USER_POOL_ID !== undefined]).toEqual([key, readers.includes(key)]);
    }
  });
});
