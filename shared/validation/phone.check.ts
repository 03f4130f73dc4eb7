import { installPhoneNormaliser } from './phone';
import { toE164 } from './phone-plans';

/**
 * Importing this module installs the numbering plans (`phone-plans.ts`: our parser and `phone-plans.json`) into
 * `PhoneInputSchema` (`phone.ts`).
 */
export { regionOf, toE164 } from './phone-plans';

installPhoneNormaliser((raw) => toE164(raw));
