/**
 * The referral's appointments at the partner's (issue 17 point 5, ADR 0039), on the referral's
 * page beside its timeline: when and where, and each step with its date — booked, then
 * cancelled, honoured (the person came) or missed (she did not come and did not cancel).
 */
import type { Referral } from '../api/types';
import { formatDateTime } from '../labels';
import { calendarHref } from './calendar-link';
import { CHANNEL, slotLabel } from './slot-label';

type ReferralAppointment = NonNullable<Referral['appointments']>[number];

const STEP_LABELS: Readonly<Record<ReferralAppointment['status'], string>> = {
  booked: 'Rendez-vous pris',
  cancelled: 'Rendez-vous annulé',
  honoured: 'Rendez-vous honoré : la personne est venue',
  missed: 'Rendez-vous manqué : la personne n’est pas venue',
};

type UnusedLink = NonNullable<Referral['unusedBookingLinks']>[number];

/** The self-booking links the person let expire: she did not choose a slot (ADR 0039). */
export function UnusedBookingLinks({ links }: { links: readonly UnusedLink[] | undefined }) {
  if (!links?.length) return null;
  return (
    <ul className="plain-list" data-testid="unused-booking-links">
      {links.map((link) => (
        <li key={link.issuedAt}>
          La personne n’a pas choisi de rendez-vous avec le lien envoyé le{' '}
          <time dateTime={link.issuedAt}>{formatDateTime(link.issuedAt)}</time> : il a expiré le{' '}
          <time dateTime={link.expiresAt}>{formatDateTime(link.expiresAt)}</time>. Recontactez-la pour convenir du rendez-vous.
        </li>
      ))}
    </ul>
  );
}

export function ReferralAppointments({
  appointments,
  slipHref,
}: {
  appointments: readonly (ReferralAppointment & { siteAddress?: string })[] | undefined;
  /** The printable slip of a booked appointment, for the person (the professionals' page). */
  slipHref?: (appointmentId: string) => string;
}) {
  if (!appointments?.length) return null;
  return (
    <div data-testid="referral-appointments">
      <h3>Rendez-vous pris pour la personne</h3>
      <ul className="plain-list">
        {appointments.map((a) => (
          <li key={a.appointmentId} data-status={a.status}>
            <p>
              <strong>{slotLabel(a.start)}</strong> ({CHANNEL[a.channel]}){a.siteName ? ` — ${a.siteName}` : ''}
              {a.siteAddress ? `, ${a.siteAddress}` : ''}
            </p>
            {a.status === 'booked' ? (
              <p>
                <a href={calendarHref(a)} download="rendez-vous.ics" data-testid="appointment-ics">
                  Ajouter le rendez-vous à mon agenda (fichier .ics)
                </a>
              </p>
            ) : null}
            {a.status === 'booked' && slipHref ? (
              <p>
                <a href={slipHref(a.appointmentId)}>Convocation à imprimer pour la personne</a>
              </p>
            ) : null}
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
