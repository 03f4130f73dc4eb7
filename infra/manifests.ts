import type {
  PersonDataDecl,
  QueueDecl,
  RouteDecl,
  ScheduleDecl,
  ServiceManifest,
  SubscriptionDecl,
  TableDecl,
  TopicSubscriptionDecl,
} from '../shared/manifest/manifest';

/**
 * The AWS view of the service manifests: what is deployed (local-only tables and routes are
 * dropped here, once, so no stack can deploy them by mistake) and the physical names derived
 * from them. Pure data: the stacks, the tests and the bundle benchmark all read it.
 */

/** The kernel's stream relay, deployed once per outbox table. */
export const RELAY_HANDLER = 'shared/events/relay.handler.ts';
/** The kernel's outbox sweeper: the one function allowed into every service's outbox. */
export const SWEEP_HANDLER = 'shared/events/sweep.handler.ts';

/** The sparse index the sweeper queries (see shared/events/outbox.ts). */
export const OUTBOX_INDEX = { name: 'outbox', partitionKey: 'outboxPending', sortKey: 'outboxSortKey' } as const;

/** The platform's append-only audit log: every function may PutItem, none may read it back. */
export const AUDIT_TABLE = { service: 'platform', table: 'audit' } as const;

/**
 * `personData`: a service's person-data function (ADR 0037), invoked by the platform's collector
 * only (ADR 0040). `cognito`: a trigger of the persons' user pool (stateful stack, ADR 0040), never
 * listed by `functionDecls`.
 */
export type FunctionKind = 'route' | 'subscription' | 'schedule' | 'relay' | 'queue' | 'topic' | 'personData' | 'cognito';

/** The id of a service's person-data function (ADR 0040): `relais-<stage>-<service>-person-data`. */
export const PERSON_DATA_FUNCTION_ID = 'person-data';

export interface FunctionDecl {
  service: ServiceManifest;
  kind: FunctionKind;
  /** Unique within the service (route/subscription/schedule id, or `relay-<table>`). */
  id: string;
  /** Handler file, relative to the repository root. */
  handler: string;
  route?: RouteDecl;
  subscription?: SubscriptionDecl;
  schedule?: ScheduleDecl;
  queue?: QueueDecl;
  topicSubscription?: TopicSubscriptionDecl;
  /** For a relay: the outbox table whose stream it reads. */
  table?: TableDecl;
  /** For a person-data function: the manifest's declaration. */
  personData?: PersonDataDecl;
  /** The handler's export when it is not `handler` (the persons' pool triggers share one file). */
  exportName?: string;
  /** One line for the function's description when the kind says too little (Cognito triggers). */
  description?: string;
}

export function deployedTables(service: ServiceManifest): TableDecl[] {
  return service.tables.filter((t) => !t.localOnly);
}

export function deployedRoutes(service: ServiceManifest): RouteDecl[] {
  return service.routes.filter((r) => !r.localOnly);
}

export function outboxTables(services: readonly ServiceManifest[]): { service: ServiceManifest; table: TableDecl }[] {
  return services.flatMap((service) =>
    deployedTables(service)
      .filter((t) => t.outbox)
      .map((table) => ({ service, table })),
  );
}

/** Every Lambda function of the AWS build, in a stable order. */
export function functionDecls(services: readonly ServiceManifest[]): FunctionDecl[] {
  const out: FunctionDecl[] = [];
  for (const service of services) {
    for (const route of deployedRoutes(service)) {
      out.push({ service, kind: 'route', id: route.id, handler: route.handler, route });
    }
    for (const subscription of service.subscriptions) {
      out.push({ service, kind: 'subscription', id: subscription.id, handler: subscription.handler, subscription });
    }
    for (const schedule of service.schedules) {
      out.push({ service, kind: 'schedule', id: schedule.id, handler: schedule.handler, schedule });
    }
    for (const queue of service.queues ?? []) {
      out.push({ service, kind: 'queue', id: queue.id, handler: queue.handler, queue });
    }
    for (const topicSubscription of service.topicSubscriptions ?? []) {
      out.push({ service, kind: 'topic', id: topicSubscription.id, handler: topicSubscription.handler, topicSubscription });
    }
    for (const table of deployedTables(service).filter((t) => t.outbox)) {
      out.push({ service, kind: 'relay', id: `relay-${table.name}`, handler: RELAY_HANDLER, table });
    }
    if (service.personData) {
      out.push({
        service,
        kind: 'personData',
        id: PERSON_DATA_FUNCTION_ID,
        handler: service.personData.handler,
        personData: service.personData,
      });
    }
  }
  return out;
}

/** Physical table name: readable in the console, and derivable without a cross-stack export. */
export function physicalTableName(stage: string, service: string, table: string): string {
  return `relais-${stage}-${service}-${table}`;
}

export function busName(stage: string): string {
  return `relais-${stage}`;
}

/** Lambda function names are limited to 64 characters. */
export function functionName(stage: string, decl: Pick<FunctionDecl, 'service' | 'id'>): string | undefined {
  const name = `relais-${stage}-${decl.service.name}-${decl.id}`;
  return name.length <= 64 ? name : undefined;
}

/** EventBridge patterns in manifests use the wire names; CDK's EventPattern uses camelCase. */
export function toCdkEventPattern(pattern: Record<string, unknown>): Record<string, unknown> {
  const names: Record<string, string> = {
    version: 'version',
    id: 'id',
    'detail-type': 'detailType',
    source: 'source',
    account: 'account',
    time: 'time',
    region: 'region',
    resources: 'resources',
    detail: 'detail',
  };
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(pattern)) {
    const name = names[key];
    if (!name) throw new Error(`Unsupported EventBridge pattern field "${key}"`);
    out[name] = value;
  }
  return out;
}
