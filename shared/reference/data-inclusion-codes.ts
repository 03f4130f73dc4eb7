/**
 * data·inclusion v1 codes (schema v1.0.8, Licence Ouverte 2.0): the values the API accepts, without
 * their French labels. Validation (the directory's and intake's schemas, the import formats) reads
 * these; the labels are in data-inclusion.ts, for exports, notifications, the person's file and
 * the SPA, so that a function validating a code does not carry every label (ADR 0052). A test
 * compares both with the official schema files.
 */

/**
 * Thématiques (`categorie--sous-thematique`), written by category: the category is the part before
 * `--`, itself accepted as a theme.
 */
const THEMES_BY_CATEGORY = {
  'choisir-un-metier': [
    'confirmer-son-choix-de-metier',
    'connaitre-les-opportunites-demploi',
    'decouvrir-un-metier-ou-un-secteur-dactivite',
    'identifier-ses-points-forts-et-ses-competences',
  ],
  'creer-une-entreprise': [
    'definir-son-projet-de-creation-dentreprise',
    'developper-son-entreprise',
    'structurer-son-projet-de-creation-dentreprise',
  ],
  'difficultes-administratives-ou-juridiques': [
    'accompagnement-aux-demarches-administratives',
    'accompagnement-pour-lacces-a-la-citoyennete',
    'accompagnement-pour-lacces-aux-droits',
    'beneficier-dune-mesure-daccompagnement-adapte',
    'connaitre-ses-droits-face-a-une-discrimination',
    'prendre-en-compte-une-problematique-judiciaire',
  ],
  'difficultes-financieres': [
    'acquerir-une-autonomie-budgetaire',
    'ameliorer-sa-gestion-budgetaire',
    'mettre-en-place-une-mesure-de-protection-financiere',
    'prevenir-une-degradation-de-la-situation-financiere',
    'situation-dendettement-surendettement',
  ],
  'equipement-et-alimentation': ['aide-menagere', 'alimentation', 'electromenager', 'habillement'],
  famille: [
    'garde-denfants',
    'prise-en-charge-personne-dependante',
    'soutien-a-la-parentalite-et-a-leducation',
    'soutien-aidants',
    'surmonter-conflits-separation-violence',
  ],
  'lecture-ecriture-calcul': ['maitriser-le-calcul', 'maitriser-le-francais'],
  'logement-hebergement': [
    'acheter-un-logement',
    'changer-de-logement',
    'louer-un-logement',
    'rechercher-une-solution-dhebergement-temporaire',
    'reduire-les-impayes-de-loyer',
    'se-maintenir-dans-le-logement',
    'sinformer-sur-les-demarches-liees-a-lacces-au-logement',
  ],
  mobilite: [
    'acceder-a-un-vehicule',
    'entretenir-reparer-son-vehicule',
    'etre-accompagne-dans-son-parcours-mobilite',
    'financer-ma-mobilite',
    'mobilite-douce-partagee-collective',
    'preparer-un-permis',
  ],
  numerique: [
    'acceder-a-des-services-en-ligne',
    'acceder-a-une-connexion-internet',
    'acquerir-un-equipement',
    'maitriser-les-fondamentaux-du-numerique',
  ],
  'preparer-sa-candidature': [
    'developper-son-reseau',
    'organiser-ses-demarches-de-recherche-demploi',
    'realiser-un-cv-et-ou-une-lettre-de-motivation',
    'valoriser-ses-competences',
  ],
  remobilisation: ['activites-sportives-et-culturelles', 'benevolat-action-citoyenne', 'bien-etre-confiance-en-soi', 'lien-social'],
  sante: ['acces-aux-soins', 'addictions', 'constituer-un-dossier-mdph-invalidite', 'sante-mentale', 'sante-sexuelle'],
  'se-former': ['monter-son-dossier-de-formation', 'trouver-sa-formation'],
  'souvrir-a-linternational': [
    'connaitre-les-opportunites-demploi-a-letranger',
    'sinformer-sur-les-aides-pour-travailler-a-letranger',
    'sorganiser-suite-a-son-retour-en-france',
  ],
  'trouver-un-emploi': [
    'convaincre-un-recruteur-en-entretien',
    'faire-des-candidatures-spontanees',
    'maintien-dans-lemploi',
    'repondre-a-des-offres-demploi',
    'suivre-ses-candidatures-et-relancer-les-employeurs',
  ],
} as const;

type ThemeCategory = keyof typeof THEMES_BY_CATEGORY;
export type ThemeCode = { [C in ThemeCategory]: `${C}--${(typeof THEMES_BY_CATEGORY)[C][number]}` }[ThemeCategory];

/** Theme categories, in the official order. */
export const THEME_CATEGORIES: readonly string[] = /* @__PURE__ */ Object.keys(THEMES_BY_CATEGORY);
const joined = (themes: typeof THEMES_BY_CATEGORY): ThemeCode[] =>
  (Object.entries(themes) as [ThemeCategory, readonly string[]][]).flatMap(([category, subs]) =>
    subs.map((sub) => `${category}--${sub}` as ThemeCode),
  );
/** Every `categorie--sous-thematique`, in the official order. */
export const THEME_CODES: readonly ThemeCode[] = /* @__PURE__ */ joined(THEMES_BY_CATEGORY);

/** Réseaux porteurs: the kinds of organisation. */
export const ORGANISATION_KIND_CODES = [
  '60000-rebonds',
  'aci',
  'action-logement',
  'adie',
  'afpa',
  'agefiph',
  'ai',
  'aidants-connect',
  'alliance-villes-emploi',
  'anlci',
  'apprentis-dauteuil',
  'ase',
  'banques-alimentaires',
  'caarud',
  'cada',
  'caf',
  'campus-connecte',
  'cap-emploi-reseau-cheops',
  'cava',
  'ccas-cias',
  'chambres-consulaires',
  'chantier-ecole',
  'chrs',
  'chu',
  'cidff',
  'cmp',
  'cms',
  'cnam',
  'collectif-emploi',
  'communes',
  'conseillers-numeriques',
  'coorace',
  'cpam',
  'cph',
  'creches-avip',
  'crepi',
  'cresus',
  'croix-rouge',
  'csapa',
  'delegataire-conseil-departemental',
  'departements',
  'duo-for-a-job',
  'ea',
  'eatt',
  'ecoles-de-la-deuxieme-chance',
  'egee',
  'ei',
  'eiti',
  'emmaus',
  'epide',
  'esat',
  'espaces-publics-numeriques',
  'etcld',
  'etti',
  'fabrique-de-territoire',
  'face',
  'fcsf',
  'federation-des-acteurs-de-la-solidarite',
  'federation-professionnelle-femmes',
  'france-active',
  'france-service',
  'france-travail',
  'french-tech',
  'geiq',
  'grandes-ecoles-du-numerique',
  'huda',
  'hup',
  'inae',
  'initiative-france',
  'konexio',
  'la-cravate-solidaire',
  'la-poste',
  'les-premieres',
  'maison-departementale-de-lautonomie',
  'maisons-de-l-emploi',
  'maisons-des-solidarites',
  'mdph',
  'mission-locale',
  'mjc',
  'mobin',
  'msap',
  'mutualite-sociale-agricole',
  'nqt',
  'pimms-mediation',
  'pjj',
  'plie',
  'points-conseil-budget',
  'points-justice',
  'positive-planet',
  'regions',
  'reseau-app',
  'reseau-bge',
  'reseau-entreprendre',
  'reseau-information-jeunesse',
  'residences-fjt',
  'ressourceries',
  'restos-du-coeur',
  'secours-populaire',
  'siao',
  'simplon',
  'singa',
  'snc',
  'spip',
  'tous-tes-possibles',
  'unaf',
  'unea',
  'unis-cite',
  'wimoov',
] as const;

/** Types de services. */
export const SERVICE_TYPE_CODES = ['accompagnement', 'aide-financiere', 'aide-materielle', 'atelier', 'formation', 'information'] as const;

/** Publics. */
export const PUBLIC_CODES = [
  'actifs',
  'beneficiaires-des-minimas-sociaux',
  'demandeurs-emploi',
  'etudiants',
  'familles',
  'femmes',
  'jeunes',
  'personnes-en-situation-de-handicap',
  'personnes-en-situation-durgence',
  'personnes-en-situation-juridique-specifique',
  'personnes-exilees',
  'residents-qpv-frr',
  'seniors',
  'tous-publics',
] as const;

/** Modes d’accueil. */
export const MODE_ACCUEIL_CODES = ['a-distance', 'en-presentiel'] as const;

/** Modes de mobilisation. */
export const MODE_MOBILISATION_CODES = ['envoyer-un-courriel', 'se-presenter', 'telephoner', 'utiliser-lien-mobilisation'] as const;

/** Personnes mobilisatrices. */
export const PERSONNE_MOBILISATRICE_CODES = ['professionnels', 'usagers'] as const;

/** Frais. */
export const FRAIS_CODES = ['gratuit', 'payant'] as const;

// The sets are built by calls marked pure so that a bundle which uses neither leaves them out.
const union = (...lists: readonly (readonly string[])[]): ReadonlySet<string> => new Set(lists.flat());
/** Every accepted theme: a category or a `categorie--sous-thematique`. */
export const THEME_IDS: ReadonlySet<string> = /* @__PURE__ */ union(THEME_CATEGORIES, THEME_CODES);
export const ORGANISATION_KINDS: ReadonlySet<string> = /* @__PURE__ */ new Set<string>(ORGANISATION_KIND_CODES);
