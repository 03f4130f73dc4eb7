import { lazy, StrictMode, Suspense } from 'react';
import { createRoot } from 'react-dom/client';
import { isAppointmentLinkHash, isBookingLinkHash } from './appointments/booking-link-hash';
import { isMonEspacePath } from './espace/espace-hash';
import { isSurveyLinkHash } from './surveys/survey-link-hash';
import { isReferralLinkHash, isReviewLinkHash } from './router';
import './zod-locale';
// The styles every application shares; each component imports its own beside it (ADR 21).
import './styles/base.css';
import './styles/forms-base.css';
import './styles/lists.css';
import './styles/figures.css';
import './styles/intake.css';
import './styles/surveys.css';

/**
 * Several applications share this page: the public map at the real path `/carte` (embedded by the
 * département's website, no sign-in), the page a partner without an account opens from a
 * referral's signed link (`#/orientation/<token>`, no sign-in) or from a directory review link
 * (`#/verification/<token>`), the page a person opens from her self-booking link
 * (`#/rendez-vous/<token>`, no sign-in), from her appointment's SMS to cancel or move it
 * (`#/rdv/<token>`, no sign-in) or from a survey SMS's link (`#/reponse/<token>`, no
 * sign-in), the person's own space at the real path `/mon-espace`
 * (her own sign-in, never the professionals' screens), and the signed-in application
 * everywhere else (hash routes). Each is its own chunk: the public pages do not download the
 * signed-in screens.
 */
const isPublicMap = /^\/carte(\/|$)/.test(window.location.pathname);
const Application = isPublicMap
  ? lazy(() => import('./public/public-map.app'))
  : isMonEspacePath(window.location.pathname)
    ? lazy(() => import('./espace/mon-espace.app'))
    : isReferralLinkHash(window.location.hash)
      ? lazy(() => import('./public/referral-link.app'))
      : isReviewLinkHash(window.location.hash)
        ? lazy(() => import('./public/review-link.app'))
        : isBookingLinkHash(window.location.hash)
          ? lazy(() => import('./appointments/booking-link.app'))
          : isAppointmentLinkHash(window.location.hash)
            ? lazy(() => import('./appointments/appointment-link.app'))
            : isSurveyLinkHash(window.location.hash)
              ? lazy(() => import('./surveys/survey-link.app'))
              : lazy(() => import('./app'));

const root = document.getElementById('root');
if (!root) throw new Error('#root is missing from index.html');
createRoot(root).render(
  <StrictMode>
    <Suspense fallback={null}>
      <Application />
    </Suspense>
  </StrictMode>,
);
