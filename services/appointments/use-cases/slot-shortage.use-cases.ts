import { UnitOfWork } from '../../../shared/dynamo/unit-of-work';
import type { AppointmentsRepository } from '../domain/appointments.ports';
import { toParis } from '../domain/paris-time';
import { workingDaysAhead } from '../domain/working-days';
import { AppointmentSlotShortage } from '../events/appointments.events';
import { type AppointmentsDeps, bookOf } from './appointments.use-cases';

/** How far the alert looks: this many working days from tomorrow (issue 17: « the next 10 working days »). */
export const SHORTAGE_WORKING_DAYS = 10;

export interface ShortageOutcome {
  checked: number;
  /** Alerts published today (a shortage that started). */
  alerted: number;
  /** Shortages already told, still there: nothing sent again. */
  ongoing: number;
  /** Shortages over (slots came back): the next one will be told. */
  ended: number;
  /** The organisation's agenda did not answer: tried again tomorrow. */
  unavailable: number;
}

/**
 * The daily slot-shortage check (issue 17, point 6).
 * Primary course: for each site that publishes availability, its organisation's book is asked
 * for one free slot from now to the end of the 10th working day (weekends and French public
 * holidays not counted) → none, and no shortage is remembered: the shortage is remembered and
 * `AppointmentSlotShortage` published in the same transaction (notifications tells the partner
 * and the coordination) → none, and already remembered: nothing (one alert per shortage, not one
 * a day) → some again: the shortage is forgotten, so the next one is told.
 */
export function makeCheckSlotShortage(deps: AppointmentsDeps) {
  const repository: AppointmentsRepository = deps.repository;
  const open = () => deps.newUnitOfWork?.() ?? new UnitOfWork();
  return {
    async execute(): Promise<ShortageOutcome> {
      const now = deps.clock.now();
      const today = toParis(now.getTime()).date;
      const to = workingDaysAhead(today, SHORTAGE_WORKING_DAYS);
      const outcome: ShortageOutcome = { checked: 0, alerted: 0, ongoing: 0, ended: 0, unavailable: 0 };
      for (const siteId of await repository.sitesWithAvailability()) {
        const site = await repository.getSite(siteId);
        if (!site) continue;
        outcome.checked++;
        let free: boolean;
        try {
          const book = await bookOf(deps, site.organisationId);
          free = (await book.freeSlots(site, { from: today, to, now, limit: 1 })).length > 0;
        } catch {
          outcome.unavailable++;
          continue;
        }
        const told = await repository.getShortage(siteId);
        const uow = open();
        if (free) {
          if (!told) continue;
          repository.endShortage(uow, siteId);
          await uow.commit();
          outcome.ended++;
          continue;
        }
        if (told) {
          outcome.ongoing++;
          continue;
        }
        // Remembered only if not already (two runs racing: one alert).
        repository.startShortage(uow, { siteId, since: now.toISOString(), to });
        repository.publish(
          uow,
          AppointmentSlotShortage.create({
            siteId,
            organisationId: site.organisationId,
            siteName: site.name,
            from: today,
            to,
            workingDays: SHORTAGE_WORKING_DAYS,
            at: now.toISOString(),
          }),
        );
        try {
          await uow.commit();
          outcome.alerted++;
        } catch {
          outcome.ongoing++;
        }
      }
      return outcome;
    },
  };
}
