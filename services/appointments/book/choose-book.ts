import { settings } from '../../../shared/config/settings';
import { readSecretString } from '../../../shared/auth/secrets';
import { type TraceContext, currentTrace } from '../../../shared/observability/trace-context';
import { appointmentsSettings } from '../appointments.settings';
import type { AppointmentsRepository } from '../domain/appointments.ports';
import { appointmentsErrors } from '../errors';
import type { AppointmentBook } from './appointment-book';
import { rdvServicePublicBook } from './rdv-service-public.book';
import { relaisBook } from './relais.book';

/** Where the organisations' RDV-Service-Public keys are on AWS: `relais/<stage>/rdvsp/<name>` (the stack grants this prefix only). */
export const rdvspSecretId = (stage: string, name: string) => `relais/${stage}/rdvsp/${name}`;

const fetched = new Map<string, Promise<string>>();

/**
 * The API key the organisation's choice names (never stored in a table): locally from the
 * setting RELAIS_RDVSP_TOKENS (`{"name": "key"}`), on AWS from the Secrets Manager secret
 * `relais/<stage>/rdvsp/<name>`, read once per process (a failed read is not kept). A key that
 * cannot be read is the agenda being unavailable (503): nothing is booked.
 */
export async function rdvspToken(name: string): Promise<string> {
  const local = appointmentsSettings().RELAIS_RDVSP_TOKENS?.[name];
  if (local) return local;
  const { RELAIS_MODE, RELAIS_STAGE } = settings();
  if (RELAIS_MODE !== 'aws') throw appointmentsErrors.error('book.unavailable');
  const id = rdvspSecretId(RELAIS_STAGE, name);
  let secret = fetched.get(id);
  if (!secret) {
    secret = (async () => {
      const SecretString = await readSecretString(id);
      if (!SecretString) throw new Error('empty');
      return SecretString;
    })().catch(() => {
      fetched.delete(id);
      throw appointmentsErrors.error('book.unavailable');
    });
    fetched.set(id, secret);
  }
  return secret;
}

export interface BookChoiceOptions {
  /** The API key of a secret name (`rdvspToken` in production). */
  token(secretName: string): Promise<string>;
  /** `globalThis.fetch` in production; the tests' replay of recorded exchanges. */
  fetch?: typeof fetch;
}

/** Per request (the invocation's trace scope): each organisation's book, read once. */
const perRequest = new WeakMap<TraceContext, Map<string, Promise<AppointmentBook>>>();

/**
 * `AppointmentsDeps.appointmentBook` from the directory's choice (ADR 0042), kept by the
 * projections (`OrganisationChanged`): the RDV-Service-Public book for an organisation that
 * chose its agenda there, Relais' own otherwise (no choice, or an organisation not announced
 * yet). The choice is read once per request (the invocation's trace scope), never across
 * requests: a change in the directory applies from the next request.
 */
export function chooseBook(repository: AppointmentsRepository, options: BookChoiceOptions) {
  async function choose(organisationId: string): Promise<AppointmentBook> {
    const choice = (await repository.getOrganisation(organisationId))?.appointmentBook;
    if (choice?.kind !== 'rdv-service-public') return relaisBook(repository);
    return rdvServicePublicBook({
      baseUrl: choice.baseUrl,
      token: () => options.token(choice.tokenSecretName),
      ...(options.fetch ? { fetch: options.fetch } : {}),
    });
  }
  return (organisationId: string): Promise<AppointmentBook> => {
    const trace = currentTrace();
    if (!trace) return choose(organisationId);
    let books = perRequest.get(trace);
    if (!books) {
      books = new Map();
      perRequest.set(trace, books);
    }
    let book = books.get(organisationId);
    if (!book) {
      book = choose(organisationId);
      books.set(organisationId, book);
      book.catch(() => books.delete(organisationId));
    }
    return book;
  };
}
