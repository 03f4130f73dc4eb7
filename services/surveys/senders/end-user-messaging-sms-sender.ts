import { PinpointSMSVoiceV2Client, PutOptedOutNumberCommand, SendTextMessageCommand } from '@aws-sdk/client-pinpoint-sms-voice-v2';
import { traceClient } from '../../../shared/observability/tracer';
import type { OptOutList, SmsSender } from '../domain/surveys.ports';

let client: PinpointSMSVoiceV2Client | undefined;
const smsVoice = (): PinpointSMSVoiceV2Client => {
  client ??= traceClient(new PinpointSMSVoiceV2Client({}));
  return client;
};

export interface EndUserMessagingOptions {
  /** The stage's origination identity (phone pool, phone number, sender ID); unset: the account's (account-level send). */
  originationIdentity?: string;
  /** The configuration set whose event destination publishes delivery events (ADR 0035). */
  configurationSetName?: string;
  /** The opt-out list the origination identity uses. */
  optOutListName?: string;
}

/**
 * AWS: one SMS through AWS End User Messaging SMS (`SendTextMessage`, ADR 0035), transactional,
 * from the stage's origination identity, through the stage's configuration set so that the
 * carrier's delivery events reach the surveys service. The survey id travels in the message's
 * `Context` and comes back in each delivery event; the number and the text never do.
 */
export class EndUserMessagingSmsSender implements SmsSender {
  constructor(
    private readonly options: EndUserMessagingOptions,
    private readonly client: () => PinpointSMSVoiceV2Client = smsVoice,
  ) {}

  async send(to: string, text: string, ref: { surveyId?: string; kind: string }): Promise<void> {
    const { originationIdentity, configurationSetName } = this.options;
    await this.client().send(
      new SendTextMessageCommand({
        DestinationPhoneNumber: to,
        MessageBody: text,
        MessageType: 'TRANSACTIONAL',
        // Unset: the service picks one of the account's identities (account-level send).
        ...(originationIdentity ? { OriginationIdentity: originationIdentity } : {}),
        ...(configurationSetName ? { ConfigurationSetName: configurationSetName } : {}),
        Context: { kind: ref.kind, ...(ref.surveyId ? { surveyId: ref.surveyId } : {}) },
      }),
    );
  }
}

/**
 * The stage's opt-out list of AWS End User Messaging SMS, kept in step with Relais's own STOP
 * handling: a number that opts out through Relais is added to it, so that no identity using the
 * list can text it again, whatever sends.
 */
export class EndUserMessagingOptOutList implements OptOutList {
  constructor(
    private readonly optOutListName: string,
    private readonly client: () => PinpointSMSVoiceV2Client = smsVoice,
  ) {}

  async add(phone: string): Promise<void> {
    await this.client().send(new PutOptedOutNumberCommand({ OptOutListName: this.optOutListName, OptedOutNumber: phone }));
  }
}
