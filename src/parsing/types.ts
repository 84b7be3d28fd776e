import type { Grammar, Language } from '../discovery/types.js';

/**
 * The facts a worker extracts from one parsed file. Trees never leave the worker:
 * this compact, serialisable summary is all later stages see, which is what keeps
 * memory bounded and lets detectors work across files without re-parsing.
 */

/** A statically readable expression. Anything else is `other` with its source text. */
export type Expr =
  | { k: 'str'; v: string }
  | { k: 'num'; v: number }
  | { k: 'bool'; v: boolean }
  | { k: 'null' }
  /** Template literal or f-string: literal chunks and interpolated expressions. */
  | { k: 'tpl'; parts: (string | Expr)[] }
  | { k: 'regex'; v: string }
  | { k: 'id'; name: string }
  /** `a.b`, `a?.b`, and `a['b']` with a literal key. */
  | { k: 'member'; obj: Expr; prop: string }
  | { k: 'index'; obj: Expr; index: Expr }
  | { k: 'call'; callee: Expr; args: Arg[]; line: number; isNew?: boolean }
  /** Object literal or Python dict. A null key is a spread (`...x` / `**x`). */
  | { k: 'obj'; props: { key: string | null; value: Expr }[] }
  /** Array, list, tuple or set literal. */
  | { k: 'arr'; items: Expr[] }
  /** A function, arrow or lambda defined inline: index into ModuleFacts.functions. */
  | { k: 'fn'; id: number }
  /** A class expression defined inline: index into ModuleFacts.classes. */
  | { k: 'class'; id: number }
  | { k: 'bin'; op: string; left: Expr; right: Expr }
  | { k: 'unary'; op: string; arg: Expr }
  | { k: 'spread'; arg: Expr }
  | { k: 'cond'; test: Expr; then: Expr; else: Expr }
  /** Not statically modelled; `text` is the (possibly truncated) source. */
  | { k: 'other'; text: string };

export interface Arg {
  /** Python keyword argument name; absent for positional arguments. */
  name?: string;
  value: Expr;
  /** `*args` / `...args` / `**kwargs`. */
  spread?: boolean;
}

export interface Span {
  startLine: number;
  endLine: number;
}

export type ScopeId = number; // -1 is the module scope; otherwise an index into functions

export interface ImportFact {
  /** Module specifier as written: './routes', 'express', '.models', '..core.config', 'app.api'. */
  source: string;
  /** 'default', a named export, or '*' for the whole module (namespace, require(), `import x`). */
  imported: string;
  /** The local name bound, or null for a side-effect import. */
  local: string | null;
  line: number;
  kind: 'esm' | 'require' | 'dynamic' | 'python';
  /** Scope the import statement sits in (function-level imports are common in Python). */
  scope: ScopeId;
  typeOnly?: boolean;
}

export interface ExportFact {
  /** Exported name: 'default' for export default / module.exports = x. */
  exported: string;
  /** Local binding exported, when it is one. */
  local?: string;
  /** The exported expression, for `export default <expr>` and `module.exports = <expr>`. */
  value?: Expr;
  /** Re-export source: `export { a } from './m'`, `export * from './m'`. */
  source?: string;
  /** The name in the source module for a re-export; '*' for export-star. */
  imported?: string;
  line: number;
  /** true when from module.exports / exports.x (CommonJS). */
  cjs?: boolean;
}

export interface ParamFact {
  name: string;
  /** Type annotation source text, if any. */
  type?: string;
  /** Default value (FastAPI `Depends(get_db)` lives here). */
  default?: Expr;
  /** TS parameter property: `constructor(private readonly users: UsersService)`. */
  accessibility?: string;
  /** Decorators on the parameter (`@Inject(TOKEN)`, `@Body()`). */
  decorators?: Expr[];
  rest?: boolean;
}

export interface FunctionFact {
  /** Index within ModuleFacts.functions. */
  id: number;
  /** Declared name, or the variable / property it is assigned to, or '<anonymous>'. */
  name: string;
  kind: 'function' | 'method' | 'arrow' | 'lambda' | 'getter' | 'setter' | 'constructor';
  span: Span;
  /** Enclosing function (-1 at module level). */
  parent: ScopeId;
  /** Enclosing class, for methods. */
  classId?: number;
  isAsync: boolean;
  isStatic?: boolean;
  params: ParamFact[];
  decorators: Expr[];
  /** Cyclomatic complexity: 1 + decision points directly inside this function. */
  complexity: number;
  /** Lines of code inside the span (no blanks, no comments). */
  codeLines: number;
  /** Return type annotation source text. */
  returnType?: string;
  /** The expression body of an arrow or lambda: what it returns. */
  returnsExpr?: Expr;
  /**
   * A block body's last `return <expr>` (guard clauses come first, the main result last), when it
   * can give an instance: a call, a construction, a name or a member (see FactsBuilder.recordReturn).
   */
  returnsLast?: Expr;
  /** true if the function has a `yield`. */
  isGenerator?: boolean;
}

export interface ClassFact {
  id: number;
  name: string;
  span: Span;
  parent: ScopeId;
  bases: Expr[];
  /** Python class keywords (`metaclass=...`). */
  keywords?: { name: string; value: Expr }[];
  decorators: Expr[];
  /** Indices into functions. */
  methods: number[];
  /** Class-level attributes: Python class body assignments, TS property declarations. */
  fields: { name: string; value?: Expr; type?: string; decorators?: Expr[]; line: number; isStatic?: boolean }[];
}

export interface CallFact {
  callee: Expr;
  /** Arguments; omitted (undefined) when the callee was not of interest and args were skipped. */
  args?: Arg[];
  argCount: number;
  line: number;
  /** Innermost enclosing function, -1 at module level. */
  scope: ScopeId;
  /** Number of enclosing loops (for/while/comprehension/array iteration callbacks) within the scope. */
  loopDepth: number;
  /** `await x()` / `yield from`. */
  awaited?: boolean;
  isNew?: boolean;
}

export interface AssignmentFact {
  /** `x`, `self.repo`, `module.exports`, `exports.foo`, `app.config.prefix`; destructuring is split per name. */
  target: Expr;
  value: Expr;
  line: number;
  scope: ScopeId;
  /** For destructuring (`const { a: b } = x`): the property read from value. */
  fromProperty?: string;
  kind: 'const' | 'let' | 'var' | 'assign' | 'augmented' | 'annotated';
  /** Type annotation source text (Python `x: Foo = ...`, TS `const x: Foo = ...`). */
  type?: string;
}

export interface LoopFact {
  scope: ScopeId;
  span: Span;
  /** Loop variable names (`for (const r of routes)` -> ['r'], `for a, b in x` -> ['a','b']). */
  variables: string[];
  /** The iterable expression, when the loop iterates one. */
  iterable?: Expr;
  /** `.forEach(cb)` style loops: the callback function id. */
  callbackFn?: number;
}

export interface Measures {
  code: number;
  comment: number;
  blank: number;
}

export interface ModuleFacts {
  path: string;
  language: Language;
  grammar: Grammar;
  isTest: boolean;
  measures: Measures;
  /** First syntax error line, when the file did not parse cleanly. */
  syntaxErrorLine?: number;
  imports: ImportFact[];
  exports: ExportFact[];
  functions: FunctionFact[];
  classes: ClassFact[];
  calls: CallFact[];
  assignments: AssignmentFact[];
  loops: LoopFact[];
  /** Counts that the estimate uses for typing and dynamic-feature factors. */
  typing: {
    /** TS: explicit `any` occurrences. */
    anyCount: number;
    /** Parameters with a type annotation / all parameters (excluding self/cls). */
    annotatedParams: number;
    totalParams: number;
    /** Lines of `// @ts-ignore` / `# type: ignore`. */
    ignoreComments: number;
  };
  /** Source lines (1-based) of top-level docstring or leading comment header, e.g. to spot generated markers. */
  header?: string;
}

export interface ParseFailure {
  path: string;
  reason: 'unreadable' | 'binary' | 'too-large' | 'parser-error';
  message: string;
}
