/**
 * Typed errors carrying their HTTP status and a stable `code`. They are built from a catalogue
 * (`shared/errors/catalogue.ts` for the kernel's, `services/<name>/errors.ts` for each
 * service's: ADR 0018), never inline; the HTTP stack turns them into RFC 9457 problem+json with
 * `code` beside `type`. Messages are plain French and never carry input or personal data.
 */
export interface FieldError {
  /** Where the problem is: `body.location.lat`, `query.limit`, `path.id`, `header.idempotency-key`. */
  path: string;
  message: string;
}

/** What a catalogue entry gives an error: its code, its title and its message (`detail`). */
export interface ErrorInit {
  /** Stable, dotted: `kernel.validation`, `intake.person.possible-duplicate`. Clients may branch on it. */
  code: string;
  title: string;
  detail: string;
  errors?: FieldError[];
}

export class AppError extends Error {
  readonly code: string;
  readonly title: string;
  readonly errors?: FieldError[];

  constructor(
    readonly status: number,
    init: ErrorInit,
  ) {
    super(init.detail);
    this.name = new.target.name;
    this.code = init.code;
    this.title = init.title;
    this.errors = init.errors;
  }

  /** The family of the problem (one per status class); `code` says which problem it is. */
  get type(): string {
    return `https://relais.social/problems/${this.name
      .replace(/Error$/, '')
      .replace(/([a-z])([A-Z])/g, '$1-$2')
      .toLowerCase()}`;
  }
}

export class ValidationError extends AppError {
  constructor(init: ErrorInit) {
    super(400, init);
  }
}

export class UnauthorizedError extends AppError {
  constructor(init: ErrorInit) {
    super(401, init);
  }
}

export class ForbiddenError extends AppError {
  constructor(init: ErrorInit) {
    super(403, init);
  }
}

export class NotFoundError extends AppError {
  constructor(init: ErrorInit) {
    super(404, init);
  }
}

export class ConflictError extends AppError {
  constructor(init: ErrorInit) {
    super(409, init);
  }
}

export class PayloadTooLargeError extends AppError {
  constructor(init: ErrorInit) {
    super(413, init);
  }
}

export class UnsupportedMediaTypeError extends AppError {
  constructor(init: ErrorInit) {
    super(415, init);
  }
}

/** Valid input refused by a domain rule (e.g. a parcours without the person's agreement). */
export class DomainRuleError extends AppError {
  constructor(init: ErrorInit) {
    super(422, init);
  }
}

/** Too many tries (a sign-in code): the caller waits, the answer says how long (`Retry-After`). */
export class TooManyRequestsError extends AppError {
  constructor(init: ErrorInit) {
    super(429, init);
  }
}

export class ServiceUnavailableError extends AppError {
  constructor(init: ErrorInit) {
    super(503, init);
  }
}

export interface Problem {
  type: string;
  /** The catalogue code: stable, what a client branches on. */
  code: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  errors?: FieldError[];
}

export function toProblem(error: AppError, instance?: string): Problem {
  return {
    type: error.type,
    code: error.code,
    title: error.title,
    status: error.status,
    detail: error.message,
    ...(instance ? { instance } : {}),
    ...(error.errors?.length ? { errors: error.errors } : {}),
  };
}
