/** Key builders of the notifications table (access patterns: README.md). */
export const channelsKey = (organisationId: string) => ({ pk: `ORG#${organisationId}`, sk: 'CHANNELS' });
export const webhookSecretKey = (organisationId: string) => ({ pk: `ORG#${organisationId}`, sk: 'WEBHOOK_SECRET' });
export const subscriptionsKey = (organisationId: string) => ({ pk: `ORG#${organisationId}`, sk: 'SNS_SUBSCRIPTIONS' });
export const deliveryPk = (eventId: string) => `NOTIFIED#${eventId}`;
export const referralFactsKey = (referralId: string) => ({ pk: `REFERRAL#${referralId}`, sk: 'FACTS' });
