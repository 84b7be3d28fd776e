import type { ts } from 'ts-morph';
import type { CallFact, Expr } from '../../parsing/types.js';
import type { TypeAwareQuery } from './types.js';

/**
 * Finds, in the checker's syntax tree, the call a fact describes. Facts keep a call's start line
 * and its callee; both parsers agree on where a node starts (leading comments excluded), so a
 * call is found by its line and its callee rendered the same way on both sides: names and
 * members (`a['b']` is `a.b`), `()` for a call, `new ` for a construction, and the wrappers the
 * facts see through (parentheses, `await`, `as`, `satisfies`, `!`) dropped.
 */

const MAX_RENDER_DEPTH = 12;

export function queryOf(modulePath: string, call: CallFact): TypeAwareQuery {
  const callee = `${call.isNew ? 'new ' : ''}${renderFactsExpr(call.callee, 0)}`;
  const name = call.callee.k === 'member' ? call.callee.prop : call.callee.k === 'id' ? call.callee.name : '';
  return { module: modulePath, line: call.line, callee, name };
}

export function queryKey(query: TypeAwareQuery): string {
  return `${query.module}|${query.line}|${query.callee}`;
}

function renderFactsExpr(expr: Expr, depth: number): string {
  if (depth > MAX_RENDER_DEPTH) return '?';
  switch (expr.k) {
    case 'id':
      return expr.name;
    case 'member':
      return `${renderFactsExpr(expr.obj, depth + 1)}.${expr.prop}`;
    case 'index':
      return `${renderFactsExpr(expr.obj, depth + 1)}[]`;
    case 'call':
      return `${expr.isNew ? 'new ' : ''}${renderFactsExpr(expr.callee, depth + 1)}()`;
    default:
      return '?';
  }
}

/** Call and `new` expressions of a file by their 1-based start line, built once per file. */
export class CallSites {
  private readonly byFile = new WeakMap<ts.SourceFile, Map<number, ts.CallExpression[] | ts.NewExpression[]>>();

  constructor(private readonly typescript: typeof ts) {}

  find(file: ts.SourceFile, query: TypeAwareQuery): ts.CallExpression | ts.NewExpression | null {
    const onLine = (this.indexOf(file).get(query.line) ?? []) as (ts.CallExpression | ts.NewExpression)[];
    const isNew = query.callee.startsWith('new ');
    const named = onLine.filter((node) => this.typescript.isNewExpression(node) === isNew && calleeName(this.typescript, node.expression) === query.name);
    if (named.length === 1) return named[0]!;
    const exact = named.filter((node) => `${isNew ? 'new ' : ''}${this.render(node.expression, 0)}` === query.callee);
    return exact.length === 1 ? exact[0]! : null;
  }

  private indexOf(file: ts.SourceFile): Map<number, ts.CallExpression[] | ts.NewExpression[]> {
    let index = this.byFile.get(file);
    if (index) return index;
    index = new Map();
    const lines = index as Map<number, ts.Node[]>;
    const typescript = this.typescript;
    const visit = (node: ts.Node): void => {
      if (typescript.isCallExpression(node) || typescript.isNewExpression(node)) {
        const line = file.getLineAndCharacterOfPosition(node.getStart(file)).line + 1;
        const list = lines.get(line);
        if (list) list.push(node);
        else lines.set(line, [node]);
      }
      typescript.forEachChild(node, visit);
    };
    visit(file);
    this.byFile.set(file, index);
    return index;
  }

  private render(node: ts.Node, depth: number): string {
    const typescript = this.typescript;
    if (depth > MAX_RENDER_DEPTH) return '?';
    const inner = unwrap(typescript, node);
    if (typescript.isIdentifier(inner) || typescript.isPrivateIdentifier(inner)) return inner.text;
    if (inner.kind === typescript.SyntaxKind.ThisKeyword) return 'this';
    if (inner.kind === typescript.SyntaxKind.SuperKeyword) return 'super';
    if (typescript.isPropertyAccessExpression(inner)) return `${this.render(inner.expression, depth + 1)}.${inner.name.text}`;
    if (typescript.isElementAccessExpression(inner)) {
      const key = inner.argumentExpression;
      if (typescript.isStringLiteralLike(key)) return `${this.render(inner.expression, depth + 1)}.${key.text}`;
      return `${this.render(inner.expression, depth + 1)}[]`;
    }
    if (typescript.isCallExpression(inner)) return `${this.render(inner.expression, depth + 1)}()`;
    if (typescript.isNewExpression(inner)) return `new ${this.render(inner.expression, depth + 1)}()`;
    return '?';
  }
}

/** The wrappers the facts see through. */
export function unwrap(typescript: typeof ts, node: ts.Node): ts.Node {
  let current = node;
  for (let guard = 0; guard < MAX_RENDER_DEPTH; guard++) {
    if (
      typescript.isParenthesizedExpression(current) ||
      typescript.isAwaitExpression(current) ||
      typescript.isAsExpression(current) ||
      typescript.isSatisfiesExpression(current) ||
      typescript.isNonNullExpression(current) ||
      typescript.isTypeAssertionExpression(current)
    ) {
      current = current.expression;
    } else break;
  }
  return current;
}

/** The node naming what a callee calls: `save` in `repo.save`, `hash` in `hash`, `'b'` in `a['b']`. */
export function calleeNameNode(typescript: typeof ts, callee: ts.Node): ts.Node | null {
  const inner = unwrap(typescript, callee);
  if (typescript.isIdentifier(inner)) return inner;
  if (typescript.isPropertyAccessExpression(inner)) return inner.name;
  if (typescript.isElementAccessExpression(inner) && typescript.isStringLiteralLike(inner.argumentExpression)) return inner.argumentExpression;
  return null;
}

function calleeName(typescript: typeof ts, callee: ts.Node): string {
  const node = calleeNameNode(typescript, callee);
  if (!node) return '';
  return typescript.isIdentifier(node) || typescript.isPrivateIdentifier(node) || typescript.isStringLiteralLike(node) ? node.text : '';
}
