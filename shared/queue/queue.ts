import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { queueEnvName } from '../manifest/manifest';

/**
 * Put a message on one of a service's work queues (manifest `queues`). On AWS the queue is fed
 * by a KMS-encrypted SNS topic with raw delivery (the topic's ARN is in the function's
 * environment): publishing to it is the one call a function needs, with the SNS client the
 * platform already ships. Locally the stack registers its in-process queues.
 */
export interface LocalQueues {
  send(service: string, queue: string, body: string): Promise<void>;
}

let local: LocalQueues | undefined;
let client: SNSClient | undefined;

export function registerLocalQueues(queues: LocalQueues | undefined): void {
  local = queues;
}

export async function enqueue(service: string, queue: string, message: Record<string, unknown>): Promise<void> {
  const body = JSON.stringify(message);
  if (local) return local.send(service, queue, body);
  const env = queueEnvName(service, queue);
  const topicArn = process.env[env];
  if (!topicArn) throw new Error(`Configuration invalide : ${env} manquant (file ${service}.${queue})`);
  client ??= new SNSClient({});
  await client.send(new PublishCommand({ TopicArn: topicArn, Message: body }));
}
