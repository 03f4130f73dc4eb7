import type { UnitOfWork } from '../../../shared/dynamo/unit-of-work';
import type { OutgoingEvent } from '../../../shared/events/envelope';
import type { DeliveryStatus, Survey } from '../domain/survey';
import type { Contact, MeasuringOrganisation, PlaceCopy, SurveysRepository } from '../domain/surveys.ports';

/**
 * An in-memory repository for unit tests of the use cases. Writes given a unit of work are
 * applied at once (the tests do not commit), in the order the use case makes them.
 */
export class FakeSurveysRepository implements SurveysRepository {
  surveys = new Map<string, Survey>();
  phones = new Map<string, string>();
  optOuts = new Map<string, string>();
  last = new Map<string, { surveyId: string; at: string }>();
  contacts = new Map<string, Contact>();
  sites = new Map<string, PlaceCopy>();
  organisations = new Map<string, PlaceCopy>();
  budget = new Map<string, number>();
  measuring = new Map<string, MeasuringOrganisation>();
  events: OutgoingEvent[] = [];

  async getSurvey(id: string) {
    const s = this.surveys.get(id);
    return s ? { ...s } : undefined;
  }
  async surveyPhone(id: string) {
    return this.phones.get(id);
  }
  async isOptedOut(hash: string) {
    return this.optOuts.has(hash);
  }
  async lastSurveyOf(hash: string) {
    return this.last.get(hash);
  }
  async getContact(personId: string) {
    return this.contacts.get(personId);
  }
  saveContact(_uow: UnitOfWork, contact: Contact) {
    this.contacts.set(contact.personId, contact);
  }
  surveyIdsOfPerson(personId: string) {
    return Promise.resolve([...this.surveys.values()].filter((s) => s.personId === personId).map((s) => s.id));
  }
  forgetPersonSurvey(_uow: UnitOfWork, _personId: string, _surveyId: string) {}
  deleteContact(_uow: UnitOfWork, personId: string) {
    this.contacts.delete(personId);
  }
  async getSite(id: string) {
    return this.sites.get(id);
  }
  async getOrganisation(id: string) {
    return this.organisations.get(id);
  }
  saveSite(_uow: UnitOfWork, site: PlaceCopy) {
    this.sites.set(site.id, site);
  }
  saveOrganisation(_uow: UnitOfWork, org: PlaceCopy) {
    this.organisations.set(org.id, org);
  }
  createSurvey(_uow: UnitOfWork, survey: Survey, intervalStart: string) {
    const last = this.last.get(survey.phoneHash);
    if (last && last.at >= intervalStart) throw new Error('ConditionalCheckFailed');
    this.last.set(survey.phoneHash, { surveyId: survey.id, at: survey.createdAt });
    const { phone, ...rest } = survey;
    this.surveys.set(survey.id, rest);
    if (phone) this.phones.set(survey.id, phone);
  }
  async dueSurveys(now: Date, limit: number) {
    return [...this.surveys.values()]
      .filter((s) => s.status === 'scheduled' && s.sendAt <= now.toISOString())
      .sort((a, b) => a.sendAt.localeCompare(b.sendAt))
      .slice(0, limit);
  }
  private setStatus(id: string, from: string[], to: Survey['status'], extra: Partial<Survey> = {}): boolean {
    const s = this.surveys.get(id);
    if (!s || !from.includes(s.status)) return false;
    this.surveys.set(id, { ...s, status: to, ...extra });
    return true;
  }
  async markQueued(id: string) {
    this.setStatus(id, ['scheduled'], 'queued');
  }
  async claim(id: string) {
    return this.setStatus(id, ['scheduled', 'queued'], 'sending');
  }
  async unclaim(id: string) {
    this.setStatus(id, ['sending'], 'queued');
  }
  async close(id: string, status: 'cancelled' | 'budget_exceeded') {
    this.phones.delete(id);
    if (this.setStatus(id, ['scheduled', 'queued', 'sending'], status)) {
      const { personId: _p, ...rest } = this.surveys.get(id) as Survey;
      this.surveys.set(id, rest);
    }
  }
  async recordDelivery(id: string, status: DeliveryStatus, at: Date) {
    const s = this.surveys.get(id);
    if (!s || s.deliveryStatus === 'delivered' || s.deliveryStatus === status) return false;
    this.surveys.set(id, { ...s, deliveryStatus: status, deliveryAt: at.toISOString() });
    return true;
  }
  markSent(_uow: UnitOfWork, survey: Survey, sentAt: Date) {
    if (!this.setStatus(survey.id, ['sending'], 'sent', { sentAt: sentAt.toISOString() })) throw new Error('ConditionalCheckFailed');
    this.phones.delete(survey.id);
    const m = this.measuring.get(survey.organisationId);
    const at = sentAt.toISOString();
    this.measuring.set(survey.organisationId, {
      organisationId: survey.organisationId,
      firstSentAt: m?.firstSentAt ?? at,
      lastSentAt: at,
      sent: (m?.sent ?? 0) + 1,
    });
  }
  async reserveSms(month: string, limit: number) {
    const n = this.budget.get(month) ?? 0;
    if (n >= limit) return false;
    this.budget.set(month, n + 1);
    return true;
  }
  async releaseSms(month: string) {
    this.budget.set(month, (this.budget.get(month) ?? 1) - 1);
  }
  recordOptOut(_uow: UnitOfWork, hash: string, at: Date) {
    if (this.optOuts.has(hash)) throw new Error('ConditionalCheckFailed');
    this.optOuts.set(hash, at.toISOString());
  }
  answer(_uow: UnitOfWork, survey: Survey, score: number, comment: string | undefined, at: Date) {
    const iso = at.toISOString();
    if (!this.setStatus(survey.id, ['sent'], 'answered', { score, answeredAt: iso, ...(comment ? { comment, commentAt: iso } : {}) })) {
      throw new Error('ConditionalCheckFailed');
    }
  }
  addComment(_uow: UnitOfWork, survey: Survey, comment: string, at: Date) {
    const s = this.surveys.get(survey.id) as Survey;
    this.surveys.set(survey.id, { ...s, comment, commentAt: at.toISOString() });
  }
  async sentSurveys(organisationId: string, fromIso: string, toIso: string) {
    return [...this.surveys.values()].filter(
      (s) => s.organisationId === organisationId && s.sentAt && s.sentAt >= fromIso && s.sentAt <= toIso,
    );
  }
  async measuringOrganisations() {
    return [...this.measuring.values()];
  }
  publish(_uow: UnitOfWork, event: OutgoingEvent) {
    this.events.push(event);
  }
}
