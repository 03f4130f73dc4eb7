/**
 * The data·inclusion API (https://api.data.inclusion.beta.gouv.fr, ADR 0044) behind a port: the
 * structures and services of one département, page by page. The HTTP client follows the API's
 * v1 contract: `GET /api/v1/structures` and `/api/v1/services`, filter `code_departement`,
 * paging `page` (from 1) and `size`, answer `{ items, total, page, size }`, bearer token.
 * The rows come back as the API gives them: the import checks each one (formats/data-inclusion.ts).
 */

/** One page as the API answers it (fastapi-pagination's `Page`). */
export interface DataInclusionPage {
  items: unknown[];
  total: number;
  page: number;
  size: number;
}

/** Where the pull reads from: the API on a stage, a recorded answer in tests. */
export interface DataInclusionSource {
  /** Every structure of the département (all pages). */
  structures(departement: string): Promise<unknown[]>;
  /** Every service of the département (all pages). */
  services(departement: string): Promise<unknown[]>;
}

export interface HttpDataInclusionOptions {
  /** The API's root, e.g. `https://api.data.inclusion.beta.gouv.fr`. */
  baseUrl: string;
  /** The bearer token, read when first needed (a secret). */
  token: () => Promise<string>;
  /** Rows per page (the API allows up to 10 000; a smaller page keeps each answer short). */
  pageSize?: number;
  /** A guard against an API that never ends: at most this many pages per list. */
  maxPages?: number;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

/** The API refused or failed: the pull stops, logs the status, and imports nothing of that list. */
export class DataInclusionApiError extends Error {
  constructor(
    readonly status: number,
    readonly path: string,
  ) {
    super(`data·inclusion API: ${status} on ${path}`);
    this.name = 'DataInclusionApiError';
  }
}

const isPage = (value: unknown): value is DataInclusionPage =>
  typeof value === 'object' &&
  value !== null &&
  Array.isArray((value as DataInclusionPage).items) &&
  typeof (value as DataInclusionPage).total === 'number';

export class HttpDataInclusionSource implements DataInclusionSource {
  private readonly pageSize: number;
  private readonly maxPages: number;
  private readonly timeoutMs: number;
  private readonly fetchFn: typeof fetch;

  constructor(private readonly options: HttpDataInclusionOptions) {
    this.pageSize = options.pageSize ?? 500;
    this.maxPages = options.maxPages ?? 200;
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.fetchFn = options.fetch ?? fetch;
  }

  structures(departement: string): Promise<unknown[]> {
    return this.all('/api/v1/structures', departement);
  }

  services(departement: string): Promise<unknown[]> {
    return this.all('/api/v1/services', departement);
  }

  private async all(path: string, departement: string): Promise<unknown[]> {
    const token = await this.options.token();
    const rows: unknown[] = [];
    for (let page = 1; page <= this.maxPages; page++) {
      const url = new URL(path, this.options.baseUrl);
      url.searchParams.set('code_departement', departement);
      url.searchParams.set('page', String(page));
      url.searchParams.set('size', String(this.pageSize));
      const res = await this.fetchFn(url, {
        headers: { Authorization: `Bearer ${token}`, Accept: 'application/json' },
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      if (!res.ok) throw new DataInclusionApiError(res.status, path);
      const body: unknown = await res.json();
      if (!isPage(body)) throw new DataInclusionApiError(502, path);
      rows.push(...body.items);
      if (body.items.length === 0 || rows.length >= body.total) return rows;
    }
    return rows;
  }
}
