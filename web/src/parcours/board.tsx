import { formatDate } from '../labels';
import { ACTION_COLUMNS, type ActionStatus, type Goal, type Parcours, type ParcoursAction, parisToday } from './parcours-types';
import { ownerLabel } from './parts';

const MOVES: Record<ActionStatus, ReadonlyArray<{ to: ActionStatus; label: string }>> = {
  todo: [
    { to: 'doing', label: 'Commencer' },
    { to: 'done', label: 'Marquer comme fait' },
  ],
  doing: [
    { to: 'todo', label: 'Remettre à faire' },
    { to: 'done', label: 'Marquer comme fait' },
  ],
  done: [{ to: 'doing', label: 'Rouvrir' }],
};

/** The plan as a board of three columns; each card moves with buttons (keyboard and screen readers, no drag). */
export function Board({
  p,
  organisationName,
  onMove,
  busy,
}: {
  p: Parcours;
  organisationName: (id: string) => string;
  onMove: (goal: Goal, action: ParcoursAction, to: ActionStatus) => void;
  busy: boolean;
}) {
  const today = parisToday();
  const members = new Map(p.members.map((m) => [m.id, m]));
  const cards = p.goals.flatMap((goal) => goal.actions.map((action) => ({ goal, action })));
  const editable = p.status !== 'closed';
  return (
    <div className="board" data-testid="plan-board">
      {ACTION_COLUMNS.map((column) => {
        const inColumn = cards.filter((c) => c.action.status === column.status);
        return (
          <section
            key={column.status}
            className="board__column"
            aria-label={`${column.label} (${inColumn.length})`}
            data-status={column.status}
          >
            <h3 className="board__title">
              {column.label} <span className="muted">({inColumn.length})</span>
            </h3>
            {inColumn.length === 0 ? <p className="muted">Aucune action.</p> : null}
            <ul className="board__cards">
              {inColumn.map(({ goal, action }) => {
                const late = action.status !== 'done' && action.dueDate < today;
                return (
                  <li key={action.id} className="board__card" data-testid="action-card">
                    <p className="board__label">
                      <strong>{action.label}</strong>
                    </p>
                    <p className="muted">Objectif : {goal.title}</p>
                    <p>Responsable : {ownerLabel(action.ownerMemberId, members, organisationName)}</p>
                    <p>
                      Échéance : {formatDate(action.dueDate)} {late ? <span className="badge badge--urgent">En retard</span> : null}
                    </p>
                    {editable ? (
                      <div className="button-row">
                        {MOVES[action.status].map((move) => (
                          <button
                            key={move.to}
                            type="button"
                            className="button button--secondary button--small"
                            disabled={busy}
                            onClick={() => onMove(goal, action, move.to)}
                          >
                            {move.label}
                            <span className="visually-hidden"> : {action.label}</span>
                          </button>
                        ))}
                      </div>
                    ) : null}
                  </li>
                );
              })}
            </ul>
          </section>
        );
      })}
    </div>
  );
}
