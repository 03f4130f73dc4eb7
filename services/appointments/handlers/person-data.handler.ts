import { definePersonData } from '../../../shared/person-data/contract';
import { DynamoAppointmentsRepository } from '../store/appointments.repository';

const repository = new DynamoAppointmentsRepository();

const STATUS_LABEL = { booked: 'prévu', cancelled: 'annulé', honoured: 'honoré', missed: 'manqué' } as const;

/**
 * Appointments' person data (ADR 0037): her appointments. `view`: when, where (the site's name),
 * how, and their status; `export`: as stored.
 */
export const handler = definePersonData('appointments', async (personId, purpose): Promise<Record<string, unknown[]>> => {
  const appointments = (await repository.appointmentsOfPerson(personId)).sort((a, b) => b.start.localeCompare(a.start));
  if (purpose === 'export') return { appointments };
  const sites = new Map(
    await Promise.all([...new Set(appointments.map((a) => a.siteId))].map(async (id) => [id, await repository.getSite(id)] as const)),
  );
  return {
    appointments: appointments.map((a) => ({
      id: a.id,
      start: a.start,
      end: a.end,
      channel: a.channel,
      status: a.status,
      statusLabel: STATUS_LABEL[a.status],
      placeName: sites.get(a.siteId)?.name ?? 'Lieu du rendez-vous',
    })),
  };
});
