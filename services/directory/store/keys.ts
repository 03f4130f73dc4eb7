import { normalizeText } from '../../../shared/validation/text';

/** Key builders of the directory table. Access patterns: see ../README.md. */
export const orgKey = (id: string) => ({ pk: `ORG#${id}`, sk: 'ORG' });
export const siteKey = (id: string) => ({ pk: `SITE#${id}`, sk: 'SITE' });
export const serviceKey = (id: string) => ({ pk: `SERVICE#${id}`, sk: 'SERVICE' });
export const networkEventKey = (id: string) => ({ pk: `NETEVENT#${id}`, sk: 'NETEVENT' });
export const originKey = (kind: string, source: string, id: string) => ({ pk: `ORIGIN#${kind}#${source}#${id}`, sk: 'ORIGIN' });
export const SITES_VERSION_KEY = { pk: 'SITES', sk: 'VERSION' };
export const reviewKey = (id: string) => ({ pk: `REVIEW#${id}`, sk: 'REVIEW' });
export const campaignKey = (id: string) => ({ pk: `CAMPAIGN#${id}`, sk: 'CAMPAIGN' });
/** A territory of the parcours service, as the directory keeps it (review campaigns by territory). */
export const territoryKey = (id: string) => ({ pk: `TERRITORY#${id}`, sk: 'TERRITORY' });
export const COVERAGE_KEY = { pk: 'COVERAGE', sk: 'LATEST' };
export const COVERAGE_REQUEST_KEY = { pk: 'COVERAGE', sk: 'REQUEST' };

export const ALL_ORGS = 'ORGS';
export const ALL_SITES = 'SITES';
export const ALL_SERVICES = 'SERVICES';
export const orgsOfType = (type: string) => `ORGTYPE#${type}`;
export const sitesInCommune = (code: string) => `COMMUNE#${code}`;
export const sitesOfOrganisation = (organisationId: string) => `ORGSITES#${organisationId}`;
export const servicesOfOrganisation = (organisationId: string) => `ORGSERVICES#${organisationId}`;
/** Review requests still waiting for an answer (reminders, expiry). */
export const OPEN_REVIEWS = 'REVIEWS#OPEN';
/** Every review request of an organisation, by the date it was sent (gsi2). */
export const reviewsOfOrganisation = (organisationId: string) => `ORGREVIEWS#${organisationId}`;
/** The review campaigns, newest first (gsi1). */
export const ALL_CAMPAIGNS = 'CAMPAIGNS';
export const networkEventsOfYear = (year: number) => `NETEVENTS#${year}`;

/** Sort key for name-ordered lists: the searchable form of the name, then the id. */
export const byName = (name: string, id: string) => `${normalizeText(name)}#${id}`;
