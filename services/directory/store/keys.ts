import { normalizeText } from '../../../shared/validation/text';

/** Key builders of the directory table. Access patterns: see ../README.md. */
export const orgKey = (id: string) => ({ pk: `ORG#${id}`, sk: 'ORG' });
export const siteKey = (id: string) => ({ pk: `SITE#${id}`, sk: 'SITE' });

export const ALL_ORGS = 'ORGS';
export const ALL_SITES = 'SITES';
export const orgsOfType = (type: string) => `ORGTYPE#${type}`;
export const sitesInCommune = (code: string) => `COMMUNE#${code}`;
export const sitesOfOrganisation = (organisationId: string) => `ORGSITES#${organisationId}`;

/** Sort key for name-ordered lists: the searchable form of the name, then the id. */
export const byName = (name: string, id: string) => `${normalizeText(name)}#${id}`;
