import type { NoticeKind, ReferralNotice, Urgency } from './referral-events';

/** The `type` of a webhook, one per kind of notice. */
export const WEBHOOK_TYPES: Readonly<Record<NoticeKind, string>> = {
  sent: 'referral.sent',
  status_changed: 'referral.status_changed',
  reminder: 'referral.reminder',
  link: 'referral.link',
  appointment: 'referral.appointment',
};

/**
 * The JSON a partner's system receives. Ids, status, theme ids (data·inclusion), urgency and,
 * for the receiving organisation, the signed link; never anything about the person. Fields whose
 * value is unknown (e.g. themes of a referral sent before the directory kept them) are absent.
 */
export interface WebhookPayload {
  type: string;
  occurredAt: string;
  data: {
    referralId: string;
    /** The referral's status (absent from `referral.appointment`: a booking does not change it). */
    status?: string;
    previousStatus?: string;
    fromOrganisationId: string;
    toOrganisationId: string;
    themes?: string[];
    urgency?: Urgency;
    expiresAt?: string;
    link?: string;
    /** `referral.appointment`: the appointment booked for the referral (the place is public directory data). */
    appointment?: {
      id: string;
      siteId: string;
      siteName?: string;
      siteAddress?: string;
      start: string;
      end: string;
      channel: 'site' | 'phone' | 'video';
      /** Present, true, when the appointment was cancelled (ADR 0042). */
      cancelled?: true;
    };
  };
}

export function webhookPayload(notice: ReferralNotice, link: string | undefined): WebhookPayload {
  return {
    type: WEBHOOK_TYPES[notice.kind],
    occurredAt: notice.occurredAt,
    data: {
      referralId: notice.referralId,
      ...(notice.status ? { status: notice.status } : {}),
      ...(notice.previousStatus ? { previousStatus: notice.previousStatus } : {}),
      fromOrganisationId: notice.fromOrganisationId,
      toOrganisationId: notice.toOrganisationId,
      ...(notice.themes ? { themes: notice.themes } : {}),
      ...(notice.urgency ? { urgency: notice.urgency } : {}),
      ...(notice.expiresAt ? { expiresAt: notice.expiresAt } : {}),
      ...(link ? { link } : {}),
      ...(notice.appointment
        ? {
            appointment: {
              id: notice.appointment.appointmentId,
              siteId: notice.appointment.siteId,
              ...(notice.appointment.siteName ? { siteName: notice.appointment.siteName } : {}),
              ...(notice.appointment.siteAddress ? { siteAddress: notice.appointment.siteAddress } : {}),
              start: notice.appointment.start,
              end: notice.appointment.end,
              channel: notice.appointment.channel,
              ...(notice.appointment.cancelled ? { cancelled: true as const } : {}),
            },
          }
        : {}),
    },
  };
}
