/**
 * The referral's appointments at the partner's (issue 17 point 5, ADR 0039), on the referral's
 * page beside its timeline: when and where, and each step with its date — booked, then
 * cancelled, honoured (the person came) or missed (she did not come and did not cancel).
 */
import type { Referral } from '../api/types';
import { formatDateTime } from '../labels';
import { CHANNEL, slotLabel } from './slot-label';

type ReferralAppointment = NonNullable<Referral['appointments']>[number];

const STEP_LABELS: Readonly<Record<ReferralAppointment['status'], string>> = {
  booked: 'Rendez-vous pris',
  cancelled: 'Rendez-vous annulé',
  honoured: 'Rendez-vous honoré : la personne est venue',
  missed: 'Rendez-vous manqué : la personne n’est pas venue',
};

export function ReferralAppointments({ appointments }: { appointments: readonly ReferralAppointment[] | undefined }) {
  if (!appointments?.length) return null;
  return (
    <div data-testid="referral-appointments">
      <h3>Rendez-vous chez le partenaire</h3>
      <ul className="plain-list">
        {appointments.map((a) => (
          <li key={a.appointmentId} data-status={a.status}>
            <p>
              <strong>{slotLabel(a.start)}</strong> ({CHANNEL[a.channel]}){a.siteName ? ` — ${a.siteName}` : ''}
            </p>
            <ol className="timeline timeline--referral">
              {a.steps.map((step) => (
                <li key={step.status} className="timeline__item">
                  <p className="timeline__what">
                    {STEP_LABELS[step.status]}, <time dateTime={step.at}>{formatDateTime(step.at)}</time>
                  </p>
                </li>
              ))}
            </ol>
          </li>
        ))}
      </ul>
    </div>
  );
}
