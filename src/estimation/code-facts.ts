import type { Expr, ImportFact, ModuleFacts } from '../parsing/types.js';

/**
 * Small readers over one module's facts, shared by the factor detectors. They resolve names
 * through the module's own imports only: the estimate needs "is this asyncio.gather", not a
 * full cross-file binding, and staying per-module keeps the stage a pure function of facts.
 */

export type ImportsByLocal = ReadonlyMap<string, ImportFact>;

export function indexImports(module: ModuleFacts): ImportsByLocal {
  const byLocal = new Map<string, ImportFact>();
  for (const fact of module.imports) {
    if (fact.local && !fact.typeOnly) byLocal.set(fact.local, fact);
  }
  return byLocal;
}

export function stripNodePrefix(source: string): string {
  return source.startsWith('node:') ? source.slice('node:'.length) : source;
}

/** True for `./x`, `../x`, `/abs` and Python's `.models`: code inside the repository. */
export function isRelativeSource(source: string): boolean {
  return source.startsWith('.') || source.startsWith('/');
}

/** The root a whole-module import binds: `import os.path` binds `os`, `import numpy as np` binds numpy. */
function moduleRoot(fact: ImportFact): string {
  const source = stripNodePrefix(fact.source);
  if (fact.kind === 'python' && fact.local && source.includes('.') && source.split('.')[0] === fact.local) {
    return fact.local;
  }
  return source;
}

/**
 * The dotted name an expression refers to, with its root replaced by what the module imported:
 * `np.mean` -> `numpy.mean`, `gather` (from asyncio import gather) -> `asyncio.gather`,
 * `new EventEmitter()` (import { EventEmitter } from 'events') -> `events.EventEmitter`.
 */
export function qualifiedName(expr: Expr, imports: ImportsByLocal): string | null {
  // Built from the outermost member inwards: every call of every module is named this way.
  let members = '';
  let cursor = expr;
  while (cursor.k === 'member') {
    members = `.${cursor.prop}${members}`;
    cursor = cursor.obj;
  }
  let root: string;
  if (cursor.k === 'id') {
    const fact = imports.get(cursor.name);
    if (!fact) root = cursor.name;
    else if (fact.imported === '*' || fact.imported === 'default') root = moduleRoot(fact);
    else root = `${stripNodePrefix(fact.source)}.${fact.imported}`;
  } else if (cursor.k === 'call' && isRequireOf(cursor)) {
    root = stripNodePrefix(requiredSource(cursor) ?? '');
  } else {
    return null;
  }
  return root + members;
}

function isRequireOf(expr: Extract<Expr, { k: 'call' }>): boolean {
  return expr.callee.k === 'id' && expr.callee.name === 'require' && requiredSource(expr) !== null;
}

function requiredSource(expr: Extract<Expr, { k: 'call' }>): string | null {
  const first = expr.args[0]?.value;
  return first?.k === 'str' ? first.v : null;
}

/** The npm package an import specifier names: `lodash/fp` -> lodash, `@nestjs/common/x` -> @nestjs/common. */
export function npmPackageOf(specifier: string): string | null {
  const source = specifier.trim();
  if (!source || isRelativeSource(source) || source.startsWith('node:')) return null;
  const parts = source.split('/');
  if (source.startsWith('@')) return parts.length >= 2 ? `${parts[0]}/${parts[1]}` : null;
  return parts[0] ?? null;
}

/** PEP 503 normalisation, shared with the manifest reader so both stages name packages alike. */
export { normalizePypiName } from '../linking/read-manifests.js';

/** The string a call argument holds, when it is a literal (or a template with no holes). */
export function literalString(expr: Expr | undefined): string | null {
  if (!expr) return null;
  if (expr.k === 'str') return expr.v;
  if (expr.k === 'tpl' && expr.parts.every((part) => typeof part === 'string')) return expr.parts.join('');
  return null;
}

/** The text a reader recognises for an expression, for evidence lines. */
export function describeExpr(expr: Expr): string {
  switch (expr.k) {
    case 'id':
      return expr.name;
    case 'member':
      return `${describeExpr(expr.obj)}.${expr.prop}`;
    case 'call':
      return `${describeExpr(expr.callee)}(...)`;
    case 'str':
      return JSON.stringify(expr.v);
    case 'other':
      return expr.text;
    default:
      return expr.k;
  }
}
