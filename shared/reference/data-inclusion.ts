/**
 * data·inclusion v1 taxonomies (schema v1.0.8, Licence Ouverte 2.0), kept as code so the product
 * runs without the design folder: each code (data-inclusion-codes.ts) with its French label, for
 * what people read (exports, notifications, the person's file, the SPA). Validation imports the
 * codes alone (ADR 0052). The label tables are typed by their code lists, so a code without a
 * label, or a label without a code, is a compile error; a test compares them with the official
 * schema files.
 */
import {
  THEME_CODES,
  ORGANISATION_KIND_CODES,
  SERVICE_TYPE_CODES,
  PUBLIC_CODES,
  MODE_ACCUEIL_CODES,
  MODE_MOBILISATION_CODES,
  PERSONNE_MOBILISATRICE_CODES,
  FRAIS_CODES,
  type ThemeCode,
} from './data-inclusion-codes';

export { ORGANISATION_KINDS, THEME_CATEGORIES, THEME_IDS } from './data-inclusion-codes';

type Pairs = ReadonlyArray<readonly [string, string]>;
const pairs = <C extends string>(codes: readonly C[], labels: Readonly<Record<C, string>>): Pairs =>
  codes.map((code) => [code, labels[code]] as const);

const THEME_LABELS: Readonly<Record<ThemeCode, string>> = {
  'choisir-un-metier--confirmer-son-choix-de-metier': 'Confirmer son choix de métier',
  'choisir-un-metier--connaitre-les-opportunites-demploi': 'Connaître les opportunités d’emploi',
  'choisir-un-metier--decouvrir-un-metier-ou-un-secteur-dactivite': 'Découvrir un métier ou un secteur d’activité',
  'choisir-un-metier--identifier-ses-points-forts-et-ses-competences': 'Identifier ses points forts et ses compétences',
  'creer-une-entreprise--definir-son-projet-de-creation-dentreprise': 'Définir son projet de création d’entreprise',
  'creer-une-entreprise--developper-son-entreprise': 'Développer son entreprise',
  'creer-une-entreprise--structurer-son-projet-de-creation-dentreprise': 'Structurer son projet de création d’entreprise',
  'difficultes-administratives-ou-juridiques--accompagnement-aux-demarches-administratives': 'Accompagnement aux démarches administratives',
  'difficultes-administratives-ou-juridiques--accompagnement-pour-lacces-a-la-citoyennete': 'Accompagnement pour l’accès à la citoyenneté',
  'difficultes-administratives-ou-juridiques--accompagnement-pour-lacces-aux-droits': 'Accompagnement pour l’accès aux droits',
  'difficultes-administratives-ou-juridiques--beneficier-dune-mesure-daccompagnement-adapte':
    'Bénéficier d’une mesure d’accompagnement adapté',
  'difficultes-administratives-ou-juridiques--connaitre-ses-droits-face-a-une-discrimination':
    'Connaître ses droits face à une discrimination',
  'difficultes-administratives-ou-juridiques--prendre-en-compte-une-problematique-judiciaire':
    'Prendre en compte une problématique judiciaire',
  'difficultes-financieres--acquerir-une-autonomie-budgetaire': 'Acquérir une autonomie budgétaire',
  'difficultes-financieres--ameliorer-sa-gestion-budgetaire': 'Améliorer sa gestion budgétaire',
  'difficultes-financieres--mettre-en-place-une-mesure-de-protection-financiere': 'Mettre en place une mesure de protection financière',
  'difficultes-financieres--prevenir-une-degradation-de-la-situation-financiere': 'Prévenir une dégradation de la situation financière',
  'difficultes-financieres--situation-dendettement-surendettement': 'Situation d’endettement ou de surendettement',
  'equipement-et-alimentation--aide-menagere': 'Aide ménagère',
  'equipement-et-alimentation--alimentation': 'Alimentation',
  'equipement-et-alimentation--electromenager': 'Électroménager',
  'equipement-et-alimentation--habillement': 'Habillement',
  'famille--garde-denfants': 'Garde d’enfants',
  'famille--prise-en-charge-personne-dependante': 'Prise en charge d’une personne dépendante',
  'famille--soutien-a-la-parentalite-et-a-leducation': 'Soutien à la parentalité et à l’éducation',
  'famille--soutien-aidants': 'Soutien aux aidants',
  'famille--surmonter-conflits-separation-violence': 'Surmonter les conflits liés à la séparation ou à la violence',
  'lecture-ecriture-calcul--maitriser-le-calcul': 'Maîtriser le calcul',
  'lecture-ecriture-calcul--maitriser-le-francais': 'Maîtriser le français',
  'logement-hebergement--acheter-un-logement': 'Acheter un logement',
  'logement-hebergement--changer-de-logement': 'Changer de logement',
  'logement-hebergement--louer-un-logement': 'Louer un logement',
  'logement-hebergement--rechercher-une-solution-dhebergement-temporaire': 'Rechercher une solution d’hébergement temporaire',
  'logement-hebergement--reduire-les-impayes-de-loyer': 'Réduire les impayés de loyer',
  'logement-hebergement--se-maintenir-dans-le-logement': 'Se maintenir dans le logement',
  'logement-hebergement--sinformer-sur-les-demarches-liees-a-lacces-au-logement':
    'S’informer sur les démarches liées à l’accès au logement',
  'mobilite--acceder-a-un-vehicule': 'Accéder à un véhicule',
  'mobilite--entretenir-reparer-son-vehicule': 'Entretenir et réparer son véhicule',
  'mobilite--etre-accompagne-dans-son-parcours-mobilite': 'Être accompagné dans son parcours mobilité',
  'mobilite--financer-ma-mobilite': 'Financer ma mobilité',
  'mobilite--mobilite-douce-partagee-collective': 'Utiliser des services de mobilité douce, partagée ou collective',
  'mobilite--preparer-un-permis': 'Préparer un permis',
  'numerique--acceder-a-des-services-en-ligne': 'Accéder à des services en ligne',
  'numerique--acceder-a-une-connexion-internet': 'Accéder à une connexion Internet',
  'numerique--acquerir-un-equipement': 'Acquérir un équipement',
  'numerique--maitriser-les-fondamentaux-du-numerique': 'Maîtriser les fondamentaux du numérique',
  'preparer-sa-candidature--developper-son-reseau': 'Développer son réseau',
  'preparer-sa-candidature--organiser-ses-demarches-de-recherche-demploi': 'Organiser ses démarches de recherche d’emploi',
  'preparer-sa-candidature--realiser-un-cv-et-ou-une-lettre-de-motivation': 'Réaliser un CV et/ou une lettre de motivation',
  'preparer-sa-candidature--valoriser-ses-competences': 'Valoriser ses compétences',
  'remobilisation--activites-sportives-et-culturelles': 'Activités sportives et culturelles',
  'remobilisation--benevolat-action-citoyenne': 'Bénévolat et action citoyenne',
  'remobilisation--bien-etre-confiance-en-soi': 'Bien-être et confiance en soi',
  'remobilisation--lien-social': 'Lien social',
  'sante--acces-aux-soins': 'Accès aux soins',
  'sante--addictions': 'Addictions',
  'sante--constituer-un-dossier-mdph-invalidite': 'Constituer un dossier MDPH pour invalidité',
  'sante--sante-mentale': 'Santé mentale',
  'sante--sante-sexuelle': 'Santé sexuelle',
  'se-former--monter-son-dossier-de-formation': 'Monter son dossier de formation',
  'se-former--trouver-sa-formation': 'Trouver sa formation',
  'souvrir-a-linternational--connaitre-les-opportunites-demploi-a-letranger': 'Connaître les opportunités d’emploi à l’étranger',
  'souvrir-a-linternational--sinformer-sur-les-aides-pour-travailler-a-letranger': 'S’informer sur les aides pour travailler à l’étranger',
  'souvrir-a-linternational--sorganiser-suite-a-son-retour-en-france': 'S’organiser suite à son retour en France',
  'trouver-un-emploi--convaincre-un-recruteur-en-entretien': 'Convaincre un recruteur en entretien',
  'trouver-un-emploi--faire-des-candidatures-spontanees': 'Faire des candidatures spontanées',
  'trouver-un-emploi--maintien-dans-lemploi': 'Maintien dans l’emploi',
  'trouver-un-emploi--repondre-a-des-offres-demploi': 'Répondre à des offres d’emploi',
  'trouver-un-emploi--suivre-ses-candidatures-et-relancer-les-employeurs': 'Suivre ses candidatures et relancer les employeurs',
};
/** Thématiques: `categorie--sous-thematique` values with their French labels. */
export const THEMATIQUES: Pairs = /* @__PURE__ */ pairs(THEME_CODES, THEME_LABELS);

const ORGANISATION_KIND_LABELS: Readonly<Record<(typeof ORGANISATION_KIND_CODES)[number], string>> = {
  '60000-rebonds': '60 000 Rebonds',
  aci: 'Structures d’Insertion par l’Activité Économique - Ateliers et Chantiers d’Insertion',
  'action-logement': 'Action Logement',
  adie: 'Association pour le Droit à l’Initiative Économique',
  afpa: 'Agence Nationale pour la Formation Professionnelle des Adultes',
  agefiph: 'Agefiph',
  ai: 'Associations Intermédiaires',
  'aidants-connect': 'Aidants Connect',
  'alliance-villes-emploi': 'Alliance Villes Emploi',
  anlci: 'Agence Nationale de Lutte Contre l’Illettrisme',
  'apprentis-dauteuil': 'Apprentis d’Auteuil',
  ase: 'Aide Sociale à l’Enfance',
  'banques-alimentaires': 'Banques Alimentaires',
  caarud: 'Centres d’Accueil et d’Accompagnement à la Réduction de Risques pour Usagers de Drogues',
  cada: 'Centres d’Accueil de Demandeurs d’Asile',
  caf: 'Caisse d’Allocations Familiales',
  'campus-connecte': 'Campus Connecté',
  'cap-emploi-reseau-cheops': 'CAP Emploi - Réseau CHEOPS',
  cava: 'Centres d’Adaptation à la Vie Active',
  'ccas-cias': 'Les Centres Communaux d’Action Sociale et les Centres Intercommunaux d’Action Sociale',
  'chambres-consulaires': 'Chambres Consulaires',
  'chantier-ecole': 'Réseau Chantier École',
  chrs: 'Centres d’Hébergement et de Réinsertion Sociale',
  chu: 'Centres d’Hébergement d’Urgence',
  cidff: 'Centres d’Information sur les Droits des Femmes et des Familles',
  cmp: 'Centres Médico-Psychologiques',
  cms: 'Centres Médico-Sociaux',
  cnam: 'Conservatoire National des Arts et Métiers',
  'collectif-emploi': 'Collectif Emploi',
  communes: 'Communes, mairies, communautés de communes, etc.',
  'conseillers-numeriques': 'Conseillers Numériques',
  coorace: 'Fédération COORACE',
  cpam: 'Caisses Primaires d’Assurance Maladie',
  cph: 'Centres Provisoires d’Hébergement',
  'creches-avip': 'Crèches à Vocation d’Insertion Professionnelle',
  crepi: 'CREPI',
  cresus: 'Fédération Française des Associations CRÉSUS',
  'croix-rouge': 'Croix-Rouge',
  csapa: 'Centres de Soins, d’Accompagnement et de Prévention en Addictologie',
  'delegataire-conseil-departemental': 'Organisation délégataire d’un Conseil Départemental',
  departements: 'Départements et Services Départementaux',
  'duo-for-a-job': 'DUO for a JOB',
  ea: 'Entreprises Adaptées',
  eatt: 'Entreprises Adaptées de Travail Temporaire',
  'ecoles-de-la-deuxieme-chance': 'Écoles de la 2ᵉ Chance',
  egee: 'Association EGEE',
  ei: 'Structures d’Insertion par l’Activité Économique - Entreprises d’Insertion',
  eiti: 'Structures d’Insertion par l’Activité Économique - Entreprises d’Insertion par le Travail Indépendant',
  emmaus: 'Emmaüs',
  epide: 'EPIDE',
  esat: 'Établissement et Service d’Accompagnement par le Travail',
  'espaces-publics-numeriques': 'Espaces Publics Numériques',
  etcld: 'Expérimentation Territoriale contre le Chômage de Longue Durée',
  etti: 'Structures d’Insertion par l’Activité Économique - Entreprises de Travail Temporaire d’Insertion',
  'fabrique-de-territoire': 'Fabrique de Territoire',
  face: 'Fondation FACE',
  fcsf: 'Fédération des Centres Sociaux et Socioculturels de France',
  'federation-des-acteurs-de-la-solidarite': 'Fédération des Acteurs de la Solidarité',
  'federation-professionnelle-femmes': 'Fédération Professionnelle pour les Femmes',
  'france-active': 'France Active',
  'france-service': 'France Service',
  'france-travail': 'France Travail',
  'french-tech': 'French Tech',
  geiq: 'GEIQ',
  'grandes-ecoles-du-numerique': 'Grandes Écoles du Numérique',
  huda: 'Hébergement d’Urgence pour Demandeurs d’Asile',
  hup: 'Association H’UP',
  inae: 'INAÉ Nouvelle Aquitaine',
  'initiative-france': 'Initiative France',
  konexio: 'Association Konexio',
  'la-cravate-solidaire': 'La Cravate Solidaire',
  'la-poste': 'La Poste',
  'les-premieres': 'Les Premières',
  'maison-departementale-de-lautonomie': 'Maisons Départementales de l’Autonomie',
  'maisons-de-l-emploi': 'Maisons de l’Emploi',
  'maisons-des-solidarites': 'Maisons Départementales des Solidarités (MDS)',
  mdph: 'Maisons Départementales pour les Personnes Handicapées (MDPH)',
  'mission-locale': 'Mission Locale',
  mjc: 'Maisons des Jeunes et de la Culture',
  mobin: 'Mob’In',
  msap: 'Maisons de Services Au Public',
  'mutualite-sociale-agricole': 'Mutualité Sociale Agricole',
  nqt: 'Association NQT',
  'pimms-mediation': 'Point Information Médiation Multi Services',
  pjj: 'Protection Judiciaire de la Jeunesse',
  plie: 'Plans Locaux pour l’Insertion et l’Emploi',
  'points-conseil-budget': 'Points Conseil Budget',
  'points-justice': 'Points Justice',
  'positive-planet': 'Positive Planet',
  regions: 'Régions, Préfectures et services régionaux',
  'reseau-app': 'Réseau APP',
  'reseau-bge': 'Réseau BGE',
  'reseau-entreprendre': 'Réseau Entreprendre',
  'reseau-information-jeunesse': 'Réseau Information Jeunesse',
  'residences-fjt': 'Résidences - Foyers Jeunes Travailleurs',
  ressourceries: 'Ressourceries',
  'restos-du-coeur': 'Restos du Coeur',
  'secours-populaire': 'Secours Populaire',
  siao: 'Services Intégrés d’Accueil et d’Orientation',
  simplon: 'Simplon',
  singa: 'Association SINGA',
  snc: 'Solidarité Nouvelle Face au Chômage',
  spip: 'Services Pénitentiaires d’Insertion et de Probation',
  'tous-tes-possibles': 'Tous Tes Possibles',
  unaf: 'Union Nationale de l’Aide aux Familles',
  unea: 'Union Nationale des Entreprises Adaptées',
  'unis-cite': 'UnisCité',
  wimoov: 'Wimoov',
};
/** Réseaux porteurs: the kinds of organisation. */
export const RESEAUX_PORTEURS: Pairs = /* @__PURE__ */ pairs(ORGANISATION_KIND_CODES, ORGANISATION_KIND_LABELS);

const SERVICE_TYPE_LABELS: Readonly<Record<(typeof SERVICE_TYPE_CODES)[number], string>> = {
  accompagnement: 'Accompagnement',
  'aide-financiere': 'Aide financière',
  'aide-materielle': 'Aide matérielle',
  atelier: 'Atelier',
  formation: 'Formation',
  information: 'Information',
};
/** Service model enumerations (data·inclusion v1 `extra/*.json`), value → French label. */
export const SERVICE_TYPES: Pairs = /* @__PURE__ */ pairs(SERVICE_TYPE_CODES, SERVICE_TYPE_LABELS);

const PUBLIC_LABELS: Readonly<Record<(typeof PUBLIC_CODES)[number], string>> = {
  actifs: 'Actifs',
  'beneficiaires-des-minimas-sociaux': 'Bénéficiaires des minimas sociaux',
  'demandeurs-emploi': 'Demandeurs d’emploi',
  etudiants: 'Étudiants',
  familles: 'Familles',
  femmes: 'Femmes',
  jeunes: 'Jeunes',
  'personnes-en-situation-de-handicap': 'Personnes en situation de handicap',
  'personnes-en-situation-durgence': 'Personnes en situation d’urgence',
  'personnes-en-situation-juridique-specifique': 'Personnes en situation juridique spécifique',
  'personnes-exilees': 'Personnes exilées',
  'residents-qpv-frr': 'Résidents en QPV ou FRR',
  seniors: 'Séniors',
  'tous-publics': 'Tous publics',
};
export const PUBLICS: Pairs = /* @__PURE__ */ pairs(PUBLIC_CODES, PUBLIC_LABELS);

const MODE_ACCUEIL_LABELS: Readonly<Record<(typeof MODE_ACCUEIL_CODES)[number], string>> = {
  'a-distance': 'À distance',
  'en-presentiel': 'En présentiel',
};
export const MODES_ACCUEIL: Pairs = /* @__PURE__ */ pairs(MODE_ACCUEIL_CODES, MODE_ACCUEIL_LABELS);

const MODE_MOBILISATION_LABELS: Readonly<Record<(typeof MODE_MOBILISATION_CODES)[number], string>> = {
  'envoyer-un-courriel': 'Envoyer un courriel',
  'se-presenter': 'Se présenter',
  telephoner: 'Téléphoner',
  'utiliser-lien-mobilisation': 'Utiliser le lien de mobilisation',
};
export const MODES_MOBILISATION: Pairs = /* @__PURE__ */ pairs(MODE_MOBILISATION_CODES, MODE_MOBILISATION_LABELS);

const PERSONNE_MOBILISATRICE_LABELS: Readonly<Record<(typeof PERSONNE_MOBILISATRICE_CODES)[number], string>> = {
  professionnels: 'Professionnels',
  usagers: 'Usagers',
};
export const PERSONNES_MOBILISATRICES: Pairs = /* @__PURE__ */ pairs(PERSONNE_MOBILISATRICE_CODES, PERSONNE_MOBILISATRICE_LABELS);

const FRAIS_LABELS: Readonly<Record<(typeof FRAIS_CODES)[number], string>> = {
  gratuit: 'Gratuit',
  payant: 'Payant',
};
export const FRAIS: Pairs = /* @__PURE__ */ pairs(FRAIS_CODES, FRAIS_LABELS);
