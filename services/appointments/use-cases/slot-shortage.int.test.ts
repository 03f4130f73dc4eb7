/**
 * The daily slot-shortage alert (issue 17, point 6), on DynamoDB Local with a fixed clock: a site
 * with no free slot in the next 10 working days is told once; still none the next day, nothing
 * more; slots back then none again, told again.
 */
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { Actor } from '../../../shared/auth/actor';
import { ddb } from '../../../shared/dynamo/client';
import { DynamoUnitOfWork } from '../../../shared/dynamo/unit-of-work';
import { withDynamoLocalTables } from '../../../shared/testing/tables';
import { newId } from '../../../shared/validation/common.schema';
import { workingDaysAhead } from '../domain/working-days';
import { appointmentsService } from '../service';
import { DynamoAppointmentsRepository, table } from '../store/appointments.repository';
import { type AppointmentsDeps, PutAvailability } from './appointments.use-cases';
import { makeCheckSlotShortage } from './slot-shortage.use-cases';

withDynamoLocalTables(appointmentsService);

const pilote = { id: 'user-pilote', roles: ['pilote'], organisationId: 'coordination' } as unknown as Actor;
/** Tuesdays 9:00–9:30, one place; closed for the whole spring when `closed`. */
const availability = (closed: boolean, version: number) => ({
  ranges: [{ weekday: 2, from: '09:00', to: '09:30', slotMinutes: 30, capacity: 1, channel: 'site' as const }],
  exceptions: closed ? [{ from: '2026-03-01', to: '2026-05-31', reason: 'Travaux' }] : [],
  horizonDays: 30,
  minNoticeHours: 0,
  openOnPublicHolidays: false,
  version,
});

describe('the slot-shortage alert', () => {
  it('counts 10 working days without weekends nor French public holidays', () => {
    expect(workingDaysAhead('2026-03-02', 10)).toBe('2026-03-16');
    // 1 and 8 May (Fridays), Ascension (Thursday 14 May 2026): three days more.
    expect(workingDaysAhead('2026-04-30', 10)).toBe('2026-05-19');
  });

  it('tells a shortage once, not every day, and again after slots came back and ran out', async () => {
    const repository = new DynamoAppointmentsRepository();
    let now = new Date('2026-03-02T09:00:00.000Z'); // Monday 10:00 in Paris
    const deps: AppointmentsDeps = {
      repository,
      clock: { now: () => now },
      newId,
      reminderRules: () => ({ daysBefore: 1, time: '10:00', monthlyBudget: 1000, quietHours: { start: '20:00', end: '09:00' }, quietDays: ['sun'] }),
      newUnitOfWork: () => new DynamoUnitOfWork(),
    };
    const site = { siteId: newId(), organisationId: newId(), name: 'CAF du Lot — Figeac', version: 1 };
    const uow = new DynamoUnitOfWork();
    repository.saveSite(uow, site);
    await uow.commit();
    await PutAvailability(deps).execute({ siteId: site.siteId, availability: availability(true, 0) }, pilote);

    const check = makeCheckSlotShortage(deps);
    const alerts = async () => {
      const out = await ddb().send(
        new ScanCommand({
          TableName: table(),
          FilterExpression: 'begins_with(pk, :p) AND detailType = :t',
          ExpressionAttributeValues: { ':p': 'OUTBOX#', ':t': 'AppointmentSlotShortage' },
          ConsistentRead: true,
        }),
      );
      return (out.Items ?? [])
        .map((i) => JSON.parse(i.detail as string).data)
        .filter((d: { siteId: string }) => d.siteId === site.siteId)
        .sort((a: { at: string }, b: { at: string }) => a.at.localeCompare(b.at));
    };
    const day = async (iso: string) => {
      now = new Date(iso);
      return check.execute();
    };

    // No slot (closed): one alert, in French facts only.
    expect(await day('2026-03-02T05:00:00.000Z')).toMatchObject({ alerted: 1 });
    expect(await alerts()).toEqual([
      {
        siteId: site.siteId,
        organisationId: site.organisationId,
        siteName: 'CAF du Lot — Figeac',
        from: '2026-03-02',
        to: '2026-03-16',
        workingDays: 10,
        at: '2026-03-02T05:00:00.000Z',
      },
    ]);
    // The next day, still none: no second alert.
    expect(await day('2026-03-03T05:00:00.000Z')).toMatchObject({ alerted: 0, ongoing: 1 });
    expect(await alerts()).toHaveLength(1);

    // Slots come back: the shortage is over, nothing sent.
    await PutAvailability(deps).execute({ siteId: site.siteId, availability: availability(false, 1) }, pilote);
    expect(await day('2026-03-04T05:00:00.000Z')).toMatchObject({ alerted: 0, ended: 1 });
    expect(await day('2026-03-05T05:00:00.000Z')).toMatchObject({ alerted: 0, ended: 0, ongoing: 0 });
    expect(await alerts()).toHaveLength(1);

    // None again: told again.
    await PutAvailability(deps).execute({ siteId: site.siteId, availability: availability(true, 2) }, pilote);
    expect(await day('2026-03-06T05:00:00.000Z')).toMatchObject({ alerted: 1 });
    const told = await alerts();
    expect(told).toHaveLength(2);
    expect(told[1]).toMatchObject({ from: '2026-03-06', to: '2026-03-20' });
  });
});
