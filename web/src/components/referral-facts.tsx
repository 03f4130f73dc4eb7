/**
 * What a referral's page and its signed link's page (public/referral-link.app.tsx) both show:
 * its status badges, its reason and themes, its liaison note.
 */
import { LiaisonNote } from '../intake/referral-parts';
import { REFERRAL_STATUS_BADGE, referralStatusLabel } from '../labels';
import { Fact, RecordSection } from './record-parts';
import { ThemeList } from './theme-list';

/** For a referral without the person's identity. */
export const ANONYMOUS = 'Personne anonyme : voir la fiche de liaison.';

/** Its status, and « Urgente » when it is. */
export function ReferralBadges({ referral }: { referral: { status: keyof typeof REFERRAL_STATUS_BADGE; urgency?: string } }) {
  return (
    <>
      <span className={`badge ${REFERRAL_STATUS_BADGE[referral.status]}`} data-testid="referral-status">
        {referralStatusLabel(referral.status)}
      </span>
      {referral.urgency === 'urgent' ? <span className="badge badge--urgent">Urgente</span> : null}
    </>
  );
}

/** Why the person is referred: the reason and the themes (inside `Facts`). */
export function ReferralAbout({ referral }: { referral: { reason?: string; themes?: readonly string[] } }) {
  return (
    <>
      <Fact label="Motif">{referral.reason}</Fact>
      <Fact label="Thématiques">
        <ThemeList themes={referral.themes ?? []} />
      </Fact>
    </>
  );
}

export function LiaisonSection({ text }: { text?: string }) {
  return (
    <RecordSection title="Fiche de liaison">
      <LiaisonNote text={text ?? ''} />
    </RecordSection>
  );
}
