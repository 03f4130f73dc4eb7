import * as z from 'zod';
import { ulid } from '../ids/ulid';
import { traceIds } from '../observability/trace-context';

/** Every event: `{ metadata, data }`, sent as the EventBridge `detail`. */
export const EventMetadataSchema = z.object({
  eventId: z.string().min(1),
  occurredAt: z.string(),
  correlationId: z.string().min(1),
  causationId: z.string().optional(),
  version: z.number().int().min(1),
});
export type EventMetadata = z.infer<typeof EventMetadataSchema>;

export interface EventEnvelope<T> {
  metadata: EventMetadata;
  data: T;
}

/** An event ready to be written to the outbox. */
export interface OutgoingEvent<T = unknown> {
  source: string;
  detailType: string;
  detail: EventEnvelope<T>;
}

/**
 * Where an event comes from (ADR 0020). In a request, `correlationId` is the request's
 * (`X-Correlation-Id`, else its request id) and `causationId` the request id; in a consumer of
 * event E, E's `correlationId` and `causationId = E.eventId`. Omitted, both come from the scope the
 * kernel wrapper opened (`shared/observability/trace-context.ts`); outside any scope the event
 * starts a chain of its own (correlation id = its own id).
 */
export interface EventContext {
  correlationId?: string;
  causationId?: string;
  now?: Date;
}

export interface EventDefinition<S extends z.ZodType> {
  source: string;
  detailType: string;
  schema: S;
  version: number;
  create(data: z.input<S>, context?: EventContext): OutgoingEvent<z.output<S>>;
  /** Parse an incoming envelope's data (consumers): a malformed event is an error, not a guess. */
  parse(detail: unknown): EventEnvelope<z.output<S>>;
}

/**
 * Declare an event contract once: the publisher builds it with `create`, consumers read it with
 * `parse`. Events carry ids and non-identifying facts, never names.
 */
export function defineEvent<S extends z.ZodType>(source: string, detailType: string, schema: S, version = 1): EventDefinition<S> {
  const envelopeSchema = z.object({ metadata: EventMetadataSchema, data: schema });
  return {
    source,
    detailType,
    schema,
    version,
    create(data, context = {}) {
      const eventId = ulid();
      const ambient = traceIds();
      const correlationId = context.correlationId ?? ambient.correlationId ?? eventId;
      const causationId = context.causationId ?? ambient.causationId;
      return {
        source,
        detailType,
        detail: {
          metadata: {
            eventId,
            occurredAt: (context.now ?? new Date()).toISOString(),
            correlationId,
            ...(causationId ? { causationId } : {}),
            version,
          },
          data: schema.parse(data) as z.output<S>,
        },
      };
    },
    parse(detail) {
      return envelopeSchema.parse(detail) as EventEnvelope<z.output<S>>;
    },
  };
}
