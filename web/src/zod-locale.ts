import { config } from 'zod';
import { fr } from 'zod/locales';

/**
 * zod's French locale, installed once for the whole SPA (as the kernel does on the server,
 * ADR 0018): a form validated with the backend's schemas never shows zod's English.
 */
config(fr());
