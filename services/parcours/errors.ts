import { defineCatalogue } from '../../shared/errors/catalogue';

/**
 * The parcours' errors (ADR 0018): read by social workers, the référent and the other members
 * of a parcours, and by the coordination for territories. Codes are stable.
 */
export const parcoursErrors = defineCatalogue('parcours', {
  'not-found': { status: 404, title: 'Parcours introuvable', message: 'Ce parcours n’existe pas.' },
  'already-exists': { status: 409, title: 'Parcours déjà ouvert', message: 'Ce parcours existe déjà.' },
  'version-conflict': {
    status: 409,
    title: 'Parcours modifié entre-temps',
    message: 'Ce parcours a été modifié entre-temps par un autre membre : rechargez-le puis recommencez.',
  },
  closed: { status: 409, title: 'Parcours clôturé', message: 'Ce parcours est clôturé : il ne peut plus être modifié.' },
  'already-suspended': { status: 409, title: 'Parcours déjà suspendu', message: 'Ce parcours est déjà suspendu.' },
  'not-suspended': { status: 409, title: 'Parcours non suspendu', message: 'Ce parcours n’est pas suspendu : il n’y a rien à reprendre.' },
  'members-only': {
    status: 403,
    title: 'Réservé aux membres du parcours',
    message: 'Seuls les membres de ce parcours peuvent le consulter ou y contribuer.',
  },
  'referent-only': {
    status: 403,
    title: 'Réservé au référent',
    message: 'Seul le référent du parcours peut faire cette action.',
  },
  'open-forbidden': {
    status: 403,
    title: 'Ouverture non autorisée',
    message: 'Vous ne pouvez ouvrir un parcours que pour une personne dont vous lisez l’historique complet.',
  },
  'social-worker-only': {
    status: 403,
    title: 'Réservé aux travailleurs sociaux',
    message: 'Seul un travailleur social peut ouvrir un parcours et en être le référent.',
  },
  'referent-social-worker-only': {
    status: 403,
    title: 'Réservé aux travailleurs sociaux',
    message: 'Seul un travailleur social peut devenir référent d’un parcours.',
  },
  'account.no-organisation': {
    status: 403,
    title: 'Compte sans structure',
    message: 'Votre compte n’est rattaché à aucune structure : demandez à l’administrateur de Relais de l’y rattacher.',
  },
  'person.unknown': {
    status: 422,
    title: 'Personne inconnue',
    message:
      'Cette personne est inconnue : ouvrez le parcours depuis sa fiche (une fiche créée à l’instant peut demander quelques secondes).',
  },
  'agreement.missing': {
    status: 422,
    title: 'Accord de la personne manquant',
    message: 'Le parcours ne peut pas s’ouvrir sans l’accord enregistré de la personne.',
  },
  'member.refused': { status: 422, title: 'Membre non ajouté', message: 'Ce membre ne peut pas être ajouté.' },
  'member.not-found': { status: 404, title: 'Membre introuvable', message: 'Ce membre n’existe pas dans ce parcours.' },
  'member.already-left': { status: 409, title: 'Membre déjà parti', message: 'Ce membre a déjà quitté le parcours.' },
  'member.is-referent': {
    status: 422,
    title: 'Référent non retirable',
    message: 'Le référent ne peut pas être retiré : la personne peut en choisir un autre.',
  },
  'member.has-open-actions': {
    status: 422,
    title: 'Actions à réattribuer',
    message: 'Ce membre porte encore des actions en cours : confiez-les à un autre membre avant de le retirer.',
  },
  'referent.already': { status: 422, title: 'Déjà référent', message: 'Vous êtes déjà le référent de ce parcours.' },
  'referent.choice-in-future': {
    status: 422,
    title: 'Date dans le futur',
    message: 'Le choix de la personne ne peut pas être daté dans le futur.',
  },
  'goal.refused': { status: 422, title: 'Objectif non inscrit', message: 'Ces actions ne peuvent pas être inscrites au plan.' },
  'goal.not-found': { status: 404, title: 'Objectif introuvable', message: 'Cet objectif n’existe pas dans ce parcours.' },
  'action.refused': { status: 422, title: 'Action non inscrite', message: 'Cette action ne peut pas être inscrite au plan.' },
  'action.not-found': { status: 404, title: 'Action introuvable', message: 'Cette action n’existe pas dans cet objectif.' },
  'action.version-conflict': {
    status: 409,
    title: 'Action modifiée entre-temps',
    message: 'Cette action a été modifiée entre-temps par un autre membre : rechargez le plan puis recommencez.',
  },
  'action.change-refused': { status: 422, title: 'Modification refusée', message: 'Cette modification ne peut pas être faite.' },
  'meeting.refused': { status: 422, title: 'Instance non consignée', message: 'Cette instance ne peut pas être consignée.' },
  'comment.refused': {
    status: 400,
    title: 'Commentaire non enregistré',
    message: 'Ce commentaire ne peut pas être enregistré : vérifiez l’objectif ou l’action choisis.',
  },
  'note.not-found': { status: 404, title: 'Note introuvable', message: 'Cette note n’existe pas dans ce parcours.' },
  'note.visibility-refused': {
    status: 422,
    title: 'Note réservée au référent',
    message: 'Une note réservée au référent ne peut pas être montrée à la personne.',
  },
  'note.author-only': {
    status: 403,
    title: 'Réservé à l’auteur ou au référent',
    message: 'Seuls l’auteur de la note et le référent peuvent choisir si la personne la lit.',
  },
  'note.in-future': {
    status: 422,
    title: 'Date dans le futur',
    message: 'Une note de suivi ne peut pas être datée dans le futur.',
  },
  'closing.outcomes-missing': {
    status: 422,
    title: 'Bilan incomplet',
    message: 'Le bilan de fin d’accompagnement doit donner un résultat pour chaque objectif.',
  },
  'territory.not-found': { status: 404, title: 'Territoire introuvable', message: 'Ce territoire n’existe pas.' },
  'territory.already-exists': { status: 409, title: 'Territoire déjà créé', message: 'Ce territoire existe déjà.' },
  'territory.version-conflict': {
    status: 409,
    title: 'Territoire modifié entre-temps',
    message: 'Ce territoire a été modifié entre-temps : rechargez-le puis recommencez.',
  },
  'territory.create-refused': { status: 422, title: 'Territoire non créé', message: 'Ce territoire ne peut pas être créé.' },
  'territory.change-refused': {
    status: 422,
    title: 'Territoire non modifié',
    message: 'Ce territoire ne peut pas être modifié ainsi.',
  },
  // The person acts on her own parcours (« Mon espace », ADR 0038).
  'action.not-hers': {
    status: 422,
    title: 'Action d’un professionnel',
    message: 'Cette action est confiée à un professionnel : c’est lui qui la marquera comme faite.',
  },
  'person-request.not-found': { status: 404, title: 'Demande introuvable', message: 'Cette demande n’existe pas dans ce parcours.' },
  'person-request.already-answered': {
    status: 409,
    title: 'Demande déjà traitée',
    message: 'Cette demande a déjà reçu une réponse : rechargez le parcours.',
  },
  'person-request.refused': { status: 422, title: 'Réponse à compléter', message: 'Cette réponse ne peut pas être enregistrée ainsi.' },
  'referent-request.pending': {
    status: 409,
    title: 'Demande déjà envoyée',
    message: 'Vous avez déjà demandé un autre référent : votre référent et la coordination du réseau l’ont reçue.',
  },
});

export type ParcoursErrorKey = Parameters<typeof parcoursErrors.error>[0];
