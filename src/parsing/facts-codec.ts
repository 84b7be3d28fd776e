import type { Grammar, Language } from '../discovery/types.js';
import type { Arg, AssignmentFact, ClassFact, ExportFact, Expr, FunctionFact, ImportFact, LoopFact, ModuleFacts, ParamFact } from './types.js';

/**
 * A compact encoding of ModuleFacts for the trip from a parser thread to the main thread.
 *
 * Posting facts as objects makes V8 serialise every property name and every string value of
 * every object, and the main thread then rebuilds each one property by property: on the bench
 * corpus that cost more CPU than extraction itself, and each `k: 'member'` came back as a string
 * of its own. Here a batch of modules becomes a stream of integers (transferred, not copied), a
 * table of the batch's distinct strings and a list of its numeric literals. The decoder builds
 * each object with a literal of fixed shape; kinds and enums are constants; each distinct string
 * of a batch is one string; and structurally equal Exprs and argument lists of a batch are one
 * object (facts are read-only), which on real code removes about a third of them.
 *
 * Every field of types.ts is written, in the order the types declare them; `test/parsing` checks
 * that decoding gives back facts equal to the encoded ones on every fixture.
 */
export interface EncodedFacts {
  ints: Int32Array;
  numbers: Float64Array;
  strings: string[];
}

const LANGUAGES: readonly Language[] = ['python', 'javascript', 'typescript'];
const GRAMMARS: readonly Grammar[] = ['python', 'javascript', 'typescript', 'tsx'];
const IMPORT_KINDS: readonly ImportFact['kind'][] = ['esm', 'require', 'dynamic', 'python'];
const FUNCTION_KINDS: readonly FunctionFact['kind'][] = ['function', 'method', 'arrow', 'lambda', 'getter', 'setter', 'constructor'];
const ASSIGNMENT_KINDS: readonly AssignmentFact['kind'][] = ['const', 'let', 'var', 'assign', 'augmented', 'annotated'];

/** Expr tags. REF points back at an Expr decoded earlier in the batch. */
const enum Tag {
  Str,
  Num,
  Bool,
  Null,
  Tpl,
  Regex,
  Id,
  Member,
  Index,
  Call,
  Obj,
  Arr,
  Fn,
  Class,
  Bin,
  Unary,
  Spread,
  Cond,
  Other,
  Ref,
}

/** An absent optional value (string index, number, Expr) in the stream. */
const ABSENT = -1;
/** Optional booleans: absent, false, true. */
const NO = 0;
const FALSE = 1;
const TRUE = 2;

class Writer {
  ints = new Int32Array(1 << 14);
  length = 0;
  readonly numbers: number[] = [];
  readonly strings: string[] = [];
  private readonly stringIndex = new Map<string, number>();
  /**
   * Value numbers: structurally equal leaves and member accesses of a batch get the same one, so
   * each is written once and referenced after; other Exprs and argument lists get one per object.
   */
  private readonly valueOfObject = new Map<object, number>();
  private values = 0;
  /** Leaf value numbers by kind, then by string id or scalar. */
  private readonly bySid = { s: [] as number[], i: [] as number[], r: [] as number[], o: [] as number[] };
  private readonly byNumber = new Map<number, number>();
  private readonly bySpecialNumber = new Map<string, number>();
  private readonly byFunction: number[] = [];
  private readonly byClass: number[] = [];
  private readonly byConstant: number[] = [];
  /** Member accesses by object value number and property string id. */
  private readonly byMember = new Map<number, number>();
  private readonly byArgs = new Map<string, number>();
  /** For each value number already written, its index in decoding order (post-order). */
  private readonly writtenAt: number[] = [];
  private refs = 0;

  int(value: number): void {
    if (this.length === this.ints.length) {
      const grown = new Int32Array(this.ints.length * 2);
      grown.set(this.ints);
      this.ints = grown;
    }
    this.ints[this.length++] = value;
  }

  bool(value: boolean): void {
    this.int(value ? 1 : 0);
  }

  optionalBool(value: boolean | undefined): void {
    this.int(value === undefined ? NO : value ? TRUE : FALSE);
  }

  string(value: string): void {
    this.int(this.stringId(value));
  }

  private stringId(value: string): number {
    let index = this.stringIndex.get(value);
    if (index === undefined) {
      index = this.strings.length;
      this.stringIndex.set(value, index);
      this.strings.push(value);
    }
    return index;
  }

  optionalString(value: string | undefined): void {
    if (value === undefined) this.int(ABSENT);
    else this.string(value);
  }

  /** Nullable and optional string: -1 absent, -2 null. */
  nullableString(value: string | null | undefined): void {
    if (value === null) this.int(-2);
    else this.optionalString(value);
  }

  optionalInt(value: number | undefined): void {
    // Line numbers, ids and counts are never negative; scope ids are written with `int`.
    this.int(value === undefined ? ABSENT : value);
  }

  number(value: number): void {
    this.int(this.numbers.length);
    this.numbers.push(value);
  }

  /**
   * The value number of an Expr: equal for structurally equal leaves and member accesses (the
   * repeated ones: `res`, `self.repo`, `'/users'`), and for other Exprs only for the same object,
   * as keying those would cost more than sharing them saves.
   */
  private value(expr: Expr): number {
    const known = this.valueOfObject.get(expr);
    if (known !== undefined) return known;
    let id: number;
    switch (expr.k) {
      case 'str':
        id = this.slot(this.bySid.s, this.stringId(expr.v));
        break;
      case 'id':
        id = this.slot(this.bySid.i, this.stringId(expr.name));
        break;
      case 'regex':
        id = this.slot(this.bySid.r, this.stringId(expr.v));
        break;
      case 'other':
        id = this.slot(this.bySid.o, this.stringId(expr.text));
        break;
      case 'fn':
        id = this.slot(this.byFunction, expr.id);
        break;
      case 'class':
        id = this.slot(this.byClass, expr.id);
        break;
      case 'bool':
        id = this.slot(this.byConstant, expr.v ? 1 : 0);
        break;
      case 'null':
        id = this.slot(this.byConstant, 2);
        break;
      case 'num':
        // A Map's keys equate -0 with 0, and NaN is never an integer: those go by their spelling.
        id = Number.isNaN(expr.v) || Object.is(expr.v, -0) ? this.keyed(this.bySpecialNumber, String(Object.is(expr.v, -0) ? '-0' : expr.v)) : this.keyed(this.byNumber, expr.v);
        break;
      case 'member':
        // Value numbers and string ids of a batch stay far below 2^21.
        id = this.keyed(this.byMember, this.value(expr.obj) * 0x20_0000 + this.stringId(expr.prop));
        break;
      default:
        id = this.values++;
    }
    this.valueOfObject.set(expr, id);
    return id;
  }

  private slot(table: number[], index: number): number {
    let id = table[index];
    if (id === undefined) table[index] = id = this.values++;
    return id;
  }

  private keyed<K>(table: Map<K, number>, key: K): number {
    let id = table.get(key);
    if (id === undefined) table.set(key, (id = this.values++));
    return id;
  }

  /** An argument list's value number: shared by equal lists of positional leaves and member accesses. */
  private argsValue(args: readonly Arg[]): number {
    let id = this.valueOfObject.get(args);
    if (id !== undefined) return id;
    let key = '';
    for (const arg of args) {
      const k = arg.value.k;
      if (arg.name !== undefined || arg.spread !== undefined || k === 'call' || k === 'obj' || k === 'arr' || k === 'tpl' || k === 'bin' || k === 'unary' || k === 'cond' || k === 'index' || k === 'spread') {
        key = '';
        break;
      }
      key += `${this.value(arg.value)},`;
    }
    id = args.length === 0 ? this.slot(this.byConstant, 3) : key === '' ? this.values++ : this.keyed(this.byArgs, key);
    this.valueOfObject.set(args, id);
    return id;
  }

  expr(expr: Expr): void {
    const value = this.value(expr);
    const at = this.writtenAt[value];
    if (at !== undefined) {
      this.int(Tag.Ref);
      this.int(at);
      return;
    }
    if (!this.composite(expr)) this.leaf(expr);
    // Post-order, as the decoder registers each Expr once built.
    this.writtenAt[value] = this.refs++;
  }

  private leaf(expr: Expr): void {
    switch (expr.k) {
      case 'str':
        this.int(Tag.Str);
        this.string(expr.v);
        break;
      case 'num':
        this.int(Tag.Num);
        this.number(expr.v);
        break;
      case 'bool':
        this.int(Tag.Bool);
        this.bool(expr.v);
        break;
      case 'null':
        this.int(Tag.Null);
        break;
      case 'regex':
        this.int(Tag.Regex);
        this.string(expr.v);
        break;
      case 'id':
        this.int(Tag.Id);
        this.string(expr.name);
        break;
      case 'fn':
        this.int(Tag.Fn);
        this.int(expr.id);
        break;
      case 'class':
        this.int(Tag.Class);
        this.int(expr.id);
        break;
      case 'other':
        this.int(Tag.Other);
        this.string(expr.text);
        break;
      default:
        break;
    }
  }

  /** Writes a composite Expr and says so; a leaf is left to `leaf`. */
  private composite(expr: Expr): boolean {
    switch (expr.k) {
      case 'tpl':
        this.int(Tag.Tpl);
        this.int(expr.parts.length);
        for (const part of expr.parts) {
          if (typeof part === 'string') {
            this.int(-1);
            this.string(part);
          } else this.expr(part);
        }
        break;
      case 'member':
        this.int(Tag.Member);
        this.expr(expr.obj);
        this.string(expr.prop);
        break;
      case 'index':
        this.int(Tag.Index);
        this.expr(expr.obj);
        this.expr(expr.index);
        break;
      case 'call':
        this.int(Tag.Call);
        this.expr(expr.callee);
        this.args(expr.args);
        this.int(expr.line);
        this.optionalBool(expr.isNew);
        break;
      case 'obj':
        this.int(Tag.Obj);
        this.int(expr.props.length);
        for (const prop of expr.props) {
          this.nullableString(prop.key);
          this.expr(prop.value);
        }
        break;
      case 'arr':
        this.int(Tag.Arr);
        this.exprs(expr.items);
        break;
      case 'bin':
        this.int(Tag.Bin);
        this.string(expr.op);
        this.expr(expr.left);
        this.expr(expr.right);
        break;
      case 'unary':
        this.int(Tag.Unary);
        this.string(expr.op);
        this.expr(expr.arg);
        break;
      case 'spread':
        this.int(Tag.Spread);
        this.expr(expr.arg);
        break;
      case 'cond':
        this.int(Tag.Cond);
        this.expr(expr.test);
        this.expr(expr.then);
        this.expr(expr.else);
        break;
      default:
        return false;
    }
    return true;
  }

  optionalExpr(expr: Expr | undefined): void {
    if (expr === undefined) this.int(ABSENT);
    else this.expr(expr);
  }

  exprs(list: readonly Expr[]): void {
    this.int(list.length);
    for (const expr of list) this.expr(expr);
  }

  optionalExprs(list: readonly Expr[] | undefined): void {
    if (list === undefined) this.int(ABSENT);
    else this.exprs(list);
  }

  /** An argument list: its length, or a reference (-2 - index) to an equal one written before. */
  args(args: readonly Arg[] | undefined): void {
    if (args === undefined) {
      this.int(ABSENT);
      return;
    }
    const value = this.argsValue(args);
    const at = this.writtenAt[value];
    if (at !== undefined) {
      this.int(-2 - at);
      return;
    }
    this.int(args.length);
    for (const arg of args) {
      this.optionalString(arg.name);
      this.expr(arg.value);
      this.optionalBool(arg.spread);
    }
    this.writtenAt[value] = this.refs++;
  }

  span(span: { startLine: number; endLine: number }): void {
    this.int(span.startLine);
    this.int(span.endLine);
  }

  module(facts: ModuleFacts): void {
    this.string(facts.path);
    this.int(LANGUAGES.indexOf(facts.language));
    this.int(GRAMMARS.indexOf(facts.grammar));
    this.bool(facts.isTest);
    this.int(facts.measures.code);
    this.int(facts.measures.comment);
    this.int(facts.measures.blank);
    this.optionalInt(facts.syntaxErrorLine);
    this.int(facts.imports.length);
    for (const fact of facts.imports) {
      this.string(fact.source);
      this.string(fact.imported);
      this.nullableString(fact.local);
      this.int(fact.line);
      this.int(IMPORT_KINDS.indexOf(fact.kind));
      this.int(fact.scope);
      this.optionalBool(fact.typeOnly);
    }
    this.int(facts.exports.length);
    for (const fact of facts.exports) {
      this.string(fact.exported);
      this.optionalString(fact.local);
      this.optionalExpr(fact.value);
      this.optionalString(fact.source);
      this.optionalString(fact.imported);
      this.int(fact.line);
      this.optionalBool(fact.cjs);
    }
    this.int(facts.functions.length);
    for (const fact of facts.functions) {
      this.int(fact.id);
      this.string(fact.name);
      this.int(FUNCTION_KINDS.indexOf(fact.kind));
      this.span(fact.span);
      this.int(fact.parent);
      this.optionalInt(fact.classId);
      this.bool(fact.isAsync);
      this.optionalBool(fact.isStatic);
      this.int(fact.params.length);
      for (const param of fact.params) this.param(param);
      this.exprs(fact.decorators);
      this.int(fact.complexity);
      this.int(fact.codeLines);
      this.optionalString(fact.returnType);
      this.optionalExpr(fact.returnsExpr);
      this.optionalExpr(fact.returnsLast);
      this.optionalBool(fact.isGenerator);
    }
    this.int(facts.classes.length);
    for (const fact of facts.classes) {
      this.int(fact.id);
      this.string(fact.name);
      this.span(fact.span);
      this.int(fact.parent);
      this.exprs(fact.bases);
      if (fact.keywords === undefined) this.int(ABSENT);
      else {
        this.int(fact.keywords.length);
        for (const keyword of fact.keywords) {
          this.string(keyword.name);
          this.expr(keyword.value);
        }
      }
      this.exprs(fact.decorators);
      this.int(fact.methods.length);
      for (const method of fact.methods) this.int(method);
      this.int(fact.fields.length);
      for (const field of fact.fields) {
        this.string(field.name);
        this.optionalExpr(field.value);
        this.optionalString(field.type);
        this.optionalExprs(field.decorators);
        this.int(field.line);
        this.optionalBool(field.isStatic);
      }
    }
    this.int(facts.calls.length);
    for (const fact of facts.calls) {
      this.expr(fact.callee);
      this.args(fact.args);
      this.int(fact.argCount);
      this.int(fact.line);
      this.int(fact.scope);
      this.int(fact.loopDepth);
      this.optionalBool(fact.awaited);
      this.optionalBool(fact.isNew);
    }
    this.int(facts.assignments.length);
    for (const fact of facts.assignments) {
      this.expr(fact.target);
      this.expr(fact.value);
      this.int(fact.line);
      this.int(fact.scope);
      this.optionalString(fact.fromProperty);
      this.int(ASSIGNMENT_KINDS.indexOf(fact.kind));
      this.optionalString(fact.type);
    }
    this.int(facts.loops.length);
    for (const fact of facts.loops) {
      this.int(fact.scope);
      this.span(fact.span);
      this.int(fact.variables.length);
      for (const variable of fact.variables) this.string(variable);
      this.optionalExpr(fact.iterable);
      this.optionalInt(fact.callbackFn);
    }
    this.int(facts.typing.anyCount);
    this.int(facts.typing.annotatedParams);
    this.int(facts.typing.totalParams);
    this.int(facts.typing.ignoreComments);
    this.optionalString(facts.header);
  }

  param(param: ParamFact): void {
    this.string(param.name);
    this.optionalString(param.type);
    this.optionalExpr(param.default);
    this.optionalString(param.accessibility);
    this.optionalExprs(param.decorators);
    this.optionalBool(param.rest);
  }
}

/** Encodes a batch of modules; the result's `ints` and `numbers` buffers can be transferred. */
export function encodeFacts(modules: readonly ModuleFacts[]): EncodedFacts {
  const writer = new Writer();
  writer.int(modules.length);
  for (const facts of modules) writer.module(facts);
  return { ints: writer.ints.subarray(0, writer.length), numbers: Float64Array.from(writer.numbers), strings: writer.strings };
}

class Reader {
  private position = 0;
  /** Exprs and argument lists in decoding order, for references. */
  private readonly refs: (Expr | Arg[])[] = [];

  constructor(
    private readonly ints: Int32Array,
    private readonly numbers: Float64Array,
    private readonly strings: readonly string[],
  ) {}

  int(): number {
    return this.ints[this.position++]!;
  }

  bool(): boolean {
    return this.ints[this.position++] === 1;
  }

  string(): string {
    return this.strings[this.ints[this.position++]!]!;
  }

  optionalString(): string | undefined {
    const index = this.ints[this.position++]!;
    return index === ABSENT ? undefined : this.strings[index];
  }

  nullableString(): string | null | undefined {
    const index = this.ints[this.position++]!;
    return index === -2 ? null : index === ABSENT ? undefined : this.strings[index];
  }

  optionalInt(): number | undefined {
    const value = this.ints[this.position++]!;
    return value === ABSENT ? undefined : value;
  }

  /** Reads an optional boolean and reports whether it was present. */
  optionalBool(): number {
    return this.ints[this.position++]!;
  }

  expr(): Expr {
    const tag = this.int() as Tag;
    if (tag === Tag.Ref) return this.refs[this.int()] as Expr;
    const expr = this.leaf(tag) ?? this.composite(tag);
    // Post-order, as the encoder counts: every Expr written in full is registered once built.
    this.refs.push(expr);
    return expr;
  }

  private leaf(tag: Tag): Expr | null {
    switch (tag) {
      case Tag.Str:
        return { k: 'str', v: this.string() };
      case Tag.Num:
        return { k: 'num', v: this.numbers[this.int()]! };
      case Tag.Bool:
        return { k: 'bool', v: this.bool() };
      case Tag.Null:
        return { k: 'null' };
      case Tag.Regex:
        return { k: 'regex', v: this.string() };
      case Tag.Id:
        return { k: 'id', name: this.string() };
      case Tag.Fn:
        return { k: 'fn', id: this.int() };
      case Tag.Class:
        return { k: 'class', id: this.int() };
      case Tag.Other:
        return { k: 'other', text: this.string() };
      default:
        return null;
    }
  }

  private composite(tag: Tag): Expr {
    switch (tag) {
      case Tag.Tpl: {
        const count = this.int();
        const parts: (string | Expr)[] = new Array(count);
        for (let i = 0; i < count; i++) {
          if (this.ints[this.position] === -1) {
            this.position++;
            parts[i] = this.string();
          } else parts[i] = this.expr();
        }
        return { k: 'tpl', parts };
      }
      case Tag.Member: {
        const obj = this.expr();
        return { k: 'member', obj, prop: this.string() };
      }
      case Tag.Index: {
        const obj = this.expr();
        return { k: 'index', obj, index: this.expr() };
      }
      case Tag.Call: {
        const callee = this.expr();
        const args = this.args()!;
        const line = this.int();
        const isNew = this.optionalBool();
        return isNew === NO ? { k: 'call', callee, args, line } : { k: 'call', callee, args, line, isNew: isNew === TRUE };
      }
      case Tag.Obj: {
        const count = this.int();
        const props: { key: string | null; value: Expr }[] = new Array(count);
        for (let i = 0; i < count; i++) {
          const key = this.nullableString() as string | null;
          props[i] = { key, value: this.expr() };
        }
        return { k: 'obj', props };
      }
      case Tag.Arr:
        return { k: 'arr', items: this.exprs() };
      case Tag.Bin: {
        const op = this.string();
        const left = this.expr();
        return { k: 'bin', op, left, right: this.expr() };
      }
      case Tag.Unary: {
        const op = this.string();
        return { k: 'unary', op, arg: this.expr() };
      }
      case Tag.Spread:
        return { k: 'spread', arg: this.expr() };
      case Tag.Cond: {
        const test = this.expr();
        const then = this.expr();
        return { k: 'cond', test, then, else: this.expr() };
      }
      default:
        throw new Error(`facts codec: unknown Expr tag ${tag as number}`);
    }
  }

  optionalExpr(): Expr | undefined {
    if (this.ints[this.position] === ABSENT) {
      this.position++;
      return undefined;
    }
    return this.expr();
  }

  exprs(): Expr[] {
    const count = this.int();
    const list: Expr[] = new Array(count);
    for (let i = 0; i < count; i++) list[i] = this.expr();
    return list;
  }

  optionalExprs(): Expr[] | undefined {
    if (this.ints[this.position] === ABSENT) {
      this.position++;
      return undefined;
    }
    return this.exprs();
  }

  args(): Arg[] | undefined {
    const count = this.int();
    if (count === ABSENT) return undefined;
    if (count < -1) return this.refs[-2 - count] as Arg[];
    const args: Arg[] = new Array(count);
    for (let i = 0; i < count; i++) {
      const name = this.optionalString();
      const value = this.expr();
      const spread = this.optionalBool();
      const arg: Arg = name === undefined ? { value } : { name, value };
      if (spread !== NO) arg.spread = spread === TRUE;
      args[i] = arg;
    }
    this.refs.push(args);
    return args;
  }

  span(): { startLine: number; endLine: number } {
    const startLine = this.int();
    return { startLine, endLine: this.int() };
  }

  module(): ModuleFacts {
    const path = this.string();
    const language = LANGUAGES[this.int()]!;
    const grammar = GRAMMARS[this.int()]!;
    const isTest = this.bool();
    const code = this.int();
    const comment = this.int();
    const measures = { code, comment, blank: this.int() };
    const syntaxErrorLine = this.optionalInt();
    const imports: ImportFact[] = new Array(this.int());
    for (let i = 0; i < imports.length; i++) {
      const source = this.string();
      const imported = this.string();
      const local = this.nullableString() as string | null;
      const line = this.int();
      const kind = IMPORT_KINDS[this.int()]!;
      const scope = this.int();
      const typeOnly = this.optionalBool();
      const fact: ImportFact = { source, imported, local, line, kind, scope };
      if (typeOnly !== NO) fact.typeOnly = typeOnly === TRUE;
      imports[i] = fact;
    }
    const exports: ExportFact[] = new Array(this.int());
    for (let i = 0; i < exports.length; i++) {
      const exported = this.string();
      const local = this.optionalString();
      const value = this.optionalExpr();
      const source = this.optionalString();
      const imported = this.optionalString();
      const line = this.int();
      const cjs = this.optionalBool();
      let fact: ExportFact;
      if (source !== undefined) fact = imported !== undefined ? { exported, source, imported, line } : { exported, source, line };
      else fact = local !== undefined ? { exported, local, line } : { exported, line };
      if (local !== undefined && source !== undefined) fact.local = local;
      if (value !== undefined) fact.value = value;
      if (imported !== undefined && source === undefined) fact.imported = imported;
      if (cjs !== NO) fact.cjs = cjs === TRUE;
      exports[i] = fact;
    }
    const functions: FunctionFact[] = new Array(this.int());
    for (let i = 0; i < functions.length; i++) {
      const id = this.int();
      const name = this.string();
      const kind = FUNCTION_KINDS[this.int()]!;
      const span = this.span();
      const parent = this.int();
      const classId = this.optionalInt();
      const isAsync = this.bool();
      const isStatic = this.optionalBool();
      const params: ParamFact[] = new Array(this.int());
      for (let j = 0; j < params.length; j++) params[j] = this.param();
      const decorators = this.exprs();
      const complexity = this.int();
      const codeLines = this.int();
      const returnType = this.optionalString();
      const returnsExpr = this.optionalExpr();
      const returnsLast = this.optionalExpr();
      const isGenerator = this.optionalBool();
      let fact: FunctionFact;
      if (returnType !== undefined) {
        fact =
          classId !== undefined
            ? { id, name, kind, span, parent, classId, isAsync, params, decorators, complexity, codeLines, returnType }
            : { id, name, kind, span, parent, isAsync, params, decorators, complexity, codeLines, returnType };
      } else {
        fact =
          classId !== undefined
            ? { id, name, kind, span, parent, classId, isAsync, params, decorators, complexity, codeLines }
            : { id, name, kind, span, parent, isAsync, params, decorators, complexity, codeLines };
      }
      if (isStatic !== NO) fact.isStatic = isStatic === TRUE;
      if (returnsExpr !== undefined) fact.returnsExpr = returnsExpr;
      if (returnsLast !== undefined) fact.returnsLast = returnsLast;
      if (isGenerator !== NO) fact.isGenerator = isGenerator === TRUE;
      functions[i] = fact;
    }
    const classes: ClassFact[] = new Array(this.int());
    for (let i = 0; i < classes.length; i++) {
      const id = this.int();
      const name = this.string();
      const span = this.span();
      const parent = this.int();
      const bases = this.exprs();
      const keywordCount = this.int();
      let keywords: { name: string; value: Expr }[] | undefined;
      if (keywordCount !== ABSENT) {
        keywords = new Array(keywordCount);
        for (let j = 0; j < keywordCount; j++) {
          const keyword = this.string();
          keywords[j] = { name: keyword, value: this.expr() };
        }
      }
      const decorators = this.exprs();
      const methods: number[] = new Array(this.int());
      for (let j = 0; j < methods.length; j++) methods[j] = this.int();
      const fields: ClassFact['fields'] = new Array(this.int());
      for (let j = 0; j < fields.length; j++) {
        const fieldName = this.string();
        const value = this.optionalExpr();
        const type = this.optionalString();
        const fieldDecorators = this.optionalExprs();
        const line = this.int();
        const isStatic = this.optionalBool();
        const field: ClassFact['fields'][number] = { name: fieldName, line };
        if (value !== undefined) field.value = value;
        if (type !== undefined) field.type = type;
        if (fieldDecorators !== undefined) field.decorators = fieldDecorators;
        if (isStatic !== NO) field.isStatic = isStatic === TRUE;
        fields[j] = field;
      }
      const fact: ClassFact = { id, name, span, parent, bases, decorators, methods, fields };
      if (keywords !== undefined) fact.keywords = keywords;
      classes[i] = fact;
    }
    const calls: ModuleFacts['calls'] = new Array(this.int());
    for (let i = 0; i < calls.length; i++) {
      const callee = this.expr();
      const args = this.args();
      const argCount = this.int();
      const line = this.int();
      const scope = this.int();
      const loopDepth = this.int();
      const awaited = this.optionalBool();
      const isNew = this.optionalBool();
      // A property a literal lacks is stored out of the object: the usual fields go in the literal.
      const fact: ModuleFacts['calls'][number] = args !== undefined ? { callee, args, argCount, line, scope, loopDepth } : { callee, argCount, line, scope, loopDepth };
      if (awaited !== NO) fact.awaited = awaited === TRUE;
      if (isNew !== NO) fact.isNew = isNew === TRUE;
      calls[i] = fact;
    }
    const assignments: AssignmentFact[] = new Array(this.int());
    for (let i = 0; i < assignments.length; i++) {
      const target = this.expr();
      const value = this.expr();
      const line = this.int();
      const scope = this.int();
      const fromProperty = this.optionalString();
      const kind = ASSIGNMENT_KINDS[this.int()]!;
      const type = this.optionalString();
      const fact: AssignmentFact = type !== undefined ? { target, value, line, scope, kind, type } : { target, value, line, scope, kind };
      if (fromProperty !== undefined) fact.fromProperty = fromProperty;
      assignments[i] = fact;
    }
    const loops: LoopFact[] = new Array(this.int());
    for (let i = 0; i < loops.length; i++) {
      const scope = this.int();
      const span = this.span();
      const variables: string[] = new Array(this.int());
      for (let j = 0; j < variables.length; j++) variables[j] = this.string();
      const iterable = this.optionalExpr();
      const callbackFn = this.optionalInt();
      const fact: LoopFact = iterable !== undefined ? { scope, span, variables, iterable } : { scope, span, variables };
      if (callbackFn !== undefined) fact.callbackFn = callbackFn;
      loops[i] = fact;
    }
    const anyCount = this.int();
    const annotatedParams = this.int();
    const totalParams = this.int();
    const typing = { anyCount, annotatedParams, totalParams, ignoreComments: this.int() };
    const header = this.optionalString();
    const facts: ModuleFacts = { path, language, grammar, isTest, measures, imports, exports, functions, classes, calls, assignments, loops, typing };
    if (syntaxErrorLine !== undefined) facts.syntaxErrorLine = syntaxErrorLine;
    if (header !== undefined) facts.header = header;
    return facts;
  }

  param(): ParamFact {
    const name = this.string();
    const type = this.optionalString();
    const value = this.optionalExpr();
    const accessibility = this.optionalString();
    const decorators = this.optionalExprs();
    const rest = this.optionalBool();
    const param: ParamFact = type !== undefined ? { name, type } : { name };
    if (value !== undefined) param.default = value;
    if (accessibility !== undefined) param.accessibility = accessibility;
    if (decorators !== undefined) param.decorators = decorators;
    if (rest !== NO) param.rest = rest === TRUE;
    return param;
  }
}

export function decodeFacts(encoded: EncodedFacts): ModuleFacts[] {
  const reader = new Reader(encoded.ints, encoded.numbers, encoded.strings);
  const modules: ModuleFacts[] = new Array(reader.int());
  for (let i = 0; i < modules.length; i++) modules[i] = reader.module();
  return modules;
}
