import { createRequire } from 'node:module';
import path from 'node:path';
import Parser from 'tree-sitter';

/**
 * Read access to a tree-sitter tree for the extractors, built for speed.
 *
 * tree-sitter 0.25's Node binding turns every node it hands out into a `SyntaxNode` object,
 * registers a weak reference and a finaliser for it, and makes one native call per property.
 * Extraction reads several hundred thousand nodes per 100K lines, and that bookkeeping cost
 * more than the parse itself. The native reader below talks to the binding's node methods
 * directly: a node is a row of plain numbers in a table (the same six words the binding stores
 * in a `SyntaxNode`), so reading it creates no object at all, and its start and type are free.
 *
 * The binding's internals are not a public API, so the native reader checks itself against the
 * public one on the first tree it reads; if they disagree (a tree-sitter upgrade changed them),
 * every later tree is read through the public API instead: slower, never wrong.
 */

/** A node of the tree being read: an index into the reader's table, valid until the next reset. */
export type NodeRef = number;
export const NO_NODE = -1;

type NativeMethod = (tree: Parser.Tree, ...args: unknown[]) => unknown;

interface Binding {
  NodeMethods: Record<string, NativeMethod | undefined>;
  nodeTransferArray: Uint32Array;
  pointTransferArray: Uint32Array;
  getNodeTypeNamesById(language: unknown): (string | null)[];
  getNodeFieldNamesById(language: unknown): (string | null)[];
}

/** The methods the native reader calls; all must exist for it to be used. */
const NATIVE_METHODS = [
  'childForFieldId',
  'children',
  'namedChildren',
  'firstNamedChild',
  'lastNamedChild',
  'parent',
  'previousNamedSibling',
  'endIndex',
  'endPosition',
  'isNamed',
  'type',
  'typeId',
  'descendantsOfType',
] as const;

/** The binding tree-sitter's own index.js loaded (node-gyp-build caches it), or null if it cannot be reached. */
function loadBinding(): Binding | null {
  try {
    const require = createRequire(import.meta.url);
    const entry = require.resolve('tree-sitter');
    const binding = createRequire(entry)('node-gyp-build')(path.dirname(entry)) as Partial<Binding>;
    const methods = binding.NodeMethods;
    if (!methods || !NATIVE_METHODS.every((name) => typeof methods[name] === 'function')) return null;
    if (!(binding.nodeTransferArray instanceof Uint32Array) || !(binding.pointTransferArray instanceof Uint32Array)) return null;
    if (typeof binding.getNodeTypeNamesById !== 'function' || typeof binding.getNodeFieldNamesById !== 'function') return null;
    return binding as Binding;
  } catch {
    return null;
  }
}

const ERROR_SYMBOL = 0xffff;
const FIELDS_PER_NODE = 6;

/** Per-grammar lookups, built once per language object. */
interface LanguageTables {
  /** Type name by symbol; anonymous symbols are filled in the first time one is met. */
  typeNames: (string | undefined)[];
  /** 1 named, 0 anonymous, undefined not yet asked. */
  named: (0 | 1 | undefined)[];
  fieldIds: Map<string, number>;
}

function isNameStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

export abstract class SyntaxReader {
  /** The source text of the tree being read. */
  protected source = '';
  /** Whether the tree has errors: token ends are then always asked of tree-sitter, never scanned. */
  protected hasErrors = false;
  /** Start offset of each line, for end positions. */
  private lineStarts: number[] = [];

  /** Starts reading a new tree; every NodeRef of the previous tree becomes invalid. Returns the root. */
  reset(tree: Parser.Tree, source: string, language: unknown): NodeRef {
    this.source = source;
    this.lineStarts.length = 0;
    const root = this.resetTree(tree, language);
    this.hasErrors = this.rootHasError(root);
    return root;
  }

  /** Whether the tree being read has syntax errors. */
  get treeHasErrors(): boolean {
    return this.hasErrors;
  }

  protected abstract resetTree(tree: Parser.Tree, language: unknown): NodeRef;
  protected abstract rootHasError(root: NodeRef): boolean;

  abstract type(node: NodeRef): string;
  /** A number identifying the node within its tree, the same whichever way it was reached. */
  abstract key(node: NodeRef): number;
  /** UTF-16 offset of the node's start. */
  abstract start(node: NodeRef): number;
  /** 1-based line of the node's start. */
  abstract line(node: NodeRef): number;
  /** UTF-16 offset just past the node's end. */
  abstract end(node: NodeRef): number;
  /** 1-based line of the node's end. */
  abstract endLine(node: NodeRef): number;
  abstract field(node: NodeRef, name: string): NodeRef;
  abstract namedChildren(node: NodeRef): NodeRef[];
  abstract children(node: NodeRef): NodeRef[];
  abstract firstNamedChild(node: NodeRef): NodeRef;
  abstract lastNamedChild(node: NodeRef): NodeRef;
  abstract parent(node: NodeRef): NodeRef;
  abstract previousNamedSibling(node: NodeRef): NodeRef;
  abstract isNamed(node: NodeRef): boolean;
  /** Descendants (the node included) of the given types, in document order. */
  abstract descendantsOfType(node: NodeRef, types: readonly string[]): NodeRef[];

  /**
   * The node's named children other than comments. In a tree without errors these are exactly
   * its field nodes in grammar order (comments are the only extras), so one read gives a node's
   * fields where asking for each would cost a native call apiece.
   */
  parts(node: NodeRef): NodeRef[] {
    const named = this.namedChildren(node);
    for (let i = 0; i < named.length; i++) {
      if (this.type(named[i]!) === 'comment') return named.filter((child) => this.type(child) !== 'comment');
    }
    return named;
  }

  /** The node's source text. */
  text(node: NodeRef): string {
    return this.source.substring(this.start(node), this.end(node));
  }

  /**
   * The text of an identifier-like token (identifier, property, type name). Scanning the source
   * from its start is exact for ASCII names in a tree without errors, and saves asking tree-sitter
   * for the end; anything else (non-ASCII, a unicode escape, an error tree) asks.
   */
  identifierText(node: NodeRef, allowDollar: boolean): string {
    if (this.hasErrors) return this.text(node);
    const source = this.source;
    const start = this.start(node);
    let i = start;
    if (source.charCodeAt(i) === 35 /* # private name */) i++;
    for (; i < source.length; i++) {
      const c = source.charCodeAt(i);
      if ((c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || (c === 36 && allowDollar)) continue;
      if (c >= 128 || c === 92 /* \ */ || (c === 36 && !allowDollar)) return this.text(node);
      break;
    }
    return source.substring(start, i);
  }

  /**
   * The end of a quoted string literal whose quote (or Python triple quote) starts at `quoteStart`, or -1
   * when the tree has errors. A backslash always protects the next character, raw strings included,
   * which is how both JavaScript and Python tokenise string ends.
   */
  protected quotedEnd(quoteStart: number, allowTriple: boolean): number {
    if (this.hasErrors) return -1;
    const source = this.source;
    const quote = source.charCodeAt(quoteStart);
    const triple = allowTriple && source.charCodeAt(quoteStart + 1) === quote && source.charCodeAt(quoteStart + 2) === quote;
    let i = quoteStart + (triple ? 3 : 1);
    while (i < source.length) {
      const c = source.charCodeAt(i);
      if (c === 92) {
        i += 2;
        continue;
      }
      if (c === quote && (!triple || (source.charCodeAt(i + 1) === quote && source.charCodeAt(i + 2) === quote))) return i + (triple ? 3 : 1);
      i++;
    }
    return -1;
  }

  /** Text of a JavaScript string literal node (`'…'` or `"…"`), scanned when that is exact. */
  jsStringText(node: NodeRef): string {
    const start = this.start(node);
    const quote = this.source.charCodeAt(start);
    if (quote !== 34 && quote !== 39) return this.text(node);
    const end = this.quotedEnd(start, false);
    return end === -1 ? this.text(node) : this.source.substring(start, end);
  }

  /** Text of a Python string node that is not an f-string: optional prefix letters, then quotes. */
  pythonPlainStringText(node: NodeRef, prefixLength: number): string {
    const start = this.start(node);
    const end = this.quotedEnd(start + prefixLength, true);
    return end === -1 ? this.text(node) : this.source.substring(start, end);
  }

  /** The source from the start of `node` to the start of `later` (a later node, often a child). */
  between(node: NodeRef, later: NodeRef): string {
    return this.source.substring(this.start(node), this.start(later));
  }

  /**
   * The text of a token: an anonymous token's type is its literal text (`+`, `instanceof`), so
   * only a named one is read from the source.
   */
  tokenText(node: NodeRef): string {
    return this.isNamed(node) ? this.text(node) : this.type(node);
  }

  /**
   * The text of a number literal. A plain decimal integer (digits not followed by a letter, digit,
   * `_`, `.` or `$`) is scanned; any other form asks tree-sitter for the end.
   */
  numberText(node: NodeRef, allowDollar: boolean): string {
    if (this.hasErrors) return this.text(node);
    const source = this.source;
    const start = this.start(node);
    let i = start;
    while (i < source.length) {
      const c = source.charCodeAt(i);
      if (c < 48 || c > 57) break;
      i++;
    }
    const next = source.charCodeAt(i);
    const continues = (next >= 97 && next <= 122) || (next >= 65 && next <= 90) || next === 95 || next === 46 || next >= 128 || (allowDollar && next === 36);
    return i === start || continues ? this.text(node) : source.substring(start, i);
  }

  /**
   * The text of a Python dotted or relative module name (`a.b`, `..core.config`), scanned when it
   * is ASCII with nothing between its parts; anything else asks tree-sitter for the end.
   */
  dottedNameText(node: NodeRef): string {
    if (this.hasErrors) return this.text(node);
    const source = this.source;
    const start = this.start(node);
    let i = start;
    while (source.charCodeAt(i) === 46) i++;
    if (isNameStart(source.charCodeAt(i))) {
      for (;;) {
        i++;
        while (isNameStart(source.charCodeAt(i)) || isDigit(source.charCodeAt(i))) i++;
        if (source.charCodeAt(i) === 46 && isNameStart(source.charCodeAt(i + 1))) {
          i++;
          continue;
        }
        break;
      }
    }
    // The name may go on past blanks (`a . b`), a stray dot, a line continuation or a non-ASCII letter.
    let j = i;
    while (source.charCodeAt(j) === 32 || source.charCodeAt(j) === 9) j++;
    const next = source.charCodeAt(j);
    if (i === start || next === 46 || next === 92 || next >= 128 || source.charCodeAt(i) >= 128) return this.text(node);
    return source.substring(start, i);
  }

  /** The first few characters of the node's text, for prefix tests, without asking for its end. */
  head(node: NodeRef, length: number): string {
    return this.source.substr(this.start(node), length);
  }

  /** The source character at the node's start. */
  firstChar(node: NodeRef): number {
    return this.source.charCodeAt(this.start(node));
  }

  /** End offset from a 0-based end row and column (UTF-16 units), via the line table. */
  protected offsetOf(row: number, column: number): number {
    const starts = this.lineStarts;
    if (starts.length === 0) {
      starts.push(0);
      const source = this.source;
      for (let i = source.indexOf('\n'); i !== -1; i = source.indexOf('\n', i + 1)) starts.push(i + 1);
    }
    return (starts[row] ?? this.source.length) + column;
  }
}

class NativeSyntaxReader extends SyntaxReader {
  private tree!: Parser.Tree;
  private tables!: LanguageTables;
  private words = new Uint32Array(FIELDS_PER_NODE * 1024);
  private symbols = new Uint16Array(1024);
  /** End offset per node, -1 until asked. */
  private ends = new Int32Array(1024);
  private endRows = new Int32Array(1024);
  private count = 0;
  private readonly tablesByLanguage = new Map<unknown, LanguageTables>();
  private readonly methods: Record<(typeof NATIVE_METHODS)[number], NativeMethod>;

  constructor(private readonly binding: Binding) {
    super();
    this.methods = Object.fromEntries(NATIVE_METHODS.map((name) => [name, binding.NodeMethods[name]!])) as typeof this.methods;
  }

  protected resetTree(tree: Parser.Tree, language: unknown): NodeRef {
    this.tree = tree;
    this.count = 0;
    let tables = this.tablesByLanguage.get(language);
    if (!tables) {
      const fieldIds = new Map<string, number>();
      this.binding.getNodeFieldNamesById(language).forEach((name, id) => {
        if (name) fieldIds.set(name, id);
      });
      const typeNames = this.binding.getNodeTypeNamesById(language).map((name) => name ?? undefined);
      typeNames[ERROR_SYMBOL] = 'ERROR';
      tables = { typeNames, named: [], fieldIds };
      this.tablesByLanguage.set(language, tables);
    }
    this.tables = tables;
    return this.pushObject(tree.rootNode);
  }

  protected rootHasError(): boolean {
    return this.tree.rootNode.hasError;
  }

  private grow(): void {
    const capacity = this.symbols.length * 2;
    const words = new Uint32Array(capacity * FIELDS_PER_NODE);
    words.set(this.words);
    this.words = words;
    const symbols = new Uint16Array(capacity);
    symbols.set(this.symbols);
    this.symbols = symbols;
    const ends = new Int32Array(capacity);
    ends.set(this.ends);
    this.ends = ends;
    const endRows = new Int32Array(capacity);
    endRows.set(this.endRows);
    this.endRows = endRows;
  }

  private push(source: ArrayLike<number>, offset: number, symbol: number): NodeRef {
    if (this.count === this.symbols.length) this.grow();
    const node = this.count++;
    const words = this.words;
    const base = node * FIELDS_PER_NODE;
    for (let i = 0; i < FIELDS_PER_NODE; i++) words[base + i] = source[offset + i]!;
    this.symbols[node] = symbol;
    this.ends[node] = -1;
    this.endRows[node] = -1;
    return node;
  }

  /** A node the binding already holds as an object (the root, or one the public API handed out). */
  private pushObject(object: Parser.SyntaxNode): NodeRef {
    const fields = object as unknown as Record<number, number>;
    return this.push([fields[0]!, fields[1]!, fields[2]!, fields[3]!, fields[4]!, fields[5]!], 0, object.typeId);
  }

  /** Puts the node where the binding's methods read their argument. */
  private select(node: NodeRef): Parser.Tree {
    const transfer = this.binding.nodeTransferArray;
    const words = this.words;
    const base = node * FIELDS_PER_NODE;
    transfer[0] = words[base]!;
    transfer[1] = words[base + 1]!;
    transfer[2] = words[base + 2]!;
    transfer[3] = words[base + 3]!;
    transfer[4] = words[base + 4]!;
    transfer[5] = words[base + 5]!;
    return this.tree;
  }

  private takeOne(value: unknown): NodeRef {
    if (typeof value === 'number') return this.push(this.binding.nodeTransferArray, 0, value);
    if (value === null || value === undefined) return NO_NODE;
    return this.pushObject(value as Parser.SyntaxNode);
  }

  private takeMany(values: unknown): NodeRef[] {
    const list = values as unknown[];
    const nodes: NodeRef[] = new Array(list.length);
    const transfer = this.binding.nodeTransferArray;
    let offset = 0;
    let objects = false;
    for (let i = 0; i < list.length; i++) {
      const value = list[i];
      if (typeof value === 'number') {
        nodes[i] = this.push(transfer, offset, value);
        offset += FIELDS_PER_NODE;
      } else objects = true;
    }
    // Nodes the binding already holds as objects come last: reading their type reuses the transfer buffer.
    if (objects) for (let i = 0; i < list.length; i++) if (typeof list[i] !== 'number') nodes[i] = this.pushObject(list[i] as Parser.SyntaxNode);
    return nodes;
  }

  type(node: NodeRef): string {
    const symbol = this.symbols[node]!;
    const name = this.tables.typeNames[symbol];
    if (name !== undefined) return name;
    const asked = this.methods.type(this.select(node)) as string;
    this.tables.typeNames[symbol] = asked;
    return asked;
  }

  key(node: NodeRef): number {
    // The binding's node id is the address of the node's slot in its parent, low word first.
    const base = node * FIELDS_PER_NODE;
    return this.words[base + 1]! * 0x1_0000_0000 + this.words[base]!;
  }

  start(node: NodeRef): number {
    return this.words[node * FIELDS_PER_NODE + 2]! >>> 1;
  }

  line(node: NodeRef): number {
    return this.words[node * FIELDS_PER_NODE + 3]! + 1;
  }

  private readEnd(node: NodeRef): void {
    this.methods.endPosition(this.select(node));
    const point = this.binding.pointTransferArray;
    const row = point[0]!;
    this.endRows[node] = row;
    this.ends[node] = this.offsetOf(row, point[1]!);
  }

  end(node: NodeRef): number {
    if (this.ends[node] === -1) this.readEnd(node);
    return this.ends[node]!;
  }

  endLine(node: NodeRef): number {
    if (this.endRows[node] === -1) this.readEnd(node);
    return this.endRows[node]! + 1;
  }

  field(node: NodeRef, name: string): NodeRef {
    const id = this.tables.fieldIds.get(name);
    if (id === undefined) return NO_NODE;
    return this.takeOne(this.methods.childForFieldId(this.select(node), id));
  }

  namedChildren(node: NodeRef): NodeRef[] {
    return this.takeMany(this.methods.namedChildren(this.select(node)));
  }

  children(node: NodeRef): NodeRef[] {
    return this.takeMany(this.methods.children(this.select(node)));
  }

  firstNamedChild(node: NodeRef): NodeRef {
    return this.takeOne(this.methods.firstNamedChild(this.select(node)));
  }

  lastNamedChild(node: NodeRef): NodeRef {
    return this.takeOne(this.methods.lastNamedChild(this.select(node)));
  }

  parent(node: NodeRef): NodeRef {
    return this.takeOne(this.methods.parent(this.select(node)));
  }

  previousNamedSibling(node: NodeRef): NodeRef {
    return this.takeOne(this.methods.previousNamedSibling(this.select(node)));
  }

  isNamed(node: NodeRef): boolean {
    const symbol = this.symbols[node]!;
    let named = this.tables.named[symbol];
    if (named === undefined) {
      named = this.methods.isNamed(this.select(node)) ? 1 : 0;
      // An ERROR node's symbol says nothing about others sharing it; ask each time.
      if (symbol !== ERROR_SYMBOL) this.tables.named[symbol] = named;
    }
    return named === 1;
  }

  descendantsOfType(node: NodeRef, types: readonly string[]): NodeRef[] {
    return this.takeMany(this.methods.descendantsOfType(this.select(node), types));
  }
}

/** The same reads through tree-sitter's public API: the fallback, and the reference the native reader is checked against. */
class PublicSyntaxReader extends SyntaxReader {
  private nodes: Parser.SyntaxNode[] = [];
  private tree!: Parser.Tree;

  protected resetTree(tree: Parser.Tree): NodeRef {
    this.tree = tree;
    this.nodes = [];
    return this.ref(tree.rootNode);
  }

  protected rootHasError(): boolean {
    return this.tree.rootNode.hasError;
  }

  private ref(node: Parser.SyntaxNode | null): NodeRef {
    if (!node) return NO_NODE;
    this.nodes.push(node);
    return this.nodes.length - 1;
  }

  private at(node: NodeRef): Parser.SyntaxNode {
    return this.nodes[node]!;
  }

  type(node: NodeRef): string {
    return this.at(node).type;
  }
  key(node: NodeRef): number {
    return this.at(node).id;
  }
  start(node: NodeRef): number {
    return this.at(node).startIndex;
  }
  line(node: NodeRef): number {
    return this.at(node).startPosition.row + 1;
  }
  end(node: NodeRef): number {
    return this.at(node).endIndex;
  }
  endLine(node: NodeRef): number {
    return this.at(node).endPosition.row + 1;
  }
  field(node: NodeRef, name: string): NodeRef {
    return this.ref(this.at(node).childForFieldName(name));
  }
  namedChildren(node: NodeRef): NodeRef[] {
    return this.at(node).namedChildren.map((child) => this.ref(child));
  }
  children(node: NodeRef): NodeRef[] {
    return this.at(node).children.map((child) => this.ref(child));
  }
  firstNamedChild(node: NodeRef): NodeRef {
    return this.ref(this.at(node).firstNamedChild);
  }
  lastNamedChild(node: NodeRef): NodeRef {
    return this.ref(this.at(node).lastNamedChild);
  }
  parent(node: NodeRef): NodeRef {
    return this.ref(this.at(node).parent);
  }
  previousNamedSibling(node: NodeRef): NodeRef {
    return this.ref(this.at(node).previousNamedSibling);
  }
  isNamed(node: NodeRef): boolean {
    return this.at(node).isNamed;
  }
  descendantsOfType(node: NodeRef, types: readonly string[]): NodeRef[] {
    return this.at(node).descendantsOfType(types as string[]).map((child) => this.ref(child));
  }
}

/**
 * Compares every read the extractors make on one tree, native against public, from the root down
 * to a bounded depth. Any difference means the binding's internals are not what the native reader
 * expects.
 */
function agreeOn(tree: Parser.Tree, source: string, language: unknown, native: SyntaxReader, reference: SyntaxReader): boolean {
  const a = native.reset(tree, source, language);
  const b = reference.reset(tree, source, language);
  const same = (x: NodeRef, y: NodeRef, depth: number): boolean => {
    if ((x === NO_NODE) !== (y === NO_NODE)) return false;
    if (x === NO_NODE) return true;
    if (native.key(x) !== reference.key(y) || native.type(x) !== reference.type(y) || native.start(x) !== reference.start(y) || native.end(x) !== reference.end(y)) return false;
    if (native.line(x) !== reference.line(y) || native.endLine(x) !== reference.endLine(y) || native.isNamed(x) !== reference.isNamed(y)) return false;
    if (depth === 0) return true;
    const xs = native.children(x);
    const ys = reference.children(y);
    if (xs.length !== ys.length || !xs.every((child, i) => same(child, ys[i]!, depth - 1))) return false;
    const xn = native.namedChildren(x);
    const yn = reference.namedChildren(y);
    if (xn.length !== yn.length || !xn.every((child, i) => same(child, yn[i]!, 0))) return false;
    if (xs.length > 0 && !same(native.parent(xs[0]!), reference.parent(ys[0]!), 0)) return false;
    return same(native.firstNamedChild(x), reference.firstNamedChild(y), 0) && same(native.lastNamedChild(x), reference.lastNamedChild(y), 0);
  };
  return same(a, b, 6);
}

/**
 * A sample that exercises nesting, fields, non-ASCII text (UTF-16 offsets) and, in the grammar
 * that does not accept it, error nodes. Valid Python; JavaScript reads it with errors.
 */
const SELF_CHECK_SAMPLE = "import os\nname = f(a.b, [1, 2.5], 'é', \"😀\", key=g(x)[0])\nif name and not x:\n    h(lambda y: y + 1)\nelse:\n    pass\n";

const binding = loadBinding();
let verdict: 'unchecked' | 'native' | 'public' = binding ? 'unchecked' : 'public';
let shared: SyntaxReader | null = null;
let publicReader: SyntaxReader | null = null;

/**
 * The reader for this thread, reset to the given tree. The first call decides, once, whether the
 * native reader agrees with the public API on a sample parsed with the same grammar.
 * `kind: 'public'` reads through the public API whatever the verdict (tests compare the two).
 */
export function readTree(tree: Parser.Tree, source: string, language: unknown, kind: 'auto' | 'public' = 'auto'): { reader: SyntaxReader; root: NodeRef } {
  if (kind === 'public') {
    publicReader ??= new PublicSyntaxReader();
    return { reader: publicReader, root: publicReader.reset(tree, source, language) };
  }
  if (verdict === 'unchecked') {
    const parser = new Parser();
    parser.setLanguage(language as Parser.Language);
    const sample = parser.parse(SELF_CHECK_SAMPLE);
    const native = new NativeSyntaxReader(binding!);
    const ok = agreeOn(sample, SELF_CHECK_SAMPLE, language, native, new PublicSyntaxReader()) && agreeOn(tree, source, language, native, new PublicSyntaxReader());
    verdict = ok ? 'native' : 'public';
    shared = ok ? native : new PublicSyntaxReader();
  }
  shared ??= new PublicSyntaxReader();
  return { reader: shared, root: shared.reset(tree, source, language) };
}

/** Which reader this thread uses: 'native' once verified (tests assert it, so an upgrade that breaks it is noticed). */
export function readerKind(): 'unchecked' | 'native' | 'public' {
  return verdict;
}

/**
 * An operator expression's first named child, first anonymous child (the operator token) and last
 * named child, comments aside, from one read of its children: cheaper than three field lookups.
 * In a tree without errors these are its operands and operator.
 */
export function readOperands(r: SyntaxReader, node: NodeRef): [first: NodeRef, operator: NodeRef, last: NodeRef] {
  let first = NO_NODE;
  let operator = NO_NODE;
  let last = NO_NODE;
  for (const child of r.children(node)) {
    if (!r.isNamed(child)) {
      if (operator === NO_NODE) operator = child;
    } else if (r.type(child) !== 'comment') {
      if (first === NO_NODE) first = child;
      last = child;
    }
  }
  return [first, operator, last];
}
