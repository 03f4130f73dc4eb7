import { appointmentsService } from '../../services/appointments/service';
import {
  beforeEnd,
  counterRange,
  DynamoAppointmentsRepository,
  reminderRange,
  siteAppointmentRange,
  table,
  toCounter,
  toReminder,
} from '../../services/appointments/store/appointments.repository';
import type { AppointmentsDeps } from '../../services/appointments/use-cases/appointments.use-cases';
import type { UnitOfWork } from '../dynamo/unit-of-work';
import { newId } from '../validation/common.schema';
import { MemoryDatabase } from './memory-database';
import { MemoryUnitOfWork } from './memory-unit-of-work';
import { type CommittedEvent, committedEvents } from './outbox.memory';
import { withMemoryTables } from './tables';

/**
 * The in-memory twin of the appointments store (ADR 0023): the DynamoDB store's own writes
 * (same items, keys and conditions), its reads answered from a `MemoryDatabase`.
 */
export class MemoryAppointmentsRepository extends DynamoAppointmentsRepository {
  constructor(readonly database: MemoryDatabase) {
    super();
  }

  protected override async read(key: { pk: string; sk: string }) {
    return this.database.get(table(), key);
  }

  override async countersBetween(siteId: string, fromMs: number, toMs: number) {
    return this.database
      .query(table(), { partition: { name: 'pk', value: `SITE#${siteId}` }, sort: { name: 'sk', between: counterRange(fromMs, toMs) } })
      .items.map(toCounter);
  }

  protected override async siteAppointmentIds(siteId: string, fromIso: string, toIso: string) {
    return this.database
      .query(table(), {
        partition: { name: 'pk', value: `SITE#${siteId}` },
        sort: { name: 'sk', between: siteAppointmentRange(fromIso, toIso) },
      })
      .items.filter((i) => beforeEnd(i, toIso))
      .map((i) => String(i.appointmentId));
  }

  override async dueReminders(day: string, untilIso: string) {
    return this.database
      .query(table(), { partition: { name: 'pk', value: `REMINDERS#${day}` }, sort: { name: 'sk', between: reminderRange(untilIso) } })
      .items.map(toReminder);
  }
}

/** Everything a unit test of the appointments use cases needs: twin database, deps with a clock the test moves. */
export function memoryAppointments(options: { now?: Date } = {}) {
  withMemoryTables(appointmentsService);
  const database = new MemoryDatabase();
  const repository = new MemoryAppointmentsRepository(database);
  let now = options.now ?? new Date('2026-03-02T09:00:00.000Z');
  const deps: AppointmentsDeps = {
    repository,
    clock: { now: () => now },
    newId,
    reminderRules: () => ({
      daysBefore: 1,
      time: '10:00',
      monthlyBudget: 1000,
      quietHours: { start: '20:00', end: '09:00' },
      quietDays: ['sun'],
    }),
    newUnitOfWork: () => new MemoryUnitOfWork(database),
  };
  return {
    database,
    repository,
    deps,
    setNow(at: Date | string) {
      now = new Date(at);
    },
    async write(fn: (uow: UnitOfWork) => void) {
      const uow = new MemoryUnitOfWork(database);
      fn(uow);
      await uow.commit();
    },
    events(detailType?: string): CommittedEvent[] {
      return committedEvents(database, table(), detailType);
    },
  };
}
