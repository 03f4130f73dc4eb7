import { type CollectedPersonData, sectionOf } from './collector';

type Item = Record<string, unknown>;

/** `GET /api/me/person`: her file as she may see it (API.md), from the services' `view` answers. */
export interface MyFile {
  person: Item;
  consents: Item;
  receptions: Item[];
  referrals: Item[];
  parcours: Item[];
  appointments: Item[];
}

/**
 * Her file from the `view` answers: intake gives her record, agreements, receptions and
 * referrals, and the names and contacts of her parcours' organisations; parcours gives the
 * parcours (the référent's organisation is named and its contact added here); appointments her
 * appointments. `undefined` when intake knows no such person (erased).
 */
export function myFileOf(data: CollectedPersonData): MyFile | undefined {
  const person = sectionOf(data, 'intake', 'person')[0];
  if (!person) return undefined;
  const organisations = new Map(sectionOf(data, 'intake', 'organisations').map((o) => [String(o.organisationId), o]));
  const named = (who: Item) => {
    const organisation = organisations.get(String(who.organisationId));
    const { organisationId: _id, ...rest } = who;
    return {
      ...rest,
      organisationName: organisation?.name ?? 'Structure du réseau',
      ...(organisation?.phone ? { phone: organisation.phone } : {}),
      ...(organisation?.address ? { address: organisation.address } : {}),
      ...(organisation?.hours ? { hours: organisation.hours } : {}),
    };
  };
  const parcours = sectionOf(data, 'parcours', 'parcours').map((p) => ({
    ...p,
    referent: named(p.referent as Item),
    members: (p.members as Item[]).map(named),
  }));
  return {
    person,
    consents: sectionOf(data, 'intake', 'consents')[0] ?? {},
    receptions: sectionOf(data, 'intake', 'receptions'),
    referrals: sectionOf(data, 'intake', 'referrals'),
    parcours,
    appointments: sectionOf(data, 'appointments', 'appointments'),
  };
}
