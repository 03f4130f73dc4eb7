import { MONTHS } from '../../../shared/text/french';
import { INDICATORS_SETTINGS } from '../indicators.settings';

/**
 * The nine indicators the département reports to the State (DOMAIN.md), with their plain-French
 * definitions and targets. ADR 0013 explains each choice.
 */
export const INDICATOR_IDS = [
  'receptionPointsOnMap',
  'populationWithin30Minutes',
  'professionalsTrained',
  'networkOrganisations',
  'organisationsMeasuringSatisfaction',
  'referentPopulationCoverage',
  'referentPartners',
  'peopleAccompanied',
  'closedParcoursWithAssessment',
] as const;
export type IndicatorId = (typeof INDICATOR_IDS)[number];

export interface IndicatorDefinition {
  label: string;
  unit: 'ratio' | 'personnes' | 'structures';
  definition: string;
  /** The target of a year, if the State set one. */
  target(year: number): number | undefined;
}

/** First year of the référent de parcours pilot: targets 0 % → 50 % → 100 % and 10 → 20 persons. */
export function referentFirstYear(): number {
  // The declared rule and default (checked at start-up and cold start, so never refused here).
  return INDICATORS_SETTINGS.RELAIS_REFERENT_FIRST_YEAR.schema.parse(process.env.RELAIS_REFERENT_FIRST_YEAR);
}

const always = (value: number) => () => value;

export const DEFINITIONS: Record<IndicatorId, IndicatorDefinition> = {
  receptionPointsOnMap: {
    label: 'Lieux d’accueil du réseau visibles sur la carte',
    unit: 'ratio',
    definition:
      'Part des lieux d’accueil inconditionnel des structures membres du réseau qui sont publiés sur la carte publique (état du réseau à la fin de l’année, ou aujourd’hui pour l’année en cours).',
    target: always(1),
  },
  populationWithin30Minutes: {
    label: 'Population à moins de 30 minutes d’un accueil inconditionnel',
    unit: 'ratio',
    definition:
      'Part de la population du département vivant à moins de 30 minutes par la route d’un lieu d’accueil inconditionnel, calculée commune par commune et pondérée par la population (dernier calcul de l’année).',
    target: always(1),
  },
  professionalsTrained: {
    label: 'Professionnels formés',
    unit: 'personnes',
    definition:
      'Nombre de professionnels différents ayant participé dans l’année à une formation ou à une immersion croisée du réseau ; les outils mis en place sont comptés par type.',
    target: () => undefined,
  },
  networkOrganisations: {
    label: 'Structures engagées dans le réseau',
    unit: 'structures',
    definition: 'Nombre de structures membres du réseau, par type (recensement à la fin de l’année, ou aujourd’hui pour l’année en cours).',
    target: () => undefined,
  },
  organisationsMeasuringSatisfaction: {
    label: 'Structures mesurant la satisfaction des personnes',
    unit: 'ratio',
    definition: 'Part des structures membres du réseau ayant envoyé au moins une enquête de satisfaction dans l’année.',
    target: always(1),
  },
  referentPopulationCoverage: {
    label: 'Population couverte par la démarche du référent de parcours',
    unit: 'ratio',
    definition:
      'Part de la population du département vivant dans un territoire où la démarche du référent de parcours est déployée au 31 décembre de l’année (ou aujourd’hui pour l’année en cours).',
    target: (year) => {
      const step = year - referentFirstYear();
      return step < 0 ? undefined : step === 0 ? 0 : step === 1 ? 0.5 : 1;
    },
  },
  referentPartners: {
    label: 'Partenaires associés aux parcours',
    unit: 'structures',
    definition: 'Nombre de structures différentes, autres que celle du référent, devenues membres d’un parcours dans l’année.',
    target: () => undefined,
  },
  peopleAccompanied: {
    label: 'Personnes accompagnées par un référent de parcours',
    unit: 'personnes',
    definition: 'Nombre de personnes différentes dont un parcours a été ouvert à un moment de l’année.',
    target: (year) => {
      const step = year - referentFirstYear();
      return step < 0 ? undefined : step === 0 ? 10 : 20;
    },
  },
  closedParcoursWithAssessment: {
    label: 'Parcours clos avec un bilan',
    unit: 'ratio',
    definition:
      'Part des parcours clos dans l’année dont la clôture comporte un bilan de fin d’accompagnement (sans valeur quand aucun parcours n’a été clos).',
    target: always(1),
  },
};

export const CHANNEL_LABELS: Record<string, string> = {
  site: 'Sur place',
  phone: 'Téléphone',
  home_visit: 'Visite à domicile',
  video: 'Visioconférence',
  mail: 'Courrier',
};

export const DECLINE_REASON_LABELS: Record<string, string> = {
  hors_competence: 'Hors de nos compétences',
  conditions_non_remplies: 'Conditions non remplies',
  deja_accompagnee: 'Personne déjà accompagnée',
  personne_injoignable: 'Personne injoignable',
  capacite_insuffisante: 'Capacité insuffisante',
  autre: 'Autre motif',
};

export const TOOL_LABELS: Record<string, string> = {
  formation: 'Formations',
  immersion: 'Immersions croisées',
  rencontre: 'Rencontres',
  conference: 'Conférences',
};

/** The months, for the report's monthly rows (the kernel's French text). */
export const MONTH_LABELS: readonly string[] = MONTHS;
