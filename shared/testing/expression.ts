/**
 * The part of DynamoDB's condition and update expression languages that Relais writes
 * (attribute_exists, attribute_not_exists, begins_with, comparisons, BETWEEN, AND, OR, NOT,
 * parentheses; `SET a = :v, …`), evaluated against an in-memory item. Anything else is refused
 * loudly, so that a twin never silently accepts what it does not understand.
 */

type Item = Record<string, unknown>;
export interface ExpressionContext {
  names?: Record<string, string>;
  values?: Record<string, unknown>;
}

type Token = { kind: 'name' | 'value' | 'word' | 'op' | 'punct'; text: string };

function tokenize(expression: string): Token[] {
  const tokens: Token[] = [];
  const re = /\s*(?:(#[\w]+)|(:[\w]+)|(<=|>=|<>|=|<|>)|([(),.])|([A-Za-z_][\w]*))/y;
  let index = 0;
  while (index < expression.length) {
    if (/^\s*$/.test(expression.slice(index))) break;
    re.lastIndex = index;
    const match = re.exec(expression);
    if (!match) throw new Error(`Expression non comprise par le jumeau en mémoire : ${expression}`);
    index = re.lastIndex;
    if (match[1]) tokens.push({ kind: 'name', text: match[1] });
    else if (match[2]) tokens.push({ kind: 'value', text: match[2] });
    else if (match[3]) tokens.push({ kind: 'op', text: match[3] });
    else if (match[4]) tokens.push({ kind: 'punct', text: match[4] });
    else if (match[5]) tokens.push({ kind: 'word', text: match[5] });
  }
  return tokens;
}

type Operand = { path: string[] } | { value: unknown };

class Parser {
  private at = 0;
  constructor(
    private readonly tokens: Token[],
    private readonly context: ExpressionContext,
    private readonly source: string,
  ) {}

  private peek(): Token | undefined {
    return this.tokens[this.at];
  }

  private next(): Token {
    const token = this.tokens[this.at++];
    if (!token) throw this.fail();
    return token;
  }

  expect(text: string): void {
    if (this.next().text !== text) throw this.fail();
  }

  private keyword(word: string): boolean {
    const token = this.peek();
    if (token?.kind === 'word' && token.text.toUpperCase() === word) {
      this.at++;
      return true;
    }
    return false;
  }

  fail(): Error {
    return new Error(`Expression non comprise par le jumeau en mémoire : ${this.source}`);
  }

  done(): boolean {
    return this.at >= this.tokens.length;
  }

  private nameOf(token: Token): string {
    if (token.kind === 'name') {
      const name = this.context.names?.[token.text];
      if (name === undefined) throw new Error(`ExpressionAttributeNames sans ${token.text}`);
      return name;
    }
    if (token.kind === 'word') return token.text;
    throw this.fail();
  }

  path(): string[] {
    const parts = [this.nameOf(this.next())];
    while (this.peek()?.text === '.') {
      this.at++;
      parts.push(this.nameOf(this.next()));
    }
    return parts;
  }

  operand(): Operand {
    const token = this.peek();
    if (token?.kind === 'value') {
      this.at++;
      if (!this.context.values || !(token.text in this.context.values)) throw new Error(`ExpressionAttributeValues sans ${token.text}`);
      return { value: this.context.values[token.text] };
    }
    return { path: this.path() };
  }

  /** condition := and (OR and)* */
  condition(): (item: Item | undefined) => boolean {
    let left = this.conjunction();
    while (this.keyword('OR')) {
      const a = left;
      const b = this.conjunction();
      left = (item) => a(item) || b(item);
    }
    return left;
  }

  private conjunction(): (item: Item | undefined) => boolean {
    let left = this.negation();
    while (this.keyword('AND')) {
      const a = left;
      const b = this.negation();
      left = (item) => a(item) && b(item);
    }
    return left;
  }

  private negation(): (item: Item | undefined) => boolean {
    if (this.keyword('NOT')) {
      const inner = this.negation();
      return (item) => !inner(item);
    }
    return this.primary();
  }

  private primary(): (item: Item | undefined) => boolean {
    const token = this.peek();
    if (token?.text === '(') {
      this.at++;
      const inner = this.condition();
      this.expect(')');
      return inner;
    }
    if (token?.kind === 'word' && this.tokens[this.at + 1]?.text === '(') {
      const fn = token.text;
      this.at += 2;
      if (fn === 'attribute_exists' || fn === 'attribute_not_exists') {
        const path = this.path();
        this.expect(')');
        return fn === 'attribute_exists' ? (item) => read(item, path) !== undefined : (item) => read(item, path) === undefined;
      }
      if (fn === 'begins_with') {
        const a = this.operand();
        this.expect(',');
        const b = this.operand();
        this.expect(')');
        return (item) => {
          const x = resolve(item, a);
          const y = resolve(item, b);
          return typeof x === 'string' && typeof y === 'string' && x.startsWith(y);
        };
      }
      throw this.fail();
    }
    const left = this.operand();
    if (this.keyword('BETWEEN')) {
      const low = this.operand();
      if (!this.keyword('AND')) throw this.fail();
      const high = this.operand();
      return (item) => {
        const x = resolve(item, left);
        return compare(x, resolve(item, low)) >= 0 && compare(x, resolve(item, high)) <= 0;
      };
    }
    const op = this.next();
    if (op.kind !== 'op') throw this.fail();
    const right = this.operand();
    return (item) => {
      const x = resolve(item, left);
      const y = resolve(item, right);
      if (op.text === '<>') return x === undefined || y === undefined ? x !== y : !equal(x, y);
      if (x === undefined || y === undefined) return false;
      if (op.text === '=') return equal(x, y);
      if (typeof x !== typeof y || (typeof x !== 'string' && typeof x !== 'number')) return false;
      const c = compare(x, y);
      return op.text === '<' ? c < 0 : op.text === '<=' ? c <= 0 : op.text === '>' ? c > 0 : c >= 0;
    };
  }
}

function read(item: Item | undefined, path: readonly string[]): unknown {
  let value: unknown = item;
  for (const part of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Item)[part];
  }
  return value;
}

function resolve(item: Item | undefined, operand: Operand): unknown {
  return 'value' in operand ? operand.value : read(item, operand.path);
}

function equal(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** DynamoDB orders strings by their UTF-8 bytes, numbers by value. */
export function compare(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'string' && typeof b === 'string') return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
  return Number.NaN;
}

/** Does `item` (undefined: no such item) meet the condition? */
export function meets(expression: string, item: Item | undefined, context: ExpressionContext = {}): boolean {
  const parser = new Parser(tokenize(expression), context, expression);
  const condition = parser.condition();
  if (!parser.done()) throw parser.fail();
  return condition(item);
}

/** Apply `SET a = :v, b.c = :w` to a copy of `item`. */
export function applyUpdate(expression: string, item: Item, context: ExpressionContext = {}): Item {
  const tokens = tokenize(expression);
  if (tokens[0]?.kind !== 'word' || tokens[0].text.toUpperCase() !== 'SET') {
    throw new Error(`Expression de mise à jour non comprise par le jumeau en mémoire : ${expression}`);
  }
  const parser = new Parser(tokens.slice(1), context, expression);
  const next: Item = structuredClone(item);
  for (;;) {
    const path = parser.path();
    parser.expect('=');
    const operand = parser.operand();
    let target: Item = next;
    for (const part of path.slice(0, -1)) {
      if (typeof target[part] !== 'object' || target[part] === null) throw new Error(`Chemin absent : ${path.join('.')}`);
      target = target[part] as Item;
    }
    target[path[path.length - 1] as string] = structuredClone(resolve(item, operand));
    if (parser.done()) break;
    parser.expect(',');
  }
  return next;
}
