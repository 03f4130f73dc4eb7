/**
 * Typed errors carrying their HTTP status. Handlers throw them; the HTTP stack turns them into
 * RFC 9457 problem+json. Messages are plain French and never carry personal data.
 */
export interface FieldError {
  /** Where the problem is: `body.location.lat`, `query.limit`, `path.id`, `header.idempotency-key`. */
  path: string;
  message: string;
}

export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    detail: string,
    readonly errors?: FieldError[],
  ) {
    super(detail);
    this.name = new.target.name;
  }

  get type(): string {
    return `https://relais.social/problems/${this.name
      .replace(/Error$/, '')
      .replace(/([a-z])([A-Z])/g, '$1-$2')
      .toLowerCase()}`;
  }
}

export class ValidationError extends AppError {
  constructor(errors: FieldError[], detail = 'La requête contient des champs invalides.') {
    super(400, 'Requête invalide', detail, errors);
  }
}

export class UnauthorizedError extends AppError {
  constructor(detail = 'Authentification requise : jeton absent, expiré ou invalide.') {
    super(401, 'Non authentifié', detail);
  }
}

export class ForbiddenError extends AppError {
  constructor(detail = "Vous n'avez pas le droit de faire cette action.", errors?: FieldError[]) {
    super(403, 'Action non autorisée', detail, errors);
  }
}

export class NotFoundError extends AppError {
  constructor(detail = "Cette ressource n'existe pas.") {
    super(404, 'Introuvable', detail);
  }
}

export class ConflictError extends AppError {
  constructor(detail = 'La ressource a été modifiée entre-temps : rechargez-la puis recommencez.', errors?: FieldError[]) {
    super(409, 'Conflit', detail, errors);
  }
}

export class PayloadTooLargeError extends AppError {
  constructor(limitBytes: number) {
    super(413, 'Requête trop volumineuse', `Le corps de la requête dépasse ${Math.round(limitBytes / 1024)} Kio.`);
  }
}

export class UnsupportedMediaTypeError extends AppError {
  constructor() {
    super(415, 'Format non pris en charge', 'Le corps de la requête doit être du JSON (Content-Type: application/json).');
  }
}

/** Valid input refused by a domain rule (e.g. a parcours without the person's agreement). */
export class DomainRuleError extends AppError {
  constructor(detail: string, errors?: FieldError[]) {
    super(422, 'Refusé par une règle métier', detail, errors);
  }
}

export class ServiceUnavailableError extends AppError {
  constructor(detail: string) {
    super(503, 'Service indisponible', detail);
  }
}

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  errors?: FieldError[];
}

export function toProblem(error: AppError, instance?: string): Problem {
  return {
    type: error.type,
    title: error.title,
    status: error.status,
    detail: error.message,
    ...(instance ? { instance } : {}),
    ...(error.errors?.length ? { errors: error.errors } : {}),
  };
}
