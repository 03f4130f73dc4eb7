import {
  AppError,
  ConflictError,
  DomainRuleError,
  type ErrorInit,
  type FieldError,
  ForbiddenError,
  NotFoundError,
  PayloadTooLargeError,
  ServiceUnavailableError,
  TooManyRequestsError,
  UnauthorizedError,
  UnsupportedMediaTypeError,
  ValidationError,
} from './errors';

/**
 * Error catalogues (ADR 0018). Each service declares its errors once, in `services/<name>/errors.ts`,
 * with a stable code (`<service>.<key>`), the HTTP status, a French title and the message its
 * readers see (a reception agent, a partner, a coordinator). Code throws `catalogue.error(key)`,
 * never `new XxxError('…')`: a test walks every entry (no empty or English message) and scans
 * the code for inline errors.
 *
 * A message may hold `{placeholders}` filled with non-personal values (a limit, a status label),
 * never with input.
 */
export type ErrorStatus = 400 | 401 | 403 | 404 | 405 | 409 | 410 | 413 | 415 | 422 | 429 | 431 | 500 | 503;

export interface ErrorSpec {
  status: ErrorStatus;
  title: string;
  message: string;
}

export interface CatalogueEntry extends ErrorSpec {
  code: string;
}

type Placeholders<S extends string> = S extends `${string}{${infer P}}${infer R}` ? P | Placeholders<R> : never;

type OptionsOf<S extends string> = [Placeholders<S>] extends [never]
  ? [options?: { errors?: FieldError[] }]
  : [options: { errors?: FieldError[]; params: Record<Placeholders<S>, string | number> }];

export interface Catalogue<E extends Record<string, ErrorSpec>> {
  readonly prefix: string;
  readonly entries: readonly CatalogueEntry[];
  /** The error of entry `key`, to throw (or to hand to `authorize` as its refusal). */
  error<K extends keyof E & string>(key: K, ...options: OptionsOf<E[K]['message']>): AppError;
  /** The code of entry `key`: what a test or a client compares. */
  code(key: keyof E & string): string;
}

const CLASS_BY_STATUS: Partial<Record<ErrorStatus, new (init: ErrorInit) => AppError>> = {
  400: ValidationError,
  401: UnauthorizedError,
  403: ForbiddenError,
  404: NotFoundError,
  409: ConflictError,
  413: PayloadTooLargeError,
  415: UnsupportedMediaTypeError,
  422: DomainRuleError,
  429: TooManyRequestsError,
  503: ServiceUnavailableError,
};

function fill(message: string, params: Record<string, string | number> | undefined): string {
  return message.replace(/\{(\w+)\}/g, (whole, name: string) => (params && name in params ? String(params[name]) : whole));
}

/**
 * The catalogues loaded in this process, by owner. Codes are unique by construction (`<owner>.<key>`,
 * keys of one object); a module evaluated again (a test runner's fresh registry) replaces its own.
 */
const registry = new Map<string, readonly CatalogueEntry[]>();

/** Every entry of every catalogue loaded in this process. */
export function loadedCatalogueEntries(): readonly CatalogueEntry[] {
  return [...registry.values()].flat();
}

export function defineCatalogue<const E extends Record<string, ErrorSpec>>(prefix: string, specs: E): Catalogue<E> {
  const entries = Object.entries(specs).map(([key, spec]) => ({ code: `${prefix}.${key}`, ...spec }));
  registry.set(prefix, entries);
  const byKey = new Map(entries.map((e) => [e.code.slice(prefix.length + 1), e]));
  return {
    prefix,
    entries,
    code: (key) => `${prefix}.${key}`,
    error(key, ...[options]) {
      const entry = byKey.get(key);
      if (!entry) throw new Error(`Unknown error ${prefix}.${key}`);
      const init: ErrorInit = {
        code: entry.code,
        title: entry.title,
        detail: fill(entry.message, (options as { params?: Record<string, string | number> } | undefined)?.params),
        ...(options?.errors?.length ? { errors: options.errors } : {}),
      };
      const Class = CLASS_BY_STATUS[entry.status];
      return Class ? new Class(init) : new AppError(entry.status, init);
    },
  };
}

/** The kernel's own errors: the HTTP stack, authentication, paging, the unit of work. */
export const kernelErrors = defineCatalogue('kernel', {
  validation: {
    status: 400,
    title: 'Formulaire à corriger',
    message: 'Certains champs ne sont pas valides : corrigez-les puis recommencez.',
  },
  'malformed-json': {
    status: 400,
    title: 'Requête illisible',
    message: 'Les données envoyées ne sont pas lisibles (JSON mal formé).',
  },
  'malformed-request': {
    status: 400,
    title: 'Requête illisible',
    message: 'La requête HTTP est mal formée.',
  },
  'malformed-address': {
    status: 400,
    title: 'Adresse invalide',
    message: 'L’adresse demandée est mal formée.',
  },
  'invalid-cursor': {
    status: 400,
    title: 'Liste à reprendre',
    message: 'La suite de cette liste n’est plus valable : reprenez la liste depuis le début.',
  },
  'invalid-idempotency-key': {
    status: 400,
    title: 'Clé d’idempotence invalide',
    message: 'La clé d’idempotence doit compter de 1 à 255 caractères visibles.',
  },
  unauthorised: {
    status: 401,
    title: 'Connexion requise',
    message: 'Votre session a expiré ou vous n’êtes pas connecté : reconnectez-vous.',
  },
  'account.pending': {
    status: 403,
    title: 'Compte en attente',
    message: 'Votre compte attend qu’un administrateur lui attribue un rôle.',
  },
  'person.unlinked': {
    status: 403,
    title: 'Identité non reliée',
    message: 'Votre identité n’est pas encore reliée à votre dossier. Demandez à la personne qui vous accompagne de la relier.',
  },
  forbidden: {
    status: 403,
    title: 'Action non autorisée',
    message: 'Votre rôle ne vous permet pas de faire cette action.',
  },
  'not-found': {
    status: 404,
    title: 'Introuvable',
    message: 'Cette fiche n’existe pas ou plus.',
  },
  'route-not-found': {
    status: 404,
    title: 'Adresse inconnue',
    message: 'Aucune page du service ne correspond à cette adresse.',
  },
  'method-not-allowed': {
    status: 405,
    title: 'Méthode non autorisée',
    message: 'Cette action n’est pas possible à cette adresse (méthode HTTP non prise en charge).',
  },
  'version-conflict': {
    status: 409,
    title: 'Fiche modifiée entre-temps',
    message: 'Cette fiche a été modifiée entre-temps : rechargez-la puis recommencez.',
  },
  'concurrent-write': {
    status: 409,
    title: 'Modification simultanée',
    message: 'Une autre modification était en cours au même moment : recommencez.',
  },
  'payload-too-large': {
    status: 413,
    title: 'Envoi trop volumineux',
    message: 'Les données envoyées dépassent {limit} Kio : allégez-les puis recommencez.',
  },
  'unsupported-media-type': {
    status: 415,
    title: 'Format non pris en charge',
    message: 'Les données doivent être envoyées en JSON (en-tête Content-Type: application/json).',
  },
  'idempotency-key-reused': {
    status: 422,
    title: 'Clé d’idempotence déjà utilisée',
    message: 'Cette clé d’idempotence a déjà servi pour une autre requête (autre ressource ou autre contenu) : utilisez une nouvelle clé.',
  },
  'headers-too-large': {
    status: 431,
    title: 'En-têtes trop volumineux',
    message: 'Les en-têtes de la requête dépassent {limit} Kio.',
  },
  internal: {
    status: 500,
    title: 'Erreur interne',
    message: 'Une erreur inattendue est survenue. Réessayez dans quelques instants.',
  },
});
