import type { EventPattern } from '../../shared/manifest/manifest';

/**
 * EventBridge pattern matching, for the local bus. Supported: exact values (arrays of
 * strings, numbers, booleans, null), nested objects, `prefix`, `suffix`, `anything-but`
 * (values or `{ prefix }`), `exists`, `equals-ignore-case` and `numeric` ranges; a field that
 * is an array in the event matches when any of its elements does. Anything else is refused
 * when the manifest is loaded, so a pattern cannot silently match differently than on AWS.
 */
type Matcher = unknown;

function matchOne(matcher: Matcher, value: unknown, present: boolean): boolean {
  if (matcher === null || typeof matcher !== 'object') {
    return present && (Array.isArray(value) ? value.some((v) => v === matcher) : value === matcher);
  }
  const rule = matcher as Record<string, unknown>;
  const values = Array.isArray(value) ? value : [value];
  if ('exists' in rule) return rule.exists === present;
  if (!present) return 'anything-but' in rule;
  if ('prefix' in rule) return values.some((v) => typeof v === 'string' && v.startsWith(String(rule.prefix)));
  if ('suffix' in rule) return values.some((v) => typeof v === 'string' && v.endsWith(String(rule.suffix)));
  if ('equals-ignore-case' in rule) {
    const target = String(rule['equals-ignore-case']).toLowerCase();
    return values.some((v) => typeof v === 'string' && v.toLowerCase() === target);
  }
  if ('anything-but' in rule) {
    const but = rule['anything-but'];
    if (but && typeof but === 'object' && !Array.isArray(but) && 'prefix' in but) {
      const prefix = String((but as { prefix: unknown }).prefix);
      return values.every((v) => !(typeof v === 'string' && v.startsWith(prefix)));
    }
    const excluded = Array.isArray(but) ? but : [but];
    return values.every((v) => !excluded.includes(v));
  }
  if ('numeric' in rule) {
    const ops = rule.numeric as unknown[];
    return values.some((v) => {
      if (typeof v !== 'number') return false;
      for (let i = 0; i < ops.length; i += 2) {
        const op = ops[i];
        const n = ops[i + 1] as number;
        const ok = op === '=' ? v === n : op === '<' ? v < n : op === '<=' ? v <= n : op === '>' ? v > n : op === '>=' ? v >= n : false;
        if (!ok) return false;
      }
      return true;
    });
  }
  throw new Error(`Unsupported event pattern operator: ${Object.keys(rule).join(', ')}`);
}

export function matchesPattern(pattern: EventPattern, event: Record<string, unknown>): boolean {
  for (const [key, expected] of Object.entries(pattern)) {
    const present = event !== null && typeof event === 'object' && key in event;
    const value = present ? event[key] : undefined;
    if (Array.isArray(expected)) {
      if (!expected.some((m) => matchOne(m, value, present))) return false;
    } else if (expected && typeof expected === 'object') {
      if (!present || value === null || typeof value !== 'object') return false;
      if (!matchesPattern(expected as EventPattern, value as Record<string, unknown>)) return false;
    } else {
      throw new Error(`Event pattern field ${key} must be an array or an object`);
    }
  }
  return true;
}

/** Refuse at load time what the local matcher cannot evaluate like EventBridge does. */
export function validatePattern(pattern: EventPattern, path = ''): void {
  const operators = new Set(['prefix', 'suffix', 'anything-but', 'exists', 'equals-ignore-case', 'numeric']);
  for (const [key, expected] of Object.entries(pattern)) {
    if (Array.isArray(expected)) {
      for (const m of expected) {
        if (m && typeof m === 'object' && !Object.keys(m).every((k) => operators.has(k))) {
          throw new Error(`Unsupported operator in pattern at ${path}${key}`);
        }
      }
    } else if (expected && typeof expected === 'object') {
      validatePattern(expected as EventPattern, `${path}${key}.`);
    } else {
      throw new Error(`Event pattern field ${path}${key} must be an array or an object`);
    }
  }
}
