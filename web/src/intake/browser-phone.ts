/**
 * The phone numbers' check in the browser. The API normalises numbers with the numbering
 * plans (shared/validation/phone-plans.ts) and the département's region (`phone.check.ts`, a
 * server setting); the SPA does not ship them: it lets through what looks like a number —
 * digits, spaces, dots, dashes, parentheses, a leading + — and leaves the plan to the server,
 * whose French message is then shown under the field like any other (ADR 0022). Imported for its
 * effect by the forms whose schema has a `PhoneInputSchema`.
 */
import { installPhoneNormaliser } from '../../../services/intake/domain/phone';

installPhoneNormaliser((raw) => (/^\+?[\d\s.()-]{6,40}$/.test(raw) && /\d{6}/.test(raw.replace(/\D/g, '')) ? raw : undefined));
