import type { ClassFact, Expr, FunctionFact, ModuleFacts, ScopeId } from '../parsing/types.js';
import type { Language } from '../discovery/types.js';

/**
 * The linked project: every module's facts plus the means to follow names across files.
 * Detectors and the call graph share it, so imports, re-exports, path aliases and constants
 * are resolved once, the same way, everywhere.
 */

/** Where a name leads. */
export type Binding =
  | { kind: 'function'; module: string; fn: FunctionFact }
  | { kind: 'class'; module: string; cls: ClassFact }
  /** An assignment `name = value` (the last one in that scope before use, or the only one). */
  | { kind: 'value'; module: string; expr: Expr; scope: ScopeId; line: number; fromProperty?: string; type?: string }
  /** A whole local module (namespace import, `import pkg.mod`, `require('./x')` of a non-CJS-default module). */
  | { kind: 'module'; module: string }
  /** Something imported from a package outside the repository: `express`, `fastapi.APIRouter`. */
  | { kind: 'external'; package: string; imported: string; specifier: string }
  /** A function parameter. */
  | { kind: 'param'; module: string; fnId: number; index: number; name: string; type?: string; default?: Expr }
  | { kind: 'unresolved'; reason: string };

/** A statically evaluated value. */
export type Value =
  | { k: 'str'; v: string }
  | { k: 'num'; v: number }
  | { k: 'bool'; v: boolean }
  | { k: 'null' }
  | { k: 'arr'; items: Value[] }
  | { k: 'obj'; props: Map<string, Value> }
  /** A reference that evaluation stops at: a function, class, module, external or call result. */
  | { k: 'ref'; binding: Binding; via?: Expr }
  /** A call whose result is not a literal, kept so detectors can recognise `express.Router()`. */
  | { k: 'call'; callee: Value; args: { name?: string; value: Value; spread?: boolean }[]; module: string; line: number; expr: Expr }
  /** Could not be evaluated statically; `text` quotes the expression. */
  | { k: 'unknown'; text: string; module: string; line?: number };

export interface PackageManifest {
  /** Folder (relative POSIX, '' for the root) holding the manifest. */
  dir: string;
  file: string;
  ecosystem: 'npm' | 'pypi';
  name?: string;
  /** Declared dependencies (runtime), by package name, with their version spec. */
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
}

export interface Location {
  file: string;
  line: number;
}

export interface ProjectIndex {
  readonly modules: ReadonlyMap<string, ModuleFacts>;
  readonly manifests: readonly PackageManifest[];
  /** Every module path of a language, sorted. */
  modulesOf(language: Language | 'js'): ModuleFacts[];
  /** Resolve an import specifier from a module: a local module path, or an external package name. */
  resolveImport(fromModule: string, source: string): { module: string } | { external: string; specifier: string } | null;
  /** What `name` means at `scope` of `module` (searching enclosing scopes, then imports, then module level). */
  lookup(module: string, name: string, scope?: ScopeId, beforeLine?: number): Binding;
  /** What an exported name of a module is (following re-exports and `__init__` packages). */
  lookupExport(module: string, exported: string): Binding;
  /** Evaluate an expression statically as far as it goes. */
  evaluate(expr: Expr, module: string, scope?: ScopeId, beforeLine?: number): Value;
  /** Resolve an expression used as a callee or value to what it refers to. */
  resolveExpr(expr: Expr, module: string, scope?: ScopeId): Binding;
  /** The declared dependencies of the manifest nearest to a module (npm or pypi by its language). */
  dependenciesOf(module: string): Set<string>;
}
