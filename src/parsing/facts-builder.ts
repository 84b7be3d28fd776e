import { NO_NODE, type NodeRef, type SyntaxReader } from './syntax-reader.js';
import type {
  AssignmentFact,
  CallFact,
  ClassFact,
  Expr,
  ExportFact,
  FunctionFact,
  ImportFact,
  LoopFact,
  ScopeId,
} from './types.js';

export type CallExpr = Extract<Expr, { k: 'call' }>;

/** Longest source text kept for an expression gonogo does not model. */
export const MAX_OTHER_TEXT = 120;
/** Nesting depth beyond which argument expressions are summarised as text. */
export const MAX_EXPR_DEPTH = 6;

/** Open scope on the walk stack: a function, a class body or a loop, closed when the walk passes its end. */
interface OpenScope {
  endIndex: number;
  kind: 'function' | 'class' | 'loop';
  id: number;
}

/**
 * Accumulates one file's facts while the extractor visits nodes in document order.
 * The stack of open scopes tells each node which function and how many loops enclose it.
 */
export class FactsBuilder {
  readonly imports: ImportFact[] = [];
  readonly exports: ExportFact[] = [];
  readonly functions: FunctionFact[] = [];
  readonly classes: ClassFact[] = [];
  readonly calls: CallFact[] = [];
  readonly assignments: AssignmentFact[] = [];
  readonly loops: LoopFact[] = [];
  /** Decision points seen, attributed to the innermost function when the walk closes it. */
  private readonly decisionCounts = new Map<ScopeId, number>();
  private readonly stack: OpenScope[] = [];
  /** Function ids by node start index, so inline functions met as arguments can be referenced. */
  private readonly functionByStart = new Map<number, number>();
  private readonly classByStart = new Map<number, number>();
  /**
   * One `{ k: 'id' }` object per name in a file. Facts are read-only once built, and identifiers
   * are a quarter of all Expr nodes: sharing them shrinks what workers send and the main thread keeps.
   */
  private readonly ids = new Map<string, Expr>();
  /**
   * Call expressions already converted, by node: a call is met first inside an enclosing
   * expression, then again as a CallFact of its own, whose callee and arguments are the same.
   * `depth` is the depth it was converted at; `exact` says no part of it was cut at MAX_EXPR_DEPTH,
   * so the same conversion holds at any smaller depth.
   */
  private readonly callExprs = new Map<number, { expr: CallExpr; depth: number; exact: boolean }>();
  /**
   * Parents already in hand, by child key: a visitor that holds a node records it as the parent
   * of the functions and classes among its children, which are visited after it. Asking tree-sitter
   * for a parent makes it walk down from the root again.
   */
  private readonly knownParents = new Map<number, NodeRef>();
  /** Keys of the nodes an await expression holds, recorded when the await is visited (before them). */
  readonly awaited = new Set<number>();
  /** Set when a conversion summarised a node for being deeper than MAX_EXPR_DEPTH. */
  truncated = false;

  idExpr(name: string): Expr {
    let expr = this.ids.get(name);
    if (expr === undefined) this.ids.set(name, (expr = { k: 'id', name }));
    return expr;
  }

  /**
   * Converts the call node `key` at `depth` with `convert`, or reuses its earlier conversion when
   * that one holds at this depth. Depth -1 is a CallFact's own: its callee at 0, arguments at 1.
   */
  convertCall(key: number, depth: number, convert: () => CallExpr | null): CallExpr | null {
    const known = this.callExprs.get(key);
    if (known !== undefined && (known.depth === depth || (known.exact && depth <= known.depth))) {
      if (!known.exact) this.truncated = true;
      return known.expr;
    }
    const outer = this.truncated;
    this.truncated = false;
    const expr = convert();
    const exact = !this.truncated;
    this.truncated ||= outer;
    if (expr !== null && (known === undefined || depth < known.depth)) this.callExprs.set(key, { expr, depth, exact });
    return expr;
  }

  /** Records `parent` as the parent of `child`, if the child is a node whose parent is asked for later. */
  recordParent(r: SyntaxReader, child: NodeRef, parent: NodeRef, asked: ReadonlySet<string>): void {
    if (asked.has(r.type(child))) this.knownParents.set(r.key(child), parent);
  }

  /**
   * The node's parent: a recorded one, or tree-sitter's. With `onlyRecorded`, a node without a
   * recorded parent gets NO_NODE: for callers whose every parent of interest records itself
   * (in a tree without errors, where every such parent is visited).
   */
  parentOf(r: SyntaxReader, node: NodeRef, onlyRecorded = false): NodeRef {
    const known = this.knownParents.get(r.key(node));
    if (known !== undefined) return known;
    return onlyRecorded && !r.treeHasErrors ? NO_NODE : r.parent(node);
  }

  /**
   * Whether the call is the operand of an await. Its await was visited before it, unless the tree
   * has errors: then the visited types may miss one, and the parent is asked.
   */
  isAwaited(r: SyntaxReader, call: NodeRef, awaitType: string): boolean {
    if (!r.treeHasErrors) return this.awaited.has(r.key(call));
    const parent = r.parent(call);
    return parent !== NO_NODE && r.type(parent) === awaitType;
  }

  /** Pops every scope that ends at or before `startIndex`. */
  advanceTo(startIndex: number): void {
    while (this.stack.length > 0 && this.stack[this.stack.length - 1]!.endIndex <= startIndex) {
      this.stack.pop();
    }
  }

  get scope(): ScopeId {
    for (let i = this.stack.length - 1; i >= 0; i--) {
      const open = this.stack[i]!;
      if (open.kind === 'function') return open.id;
    }
    return -1;
  }

  get classId(): number | undefined {
    for (let i = this.stack.length - 1; i >= 0; i--) {
      const open = this.stack[i]!;
      if (open.kind === 'function') return undefined;
      if (open.kind === 'class') return open.id;
    }
    return undefined;
  }

  /** Loops between the current position and the innermost enclosing function. */
  get loopDepth(): number {
    let depth = 0;
    for (let i = this.stack.length - 1; i >= 0; i--) {
      const open = this.stack[i]!;
      if (open.kind === 'function') {
        // A callback passed to forEach/map runs once per element: it is a loop body too.
        if (this.iterationCallbacks.has(open.id)) depth++;
        else break;
        continue;
      }
      if (open.kind === 'loop') depth++;
    }
    return depth;
  }

  private readonly iterationCallbacks = new Set<number>();

  markIterationCallback(fnId: number): void {
    this.iterationCallbacks.add(fnId);
  }

  /**
   * Reserves a function id for the node starting at `start`, so an enclosing call can reference
   * it before it is visited.
   */
  functionIdFor(start: number): number {
    let id = this.functionByStart.get(start);
    if (id === undefined) {
      id = this.functions.length;
      this.functionByStart.set(start, id);
      this.functions.push(placeholderFunction(id));
    }
    return id;
  }

  classIdFor(start: number): number {
    let id = this.classByStart.get(start);
    if (id === undefined) {
      id = this.classes.length;
      this.classByStart.set(start, id);
      this.classes.push({ id, name: '<anonymous>', span: { startLine: 0, endLine: 0 }, parent: -1, bases: [], decorators: [], methods: [], fields: [] });
    }
    return id;
  }

  /**
   * `return <expr>` in the current function: visited in document order, so the last one stays.
   * Only shapes that can give an instance (a construction, a call, a name or member, awaited or
   * wrapped) are read; a literal, an object or arithmetic clears what an earlier return said. A
   * bare `return` says nothing.
   */
  recordReturn(r: SyntaxReader, node: NodeRef, instanceShapes: ReadonlySet<string>, read: (child: NodeRef) => Expr): void {
    const scope = this.scope;
    if (scope < 0) return;
    const fn = this.functions[scope]!;
    for (const child of r.namedChildren(node)) {
      if (r.type(child) === 'comment') continue;
      if (instanceShapes.has(r.type(child))) fn.returnsLast = read(child);
      else delete fn.returnsLast;
      return;
    }
  }

  enterFunction(id: number, endIndex: number): void {
    this.stack.push({ endIndex, kind: 'function', id });
  }

  enterClass(id: number, endIndex: number): void {
    this.stack.push({ endIndex, kind: 'class', id });
  }

  enterLoop(loop: LoopFact, endIndex: number): void {
    this.loops.push(loop);
    this.stack.push({ endIndex, kind: 'loop', id: this.loops.length - 1 });
  }

  countDecision(): void {
    const scope = this.scope;
    this.decisionCounts.set(scope, (this.decisionCounts.get(scope) ?? 0) + 1);
  }

  /** Complexity is 1 + the decision points directly inside each function. */
  finishComplexity(): void {
    for (const fn of this.functions) fn.complexity = 1 + (this.decisionCounts.get(fn.id) ?? 0);
  }
}

function placeholderFunction(id: number): FunctionFact {
  return {
    id,
    name: '<anonymous>',
    kind: 'function',
    span: { startLine: 0, endLine: 0 },
    parent: -1,
    isAsync: false,
    params: [],
    decorators: [],
    complexity: 1,
    codeLines: 0,
  };
}

export function truncateText(text: string): string {
  const flat = text.replace(/\s+/g, ' ');
  return flat.length > MAX_OTHER_TEXT ? `${flat.slice(0, MAX_OTHER_TEXT - 1)}…` : flat;
}
