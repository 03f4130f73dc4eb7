import { toE164 } from '../../../shared/validation/phone-plans';
import { installPhoneNormaliser } from './phone';

/**
 * Importing this module installs the numbering plans (shared/validation/phone-plans.ts,
 * our parser and its plans) into intake's `PhoneInputSchema`.
 */
export { regionOf, toE164 } from '../../../shared/validation/phone-plans';

installPhoneNormaliser((raw) => toE164(raw));
