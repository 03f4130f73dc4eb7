/**
 * AWS End User Messaging SMS resources of a stage (ADR 0035). Their names are fixed by the stage
 * so that the functions (environment) and the operators (README, « SMS ») know them without a
 * cross-stack reference.
 */

/** The configuration set every SMS goes through; its event destination feeds the delivery events topic. */
export const smsConfigurationSetName = (stage: string): string => `relais-${stage}-sms`;

/** The opt-out list the origination identity uses, kept in step with Relais's own STOP handling. */
export const smsOptOutListName = (stage: string): string => `relais-${stage}-opt-outs`;

/** The events the configuration set publishes: the final outcomes a survey's delivery status shows. */
export const SMS_DELIVERY_EVENT_TYPES = [
  'TEXT_DELIVERED',
  'TEXT_SUCCESSFUL',
  'TEXT_BLOCKED',
  'TEXT_CARRIER_BLOCKED',
  'TEXT_CARRIER_UNREACHABLE',
  'TEXT_INVALID',
  'TEXT_INVALID_MESSAGE',
  'TEXT_SPAM',
  'TEXT_TTL_EXPIRED',
  'TEXT_UNREACHABLE',
  'TEXT_UNKNOWN',
] as const;
