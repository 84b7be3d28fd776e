/**
 * Type-aware resolution: what the TypeScript checker (through ts-morph) says a JS/TS call
 * invokes, for the calls the tree-sitter facts could not resolve. The classification asks; this
 * stage answers in the linking vocabulary (module paths, function ids, package member paths), so
 * the dependency stays one way.
 */

export interface TypeAwareOptions {
  /** Absolute repository root: sources, tsconfig files and node_modules are read under it. */
  root: string;
  /**
   * Sources by relative POSIX path, served from memory instead of the disk (tests). Files that
   * the facts do not know, such as `node_modules/typeorm/index.d.ts`, may be given too.
   */
  files?: Readonly<Record<string, string>>;
  /** Repository source files the checker may load (roots and what their imports pull in). */
  maxFiles?: number;
  /** Declaration files from node_modules the checker may load. */
  maxLibraryFiles?: number;
  /** Calls the checker is asked about in one analysis. */
  maxCalls?: number;
}

/** What the checker found a call invokes. */
export type TypeAwareTarget =
  /** A function of the repository, by its facts id; `label` says how it was reached when it is not a plain call. */
  | { kind: 'function'; module: string; fnId: number; label?: string }
  /**
   * A member of a package: `typeorm` + `Repository().save` (`()` marks an instance, as the
   * signal catalogue writes it), or a language built-in (`builtin` + `Array().sort`).
   * `typeArgs` names repository classes the receiver's type is generic over (`Repository<User>`).
   */
  | { kind: 'external'; package: string; symbol: string; typeArgs?: { module: string; names: string[] } }
  /**
   * The checker could not say more than the facts (an `any` receiver, a declaration without a
   * body). `ambiguous` marks a call it knows leads to one of several functions (an interface
   * with several implementations): unresolved, and worth saying so.
   */
  | { kind: 'none'; reason: string; ambiguous?: boolean };

/** The call a question is about, as the facts describe it. */
export interface TypeAwareQuery {
  module: string;
  line: number;
  /** The callee as written, without arguments: `repo.save`, `getRepo().find`, `new Client`. */
  callee: string;
  /** The last name of the callee (`save`), or '' when it has none. */
  name: string;
}

export interface TypeAwareStats {
  /** Whether the checker was loaded at all: nothing is when no JS/TS call needs it. */
  created: boolean;
  /** Batches of questions answered (each after a walk of the call graph found new ones). */
  batches: number;
  /** Repository source files in the checker's program, and declaration files from node_modules. */
  files: number;
  libraryFiles: number;
  /** Calls asked, and those answered with a repository function or a package member. */
  asked: number;
  toFunctions: number;
  toPackages: number;
  /** Wall milliseconds spent loading ts-morph, building programs and answering. */
  ms: number;
  /** Why some calls or files were left out, when a bound was reached. */
  capped: string[];
}
