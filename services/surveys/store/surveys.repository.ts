import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { tableName } from '../../../shared/config/settings';
import { ddb } from '../../../shared/dynamo/client';
import { queryAll } from '../../../shared/dynamo/query-all';
import type { UnitOfWork } from '../../../shared/dynamo/unit-of-work';
import type { OutgoingEvent } from '../../../shared/events/envelope';
import { publishInTransaction } from '../../../shared/events/outbox';
import type { DeliveryStatus, Survey } from '../domain/survey';
import type { Contact, MeasuringOrganisation, PlaceCopy, SurveysRepository } from '../domain/surveys.ports';

const table = () => tableName('surveys', 'main');

export const keys = {
  survey: (id: string) => ({ pk: `SURVEY#${id}`, sk: 'SURVEY' }),
  /** The number a survey goes to, apart from the survey, expiring on its own (TTL). */
  surveyPhone: (id: string) => ({ pk: `SURVEY#${id}`, sk: 'PHONE' }),
  optOut: (hash: string) => ({ pk: `PHONE#${hash}`, sk: 'OPTOUT' }),
  last: (hash: string) => ({ pk: `PHONE#${hash}`, sk: 'LAST' }),
  contact: (personId: string) => ({ pk: `PERSON#${personId}`, sk: 'CONTACT' }),
  /** A survey about a person (ADR 0037: her export), kept until she is erased. */
  personSurvey: (personId: string, id: string) => ({ pk: `PERSON#${personId}`, sk: `SURVEY#${id}` }),
  site: (id: string) => ({ pk: `SITE#${id}`, sk: 'SITE' }),
  organisation: (id: string) => ({ pk: `ORG#${id}`, sk: 'ORG' }),
  budget: (month: string) => ({ pk: `BUDGET#${month}`, sk: 'BUDGET' }),
  measuring: (organisationId: string) => ({ pk: 'MEASURING', sk: `ORG#${organisationId}` }),
};
/** Sparse index of scheduled surveys (only they carry `duePk`). */
const DUE_PK = 'DUE';
/** A contact (personId → number) is forgotten a year after the last reception that gave it. */
const CONTACT_TTL_SECONDS = 365 * 24 * 3600;
/** A survey's number is kept at most this long after its sending time (safety net behind `close`). */
const PHONE_TTL_DAYS = 15;

const SURVEY_FIELDS = [
  'id',
  'organisationId',
  'siteId',
  'trigger',
  'personId',
  'status',
  'createdAt',
  'sendAt',
  'sentAt',
  'answeredAt',
  'score',
  'comment',
  'commentAt',
  'phoneHash',
  'phone',
  'placeName',
  'deliveryStatus',
  'deliveryAt',
] as const;

function toSurvey(item: Record<string, unknown>): Survey {
  const out: Record<string, unknown> = {};
  for (const f of SURVEY_FIELDS) if (item[f] !== undefined) out[f] = item[f];
  return out as unknown as Survey;
}

async function conditional(run: () => Promise<unknown>): Promise<boolean> {
  try {
    await run();
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}

export class DynamoSurveysRepository implements SurveysRepository {
  async recordDelivery(id: string, status: DeliveryStatus, at: Date) {
    // Idempotent and order-proof: the same event twice changes nothing, and once delivered a
    // survey stays delivered (a late failure of an earlier attempt cannot undo it).
    return conditional(() =>
      ddb().send(
        new UpdateCommand({
          TableName: table(),
          Key: keys.survey(id),
          UpdateExpression: 'SET deliveryStatus = :status, deliveryAt = :at',
          ConditionExpression:
            'attribute_exists(pk) AND (attribute_not_exists(deliveryStatus) OR (deliveryStatus <> :delivered AND deliveryStatus <> :status))',
          ExpressionAttributeValues: { ':status': status, ':at': at.toISOString(), ':delivered': 'delivered' },
        }),
      ),
    );
  }

  private async get(key: Record<string, string>, consistent = false) {
    const out = await ddb().send(new GetCommand({ TableName: table(), Key: key, ConsistentRead: consistent }));
    return out.Item;
  }

  async getSurvey(id: string) {
    const item = await this.get(keys.survey(id), true);
    return item ? toSurvey(item) : undefined;
  }

  async surveyPhone(id: string) {
    const item = await this.get(keys.surveyPhone(id), true);
    return item ? (item.phone as string) : undefined;
  }

  async isOptedOut(phoneHash: string) {
    return Boolean(await this.get(keys.optOut(phoneHash), true));
  }

  async lastSurveyOf(phoneHash: string) {
    const item = await this.get(keys.last(phoneHash), true);
    return item ? { surveyId: item.surveyId as string, at: item.at as string } : undefined;
  }

  async getContact(personId: string) {
    const item = await this.get(keys.contact(personId), true);
    return item ? { personId, phone: item.phone as string, phoneHash: item.phoneHash as string } : undefined;
  }

  saveContact(uow: UnitOfWork, contact: Contact, now: Date) {
    uow.put(table(), {
      ...keys.contact(contact.personId),
      ...contact,
      updatedAt: now.toISOString(),
      expiresAt: Math.floor(now.getTime() / 1000) + CONTACT_TTL_SECONDS,
    });
  }

  deleteContact(uow: UnitOfWork, personId: string) {
    uow.add({ Delete: { TableName: table(), Key: keys.contact(personId) } });
  }

  async surveyIdsOfPerson(personId: string): Promise<string[]> {
    const items = await queryAll({
      TableName: table(),
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': keys.contact(personId).pk, ':prefix': 'SURVEY#' },
    });
    return items.map((i) => String(i.surveyId));
  }

  forgetPersonSurvey(uow: UnitOfWork, personId: string, surveyId: string) {
    uow.add({ Delete: { TableName: table(), Key: keys.personSurvey(personId, surveyId) } });
  }

  async getSite(id: string) {
    const item = await this.get(keys.site(id));
    return item ? (item as unknown as PlaceCopy) : undefined;
  }

  async getOrganisation(id: string) {
    const item = await this.get(keys.organisation(id));
    return item ? (item as unknown as PlaceCopy) : undefined;
  }

  saveSite(uow: UnitOfWork, site: PlaceCopy) {
    uow.put(table(), { ...keys.site(site.id), ...site });
  }

  saveOrganisation(uow: UnitOfWork, org: PlaceCopy) {
    uow.put(table(), { ...keys.organisation(org.id), ...org });
  }

  createSurvey(uow: UnitOfWork, survey: Survey, intervalStart: string) {
    const sendAt = new Date(survey.sendAt).getTime();
    uow.put(
      table(),
      { ...keys.last(survey.phoneHash), surveyId: survey.id, at: survey.createdAt },
      { expression: 'attribute_not_exists(pk) OR #at < :start', names: { '#at': 'at' }, values: { ':start': intervalStart } },
    );
    const { phone, ...stored } = survey;
    uow.put(table(), { ...keys.survey(survey.id), ...stored, duePk: DUE_PK, dueAt: `${survey.sendAt}#${survey.id}` });
    if (survey.personId) uow.put(table(), { ...keys.personSurvey(survey.personId, survey.id), surveyId: survey.id });
    if (phone) {
      uow.put(table(), { ...keys.surveyPhone(survey.id), phone, expiresAt: Math.floor(sendAt / 1000) + PHONE_TTL_DAYS * 24 * 3600 });
    }
  }

  async dueSurveys(now: Date, limit: number) {
    const out = await ddb().send(
      new QueryCommand({
        TableName: table(),
        IndexName: 'due',
        KeyConditionExpression: 'duePk = :p AND dueAt <= :now',
        ExpressionAttributeValues: { ':p': DUE_PK, ':now': `${now.toISOString()}#~` },
        Limit: limit,
      }),
    );
    return (out.Items ?? []).map(toSurvey);
  }

  async markQueued(id: string) {
    await conditional(() =>
      ddb().send(
        new UpdateCommand({
          TableName: table(),
          Key: keys.survey(id),
          UpdateExpression: 'SET #s = :queued REMOVE duePk, dueAt',
          ConditionExpression: '#s = :scheduled',
          ExpressionAttributeNames: { '#s': 'status' },
          ExpressionAttributeValues: { ':queued': 'queued', ':scheduled': 'scheduled' },
        }),
      ),
    );
  }

  claim(id: string) {
    return conditional(() =>
      ddb().send(
        new UpdateCommand({
          TableName: table(),
          Key: keys.survey(id),
          UpdateExpression: 'SET #s = :sending REMOVE duePk, dueAt',
          ConditionExpression: '#s IN (:scheduled, :queued)',
          ExpressionAttributeNames: { '#s': 'status' },
          ExpressionAttributeValues: { ':sending': 'sending', ':scheduled': 'scheduled', ':queued': 'queued' },
        }),
      ),
    );
  }

  async unclaim(id: string) {
    await conditional(() =>
      ddb().send(
        new UpdateCommand({
          TableName: table(),
          Key: keys.survey(id),
          UpdateExpression: 'SET #s = :queued',
          ConditionExpression: '#s = :sending',
          ExpressionAttributeNames: { '#s': 'status' },
          ExpressionAttributeValues: { ':queued': 'queued', ':sending': 'sending' },
        }),
      ),
    );
  }

  async close(id: string, status: 'cancelled' | 'budget_exceeded', at: Date) {
    await ddb().send(new DeleteCommand({ TableName: table(), Key: keys.surveyPhone(id) }));
    await conditional(() =>
      ddb().send(
        new UpdateCommand({
          TableName: table(),
          Key: keys.survey(id),
          UpdateExpression: 'SET #s = :status, closedAt = :at REMOVE personId, duePk, dueAt',
          ConditionExpression: '#s IN (:scheduled, :queued, :sending)',
          ExpressionAttributeNames: { '#s': 'status' },
          ExpressionAttributeValues: {
            ':status': status,
            ':at': at.toISOString(),
            ':scheduled': 'scheduled',
            ':queued': 'queued',
            ':sending': 'sending',
          },
        }),
      ),
    );
  }

  markSent(uow: UnitOfWork, survey: Survey, sentAt: Date) {
    const iso = sentAt.toISOString();
    uow.add({
      Update: {
        TableName: table(),
        Key: keys.survey(survey.id),
        UpdateExpression: 'SET #s = :sent, sentAt = :at, gsi1pk = :g, gsi1sk = :gs REMOVE personId',
        ConditionExpression: '#s = :sending',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: {
          ':sent': 'sent',
          ':sending': 'sending',
          ':at': iso,
          ':g': `ORG#${survey.organisationId}`,
          ':gs': `${iso}#${survey.id}`,
        },
      },
    });
    uow.add({ Delete: { TableName: table(), Key: keys.surveyPhone(survey.id) } });
    uow.add({
      Update: {
        TableName: table(),
        Key: keys.measuring(survey.organisationId),
        UpdateExpression: 'SET organisationId = :o, lastSentAt = :at, firstSentAt = if_not_exists(firstSentAt, :at) ADD sent :one',
        ExpressionAttributeValues: { ':o': survey.organisationId, ':at': iso, ':one': 1 },
      },
    });
  }

  reserveSms(month: string, budget: number) {
    return conditional(() =>
      ddb().send(
        new UpdateCommand({
          TableName: table(),
          Key: keys.budget(month),
          UpdateExpression: 'ADD sent :one',
          ConditionExpression: 'attribute_not_exists(sent) OR sent < :budget',
          ExpressionAttributeValues: { ':one': 1, ':budget': budget },
        }),
      ),
    ).then((ok) => ok && budget > 0);
  }

  async releaseSms(month: string) {
    await ddb().send(
      new UpdateCommand({
        TableName: table(),
        Key: keys.budget(month),
        UpdateExpression: 'ADD sent :minus',
        ExpressionAttributeValues: { ':minus': -1 },
      }),
    );
  }

  recordOptOut(uow: UnitOfWork, phoneHash: string, at: Date) {
    uow.put(table(), { ...keys.optOut(phoneHash), at: at.toISOString() }, { expression: 'attribute_not_exists(pk)' });
  }

  answer(uow: UnitOfWork, survey: Survey, score: number, comment: string | undefined, at: Date) {
    const iso = at.toISOString();
    uow.add({
      Update: {
        TableName: table(),
        Key: keys.survey(survey.id),
        UpdateExpression: `SET #s = :answered, score = :score, answeredAt = :at${comment ? ', #c = :comment, commentAt = :at' : ''}`,
        ConditionExpression: '#s = :sent',
        ExpressionAttributeNames: { '#s': 'status', ...(comment ? { '#c': 'comment' } : {}) },
        ExpressionAttributeValues: {
          ':answered': 'answered',
          ':sent': 'sent',
          ':score': score,
          ':at': iso,
          ...(comment ? { ':comment': comment } : {}),
        },
      },
    });
  }

  addComment(uow: UnitOfWork, survey: Survey, comment: string, at: Date) {
    uow.add({
      Update: {
        TableName: table(),
        Key: keys.survey(survey.id),
        UpdateExpression: 'SET #c = :comment, commentAt = :at',
        ConditionExpression: '#s = :answered AND attribute_not_exists(#c)',
        ExpressionAttributeNames: { '#s': 'status', '#c': 'comment' },
        ExpressionAttributeValues: { ':answered': 'answered', ':comment': comment, ':at': at.toISOString() },
      },
    });
  }

  async sentSurveys(organisationId: string, fromIso: string, toIso: string) {
    const items = await queryAll({
      TableName: table(),
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :p AND gsi1sk BETWEEN :from AND :to',
      ExpressionAttributeValues: { ':p': `ORG#${organisationId}`, ':from': fromIso, ':to': `${toIso}~` },
    });
    return items.map(toSurvey);
  }

  async measuringOrganisations() {
    const items = await queryAll({
      TableName: table(),
      KeyConditionExpression: 'pk = :p',
      ExpressionAttributeValues: { ':p': 'MEASURING' },
    });
    return items.map(
      (i): MeasuringOrganisation => ({
        organisationId: i.organisationId as string,
        firstSentAt: i.firstSentAt as string,
        lastSentAt: i.lastSentAt as string,
        sent: i.sent as number,
      }),
    );
  }

  publish(uow: UnitOfWork, event: OutgoingEvent) {
    publishInTransaction(uow, table(), event);
  }
}
