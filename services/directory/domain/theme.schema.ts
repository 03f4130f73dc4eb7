import * as z from 'zod';
import { THEME_IDS } from '../../../shared/reference/data-inclusion-codes';

/** A data·inclusion theme: a category or one of its themes (`<category>--<theme>`). */
export const ThemeSchema = z.string().refine((v) => THEME_IDS.has(v), { message: 'Thématique inconnue (liste data·inclusion)' });
