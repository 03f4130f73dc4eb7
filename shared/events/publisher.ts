import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { settings } from '../config/settings';
import { EventBridgePublisher, type EventPublisher } from './relay';
import { traceClient } from '../observability/tracer';

/**
 * The bus the relay publishes to: EventBridge on AWS; in the local stack, the in-process bus it
 * registers at start. The relay and sweep handlers are the same code in both modes.
 */
let registered: EventPublisher | undefined;
let eventBridge: EventPublisher | undefined;

export function registerPublisher(publisher: EventPublisher | undefined): void {
  registered = publisher;
}

export function eventPublisher(): EventPublisher {
  if (registered) return registered;
  eventBridge ??= new EventBridgePublisher(traceClient(new EventBridgeClient({})), settings().RELAIS_EVENT_BUS_NAME);
  return eventBridge;
}
