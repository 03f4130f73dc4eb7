/**
 * A service manifest declares, as data, everything the platform needs to run a service:
 * its tables, HTTP routes, event subscriptions and schedules. `infra/` turns manifests into
 * CDK constructs and `infra/local/` into the embedded local stack, so the two cannot drift.
 *
 * Manifests import nothing but zod schemas: CDK synth and the OpenAPI generator load them
 * without loading any handler.
 */
import type { z } from 'zod';

export const ROLES = ['accueil', 'travailleur_social', 'partenaire', 'pilote', 'admin'] as const;
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
}

/** An EventBridge event pattern (the subset Relais uses is evaluated locally too). */
export type EventPattern = Record<string, unknown>;

export interface SubscriptionDecl {
  id: string;
  pattern: EventPattern;
  /** SQS batch handler file, relative to the repository root; it exports `handler`. */
  handler: string;
  batchSize?: number;
  /** Deliveries before a message goes to the dead-letter queue (default 5). */
  maxReceiveCount?: number;
  description: string;
}

export interface ScheduleDecl {
  id: string;
  /** EventBridge schedule expression: `rate(N minutes|hours|days)` or `cron(m h * * ? *)`. */
  expression: string;
  handler: string;
  description: string;
}

export interface ServiceManifest {
  name: string;
  /** EventBridge `source` of the events this service publishes. */
  eventSource?: string;
  tables: TableDecl[];
  routes: RouteDecl[];
  subscriptions: SubscriptionDecl[];
  schedules: ScheduleDecl[];
  /** AWS capabilities the service's functions need beyond their own tables. */
  needs?: {
    location?: boolean;
    notificationsTopic?: boolean;
    smsTopic?: boolean;
    /** The official commune list (populations, names) shipped beside the bundle, without Amazon Location. */
    communeReference?: boolean;
  };
}

export function defineService<const M extends ServiceManifest>(manifest: M): M {
  const ids = new Set<string>();
  for (const item of [...manifest.routes, ...manifest.subscriptions, ...manifest.schedules]) {
    if (ids.has(item.id)) throw new Error(`${manifest.name}: duplicate id ${item.id}`);
    ids.add(item.id);
  }
  for (const route of manifest.routes) {
    if (!route.path.startsWith('/api/')) throw new Error(`${manifest.name}.${route.id}: path must start with /api/`);
  }
  return manifest;
}

/** Environment variable carrying a table's physical name to the service's functions. */
export function tableEnvName(service: string, table: string): string {
  return `RELAIS_TABLE_${service}_${table}`.toUpperCase().replace(/[^A-Z0-9]/g, '_');
}
