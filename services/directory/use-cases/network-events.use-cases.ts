import { createHash } from 'node:crypto';
import type { Actor } from '../../../shared/auth/actor';
import { normalizeText } from '../../../shared/validation/text';
import type { DirectoryDeps } from '../domain/directory.ports';
import type { CreateNetworkEventInput, NetworkEvent } from '../domain/directory.schema';
import { NetworkEventRecorded } from '../events/directory.events';
import type { WriteContext } from './organisations.use-cases';
import { directoryErrors } from '../errors';

/**
 * A professional is the same person across events when the name (accents, case and spacing
 * aside) and the organisation match. Outside this service only a hash of that key travels.
 */
export const participantKey = (p: { name: string; organisationId: string }) => `${normalizeText(p.name)}#${p.organisationId}`;
const hashedKey = (key: string) => createHash('sha256').update(key).digest('hex').slice(0, 32);

/**
 * Record a network event (formation interinstitutionnelle, immersion croisée, rencontre
 * métier, conférence) with its participants.
 * Primary course: the coordinator records it → stored, `NetworkEventRecorded` announced with
 * hashed participant keys for the "professionals reached" indicator.
 */
export function makeRecordNetworkEvent({ repository, clock, newId }: DirectoryDeps) {
  return {
    async execute(input: CreateNetworkEventInput, _actor: Actor, ctx: WriteContext): Promise<NetworkEvent> {
      const organisationIds = [...new Set(input.participants.map((p) => p.organisationId))];
      const known = await Promise.all(organisationIds.map((id) => repository.getOrganisation(id)));
      const unknown = input.participants.flatMap((p, index) =>
        known[organisationIds.indexOf(p.organisationId)]
          ? []
          : [{ path: `body.participants.${index}.organisationId`, message: 'Structure inconnue' }],
      );
      if (unknown.length) throw directoryErrors.error('network-event.unknown-participants', { errors: unknown });
      // The same professional listed twice counts once.
      const seen = new Set<string>();
      const participants = input.participants.filter((p) => {
        const key = participantKey(p);
        if (seen.has(key)) return false;
        seen.add(key);
        return true;
      });
      const now = clock.now();
      const event: NetworkEvent = {
        id: newId(),
        ...input,
        participants,
        version: 1,
        createdAt: now.toISOString(),
        updatedAt: now.toISOString(),
      };
      repository.saveNetworkEvent(ctx.uow, event);
      repository.publish(
        ctx.uow,
        NetworkEventRecorded.create(
          {
            networkEventId: event.id,
            kind: event.kind,
            date: event.date,
            change: 'created',
            participantKeys: participants.map((p) => hashedKey(participantKey(p))),
            organisationIds,
          },
          { correlationId: ctx.correlationId, now },
        ),
      );
      return event;
    },
  };
}

/** Distinct professionals reached in a year, in total and per kind of event. */
export function networkReach(year: number, events: NetworkEvent[]) {
  const all = new Set<string>();
  const byKind: Record<string, { events: number; keys: Set<string> }> = {};
  let participations = 0;
  for (const event of events) {
    byKind[event.kind] ??= { events: 0, keys: new Set() };
    const kind = byKind[event.kind] as { events: number; keys: Set<string> };
    kind.events++;
    for (const p of event.participants) {
      participations++;
      all.add(participantKey(p));
      kind.keys.add(participantKey(p));
    }
  }
  return {
    year,
    events: events.length,
    participations,
    professionalsReached: all.size,
    byKind: Object.fromEntries(Object.entries(byKind).map(([k, v]) => [k, { events: v.events, professionalsReached: v.keys.size }])),
  };
}
