import { UnitOfWork } from '../../../shared/dynamo/unit-of-work';
import { ConflictError } from '../../../shared/errors/errors';
import type { ParcoursDeps } from '../domain/parcours.ports';
import { markReminded, overdueToRemind, parisDate } from '../domain/parcours.rules';
import { ActionOverdue } from '../events/parcours.events';

const BATCH = 50;

/**
 * Remind the owners of overdue actions.
 * Primary course: every hour the schedule asks the sparse `due` index for active parcours whose
 * earliest unreminded due date is before today (Paris) → for each, the overdue actions not done
 * are marked reminded and one `ActionOverdue` per action is published, in one transaction →
 * the notifier tells each owner. Each action is reminded once (again only if its due date
 * changes); a parcours changed meanwhile is taken up by the next run.
 */
export function makeRemindOverdueActions(deps: ParcoursDeps) {
  const { repository, clock } = deps;
  return {
    async execute(): Promise<{ reminded: number }> {
      const now = clock.now();
      const today = parisDate(now);
      let reminded = 0;
      const seen = new Set<string>();
      for (;;) {
        const ids = (await repository.dueParcours(today, BATCH)).filter((id) => !seen.has(id));
        if (ids.length === 0) break;
        for (const id of ids) {
          seen.add(id);
          const p = await repository.getParcours(id);
          if (!p) continue;
          const due = overdueToRemind(p, today);
          const uow = new UnitOfWork();
          // Even with nothing to remind, saving recomputes the index entry (it leaves the index).
          const next = markReminded(p, new Set(due.map((d) => d.action.id)), now);
          repository.saveParcours(uow, next, p);
          for (const { goal, action, owner } of due) {
            repository.publish(
              uow,
              ActionOverdue.create(
                {
                  parcoursId: p.id,
                  goalId: goal.id,
                  actionId: action.id,
                  ownerMemberId: action.ownerMemberId,
                  ...(owner?.userId ? { ownerUserId: owner.userId } : {}),
                  ownerOrganisationId: owner?.organisationId ?? '',
                  dueDate: action.dueDate,
                },
                { now },
              ),
            );
          }
          try {
            await uow.commit();
            reminded += due.length;
          } catch (error) {
            if (error instanceof ConflictError) continue;
            throw error;
          }
        }
      }
      return { reminded };
    },
  };
}
