export type SurveyTrigger = 'reception' | 'parcours';
/**
 * scheduled → queued → sending → sent → answered; or cancelled (opt-out, consent withdrawn),
 * budget_exceeded (the month's SMS budget was spent). A survey is sent once at most: an
 * unanswered one is never sent again.
 */
export type SurveyStatus = 'scheduled' | 'queued' | 'sending' | 'sent' | 'answered' | 'cancelled' | 'budget_exceeded';

export interface Survey {
  id: string;
  organisationId: string;
  siteId?: string;
  trigger: SurveyTrigger;
  /** Only while the survey may still be cancelled by a consent withdrawal. */
  personId?: string;
  status: SurveyStatus;
  createdAt: string;
  sendAt: string;
  sentAt?: string;
  answeredAt?: string;
  score?: number;
  comment?: string;
  commentAt?: string;
  phoneHash: string;
  /** E.164, given at creation only: stored apart with a TTL, deleted once sent or cancelled. */
  phone?: string;
  /** The place named in the SMS (public directory data). */
  placeName: string;
  /** What the carrier reported for the SMS (AWS delivery events, ADR 0035); none yet: unknown. */
  deliveryStatus?: DeliveryStatus;
  deliveryAt?: string;
}

/** A survey SMS's final delivery outcome as the carrier reports it. `delivered` is final. */
export type DeliveryStatus = 'delivered' | 'failed';

/** One survey per number per 14 days at most. */
export const SURVEY_INTERVAL_DAYS = 14;
/** A mark is accepted this long after the SMS. */
export const ANSWER_WINDOW_HOURS = 7 * 24;
/** A comment is accepted this long after the mark. */
export const COMMENT_WINDOW_HOURS = 48;
