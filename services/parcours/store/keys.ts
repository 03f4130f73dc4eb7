/** Key builders of the parcours table. Access patterns: see ../README.md. */
export const parcoursPk = (id: string) => `PARCOURS#${id}`;
export const parcoursKey = (id: string) => ({ pk: parcoursPk(id), sk: 'PARCOURS' });
/** One entry per user who is an active member: "mes parcours" through `gsi1`. */
export const accessKey = (parcoursId: string, userId: string) => ({ pk: parcoursPk(parcoursId), sk: `ACCESS#${userId}` });
export const memberPartition = (userId: string) => `MEMBER#${userId}`;
export const meetingSk = (date: string, id: string) => `MEETING#${date}#${id}`;
export const commentSk = (createdAt: string, id: string) => `COMMENT#${createdAt}#${id}`;
export const journalSk = (date: string, id: string) => `JOURNAL#${date}#${id}`;
export const territoryKey = (id: string) => ({ pk: `TERRITORY#${id}`, sk: 'TERRITORY' });
/** The one partition listing territories (a département has a handful). */
export const TERRITORIES = 'TERRITORIES';
/** The one partition of the sparse `due` index: active parcours by their earliest unreminded due date. */
export const DUE = 'DUE';
/** The parcours of a person, through `gsi2`. */
export const personPartition = (personId: string) => `PERSON#${personId}`;
/** Intake's facts about a person (existence, recording organisation, sharing consent). */
export const personFactsKey = (personId: string) => ({ pk: `PERSONFACTS#${personId}`, sk: 'FACTS' });
