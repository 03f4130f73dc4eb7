/**
 * The printable appointment slip (issue 17 point 7): what the person takes home after a
 * referral's appointment was booked — the date and time in words, the place with its address,
 * its phone to call to cancel or move it, how it is held. From the referral's page (sender or
 * receiver); on paper, the slip alone (the print stylesheet hides the application around it).
 */
import { useApiQuery } from '../api/queries';
import type { Referral, Site } from '../api/types';
import { RecordGate, recordWords } from '../components/record-page';
import { PageHeading } from '../components/page-heading';
import { ErrorNotice } from '../components/status';
import { formatPhone } from '../labels';
import { links } from '../router';
import './appointment-slip.css';
import { PARIS } from './slot-label';

type ReferralAppointment = NonNullable<Referral['appointments']>[number];

/** « mardi 15 décembre 2026 » (Paris day, « 1er »). */
export function dayInWords(iso: string): string {
  const parts = new Intl.DateTimeFormat('fr-FR', {
    timeZone: PARIS,
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
  }).formatToParts(new Date(iso));
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  const day = part('day') === '1' ? '1er' : part('day');
  return `${part('weekday')} ${day} ${part('month')} ${part('year')}`;
}

/** « 9 h 30 », « 14 h » (Paris time). */
export function timeInWords(iso: string): string {
  const parts = new Intl.DateTimeFormat('fr-FR', { timeZone: PARIS, hour: 'numeric', minute: '2-digit', hourCycle: 'h23' }).formatToParts(
    new Date(iso),
  );
  const hour = Number(parts.find((p) => p.type === 'hour')?.value ?? '0');
  const minute = parts.find((p) => p.type === 'minute')?.value ?? '00';
  return `${hour} h${minute === '00' ? '' : ` ${minute}`}`;
}

const HOW: Readonly<Record<ReferralAppointment['channel'], string>> = {
  site: 'Présentez-vous à l’accueil du lieu ci-dessous.',
  phone: 'C’est un rendez-vous par téléphone : vous serez appelé(e) au numéro que vous avez donné.',
  video: 'C’est un rendez-vous en visio : le lien vous sera envoyé avant le rendez-vous.',
};

function Slip({ referral, appointment }: { referral: Referral; appointment: ReferralAppointment }) {
  const site = useApiQuery<Site>(`/api/sites/${appointment.siteId}`);
  const place = site.state.status === 'ready' ? site.state.value : undefined;
  const address = appointment.siteAddress ?? place?.address;
  const phone = place?.phone;
  return (
    <>
      <p className="breadcrumb no-print">
        <a href={links.referral(referral.id)}>Orientation vers {referral.toOrganisationName}</a> › Convocation
      </p>
      <article className="slip print-plan" data-testid="appointment-slip" aria-labelledby="convocation-titre">
        <div id="convocation-titre">
          <PageHeading title="Votre rendez-vous">
            Votre rendez-vous
            {referral.person ? (
              <span className="slip__for">
                {' '}
                pour {referral.person.firstName} {referral.person.lastName}
              </span>
            ) : null}
          </PageHeading>
        </div>
        {appointment.status === 'cancelled' ? <ErrorNotice>Ce rendez-vous a été annulé.</ErrorNotice> : null}
        <p className="slip__when" data-testid="slip-when">
          Le <time dateTime={appointment.start}>{dayInWords(appointment.start)}</time>, à {timeInWords(appointment.start)}
        </p>
        <p>{HOW[appointment.channel]}</p>
        <h2>Où</h2>
        <address className="slip__place">
          <strong>{referral.toOrganisationName}</strong>
          {(appointment.siteName ?? place?.name) ? (
            <>
              <br />
              {appointment.siteName ?? place?.name}
            </>
          ) : null}
          {address ? (
            <>
              <br />
              {address}
            </>
          ) : null}
          {phone ? (
            <>
              <br />
              Téléphone : <a href={`tel:${phone}`}>{formatPhone(phone)}</a>
            </>
          ) : null}
        </address>
        <h2>Si vous ne pouvez pas venir</h2>
        <p>
          {phone
            ? `Prévenez le plus tôt possible en appelant le ${formatPhone(phone)}, pour annuler ou changer de jour : la place sera donnée à quelqu’un d’autre.`
            : 'Prévenez le plus tôt possible la structure qui vous a orienté(e), pour annuler ou changer de jour : la place sera donnée à quelqu’un d’autre.'}
        </p>
        <p className="slip__from">Rendez-vous pris par {referral.fromOrganisationName}.</p>
      </article>
      <div className="button-row no-print">
        <button type="button" className="button" onClick={() => window.print()}>
          Imprimer la convocation
        </button>
        <a className="button button--secondary" href={links.referral(referral.id)}>
          Retour à l’orientation
        </a>
      </div>
    </>
  );
}

/** `#/orientations/<id>/convocation?rdv=<appointmentId>`: the slip of one appointment (default: the latest). */
export function AppointmentSlipPage({ id, appointmentId }: { id: string; appointmentId?: string }) {
  const { state, reload } = useApiQuery<Referral>(`/api/referrals/${id}`);
  const words = recordWords('Convocation', 'Chargement du rendez-vous…', 'Orientation introuvable');
  return (
    <RecordGate state={state} {...words} onRetry={reload}>
      {(referral) => {
        const all = referral.appointments ?? [];
        const appointment = appointmentId ? all.find((a) => a.appointmentId === appointmentId) : all[all.length - 1];
        if (!appointment) {
          return (
            <>
              <PageHeading title="Convocation" />
              <ErrorNotice>Aucun rendez-vous n’a été pris pour cette orientation.</ErrorNotice>
              <p>
                <a href={links.referral(referral.id)}>Retour à l’orientation</a>
              </p>
            </>
          );
        }
        return <Slip referral={referral} appointment={appointment} />;
      }}
    </RecordGate>
  );
}
