import * as path from 'node:path';
import * as fs from 'node:fs';
import { bundledModules } from './bundling';
import { REPO_ROOT } from './constructs/relais-function';
import type { FunctionDecl } from './manifests';

/**
 * Least privilege per function, derived from the manifest and from what the handler's bundle
 * contains (issue 18, point 6):
 *
 * - a route is read-only on its service's tables when its method is GET, unless its bundle holds
 *   a module of READ_PATH_WRITES; it then gets exactly that module's writes, on the partitions
 *   it writes (`dynamodb:LeadingKeys`), nothing else;
 * - every other function of a service reads and writes its service's tables;
 * - reads are audited by appending to the audit table (PutItem, for everyone: ADR 0016), which
 *   is not a write to the service's own tables.
 */

export const READ_ACTIONS = ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query', 'dynamodb:DescribeTable'] as const;
export const WRITE_ACTIONS = [
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:BatchWriteItem',
  'dynamodb:ConditionCheckItem',
] as const;

export interface ReadPathWrite {
  /** Why a read writes, in one line (shown in the generated policy's Sid comment and the tests). */
  why: string;
  /** The service table it writes. */
  table: { service: string; name: string };
  actions: readonly string[];
  /** The partition keys it writes (`dynamodb:LeadingKeys`, StringLike patterns). */
  partitions: readonly string[];
}

/**
 * Modules that write on a read path, and exactly what they write. Keyed by the module's path
 * from the repository root: a GET handler whose bundle contains one gets its writes.
 */
export const READ_PATH_WRITES: Readonly<Record<string, ReadPathWrite>> = {
  'services/directory/store/communes.repository.ts': {
    why: 'the commune reference caches a commune it had to look up (pk COMMUNES#<département>)',
    table: { service: 'directory', name: 'main' },
    actions: ['dynamodb:PutItem', 'dynamodb:BatchWriteItem'],
    partitions: ['COMMUNES#*'],
  },
  'services/directory/use-cases/coverage.use-cases.ts': {
    why: 'on a fresh install the first read computes the coverage, stores it and announces it (outbox)',
    table: { service: 'directory', name: 'main' },
    actions: ['dynamodb:PutItem'],
    partitions: ['COVERAGE', 'OUTBOX#*'],
  },
};

/** A route that only reads: GET (HEAD/OPTIONS never reach a function). */
export function isReadOnlyRoute(decl: FunctionDecl): boolean {
  return decl.kind === 'route' && decl.route!.method === 'GET';
}

/** The read-path writes of a GET route, from its bundle (none if the handler does not exist yet). */
export function readPathWrites(decl: FunctionDecl): ReadPathWrite[] {
  const entry = path.join(REPO_ROOT, decl.handler);
  if (!fs.existsSync(entry)) return [];
  const modules = bundledModules(entry);
  return Object.entries(READ_PATH_WRITES)
    .filter(([module]) => modules.has(module))
    .map(([, write]) => write);
}

/**
 * The modules that send SMS to phone numbers (SNS Publish with PhoneNumber; End User Messaging SMS
 * SendTextMessage and PutOptedOutNumber, ADR 0035), and, when a
 * service wires its sender into every handler, the use cases that actually send (by export and
 * module): a function may send SMS only if its bundle holds such a module and, where listed, uses
 * one of those use cases. Every surveys handler bundles the sender's wiring, and the dispatcher
 * bundles the sending module for its other use case; neither sends.
 */
export const SMS_SENDERS: Readonly<Record<string, Readonly<Record<string, string>> | null>> = {
  'services/notifications/notices/notice-sender.ts': null,
  'services/surveys/senders/end-user-messaging-sms-sender.ts': {
    makeSendSurvey: 'services/surveys/use-cases/sending.use-cases.ts',
    makeReceiveSms: 'services/surveys/use-cases/inbound.use-cases.ts',
  },
};

const calls = (module: string, name: string) => new RegExp(`\\b${name}\\(`).test(fs.readFileSync(path.join(REPO_ROOT, module), 'utf8'));

/**
 * How each sender reaches phone numbers: `sns` (SNS Publish with PhoneNumber, no resource ARN) or
 * `end-user-messaging` (SendTextMessage through the stage's configuration set, PutOptedOutNumber
 * on its opt-out list; ADR 0035). A function gets only the rights of the senders it uses.
 */
export type SmsChannel = 'sns' | 'end-user-messaging';
export const SMS_SENDER_CHANNELS: Readonly<Record<keyof typeof SMS_SENDERS, SmsChannel>> = {
  'services/notifications/notices/notice-sender.ts': 'sns',
  'services/surveys/senders/end-user-messaging-sms-sender.ts': 'end-user-messaging',
};

/** The SMS channels a function sends through (none for a route). */
export function smsChannels(decl: FunctionDecl): Set<SmsChannel> {
  const out = new Set<SmsChannel>();
  if (decl.kind === 'route') return out;
  const entry = path.join(REPO_ROOT, decl.handler);
  if (!fs.existsSync(entry)) return out;
  const modules = bundledModules(entry);
  const own = [...modules].filter((m) => m.startsWith('services/'));
  for (const [sender, useCases] of Object.entries(SMS_SENDERS)) {
    const sends =
      modules.has(sender) &&
      (useCases === null ||
        Object.entries(useCases).some(([name, module]) => modules.has(module) && own.some((m) => m !== module && calls(m, name))));
    if (sends) out.add(SMS_SENDER_CHANNELS[sender] ?? 'sns');
  }
  return out;
}

export function sendsSms(decl: FunctionDecl): boolean {
  return smsChannels(decl).size > 0;
}

/** The module that signs persons in to the persons' pool (ADR 0040): only a bundle holding it gets the pool's actions. */
export const PERSON_POOL_ISSUER = 'services/intake/person-auth/cognito-person-tokens.ts';

/** Whether a function of a `needs.personPool` service actually signs persons in (its bundle holds the issuer). */
export function signsPersonsIn(decl: FunctionDecl): boolean {
  if (!decl.service.needs?.personPool || decl.kind !== 'route') return false;
  const entry = path.join(REPO_ROOT, decl.handler);
  return fs.existsSync(entry) && bundledModules(entry).has(PERSON_POOL_ISSUER);
}

/** The collector's AWS sources (ADR 0040): a bundle holding it invokes the person-data functions. */
export const PERSON_DATA_COLLECTOR = 'services/platform/person-data/lambda-sources.ts';

/** Whether a function collects a person's data on AWS (its bundle holds the Lambda sources). */
export function collectsPersonData(decl: FunctionDecl): boolean {
  if (decl.kind !== 'route') return false;
  const entry = path.join(REPO_ROOT, decl.handler);
  return fs.existsSync(entry) && bundledModules(entry).has(PERSON_DATA_COLLECTOR);
}

/** The staff pool's accounts as an administrator manages them (ADR 0041): a bundle holding them gets the pool's actions. */
export const STAFF_ACCOUNTS_MANAGER = 'services/platform/accounts/cognito-staff-accounts.ts';
/** What the list of pending accounts reads on the staff pool (the GET route's function: these only). */
export const STAFF_ACCOUNTS_READ_ACTIONS = ['cognito-idp:ListUsers', 'cognito-idp:ListUsersInGroup', 'cognito-idp:AdminListGroupsForUser'];
/** What the assignment writes besides (a role group, the organisation attribute). */
export const STAFF_ACCOUNTS_WRITE_ACTIONS = ['cognito-idp:AdminUpdateUserAttributes', 'cognito-idp:AdminAddUserToGroup'];

/** The staff pool's actions a function gets: none unless its bundle holds the manager; reads only for a GET route. */
export function staffAccountsActions(decl: FunctionDecl): string[] {
  if (decl.kind !== 'route' || !decl.route) return [];
  const entry = path.join(REPO_ROOT, decl.handler);
  if (!fs.existsSync(entry) || !bundledModules(entry).has(STAFF_ACCOUNTS_MANAGER)) return [];
  return decl.route.method === 'GET' ? [...STAFF_ACCOUNTS_READ_ACTIONS] : [...STAFF_ACCOUNTS_READ_ACTIONS, ...STAFF_ACCOUNTS_WRITE_ACTIONS];
}
