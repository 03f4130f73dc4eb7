import type { PersonDataPurpose } from '../../../shared/person-data/contract';
import { THEMATIQUES } from '../../../shared/reference/data-inclusion';
import { hoursInWords } from '../../../shared/text/opening-hours';
import type { IntakeRepository, SiteProjection } from '../domain/intake.ports';
import type { Person } from '../domain/person.schema';
import type { Reception } from '../domain/reception.schema';
import { type Referral, STATUS_LABEL } from '../domain/referral.rules';
import type { IdentityLinkStore } from '../store/identity-link.store';
import type { PersonNoticeStore } from '../store/person-notices.store';
import { placeOf } from './person-notices.use-cases';

export interface IntakePersonDataDeps {
  repository: IntakeRepository;
  store: PersonNoticeStore;
  identityLinks: Pick<IdentityLinkStore, 'linkOf'>;
}

const THEME_LABELS = new Map(THEMATIQUES);

/** A theme as the person reads it: its label, else its code in words. */
export function themeLabel(code: string): string {
  const label = THEME_LABELS.get(code);
  if (label) return label;
  const words = code.replace(/--/g, ' : ').replace(/-/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** Her record as she reads it: her identity and contact, who recorded her, her agreements. */
function personOfHer(person: Person, recordedByName: string) {
  return {
    id: person.id,
    lastName: person.lastName,
    firstName: person.firstName,
    ...(person.birthDate ? { birthDate: person.birthDate } : {}),
    ...(person.communeCode ? { communeCode: person.communeCode } : {}),
    ...(person.phone ? { phone: person.phone } : {}),
    ...(person.email ? { email: person.email } : {}),
    recordedBy: { organisationName: recordedByName },
    createdAt: person.createdAt,
    version: person.version,
  };
}

function consentsOfHer(person: Person) {
  const one = (c: Person['consents']['networkSharing']) => ({ given: c.given, method: c.method, recordedAt: c.recordedAt });
  return {
    networkSharing: one(person.consents.networkSharing),
    smsSurveys: one(person.consents.smsSurveys),
    beingContacted: !person.contactRefused,
    version: person.version,
  };
}

/**
 * A reception as she reads it (issue 15 point 2): when, where, the themes, the information she
 * was given; the professionals' summary only when they marked it visible to her.
 */
function receptionOfHer(r: Reception, placeName: string) {
  return {
    id: r.id,
    date: r.receivedAt,
    place: placeName,
    channel: r.channel,
    themes: r.themes.map(themeLabel),
    ...(r.informationGiven ? { informationGiven: r.informationGiven } : {}),
    ...(r.summaryVisibleToPerson && r.summary ? { summary: r.summary } : {}),
  };
}

/** A referral as she reads it: where she was sent, its status, and how to reach the partner (ADR 0033's site copy). */
function referralOfHer(r: Referral, organisationName: string, site: SiteProjection | undefined) {
  const hours = hoursInWords(site?.openingHours);
  return {
    id: r.id,
    status: r.status,
    statusLabel: STATUS_LABEL[r.status],
    sentAt: r.sentAt,
    themes: r.themes.map(themeLabel),
    organisationName,
    place: site
      ? {
          ...(site.name ? { name: site.name } : {}),
          ...(site.address ? { address: site.address } : {}),
          ...(site.postalCode ? { postalCode: site.postalCode } : {}),
          ...(site.phone ? { phone: site.phone } : {}),
          ...(hours ? { hours } : {}),
        }
      : null,
  };
}

/**
 * What intake holds about a person, for her space (`view`) or her export (`export`), ADR 0037.
 * `view`: her record, her agreements, her receptions (not cancelled ones; summaries only when
 * shared with her) and her referrals with the partner's address, phone and hours. `export`:
 * everything stored, as stored, with her FranceConnect identity link (`identityLinks`: the
 * provider, her `sub` there — her own identifier, her data —, when and by which professional's
 * account it was confirmed; ADR 0040). An unknown person: empty sections.
 */
export function makeIntakePersonData(deps: IntakePersonDataDeps) {
  const { repository } = deps;
  return async (personId: string, purpose: PersonDataPurpose): Promise<Record<string, unknown[]>> => {
    const person = await repository.getPerson(personId);
    if (!person) return {};
    const { receptions, referrals } = await repository.everythingOfPerson(personId);
    if (purpose === 'export') {
      const link = await deps.identityLinks.linkOf(personId);
      const identityLinks = link ? [{ provider: 'FranceConnect', sub: link.sub, linkedAt: link.linkedAt, linkedBy: link.linkedBy }] : [];
      return { persons: [person], receptions, referrals, identityLinks };
    }
    // The organisations of her parcours (intake's copy of their members): names and how to reach them, for her référent's contact.
    const parcours = await repository.parcoursOfPerson(personId);
    const parcoursOrganisations = [
      ...new Set([
        ...parcours.members.map((m) => m.organisationId),
        ...parcours.parcours.flatMap((p) => (p.referentOrganisationId ? [p.referentOrganisationId] : [])),
      ]),
    ];
    const organisationIds = [
      ...parcoursOrganisations,
      person.createdBy.organisationId ?? '',
      ...receptions.map((r) => r.organisationId),
      ...referrals.map((r) => r.toOrganisationId),
    ].filter(Boolean);
    const organisations = await repository.getOrganisations([...new Set(organisationIds)]);
    const nameOf = (id: string | null) => (id ? organisations.get(id)?.name : undefined) ?? 'Structure du réseau';
    const siteIds = [...new Set(receptions.map((r) => r.siteId))];
    const sites = new Map<string, SiteProjection | undefined>();
    await Promise.all(siteIds.map(async (id) => sites.set(id, await repository.getSite(id))));
    const visible = receptions.filter((r) => r.status !== 'cancelled').sort((a, b) => b.receivedAt.localeCompare(a.receivedAt));
    const places = await Promise.all(referrals.map((r) => placeOf(deps, r, person)));
    const contacts = await Promise.all(parcoursOrganisations.map((id) => deps.store.sitesOfOrganisation(id)));
    return {
      organisations: parcoursOrganisations.map((id, i) => {
        const only = contacts[i]?.length === 1 ? contacts[i]?.[0] : undefined;
        const hours = hoursInWords(only?.openingHours);
        return {
          organisationId: id,
          name: nameOf(id),
          ...(only?.phone ? { phone: only.phone } : {}),
          ...(only?.address ? { address: [only.address, only.postalCode].filter(Boolean).join(' ') } : {}),
          ...(hours ? { hours } : {}),
        };
      }),
      person: [personOfHer(person, nameOf(person.createdBy.organisationId))],
      consents: [consentsOfHer(person)],
      receptions: visible.map((r) => receptionOfHer(r, sites.get(r.siteId)?.name ?? nameOf(r.organisationId))),
      referrals: referrals
        .map((r, i) => referralOfHer(r, nameOf(r.toOrganisationId), places[i]))
        .sort((a, b) => b.sentAt.localeCompare(a.sentAt)),
    };
  };
}
