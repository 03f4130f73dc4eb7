import { config } from 'zod';
import { frenchErrorMap } from '../../shared/errors/field-messages';

/**
 * The server's French field messages (ADR 0018), installed once for the whole SPA: a form
 * validated with the backend's schemas says « Au moins 3 caractères » or « Champ obligatoire »,
 * as the server would, never zod's English nor its locale's « Trop petit : … >=3 ».
 */
config({ localeError: frenchErrorMap });
