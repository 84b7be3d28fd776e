import type Parser from 'tree-sitter';
import { FactsBuilder, MAX_EXPR_DEPTH, endLineOf, lineOf, startOf, truncateText } from './facts-builder.js';
import type { NodeRoles } from './node-roles.js';
import type { Arg, Expr, ParamFact } from './types.js';

type SyntaxNode = Parser.SyntaxNode;

export interface PythonExtraction {
  builder: FactsBuilder;
  ignoreComments: number;
}

/** Extracts a Python tree's facts; `roles` says which nodes to visit (grammars/python/facts.scm). */
export function extractPython(root: SyntaxNode, roles: NodeRoles): PythonExtraction {
  const builder = new FactsBuilder();
  let ignoreComments = 0;
  for (const node of root.descendantsOfType(roles.types)) {
    const type = node.type;
    const role = roles.roleOf.get(type);
    if (role === 'comment') {
      const text = node.text;
      if (/#\s*(type:\s*ignore|noqa|pyright:\s*ignore)/.test(text)) ignoreComments++;
      continue;
    }
    builder.advanceTo(startOf(node));
    if (role === 'decision') {
      builder.countDecision();
      continue;
    }
    if (role === 'iteration') {
      builder.enterLoop({ scope: builder.scope, span: { startLine: lineOf(node), endLine: endLineOf(node) }, variables: [] }, node.endIndex);
      continue;
    }
    switch (type) {
      case 'function_definition':
        visitFunction(builder, node);
        break;
      case 'lambda': {
        const id = builder.functionIdFor(node);
        const fn = builder.functions[id]!;
        fn.kind = 'lambda';
        fn.parent = builder.scope;
        fn.span = { startLine: lineOf(node), endLine: endLineOf(node) };
        fn.name = lambdaName(node);
        const params = node.childForFieldName('parameters');
        if (params) fn.params = readParams(builder, params);
        const body = node.childForFieldName('body');
        if (body) fn.returnsExpr = toExpr(builder, body, 0);
        builder.enterFunction(id, node.endIndex);
        break;
      }
      case 'class_definition':
        visitClass(builder, node);
        break;
      case 'call':
        visitCall(builder, node);
        break;
      case 'import_statement':
        visitImport(builder, node);
        break;
      case 'import_from_statement':
        visitImportFrom(builder, node);
        break;
      case 'assignment':
      case 'augmented_assignment':
        visitAssignment(builder, node);
        break;
      case 'for_statement': {
        builder.countDecision();
        const left = node.childForFieldName('left');
        const right = node.childForFieldName('right');
        builder.enterLoop(
          {
            scope: builder.scope,
            span: { startLine: lineOf(node), endLine: endLineOf(node) },
            variables: left ? patternNames(left) : [],
            ...(right ? { iterable: toExpr(builder, right, 0) } : {}),
          },
          node.endIndex,
        );
        break;
      }
      case 'while_statement':
        builder.countDecision();
        builder.enterLoop({ scope: builder.scope, span: { startLine: lineOf(node), endLine: endLineOf(node) }, variables: [] }, node.endIndex);
        break;
      default:
        break;
    }
  }
  builder.finishComplexity();
  return { builder, ignoreComments };
}

function visitFunction(builder: FactsBuilder, node: SyntaxNode): void {
  const id = builder.functionIdFor(node);
  const fn = builder.functions[id]!;
  const classId = builder.classId;
  fn.parent = builder.scope;
  fn.span = { startLine: lineOf(node), endLine: endLineOf(node) };
  fn.name = node.childForFieldName('name')?.text ?? '<anonymous>';
  fn.isAsync = node.text.startsWith('async');
  fn.kind = classId === undefined ? 'function' : fn.name === '__init__' ? 'constructor' : 'method';
  const params = node.childForFieldName('parameters');
  if (params) fn.params = readParams(builder, params);
  const returnType = node.childForFieldName('return_type');
  if (returnType) fn.returnType = returnType.text;
  const decorated = node.parent;
  // The span starts at `def`: decorators are the registration (the route's line), not the handler's body.
  if (decorated?.type === 'decorated_definition') fn.decorators = decoratorsOf(builder, decorated);
  if (classId !== undefined) {
    fn.classId = classId;
    builder.classes[classId]!.methods.push(id);
    if (fn.decorators.some((d) => d.k === 'id' && d.name === 'staticmethod')) fn.isStatic = true;
  }
  builder.enterFunction(id, node.endIndex);
}

function decoratorsOf(builder: FactsBuilder, decorated: SyntaxNode): Expr[] {
  const decorators: Expr[] = [];
  for (const child of decorated.namedChildren) {
    if (child.type !== 'decorator') continue;
    const inner = child.firstNamedChild;
    decorators.push(inner ? toExpr(builder, inner, 0) : { k: 'other', text: truncateText(child.text) });
  }
  return decorators;
}

function lambdaName(node: SyntaxNode): string {
  const parent = node.parent;
  if (parent?.type === 'assignment') return parent.childForFieldName('left')?.text ?? '<lambda>';
  if (parent?.type === 'keyword_argument') return parent.childForFieldName('name')?.text ?? '<lambda>';
  return '<lambda>';
}

function readParams(builder: FactsBuilder, params: SyntaxNode): ParamFact[] {
  const result: ParamFact[] = [];
  for (const child of params.namedChildren) {
    switch (child.type) {
      case 'identifier':
        result.push({ name: child.text });
        break;
      case 'typed_parameter': {
        const name = child.firstNamedChild;
        const type = child.childForFieldName('type');
        const param: ParamFact = { name: name ? name.text.replace(/^\*+/, '') : child.text };
        if (type) param.type = type.text;
        if (name && (name.type === 'list_splat_pattern' || name.type === 'dictionary_splat_pattern')) param.rest = true;
        result.push(param);
        break;
      }
      case 'default_parameter':
      case 'typed_default_parameter': {
        const name = child.childForFieldName('name');
        const type = child.childForFieldName('type');
        const value = child.childForFieldName('value');
        const param: ParamFact = { name: name ? name.text : child.text };
        if (type) param.type = type.text;
        if (value) param.default = toExpr(builder, value, 0);
        result.push(param);
        break;
      }
      case 'list_splat_pattern':
      case 'dictionary_splat_pattern':
        result.push({ name: child.text.replace(/^\*+/, ''), rest: true });
        break;
      default:
        break;
    }
  }
  return result;
}

function visitClass(builder: FactsBuilder, node: SyntaxNode): void {
  const id = builder.classIdFor(node);
  const cls = builder.classes[id]!;
  cls.parent = builder.scope;
  cls.span = { startLine: lineOf(node), endLine: endLineOf(node) };
  cls.name = node.childForFieldName('name')?.text ?? '<anonymous>';
  const superclasses = node.childForFieldName('superclasses');
  if (superclasses) {
    for (const child of superclasses.namedChildren) {
      if (child.type === 'keyword_argument') {
        const name = child.childForFieldName('name');
        const value = child.childForFieldName('value');
        if (name && value) (cls.keywords ??= []).push({ name: name.text, value: toExpr(builder, value, 0) });
      } else if (child.type !== 'comment') {
        cls.bases.push(toExpr(builder, child, 0));
      }
    }
  }
  const decorated = node.parent;
  if (decorated?.type === 'decorated_definition') cls.decorators = decoratorsOf(builder, decorated);
  builder.enterClass(id, node.endIndex);
}

function visitCall(builder: FactsBuilder, node: SyntaxNode): void {
  const calleeNode = node.childForFieldName('function');
  const argsNode = node.childForFieldName('arguments');
  if (!calleeNode) return;
  const callee = toExpr(builder, calleeNode, 0);
  const args = argsNode ? readArgs(builder, argsNode, 0) : [];
  const line = lineOf(node);
  builder.calls.push({
    callee,
    args,
    argCount: args.length,
    line,
    scope: builder.scope,
    loopDepth: builder.loopDepth,
    ...(node.parent?.type === 'await' ? { awaited: true } : {}),
  });
  // importlib.import_module('x') and __import__('x') are dynamic imports.
  const calleeText = calleeNode.text;
  if (calleeText === '__import__' || calleeText === 'importlib.import_module' || calleeText === 'import_module') {
    const first = args[0]?.value;
    builder.imports.push({ source: first?.k === 'str' ? first.v : '', imported: '*', local: null, line, kind: 'dynamic', scope: builder.scope });
  }
}

function readArgs(builder: FactsBuilder, argsNode: SyntaxNode, depth: number): Arg[] {
  if (argsNode.type === 'generator_expression') return [{ value: { k: 'other', text: truncateText(argsNode.text) } }];
  const args: Arg[] = [];
  for (const child of argsNode.namedChildren) {
    switch (child.type) {
      case 'comment':
        break;
      case 'keyword_argument': {
        const name = child.childForFieldName('name');
        const value = child.childForFieldName('value');
        if (name && value) args.push({ name: name.text, value: toExpr(builder, value, depth + 1) });
        break;
      }
      case 'list_splat':
      case 'dictionary_splat': {
        const inner = child.firstNamedChild;
        args.push({ value: inner ? toExpr(builder, inner, depth + 1) : { k: 'other', text: child.text }, spread: true });
        break;
      }
      default:
        args.push({ value: toExpr(builder, child, depth + 1) });
    }
  }
  return args;
}

function visitImport(builder: FactsBuilder, node: SyntaxNode): void {
  const line = lineOf(node);
  const scope = builder.scope;
  for (const child of node.namedChildren) {
    if (child.type === 'dotted_name') {
      // `import a.b` binds `a`; `a.b` is then reached as a submodule of `a`.
      const top = child.text.split('.')[0]!;
      builder.imports.push({ source: top, imported: '*', local: top, line, kind: 'python', scope });
      if (child.text !== top) builder.imports.push({ source: child.text, imported: '*', local: null, line, kind: 'python', scope });
    } else if (child.type === 'aliased_import') {
      const name = child.childForFieldName('name');
      const alias = child.childForFieldName('alias');
      if (name && alias) builder.imports.push({ source: name.text, imported: '*', local: alias.text, line, kind: 'python', scope });
    }
  }
}

function visitImportFrom(builder: FactsBuilder, node: SyntaxNode): void {
  const moduleNode = node.childForFieldName('module_name');
  if (!moduleNode) return;
  const source = moduleNode.text.replace(/\s+/g, '');
  const line = lineOf(node);
  const scope = builder.scope;
  for (const child of node.namedChildren) {
    if (child.startIndex === moduleNode.startIndex) continue;
    if (child.type === 'dotted_name') {
      builder.imports.push({ source, imported: child.text, local: child.text, line, kind: 'python', scope });
    } else if (child.type === 'aliased_import') {
      const name = child.childForFieldName('name');
      const alias = child.childForFieldName('alias');
      if (name && alias) builder.imports.push({ source, imported: name.text, local: alias.text, line, kind: 'python', scope });
    } else if (child.type === 'wildcard_import') {
      builder.imports.push({ source, imported: '*', local: '*', line, kind: 'python', scope });
    }
  }
}

function visitAssignment(builder: FactsBuilder, node: SyntaxNode): void {
  const left = node.childForFieldName('left');
  const right = node.childForFieldName('right');
  const typeNode = node.childForFieldName('type');
  if (!left) return;
  const line = lineOf(node);
  const augmented = node.type === 'augmented_assignment';
  const type = typeNode?.text;
  // A chained assignment `a = b = value` nests; the value is the innermost right side.
  let valueNode = right;
  while (valueNode?.type === 'assignment') valueNode = valueNode.childForFieldName('right');
  const value: Expr = valueNode ? toExpr(builder, valueNode, 0) : { k: 'other', text: '' };
  const classId = builder.classId;
  if (classId !== undefined && left.type === 'identifier' && !augmented) {
    builder.classes[classId]!.fields.push({ name: left.text, line, ...(valueNode ? { value } : {}), ...(type ? { type } : {}) });
    return;
  }
  if (!valueNode && !type) return;
  const kind = augmented ? 'augmented' : type ? 'annotated' : 'assign';
  if (left.type === 'pattern_list' || left.type === 'tuple_pattern' || left.type === 'list_pattern') {
    const targets = left.namedChildren;
    const values = value.k === 'arr' && value.items.length === targets.length ? value.items : null;
    targets.forEach((target, index) => {
      builder.assignments.push({
        target: toExpr(builder, target, 0),
        value: values ? values[index]! : { k: 'other', text: truncateText(valueNode?.text ?? '') },
        line,
        scope: builder.scope,
        kind,
      });
    });
    return;
  }
  builder.assignments.push({ target: toExpr(builder, left, 0), value, line, scope: builder.scope, kind, ...(type ? { type } : {}) });
}

function patternNames(node: SyntaxNode): string[] {
  if (node.type === 'identifier') return [node.text];
  const names: string[] = [];
  for (const child of node.namedChildren) names.push(...patternNames(child));
  return names;
}

export function toExpr(builder: FactsBuilder, node: SyntaxNode, depth: number): Expr {
  if (depth > MAX_EXPR_DEPTH) return { k: 'other', text: truncateText(node.text) };
  switch (node.type) {
    case 'string':
      return stringExpr(builder, node, depth);
    case 'concatenated_string': {
      let result: Expr | null = null;
      for (const part of node.namedChildren) {
        const expr = stringExpr(builder, part, depth);
        result = result === null ? expr : concat(result, expr);
      }
      return result ?? { k: 'str', v: '' };
    }
    case 'integer':
    case 'float': {
      const value = Number(node.text.replace(/_/g, ''));
      return Number.isNaN(value) ? { k: 'other', text: node.text } : { k: 'num', v: value };
    }
    case 'true':
      return { k: 'bool', v: true };
    case 'false':
      return { k: 'bool', v: false };
    case 'none':
      return { k: 'null' };
    case 'identifier':
      return { k: 'id', name: node.text };
    case 'attribute': {
      const object = node.childForFieldName('object');
      const attribute = node.childForFieldName('attribute');
      if (!object || !attribute) break;
      return { k: 'member', obj: toExpr(builder, object, depth + 1), prop: attribute.text };
    }
    case 'subscript': {
      const value = node.childForFieldName('value');
      const subscript = node.childForFieldName('subscript');
      if (!value || !subscript) break;
      const obj = toExpr(builder, value, depth + 1);
      const key = toExpr(builder, subscript, depth + 1);
      return key.k === 'str' ? { k: 'member', obj, prop: key.v } : { k: 'index', obj, index: key };
    }
    case 'call': {
      const callee = node.childForFieldName('function');
      const args = node.childForFieldName('arguments');
      if (!callee) break;
      return { k: 'call', callee: toExpr(builder, callee, depth + 1), args: args ? readArgs(builder, args, depth + 1) : [], line: lineOf(node) };
    }
    case 'list':
    case 'tuple':
    case 'set':
    case 'expression_list': {
      const items: Expr[] = [];
      for (const child of node.namedChildren) {
        if (child.type === 'comment') continue;
        items.push(child.type === 'list_splat' ? { k: 'spread', arg: toExpr(builder, child.firstNamedChild ?? child, depth + 1) } : toExpr(builder, child, depth + 1));
      }
      return { k: 'arr', items };
    }
    case 'dictionary': {
      const props: { key: string | null; value: Expr }[] = [];
      for (const child of node.namedChildren) {
        if (child.type === 'pair') {
          const key = child.childForFieldName('key');
          const value = child.childForFieldName('value');
          if (!key || !value) continue;
          const keyExpr = toExpr(builder, key, depth + 1);
          props.push({ key: keyExpr.k === 'str' ? keyExpr.v : `[${key.text}]`, value: toExpr(builder, value, depth + 1) });
        } else if (child.type === 'dictionary_splat') {
          const inner = child.firstNamedChild;
          if (inner) props.push({ key: null, value: toExpr(builder, inner, depth + 1) });
        }
      }
      return { k: 'obj', props };
    }
    case 'lambda':
      return { k: 'fn', id: builder.functionIdFor(node) };
    case 'binary_operator': {
      const left = node.childForFieldName('left');
      const right = node.childForFieldName('right');
      const operator = node.childForFieldName('operator');
      if (!left || !right || !operator) break;
      return { k: 'bin', op: operator.text, left: toExpr(builder, left, depth + 1), right: toExpr(builder, right, depth + 1) };
    }
    case 'unary_operator':
    case 'not_operator': {
      const argument = node.childForFieldName('argument') ?? node.lastNamedChild;
      if (!argument) break;
      return { k: 'unary', op: node.type === 'not_operator' ? 'not' : node.text.trim()[0]!, arg: toExpr(builder, argument, depth + 1) };
    }
    case 'conditional_expression': {
      const [then, test, otherwise] = node.namedChildren;
      if (!then || !test || !otherwise) break;
      return { k: 'cond', test: toExpr(builder, test, depth + 1), then: toExpr(builder, then, depth + 1), else: toExpr(builder, otherwise, depth + 1) };
    }
    case 'parenthesized_expression':
    case 'await': {
      const inner = node.firstNamedChild;
      if (inner) return toExpr(builder, inner, depth);
      break;
    }
    case 'list_splat':
    case 'dictionary_splat': {
      const inner = node.firstNamedChild;
      if (inner) return { k: 'spread', arg: toExpr(builder, inner, depth + 1) };
      break;
    }
    default:
      break;
  }
  return { k: 'other', text: truncateText(node.text) };
}

function concat(left: Expr, right: Expr): Expr {
  if (left.k === 'str' && right.k === 'str') return { k: 'str', v: left.v + right.v };
  const parts = [...(left.k === 'tpl' ? left.parts : left.k === 'str' ? [left.v] : [left]), ...(right.k === 'tpl' ? right.parts : right.k === 'str' ? [right.v] : [right])];
  return { k: 'tpl', parts };
}

/** A Python string literal: plain, raw, bytes or f-string (interpolations become tpl parts). */
function stringExpr(builder: FactsBuilder, node: SyntaxNode, depth: number): Expr {
  const text = node.text;
  const prefixMatch = /^[a-zA-Z]*/.exec(text);
  const prefix = (prefixMatch?.[0] ?? '').toLowerCase();
  const raw = prefix.includes('r');
  if (!prefix.includes('f')) return { k: 'str', v: stripQuotes(text.slice(prefix.length), raw) };
  const parts: (string | Expr)[] = [];
  for (const child of node.namedChildren) {
    if (child.type === 'string_content') parts.push(raw ? child.text : unescapePython(child.text));
    else if (child.type === 'escape_sequence') parts.push(unescapePython(child.text));
    else if (child.type === 'interpolation') {
      const inner = child.childForFieldName('expression') ?? child.firstNamedChild;
      parts.push(inner ? toExpr(builder, inner, depth + 1) : { k: 'other', text: child.text });
    }
  }
  if (parts.every((p) => typeof p === 'string')) return { k: 'str', v: parts.join('') };
  return { k: 'tpl', parts };
}

function stripQuotes(text: string, raw: boolean): string {
  const triple = text.startsWith('"""') || text.startsWith("'''");
  const body = triple ? text.slice(3, -3) : text.slice(1, -1);
  return raw ? body : unescapePython(body);
}

function unescapePython(text: string): string {
  if (!text.includes('\\')) return text;
  return text.replace(/\\(N\{[^}]*\}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|x[0-9a-fA-F]{2}|[0-7]{1,3}|\n|.)/g, (_m, seq: string) => {
    switch (seq[0]) {
      case 'n':
        return '\n';
      case 't':
        return '\t';
      case 'r':
        return '\r';
      case '\n':
        return '';
      case 'u':
      case 'U':
      case 'x':
        return String.fromCodePoint(parseInt(seq.slice(1), 16));
      default:
        return /^[0-7]+$/.test(seq) ? String.fromCharCode(parseInt(seq, 8)) : seq;
    }
  });
}
