import type * as z from 'zod';
import type { Actor } from '../auth/actor';
import { type ActionId, passesGate } from '../auth/policy';
import { UnitOfWork } from '../dynamo/unit-of-work';
import { kernelErrors } from '../errors/catalogue';
import type { AppError } from '../errors/errors';
import type { EventDefinition, OutgoingEvent } from '../events/envelope';
import { zodIssuesToFieldErrors } from '../http/route-handler';

/**
 * What every use case may take from its service's dependencies. `clock` gives `now`;
 * `newUnitOfWork` opens a unit of work (the port: DynamoDB in production, the in-memory twin in
 * unit tests, ADR 0023); `repository.publish` writes an event to the service's outbox.
 */
export interface UseCaseDeps {
  clock?: { now(): Date };
  newUnitOfWork?: () => UnitOfWork;
  repository?: { publish?(uow: UnitOfWork, event: OutgoingEvent): void };
}

/** Who may call: an account (default), anyone or nobody in particular (a schedule, a signed link the use case checks). */
export type ActorRule = 'required' | 'none';
type ActorOf<R extends ActorRule> = R extends 'required' ? Actor : Actor | null;

/** What a use case's `run` receives. */
export interface UseCaseContext<I, D, A> {
  input: I;
  actor: A;
  /** The unit of work of this call: every write and event goes in it, committed together. */
  uow: UnitOfWork;
  deps: D;
  /** One instant for the whole call (its records, its events). */
  now: Date;
  /** The request's correlation id (ADR 0020); absent, events take the ambient one. */
  correlationId?: string;
  /**
   * Announce an event in this call's transaction (outbox), or in `into` (a unit of work from
   * `openUnitOfWork`); only an event the use case declares in `emits`.
   */
  emit<S extends z.ZodType>(event: EventDefinition<S>, data: z.input<S>, into?: UnitOfWork): OutgoingEvent<z.output<S>>;
  /** Another unit of work, committed by the use case itself (a batch moving records one transaction each). */
  openUnitOfWork(): UnitOfWork;
}

export interface UseCaseSpec<S extends z.ZodType, D extends UseCaseDeps, O, R extends ActorRule> {
  /** `<service>.<useCase>`, e.g. `intake.sendReferral`. */
  name: string;
  /** The input, parsed before anything else: every bad field listed (400 `kernel.validation`), nothing written. */
  input: S;
  /** Where the input's fields are named in field errors (`body` by default, as the route handler names them). */
  inputPath?: string;
  actor?: R;
  /** The policy action (shared/auth/policy.ts): its role gate is checked before `run` (403 `kernel.forbidden`). */
  action?: ActionId;
  /** The refusal when the gate is not passed (default: `kernel.forbidden`). */
  refusal?: () => AppError;
  /** The events the use case may announce (its contract, listed in its documentation and tests). */
  emits?: readonly EventDefinition<z.ZodType>[];
  run(context: UseCaseContext<z.output<S>, D, ActorOf<R>>): Promise<O>;
}

export interface ExecutionContext {
  /**
   * The caller's unit of work (a route handler's, committed by it with the idempotency record):
   * the use case writes into it and does not commit. Absent, the use case opens its own and
   * commits it before returning.
   */
  uow?: UnitOfWork;
  correlationId?: string;
}

export interface UseCase<S extends z.ZodType, O, R extends ActorRule> {
  readonly name: string;
  readonly emits: readonly EventDefinition<z.ZodType>[];
  execute(input: z.input<S>, actor: ActorOf<R>, context?: ExecutionContext): Promise<O>;
}

/**
 * Declare a use case once (ADR 0023): its input schema, who may call it, the events it
 * announces and what it does. The builder parses the input, checks the actor against the
 * policy's role gate, opens the unit of work (or joins the caller's), runs, and commits — so
 * the state, its events (outbox) and its audit lines are written together or not at all. Give
 * it a service's dependencies to get the callable use case.
 */
export function defineUseCase<S extends z.ZodType, D extends UseCaseDeps, O, R extends ActorRule = 'required'>(
  spec: UseCaseSpec<S, D, O, R>,
): (deps: D) => UseCase<S, O, R> {
  const emits = spec.emits ?? [];
  const declared = new Set(emits.map((e) => `${e.source}|${e.detailType}`));
  return (deps) => ({
    name: spec.name,
    emits,
    async execute(rawInput, actor, context = {}) {
      const parsed = spec.input.safeParse(rawInput);
      if (!parsed.success)
        throw kernelErrors.error('validation', { errors: zodIssuesToFieldErrors(spec.inputPath ?? 'body', parsed.error) });
      if ((spec.actor ?? 'required') === 'required' && !actor) throw kernelErrors.error('unauthorised');
      if (spec.action && !passesGate(spec.action, actor)) throw spec.refusal?.() ?? kernelErrors.error('forbidden');
      const openUnitOfWork = () => deps.newUnitOfWork?.() ?? new UnitOfWork();
      const uow = context.uow ?? openUnitOfWork();
      const now = deps.clock?.now() ?? new Date();
      const output = await spec.run({
        input: parsed.data as z.output<S>,
        actor: actor as ActorOf<R>,
        uow,
        deps,
        now,
        correlationId: context.correlationId,
        openUnitOfWork,
        emit(definition, data, into = uow) {
          if (!declared.has(`${definition.source}|${definition.detailType}`)) {
            throw new Error(`${spec.name} announces ${definition.detailType}, which it does not declare in emits`);
          }
          const publish = deps.repository?.publish;
          if (!publish) throw new Error(`${spec.name}: no outbox to announce ${definition.detailType}`);
          const event = definition.create(data, { correlationId: context.correlationId, now });
          publish.call(deps.repository, into, event);
          return event;
        },
      });
      if (!context.uow) await uow.commit();
      return output;
    },
  });
}
