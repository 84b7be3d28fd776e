/**
 * A small JSON parser that remembers where each value sits, so a malformed review file can
 * be reported by line. `JSON.parse` only says "Unexpected token at position 412" (and the
 * wording varies between Node versions); a lead editing the file by hand needs the line,
 * and the schema check needs the line of whichever member it rejects.
 */

export interface LocatedJson {
  value: unknown;
  /** Line (1-based) of the value at each JSON pointer: of its key for object members. */
  lines: ReadonlyMap<string, number>;
}

export class JsonSyntaxError extends Error {
  constructor(
    readonly reason: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(`${reason} at line ${line}, column ${column}`);
  }
}

/** Parses strict JSON (RFC 8259) and rejects duplicate keys, which JSON.parse would silently merge. */
export function parseLocatedJson(text: string): LocatedJson {
  const parser = new LocatingParser(text.startsWith('\uFEFF') ? text.slice(1) : text);
  return parser.parseDocument();
}

/** Encodes one reference token of a JSON pointer (RFC 6901). */
export function escapePointerToken(token: string): string {
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
}

class LocatingParser {
  private index = 0;
  private line = 1;
  private lineStart = 0;
  private readonly lines = new Map<string, number>();

  constructor(private readonly text: string) {}

  parseDocument(): LocatedJson {
    this.skipWhitespace();
    if (this.index >= this.text.length) this.fail('the file is empty; expected a JSON object');
    const value = this.parseValue('');
    this.skipWhitespace();
    if (this.index < this.text.length) this.fail(`unexpected ${this.describeHere()} after the end of the JSON value`);
    return { value, lines: this.lines };
  }

  private parseValue(pointer: string): unknown {
    this.skipWhitespace();
    if (!this.lines.has(pointer)) this.lines.set(pointer, this.line);
    const char = this.text[this.index];
    switch (char) {
      case '{':
        return this.parseObject(pointer);
      case '[':
        return this.parseArray(pointer);
      case '"':
        return this.parseString();
      case 't':
        return this.parseLiteral('true', true);
      case 'f':
        return this.parseLiteral('false', false);
      case 'n':
        return this.parseLiteral('null', null);
      default:
        if (char === '-' || (char !== undefined && char >= '0' && char <= '9')) return this.parseNumber();
        return this.fail(`expected a value but found ${this.describeHere()}`);
    }
  }

  private parseObject(pointer: string): Record<string, unknown> {
    const result: Record<string, unknown> = {};
    const seen = new Set<string>();
    this.index += 1;
    this.skipWhitespace();
    if (this.text[this.index] === '}') {
      this.index += 1;
      return result;
    }
    for (;;) {
      this.skipWhitespace();
      if (this.text[this.index] !== '"') {
        this.fail(
          this.text[this.index] === '}'
            ? 'trailing comma before "}" (JSON allows none)'
            : `expected a quoted key but found ${this.describeHere()}`,
        );
      }
      const keyLine = this.line;
      const keyColumn = this.index - this.lineStart + 1;
      const key = this.parseString();
      if (seen.has(key)) throw new JsonSyntaxError(`duplicate key "${key}"`, keyLine, keyColumn);
      seen.add(key);
      const memberPointer = `${pointer}/${escapePointerToken(key)}`;
      this.lines.set(memberPointer, keyLine);
      this.skipWhitespace();
      if (this.text[this.index] !== ':') this.fail(`expected ":" after the key "${key}" but found ${this.describeHere()}`);
      this.index += 1;
      // Own-property definition keeps a "__proto__" key as data instead of changing the prototype.
      Object.defineProperty(result, key, { value: this.parseValue(memberPointer), enumerable: true, writable: true, configurable: true });
      this.skipWhitespace();
      const next = this.text[this.index];
      if (next === ',') {
        this.index += 1;
        continue;
      }
      if (next === '}') {
        this.index += 1;
        return result;
      }
      this.fail(`expected "," or "}" but found ${this.describeHere()}`);
    }
  }

  private parseArray(pointer: string): unknown[] {
    const result: unknown[] = [];
    this.index += 1;
    this.skipWhitespace();
    if (this.text[this.index] === ']') {
      this.index += 1;
      return result;
    }
    for (;;) {
      this.skipWhitespace();
      if (this.text[this.index] === ']') this.fail('trailing comma before "]" (JSON allows none)');
      result.push(this.parseValue(`${pointer}/${result.length}`));
      this.skipWhitespace();
      const next = this.text[this.index];
      if (next === ',') {
        this.index += 1;
        continue;
      }
      if (next === ']') {
        this.index += 1;
        return result;
      }
      this.fail(`expected "," or "]" but found ${this.describeHere()}`);
    }
  }

  private parseString(): string {
    const start = this.index;
    this.index += 1;
    let value = '';
    for (;;) {
      const char = this.text[this.index];
      if (char === undefined) {
        this.index = start;
        this.fail('unterminated string');
      }
      if (char === '"') {
        this.index += 1;
        return value;
      }
      if (char === '\n' || char < ' ') this.fail('unescaped control character or line break inside a string');
      if (char === '\\') {
        value += this.parseEscape();
        continue;
      }
      value += char;
      this.index += 1;
    }
  }

  private parseEscape(): string {
    const code = this.text[this.index + 1];
    const simple: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
    if (code !== undefined && code in simple) {
      this.index += 2;
      return simple[code] as string;
    }
    if (code === 'u') {
      const hex = this.text.slice(this.index + 2, this.index + 6);
      if (!/^[0-9a-fA-F]{4}$/.test(hex)) this.fail('invalid \\u escape in a string');
      this.index += 6;
      return String.fromCharCode(Number.parseInt(hex, 16));
    }
    return this.fail(`invalid escape "\\${code ?? ''}" in a string`);
  }

  private parseNumber(): number {
    const match = /^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/.exec(this.text.slice(this.index));
    if (!match) return this.fail(`invalid number starting with ${this.describeHere()}`);
    this.index += match[0].length;
    return Number(match[0]);
  }

  private parseLiteral<T>(word: string, value: T): T {
    if (this.text.startsWith(word, this.index)) {
      this.index += word.length;
      return value;
    }
    return this.fail(`expected a value but found ${this.describeHere()}`);
  }

  private skipWhitespace(): void {
    for (;;) {
      const char = this.text[this.index];
      if (char === '\n') {
        this.index += 1;
        this.line += 1;
        this.lineStart = this.index;
      } else if (char === ' ' || char === '\t' || char === '\r') {
        this.index += 1;
      } else {
        return;
      }
    }
  }

  private describeHere(): string {
    const char = this.text[this.index];
    if (char === undefined) return 'the end of the file';
    if (this.text.startsWith('//', this.index) || this.text.startsWith('/*', this.index)) return 'a comment (JSON allows none)';
    const word = /^[^\s,:{}[\]"]+/.exec(this.text.slice(this.index, this.index + 20));
    return word ? `"${word[0]}"` : `"${char}"`;
  }

  private fail(reason: string): never {
    throw new JsonSyntaxError(reason, this.line, this.index - this.lineStart + 1);
  }
}
