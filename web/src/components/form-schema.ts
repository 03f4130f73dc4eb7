/**
 * The schema of a form and its messages (ADR 0022), apart from React: a form's values are turned
 * into the request body and parsed by the backend's own request schema.
 */
import * as z from 'zod';
import type { FieldProblem } from '../api/types';

/** A form's errors as react-hook-form keeps them: nested like its values, a `message` on each field. */
// biome-ignore lint/suspicious/noExplicitAny: react-hook-form's FieldErrors, without its DOM types here.
type FieldErrors = Record<string, any>;

/** The value at a dotted path (`contacts.0.email`). */
const get = (tree: unknown, path: string): unknown =>
  path
    .split('.')
    .reduce<unknown>((node, key) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined), tree);

/** A problem of the form's own, before the API is asked: `path` is the field's, `body.` aside. */
export interface FormCheck {
  path: string;
  message: string;
}

/**
 * The schema of a form: its values turned into the request body, then parsed by the backend's
 * request schema (`schema`). `checks` (the form's own words for a path) come first.
 */
export function formSchema<TDraft, TBody>(
  toBody: (draft: TDraft) => unknown,
  schema: z.ZodType<TBody>,
  checks?: (draft: TDraft) => FormCheck[],
  fieldOf: (bodyPath: string) => string = (path) => path,
) {
  return z.custom<TDraft>().transform((draft, ctx): TBody => {
    const own = checks?.(draft) ?? [];
    const ownPaths = new Set(own.map((check) => check.path));
    for (const check of own) ctx.addIssue({ code: 'custom', path: check.path.split('.'), message: check.message });
    const parsed = schema.safeParse(toBody(draft));
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const path = fieldOf(issue.path.map(String).join('.'));
        // The form's own message for a field replaces the schema's (and those of its parts).
        if ([...ownPaths].some((own) => path === own || path.startsWith(`${own}.`))) continue;
        ctx.addIssue({ code: 'custom', path: path.split('.'), message: issue.message });
      }
    }
    if (own.length > 0 || !parsed.success) return z.NEVER;
    return parsed.data;
  });
}

/** The messages at `name` and (`nested`) below it — an array's items —, once each. */
export function messagesAt(errors: FieldErrors, name: string, nested = true): string | undefined {
  const found: string[] = [];
  const walk = (node: unknown) => {
    if (!node || typeof node !== 'object') return;
    const message = (node as { message?: unknown }).message;
    if (typeof message === 'string' && message) found.push(message);
    if (!nested) return;
    for (const [key, child] of Object.entries(node)) if (key !== 'ref' && key !== 'message' && key !== 'type') walk(child);
  };
  walk(get(errors, name));
  return found.length > 0 ? [...new Set(found)].join(' ; ') : undefined;
}

/** Every message of the form, with its path, in the fields' order. */
export function problemsOf(errors: FieldErrors, prefix = ''): FieldProblem[] {
  const found: FieldProblem[] = [];
  for (const [key, node] of Object.entries(errors)) {
    if (!node || typeof node !== 'object' || key === 'ref') continue;
    const path = prefix ? `${prefix}.${key}` : key;
    const message = (node as { message?: unknown }).message;
    if (typeof message === 'string' && message) found.push({ path: `body.${path}`, message });
    found.push(...problemsOf(node as FieldErrors, path));
  }
  return found;
}
