/**
 * Nailgun's restriction conditions, the subset that talks about environment settings:
 * `settings:<group>.<attribute>.value == true`, joined with `and` / `or`, negated with `not`,
 * grouped with parentheses; literals are true, false, null, numbers and quoted strings.
 * Anything else (other models such as `cluster:` or `version:`, unknown settings, other
 * operators) makes the condition unknown, and callers skip a condition they cannot know.
 */
type Value = string | number | boolean | null;

/** Thrown inside the parser when the condition falls outside the supported subset. */
class Unknown extends Error {}

const TOKEN =
  /\s*(?:(\(|\)|==|!=)|('(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")|(-?\d+(?:\.\d+)?)|([A-Za-z_][\w:.-]*))/y;

function tokenize(text: string): string[] {
  const tokens: string[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < text.length) {
    if (/^\s*$/.test(text.slice(TOKEN.lastIndex))) break;
    const m = TOKEN.exec(text);
    if (!m) throw new Unknown(text);
    tokens.push(m[1] ?? m[2] ?? m[3] ?? m[4] ?? '');
  }
  return tokens;
}

class Parser {
  #pos = 0;

  constructor(
    private readonly tokens: string[],
    private readonly settings: Record<string, unknown>,
  ) {}

  parse(): Value {
    const value = this.#or();
    if (this.#pos !== this.tokens.length) throw new Unknown('trailing tokens');
    return value;
  }

  #peek(): string | undefined {
    return this.tokens[this.#pos];
  }

  #next(): string {
    const token = this.tokens[this.#pos++];
    if (token === undefined) throw new Unknown('unexpected end');
    return token;
  }

  #or(): Value {
    let value = this.#and();
    while (this.#peek() === 'or') {
      this.#pos++;
      const right = this.#and();
      value = Boolean(value) || Boolean(right);
    }
    return value;
  }

  #and(): Value {
    let value = this.#not();
    while (this.#peek() === 'and') {
      this.#pos++;
      const right = this.#not();
      value = Boolean(value) && Boolean(right);
    }
    return value;
  }

  #not(): Value {
    if (this.#peek() !== 'not') return this.#comparison();
    this.#pos++;
    return !this.#not();
  }

  #comparison(): Value {
    const left = this.#primary();
    const op = this.#peek();
    if (op !== '==' && op !== '!=') return left;
    this.#pos++;
    const right = this.#primary();
    return op === '==' ? left === right : left !== right;
  }

  #primary(): Value {
    const token = this.#next();
    if (token === '(') {
      const value = this.#or();
      if (this.#next() !== ')') throw new Unknown('missing )');
      return value;
    }
    if (token === 'true' || token === 'false') return token === 'true';
    if (token === 'null') return null;
    if (/^['"]/.test(token)) return token.slice(1, -1).replace(/\\(.)/g, '$1');
    if (/^-?\d/.test(token)) return Number(token);
    if (token.startsWith('settings:')) return this.#setting(token.slice('settings:'.length));
    throw new Unknown(token);
  }

  #setting(path: string): Value {
    let value: unknown = this.settings;
    for (const key of path.split('.')) {
      if (typeof value !== 'object' || value === null || !(key in value)) throw new Unknown(path);
      value = (value as Record<string, unknown>)[key];
    }
    if (value === null || ['string', 'number', 'boolean'].includes(typeof value)) {
      return value as Value;
    }
    throw new Unknown(path);
  }
}

/**
 * Evaluates `condition` against an environment's editable settings: true or false, or
 * undefined when the condition is outside the supported subset or names unknown settings.
 */
export function evaluateCondition(
  condition: string,
  settings: Record<string, unknown>,
): boolean | undefined {
  try {
    return Boolean(new Parser(tokenize(condition), settings).parse());
  } catch (error) {
    if (error instanceof Unknown) return undefined;
    throw error;
  }
}
