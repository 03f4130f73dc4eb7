import { DynamoPendingCancels } from '../store/external-cancels.store';
import { appointmentsDeps } from './deps';

/** The erasure's consumer and the schedule that asks again (ADR 0065): the service's wiring, and where the pending cancels are kept. */
export const externalCancelDeps = { ...appointmentsDeps, pendingCancels: new DynamoPendingCancels() };
