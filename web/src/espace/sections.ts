import type { ComponentType } from 'react';
import { MyConsentsPage } from './my-consents.page';
import { MyDataPage } from './my-data.page';
import { MyDetailsPage } from './my-details.page';
import { MyFilePage } from './my-file.page';
import { MyStepsPage } from './my-steps.page';
import { MySummaryPage } from './my-summary.page';
import { MySurveyPage } from './my-survey.page';
import { ReadsPage } from './reads.page';

/**
 * The pages of « Mon espace » (the person's own space, `/mon-espace`) once she is signed in. The
 * shell lists them in its navigation and renders the one of the current hash (`#/<path>`); each
 * page receives her token and calls the `/api/me/person/*` routes with it
 * (`requestJson`/`getJson`/`postJson` of `../api/http`). A feature adds its page here, and nowhere else.
 */
export interface PersonSection {
  /** Hash path, without `#/` (`''` is the home page of her space). */
  path: string;
  /** Link text in the navigation, plain French. */
  label: string;
  Component: ComponentType<{ token: string }>;
}

export const SECTIONS: PersonSection[] = [
  { path: '', label: 'Mon dossier', Component: MyFilePage },
  { path: 'demarches', label: 'Mes démarches', Component: MyStepsPage },
  { path: 'consultations', label: 'Qui a consulté mon dossier', Component: ReadsPage },
  { path: 'accords', label: 'Mes accords', Component: MyConsentsPage },
  { path: 'coordonnees', label: 'Mes coordonnées', Component: MyDetailsPage },
  { path: 'enquete', label: 'Mon avis sur l’accueil', Component: MySurveyPage },
  { path: 'donnees', label: 'Télécharger mes données', Component: MyDataPage },
  { path: 'resume', label: 'Mon résumé à imprimer', Component: MySummaryPage },
];
