/**
 * A service manifest declares, as data, everything the platform needs to run a service:
 * its tables, HTTP routes, event subscriptions and schedules. `infra/` turns manifests into
 * CDK constructs and `infra/local/` into the embedded local stack, so the two cannot drift.
 *
 * Manifests import nothing but zod schemas: CDK synth and the OpenAPI generator load them
 * without loading any handler.
 */
import type { z } from 'zod';
import type { SecretName } from '../auth/secrets';
import type { SettingsDecls } from '../config/declare';

/** The professionals' roles: the groups of the professionals' user pool. */
export const PROFESSIONAL_ROLES = ['accueil', 'travailleur_social', 'partenaire', 'pilote', 'admin'] as const;
/**
 * Every role; `personne` is the person herself in « Mon espace » (SECURITY.md): her token carries
 * this role and her person id only, and passes no gate but the ones that name it.
 */
export const ROLES = [...PROFESSIONAL_ROLES, 'personne'] as const;
export type Role = (typeof ROLES)[number];

export type KeyType = 'S' | 'N';
export interface KeyDecl {
  name: string;
  type: KeyType;
}

export interface IndexDecl {
  name: string;
  partitionKey: KeyDecl;
  sortKey?: KeyDecl;
}

export interface TableDecl {
  /** Logical name, unique within the service (e.g. `main`). */
  name: string;
  partitionKey: KeyDecl;
  sortKey?: KeyDecl;
  /** Global secondary indexes, projection ALL. */
  indexes?: IndexDecl[];
  /** Attribute holding an epoch-seconds expiry. */
  ttlAttribute?: string;
  /**
   * The table carries an outbox: a NEW_IMAGE stream feeds the relay that publishes outbox
   * items to the event bus, and a sparse `outbox` index lets the sweeper find unpublished ones.
   */
  outbox?: boolean;
  /** The table exists only in the local stack (development outboxes). */
  localOnly?: boolean;
  /**
   * Whether the table holds data about a person (ADR 0037). Said explicitly on every table (a
   * test fails otherwise); a service with one such table declares `personData`.
   */
  holdsPersonData?: boolean;
}

/**
 * How a service gives a person's data (ADR 0037, shared/person-data/contract.ts): a file that
 * exports `handler: PersonDataHandler`, called in process in the local stack.
 */
export interface PersonDataDecl {
  /** Relative to the repository root; it exports `handler`. */
  handler: string;
  /** What the service holds about her, in French (the ADR and the README list it). */
  description: string;
}

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** Who may call a route: `public` needs no token; `authenticated` any signed-in user. */
export type Access = 'public' | 'authenticated' | readonly Role[];

export interface RouteSchemas {
  params?: z.ZodType;
  query?: z.ZodType;
  body?: z.ZodType;
  /** Documented success response (OpenAPI). */
  response?: z.ZodType;
}

export interface RouteDecl {
  /** Unique id within the service, used for function names and OpenAPI operationId. */
  id: string;
  method: HttpMethod;
  /** Path with `{param}` placeholders, starting with `/api/`. */
  path: string;
  access: Access;
  /** Handler file, relative to the repository root; it exports `handler`. */
  handler: string;
  /** One-line summary in French, shown in the API reference. */
  summary: string;
  schemas?: RouteSchemas;
  /** Success status documented in OpenAPI (default 200). */
  successStatus?: number;
  /** The route exists only in the local stack (never deployed to AWS). */
  localOnly?: boolean;
  /** Body size limit when a route needs more than the default 64 KiB (e.g. a directory import). */
  maxBodyBytes?: number;
  /**
   * Reads beyond its service's own tables, granted to this route's function alone: `audit`, the
   * audit log (platform); `accounts`, the staff accounts (Cognito ListUsers and
   * AdminListGroupsForUser on the staff pool, e.g. to check a parcours member; ADR 0053).
   */
  reads?: readonly ('audit' | 'accounts')[];
  /**
   * Content types of the success answer when it is not JSON, or not only JSON (an export:
   * `text/csv`, XLSX…). Default `application/json`. Documented in OpenAPI.
   */
  responseTypes?: readonly string[];
  /**
   * A public route that checks a credential of its own (a signed link in the path, a shared
   * secret in a header): what it is, in French. It answers 401 when the credential is wrong.
   */
  publicCredential?: string;
  /**
   * Error statuses the route may answer beyond those its declaration implies (see
   * shared/http/openapi.ts `documentedStatuses`), e.g. 503 when it depends on a reference that
   * may be missing, 404 for a route without path parameters that looks something up.
   */
  errorStatuses?: readonly number[];
  /** Set by the service's route factory (`routeFactory`); `defineService` requires it. */
  owner?: RouteOwner;
}

/**
 * Who owns a route, as its handler's function needs to know it without the whole manifest
 * (ADR 0056): the service's name (logs, metrics, its `main` table) and whether that table keeps
 * `Idempotency-Key` answers. `defineService` checks both against the manifest at every assembly.
 */
export interface RouteOwner {
  service: string;
  idempotencyStore: boolean;
}

/** A route declared in a module of its own, with its owner (ADR 0056). */
export type OwnedRoute<R extends RouteDecl = RouteDecl> = R & { owner: RouteOwner };

/**
 * The declaration function of one service's routes. Each route lives in its own module
 * (`services/<service>/routes/<name>.route.ts`) so that a handler's bundle holds its route's
 * schemas and nothing of its service's other routes; the manifest lists them all.
 */
export function routeFactory(owner: RouteOwner) {
  return <const R extends RouteDecl>(route: R): OwnedRoute<R> => ({ ...route, owner });
}

/** An EventBridge event pattern (the subset Relais uses is evaluated locally too). */
export type EventPattern = Record<string, unknown>;

/**
 * Batches of one subscription handled at once: the SQS event source's `maxConcurrency` on AWS
 * (it bounds the load a burst of events puts on the service's tables), the local bus's slots.
 */
export const SUBSCRIPTION_MAX_CONCURRENCY = 5;

export interface SubscriptionDecl {
  id: string;
  pattern: EventPattern;
  /** SQS batch handler file, relative to the repository root; it exports `handler`. */
  handler: string;
  batchSize?: number;
  /** Deliveries before a message goes to the dead-letter queue (default 5). */
  maxReceiveCount?: number;
  description: string;
  /** Rights this one function has beyond its service's `needs` (granted to it alone). */
  manages?: readonly 'notificationSubscriptions'[];
}

export interface ScheduleDecl {
  id: string;
  /** EventBridge schedule expression: `rate(N minutes|hours|days)` or `cron(m h * * ? *)`. */
  expression: string;
  handler: string;
  description: string;
  /**
   * Chains the audit log's pending reads (platform): this function alone may query the audit
   * table and delete its pending items (ADR 0016).
   */
  drainsAuditPending?: boolean;
}

/**
 * A work queue of the service (e.g. messages to send at a bounded rate): on AWS an SQS queue
 * with its dead-letter queue, fed by the service's functions through a KMS-encrypted SNS topic
 * (shared/queue/queue.ts) and drained by `handler` with bounded concurrency; locally an
 * in-process queue with the same retries.
 */
export interface QueueDecl {
  id: string;
  /** SQS batch handler file (partial batch responses), relative to the repository root. */
  handler: string;
  description: string;
  /** Messages per invocation (default 10). */
  batchSize?: number;
  /** At most this many invocations at once (SQS event source, at least 2): with the batch size, the rate limit. */
  maxConcurrency?: number;
  /** Deliveries before a message goes to the dead-letter queue (default 5). */
  maxReceiveCount?: number;
}

/** Topics the platform owns that a service's function may be triggered by. */
export const TRIGGER_TOPICS = ['inboundSms', 'smsEvents'] as const;
export type TriggerTopic = (typeof TRIGGER_TOPICS)[number];

/**
 * A function triggered by messages on a platform topic (e.g. two-way SMS replies delivered by
 * AWS End User Messaging to the inbound SMS topic). Local stack: nothing is subscribed; a
 * local-only route plays the sender.
 */
export interface TopicSubscriptionDecl {
  id: string;
  topic: TriggerTopic;
  /** SNS handler file, relative to the repository root; it exports `handler`. */
  handler: string;
  description: string;
}

/**
 * A metric the service's functions emit (CloudWatch embedded metric format, namespace `Relais`,
 * dimension `service`) that raises an alarm as soon as it is seen.
 */
export interface AlarmMetricDecl {
  name: string;
  /** In French: what the alarm means and what to do. */
  description: string;
}

export interface ServiceManifest {
  name: string;
  /** What the service owns, in one line: the README's service table is generated from it (scripts/service-docs.ts). */
  owns?: string;
  /** EventBridge `source` of the events this service publishes. */
  eventSource?: string;
  tables: TableDecl[];
  routes: RouteDecl[];
  subscriptions: SubscriptionDecl[];
  schedules: ScheduleDecl[];
  queues?: QueueDecl[];
  topicSubscriptions?: TopicSubscriptionDecl[];
  alarmMetrics?: AlarmMetricDecl[];
  /** How the service gives a person's data to her space and her export (ADR 0037). */
  personData?: PersonDataDecl;
  /**
   * The service's own settings (environment variables), beside the kernel's
   * (shared/config/settings.ts): checked at start-up and at cold start, listed in the README.
   */
  settings?: SettingsDecls;
  /** AWS capabilities the service's functions need beyond their own tables. */
  needs?: {
    location?: boolean;
    notificationsTopic?: boolean;
    smsTopic?: boolean;
    /** Platform secrets its functions read (Secrets Manager on AWS, see shared/auth/secrets.ts). */
    secrets?: readonly SecretName[];
    /**
     * Secrets named by data rather than made by the stack (ADR 0042: an organisation's
     * RDV-Service-Public key, named in the directory): its functions may read the Secrets
     * Manager secrets `relais/<stage>/<prefix>/*`, nothing else of Secrets Manager.
     */
    secretPrefixes?: readonly string[];
    /** Sends SMS straight to phone numbers (SNS publish with PhoneNumber), from its non-HTTP functions. */
    sms?: boolean;
    /** The official commune list (populations, names) shipped beside the bundle, without Amazon Location. */
    communeReference?: boolean;
    /**
     * Signs persons in to the persons' user pool (AWS, ADR 0040): its id and client in the
     * environment, and the pool's admin sign-in actions — only for the functions whose bundle
     * holds the issuer (infra/least-privilege.ts).
     */
    personPool?: boolean;
  };
}

/**
 * Services with a `main` table (pk, sk, on AWS too) keep the answers of `Idempotency-Key`
 * requests there; the others (platform) ignore the header rather than fail.
 */
export function hasIdempotencyStore(manifest: Pick<ServiceManifest, 'tables'>): boolean {
  return manifest.tables.some((t) => t.name === 'main' && !t.localOnly && t.partitionKey.name === 'pk' && t.sortKey?.name === 'sk');
}

export function defineService<const M extends ServiceManifest>(manifest: M): M {
  const ids = new Set<string>();
  for (const item of [
    ...manifest.routes,
    ...manifest.subscriptions,
    ...manifest.schedules,
    ...(manifest.queues ?? []),
    ...(manifest.topicSubscriptions ?? []),
  ]) {
    if (ids.has(item.id)) throw new Error(`${manifest.name}: duplicate id ${item.id}`);
    ids.add(item.id);
  }
  const idempotencyStore = hasIdempotencyStore(manifest);
  for (const route of manifest.routes) {
    if (!route.path.startsWith('/api/')) throw new Error(`${manifest.name}.${route.id}: path must start with /api/`);
    // The handler's function knows its service from the route alone: it must be this one.
    if (route.owner?.service !== manifest.name) {
      throw new Error(`${manifest.name}.${route.id}: declared for the service ${route.owner?.service ?? '(none)'}`);
    }
    if (route.owner.idempotencyStore !== idempotencyStore) {
      throw new Error(`${manifest.name}.${route.id}: idempotencyStore must be ${idempotencyStore} (the service's main table)`);
    }
  }
  return manifest;
}

/** Environment variable carrying the ARN of the topic that feeds a service's queue (AWS). */
export function queueEnvName(service: string, queue: string): string {
  return `RELAIS_QUEUE_${service}_${queue}`.toUpperCase().replace(/[^A-Z0-9]/g, '_');
}

/** Environment variable carrying a table's physical name to the service's functions. */
export function tableEnvName(service: string, table: string): string {
  return `RELAIS_TABLE_${service}_${table}`.toUpperCase().replace(/[^A-Z0-9]/g, '_');
}
