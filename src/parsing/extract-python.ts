import { type CallExpr, FactsBuilder, MAX_EXPR_DEPTH, truncateText } from './facts-builder.js';
import { dottedCallee } from './extract-js.js';
import type { NodeRoles } from './node-roles.js';
import { NO_NODE, readOperands, type NodeRef, type SyntaxReader } from './syntax-reader.js';
import type { Arg, Expr, ParamFact } from './types.js';

export interface PythonExtraction {
  builder: FactsBuilder;
  ignoreComments: number;
}

/**
 * Extracts a Python tree's facts. `types` are the node types to visit: the roles of
 * grammars/python/facts.scm, less those the file's text proves absent (see node-roles).
 */
export function extractPython(r: SyntaxReader, root: NodeRef, roles: NodeRoles, types: readonly string[]): PythonExtraction {
  const builder = new FactsBuilder();
  let ignoreComments = 0;
  for (const node of r.descendantsOfType(root, types)) {
    const type = r.type(node);
    if (roles.namedOnly.has(type) && !r.isNamed(node)) continue;
    const role = roles.roleOf.get(type);
    if (role === 'comment') {
      if (/#\s*(type:\s*ignore|noqa|pyright:\s*ignore)/.test(r.text(node))) ignoreComments++;
      continue;
    }
    builder.advanceTo(r.start(node));
    if (role === 'decision') {
      builder.countDecision();
      continue;
    }
    if (role === 'iteration') {
      builder.enterLoop({ scope: builder.scope, span: { startLine: r.line(node), endLine: r.endLine(node) }, variables: [] }, r.end(node));
      continue;
    }
    switch (type) {
      case 'function_definition':
        visitFunction(builder, r, node);
        break;
      case 'lambda': {
        const id = builder.functionIdFor(r.start(node));
        const fn = builder.functions[id]!;
        fn.kind = 'lambda';
        fn.parent = builder.scope;
        fn.span = { startLine: r.line(node), endLine: r.endLine(node) };
        fn.name = lambdaName(r, node);
        const params = r.field(node, 'parameters');
        if (params !== NO_NODE) fn.params = readParams(builder, r, params);
        const body = r.field(node, 'body');
        if (body !== NO_NODE) fn.returnsExpr = toExpr(builder, r, body, 0);
        builder.enterFunction(id, r.end(node));
        break;
      }
      case 'class_definition':
        visitClass(builder, r, node);
        break;
      case 'call':
        visitCall(builder, r, node);
        break;
      case 'return_statement':
        builder.recordReturn(r, node, INSTANCE_SHAPES, (child) => toExpr(builder, r, child, 0));
        break;
      case 'await':
        for (const child of r.namedChildren(node)) builder.awaited.add(r.key(child));
        break;
      case 'import_statement':
        visitImport(builder, r, node);
        break;
      case 'import_from_statement':
        visitImportFrom(builder, r, node);
        break;
      case 'assignment':
      case 'augmented_assignment':
        visitAssignment(builder, r, node, type);
        break;
      case 'for_statement': {
        builder.countDecision();
        const left = r.field(node, 'left');
        const right = r.field(node, 'right');
        builder.enterLoop(
          {
            scope: builder.scope,
            span: { startLine: r.line(node), endLine: r.endLine(node) },
            variables: left !== NO_NODE ? patternNames(r, left) : [],
            ...(right !== NO_NODE ? { iterable: toExpr(builder, r, right, 0) } : {}),
          },
          r.end(node),
        );
        break;
      }
      case 'while_statement':
        builder.countDecision();
        builder.enterLoop({ scope: builder.scope, span: { startLine: r.line(node), endLine: r.endLine(node) }, variables: [] }, r.end(node));
        break;
      default:
        break;
    }
  }
  builder.finishComplexity();
  return { builder, ignoreComments };
}

/** The first and last of a node's parts, for nodes whose fields are the first and the last. */
function firstAndLast(parts: NodeRef[]): [NodeRef, NodeRef] {
  return parts.length >= 2 ? [parts[0]!, parts[parts.length - 1]!] : [NO_NODE, NO_NODE];
}

/** A binary operator's left operand, operator token and right operand from one read of its children. */
function operands(r: SyntaxReader, node: NodeRef): [NodeRef, NodeRef, NodeRef] {
  if (r.treeHasErrors) return [r.field(node, 'left'), r.field(node, 'operator'), r.field(node, 'right')];
  const [left, operator, right] = readOperands(r, node);
  return [left === right ? NO_NODE : left, operator, right];
}

/** Text of a node that is usually an identifier; identifiers are read without asking for their end. */
function nameText(r: SyntaxReader, node: NodeRef): string {
  return r.type(node) === 'identifier' ? r.identifierText(node, false) : r.text(node);
}

function visitFunction(builder: FactsBuilder, r: SyntaxReader, node: NodeRef): void {
  const id = builder.functionIdFor(r.start(node));
  const fn = builder.functions[id]!;
  const classId = builder.classId;
  fn.parent = builder.scope;
  fn.span = { startLine: r.line(node), endLine: r.endLine(node) };
  const name = r.field(node, 'name');
  fn.name = name !== NO_NODE ? nameText(r, name) : '<anonymous>';
  fn.isAsync = r.head(node, 5) === 'async';
  fn.kind = classId === undefined ? 'function' : fn.name === '__init__' ? 'constructor' : 'method';
  const params = r.field(node, 'parameters');
  if (params !== NO_NODE) fn.params = readParams(builder, r, params);
  const returnType = r.field(node, 'return_type');
  if (returnType !== NO_NODE) fn.returnType = r.text(returnType);
  const decorated = r.parent(node);
  // The span starts at `def`: decorators are the registration (the route's line), not the handler's body.
  if (decorated !== NO_NODE && r.type(decorated) === 'decorated_definition') fn.decorators = decoratorsOf(builder, r, decorated);
  if (classId !== undefined) {
    fn.classId = classId;
    builder.classes[classId]!.methods.push(id);
    if (fn.decorators.some((d) => d.k === 'id' && d.name === 'staticmethod')) fn.isStatic = true;
  }
  builder.enterFunction(id, r.end(node));
}

function decoratorsOf(builder: FactsBuilder, r: SyntaxReader, decorated: NodeRef): Expr[] {
  const decorators: Expr[] = [];
  for (const child of r.namedChildren(decorated)) {
    if (r.type(child) !== 'decorator') continue;
    const inner = r.firstNamedChild(child);
    decorators.push(inner !== NO_NODE ? toExpr(builder, r, inner, 0) : { k: 'other', text: truncateText(r.text(child)) });
  }
  return decorators;
}

function lambdaName(r: SyntaxReader, node: NodeRef): string {
  const parent = r.parent(node);
  if (parent === NO_NODE) return '<lambda>';
  const type = r.type(parent);
  if (type === 'assignment') {
    const left = r.field(parent, 'left');
    return left !== NO_NODE ? nameText(r, left) : '<lambda>';
  }
  if (type === 'keyword_argument') {
    const name = r.field(parent, 'name');
    return name !== NO_NODE ? nameText(r, name) : '<lambda>';
  }
  return '<lambda>';
}

function readParams(builder: FactsBuilder, r: SyntaxReader, params: NodeRef): ParamFact[] {
  const result: ParamFact[] = [];
  if (r.head(params, 2) === '()') return result;
  for (const child of r.namedChildren(params)) {
    switch (r.type(child)) {
      case 'identifier':
        result.push({ name: nameText(r, child) });
        break;
      case 'typed_parameter': {
        const name = r.firstNamedChild(child);
        const type = r.field(child, 'type');
        const param: ParamFact = { name: name !== NO_NODE ? nameText(r, name).replace(/^\*+/, '') : r.text(child) };
        if (type !== NO_NODE) param.type = r.text(type);
        if (name !== NO_NODE) {
          const nameType = r.type(name);
          if (nameType === 'list_splat_pattern' || nameType === 'dictionary_splat_pattern') param.rest = true;
        }
        result.push(param);
        break;
      }
      case 'default_parameter':
      case 'typed_default_parameter': {
        const name = r.field(child, 'name');
        const type = r.field(child, 'type');
        const value = r.field(child, 'value');
        const param: ParamFact = { name: name !== NO_NODE ? nameText(r, name) : r.text(child) };
        if (type !== NO_NODE) param.type = r.text(type);
        if (value !== NO_NODE) param.default = toExpr(builder, r, value, 0);
        result.push(param);
        break;
      }
      case 'list_splat_pattern':
      case 'dictionary_splat_pattern':
        result.push({ name: r.text(child).replace(/^\*+/, ''), rest: true });
        break;
      default:
        break;
    }
  }
  return result;
}

function visitClass(builder: FactsBuilder, r: SyntaxReader, node: NodeRef): void {
  const id = builder.classIdFor(r.start(node));
  const cls = builder.classes[id]!;
  cls.parent = builder.scope;
  cls.span = { startLine: r.line(node), endLine: r.endLine(node) };
  const name = r.field(node, 'name');
  cls.name = name !== NO_NODE ? nameText(r, name) : '<anonymous>';
  const superclasses = r.field(node, 'superclasses');
  if (superclasses !== NO_NODE) {
    for (const child of r.namedChildren(superclasses)) {
      const type = r.type(child);
      if (type === 'keyword_argument') {
        const keyword = r.field(child, 'name');
        const value = r.field(child, 'value');
        if (keyword !== NO_NODE && value !== NO_NODE) (cls.keywords ??= []).push({ name: nameText(r, keyword), value: toExpr(builder, r, value, 0) });
      } else if (type !== 'comment') {
        // `RepositoryGeneric[Schema, Model]`: the base is the generic class; its type
        // arguments name no class to inherit from.
        const base = toExpr(builder, r, child, 0);
        cls.bases.push(base.k === 'index' ? base.obj : base);
      }
    }
  }
  const decorated = r.parent(node);
  if (decorated !== NO_NODE && r.type(decorated) === 'decorated_definition') cls.decorators = decoratorsOf(builder, r, decorated);
  builder.enterClass(id, r.end(node));
}

function visitCall(builder: FactsBuilder, r: SyntaxReader, node: NodeRef): void {
  // The fact's callee and arguments are those of the call converted one level up (depth -1).
  const expr = callExpr(builder, r, node, -1);
  if (expr === null) return;
  const callee = expr.callee;
  const args = expr.args;
  const line = r.line(node);
  builder.calls.push({
    callee,
    args,
    argCount: args.length,
    line,
    scope: builder.scope,
    loopDepth: builder.loopDepth,
    ...(builder.isAwaited(r, node, 'await') ? { awaited: true } : {}),
  });
  if (isDynamicImport(r, node, callee)) {
    const first = args[0]?.value;
    builder.imports.push({ source: first?.k === 'str' ? first.v : '', imported: '*', local: null, line, kind: 'dynamic', scope: builder.scope });
  }
}

/** `importlib.import_module('x')`, `import_module('x')` and `__import__('x')`, spelt exactly so. */
function isDynamicImport(r: SyntaxReader, call: NodeRef, callee: Expr): boolean {
  // The callee's Expr rules out almost every call before its node is read again.
  if (callee.k === 'id') return (callee.name === '__import__' || callee.name === 'import_module') && r.type(r.field(call, 'function')) === 'identifier';
  if (callee.k === 'member' && callee.prop === 'import_module' && callee.obj.k === 'id' && callee.obj.name === 'importlib') {
    return r.text(r.field(call, 'function')) === 'importlib.import_module';
  }
  return false;
}

function readArgs(builder: FactsBuilder, r: SyntaxReader, argsNode: NodeRef, depth: number): Arg[] {
  if (r.type(argsNode) === 'generator_expression') return [{ value: { k: 'other', text: truncateText(r.text(argsNode)) } }];
  const args: Arg[] = [];
  // `()` has no children worth a native call.
  if (r.head(argsNode, 2) === '()') return args;
  for (const child of r.namedChildren(argsNode)) {
    switch (r.type(child)) {
      case 'comment':
        break;
      case 'keyword_argument': {
        const [name, value] = r.treeHasErrors ? [r.field(child, 'name'), r.field(child, 'value')] : firstAndLast(r.parts(child));
        if (name !== NO_NODE && value !== NO_NODE) args.push({ name: nameText(r, name), value: toExpr(builder, r, value, depth + 1) });
        break;
      }
      case 'list_splat':
      case 'dictionary_splat': {
        const inner = r.firstNamedChild(child);
        args.push({ value: inner !== NO_NODE ? toExpr(builder, r, inner, depth + 1) : { k: 'other', text: r.text(child) }, spread: true });
        break;
      }
      default:
        args.push({ value: toExpr(builder, r, child, depth + 1) });
    }
  }
  return args;
}

function visitImport(builder: FactsBuilder, r: SyntaxReader, node: NodeRef): void {
  const line = r.line(node);
  const scope = builder.scope;
  for (const child of r.namedChildren(node)) {
    const type = r.type(child);
    if (type === 'dotted_name') {
      // `import a.b` binds `a`; `a.b` is then reached as a submodule of `a`.
      const text = r.dottedNameText(child);
      const top = text.split('.')[0]!;
      builder.imports.push({ source: top, imported: '*', local: top, line, kind: 'python', scope });
      if (text !== top) builder.imports.push({ source: text, imported: '*', local: null, line, kind: 'python', scope });
    } else if (type === 'aliased_import') {
      const [name, alias] = aliasedImport(r, child);
      if (name !== NO_NODE && alias !== NO_NODE) builder.imports.push({ source: r.dottedNameText(name), imported: '*', local: nameText(r, alias), line, kind: 'python', scope });
    }
  }
}

/** An aliased import's name and alias (its only parts). */
function aliasedImport(r: SyntaxReader, node: NodeRef): [NodeRef, NodeRef] {
  return r.treeHasErrors ? [r.field(node, 'name'), r.field(node, 'alias')] : firstAndLast(r.parts(node));
}

function visitImportFrom(builder: FactsBuilder, r: SyntaxReader, node: NodeRef): void {
  const named = r.namedChildren(node);
  // The module is the first part (`from` is a keyword token); comments are the only other extras.
  const moduleNode = r.treeHasErrors ? r.field(node, 'module_name') : (named.find((child) => r.type(child) !== 'comment') ?? NO_NODE);
  if (moduleNode === NO_NODE) return;
  const source = r.dottedNameText(moduleNode).replace(/\s+/g, '');
  const line = r.line(node);
  const scope = builder.scope;
  const moduleStart = r.start(moduleNode);
  for (const child of named) {
    if (r.start(child) === moduleStart) continue;
    const type = r.type(child);
    if (type === 'dotted_name') {
      const name = r.dottedNameText(child);
      builder.imports.push({ source, imported: name, local: name, line, kind: 'python', scope });
    } else if (type === 'aliased_import') {
      const [name, alias] = aliasedImport(r, child);
      if (name !== NO_NODE && alias !== NO_NODE) builder.imports.push({ source, imported: r.dottedNameText(name), local: nameText(r, alias), line, kind: 'python', scope });
    } else if (type === 'wildcard_import') {
      builder.imports.push({ source, imported: '*', local: '*', line, kind: 'python', scope });
    }
  }
}

/** An assignment's left side, type annotation and right side; the latter two may be absent. */
function assignmentParts(r: SyntaxReader, node: NodeRef): [NodeRef, NodeRef, NodeRef] {
  if (r.treeHasErrors) return [r.field(node, 'left'), r.field(node, 'type'), r.field(node, 'right')];
  // Parts: left, an optional `type` node, an optional right side (never a `type` node).
  const parts = r.parts(node);
  const second = parts[1] ?? NO_NODE;
  if (second !== NO_NODE && r.type(second) === 'type') return [parts[0] ?? NO_NODE, second, parts[2] ?? NO_NODE];
  return [parts[0] ?? NO_NODE, NO_NODE, second];
}

function visitAssignment(builder: FactsBuilder, r: SyntaxReader, node: NodeRef, nodeType: string): void {
  const [left, typeNode, right] = assignmentParts(r, node);
  if (left === NO_NODE) return;
  const line = r.line(node);
  const augmented = nodeType === 'augmented_assignment';
  const type = typeNode !== NO_NODE ? r.text(typeNode) : undefined;
  // A chained assignment `a = b = value` nests; the value is the innermost right side.
  let valueNode = right;
  while (valueNode !== NO_NODE && r.type(valueNode) === 'assignment') valueNode = assignmentParts(r, valueNode)[2];
  const value: Expr = valueNode !== NO_NODE ? toExpr(builder, r, valueNode, 0) : { k: 'other', text: '' };
  const classId = builder.classId;
  const leftType = r.type(left);
  if (classId !== undefined && leftType === 'identifier' && !augmented) {
    builder.classes[classId]!.fields.push({ name: nameText(r, left), line, ...(valueNode !== NO_NODE ? { value } : {}), ...(type ? { type } : {}) });
    return;
  }
  if (valueNode === NO_NODE && !type) return;
  const kind = augmented ? 'augmented' : type ? 'annotated' : 'assign';
  if (leftType === 'pattern_list' || leftType === 'tuple_pattern' || leftType === 'list_pattern') {
    const targets = r.namedChildren(left);
    const values = value.k === 'arr' && value.items.length === targets.length ? value.items : null;
    targets.forEach((target, index) => {
      builder.assignments.push({
        target: toExpr(builder, r, target, 0),
        value: values ? values[index]! : { k: 'other', text: truncateText(valueNode !== NO_NODE ? r.text(valueNode) : '') },
        line,
        scope: builder.scope,
        kind,
      });
    });
    return;
  }
  builder.assignments.push({ target: toExpr(builder, r, left, 0), value, line, scope: builder.scope, kind, ...(type ? { type } : {}) });
}

function patternNames(r: SyntaxReader, node: NodeRef): string[] {
  if (r.type(node) === 'identifier') return [r.identifierText(node, false)];
  const names: string[] = [];
  for (const child of r.namedChildren(node)) names.push(...patternNames(r, child));
  return names;
}

/** A call, converted once and shared by every fact that holds it. */
function callExpr(builder: FactsBuilder, r: SyntaxReader, node: NodeRef, depth: number): CallExpr | null {
  return builder.convertCall(r.key(node), depth, () => {
    let callee: NodeRef;
    let args: NodeRef;
    if (!r.treeHasErrors) {
      // A call's first child is its callee and its last its arguments: one read instead of two lookups.
      const children = r.children(node);
      callee = children[0] ?? NO_NODE;
      args = children.length > 1 ? children[children.length - 1]! : NO_NODE;
    } else {
      callee = r.field(node, 'function');
      args = r.field(node, 'arguments');
    }
    if (callee === NO_NODE) return null;
    return {
      k: 'call',
      callee: (args !== NO_NODE ? dottedCallee(builder, r, node, args, depth + 1, false) : null) ?? toExpr(builder, r, callee, depth + 1),
      args: args !== NO_NODE ? readArgs(builder, r, args, depth + 1) : [],
      line: r.line(node),
    };
  });
}

export function toExpr(builder: FactsBuilder, r: SyntaxReader, node: NodeRef, depth: number): Expr {
  if (depth > MAX_EXPR_DEPTH) {
    builder.truncated = true;
    return { k: 'other', text: truncateText(r.text(node)) };
  }
  const type = r.type(node);
  switch (type) {
    case 'string':
      return stringExpr(builder, r, node, depth);
    case 'concatenated_string': {
      let result: Expr | null = null;
      for (const part of r.namedChildren(node)) {
        // A comment between the parts (`'a'  # note` newline `'b'`) is not part of the value.
        if (r.type(part) !== 'string') continue;
        const expr = stringExpr(builder, r, part, depth);
        result = result === null ? expr : concat(result, expr);
      }
      return result ?? { k: 'str', v: '' };
    }
    case 'integer':
    case 'float': {
      const text = type === 'integer' ? r.numberText(node, false) : r.text(node);
      const value = Number(text.replace(/_/g, ''));
      return Number.isNaN(value) ? { k: 'other', text } : { k: 'num', v: value };
    }
    case 'true':
      return { k: 'bool', v: true };
    case 'false':
      return { k: 'bool', v: false };
    case 'none':
      return { k: 'null' };
    case 'identifier':
      return builder.idExpr(r.identifierText(node, false));
    case 'attribute': {
      const [object, attribute] = r.treeHasErrors ? [r.field(node, 'object'), r.field(node, 'attribute')] : firstAndLast(r.parts(node));
      if (object === NO_NODE || attribute === NO_NODE) break;
      return { k: 'member', obj: toExpr(builder, r, object, depth + 1), prop: nameText(r, attribute) };
    }
    case 'subscript': {
      // Parts: the value, then one or more subscripts; the field names the first.
      const parts = r.treeHasErrors ? [r.field(node, 'value'), r.field(node, 'subscript')] : r.parts(node);
      const value = parts[0] ?? NO_NODE;
      const subscript = parts[1] ?? NO_NODE;
      if (value === NO_NODE || subscript === NO_NODE) break;
      const obj = toExpr(builder, r, value, depth + 1);
      const key = toExpr(builder, r, subscript, depth + 1);
      return key.k === 'str' ? { k: 'member', obj, prop: key.v } : { k: 'index', obj, index: key };
    }
    case 'call': {
      const expr = callExpr(builder, r, node, depth);
      if (expr === null) break;
      return expr;
    }
    case 'list':
    case 'tuple':
    case 'set':
    case 'expression_list': {
      const items: Expr[] = [];
      for (const child of r.namedChildren(node)) {
        const childType = r.type(child);
        if (childType === 'comment') continue;
        if (childType === 'list_splat') {
          const inner = r.firstNamedChild(child);
          items.push({ k: 'spread', arg: toExpr(builder, r, inner !== NO_NODE ? inner : child, depth + 1) });
        } else items.push(toExpr(builder, r, child, depth + 1));
      }
      return { k: 'arr', items };
    }
    case 'dictionary': {
      const props: { key: string | null; value: Expr }[] = [];
      for (const child of r.namedChildren(node)) {
        const childType = r.type(child);
        if (childType === 'pair') {
          const [key, value] = r.treeHasErrors ? [r.field(child, 'key'), r.field(child, 'value')] : firstAndLast(r.parts(child));
          if (key === NO_NODE || value === NO_NODE) continue;
          const keyExpr = toExpr(builder, r, key, depth + 1);
          props.push({ key: keyExpr.k === 'str' ? keyExpr.v : `[${r.text(key)}]`, value: toExpr(builder, r, value, depth + 1) });
        } else if (childType === 'dictionary_splat') {
          const inner = r.firstNamedChild(child);
          if (inner !== NO_NODE) props.push({ key: null, value: toExpr(builder, r, inner, depth + 1) });
        }
      }
      return { k: 'obj', props };
    }
    case 'lambda':
      return { k: 'fn', id: builder.functionIdFor(r.start(node)) };
    case 'binary_operator': {
      const [left, operator, right] = operands(r, node);
      if (left === NO_NODE || right === NO_NODE || operator === NO_NODE) break;
      return { k: 'bin', op: r.tokenText(operator), left: toExpr(builder, r, left, depth + 1), right: toExpr(builder, r, right, depth + 1) };
    }
    case 'unary_operator':
    case 'not_operator': {
      let argument = r.field(node, 'argument');
      if (argument === NO_NODE) argument = r.lastNamedChild(node);
      if (argument === NO_NODE) break;
      return { k: 'unary', op: type === 'not_operator' ? 'not' : r.text(node).trim()[0]!, arg: toExpr(builder, r, argument, depth + 1) };
    }
    case 'conditional_expression': {
      const [then, test, otherwise] = r.namedChildren(node);
      if (then === undefined || test === undefined || otherwise === undefined) break;
      return { k: 'cond', test: toExpr(builder, r, test, depth + 1), then: toExpr(builder, r, then, depth + 1), else: toExpr(builder, r, otherwise, depth + 1) };
    }
    case 'parenthesized_expression':
    case 'await': {
      const inner = r.firstNamedChild(node);
      if (inner !== NO_NODE) return toExpr(builder, r, inner, depth);
      break;
    }
    case 'list_splat':
    case 'dictionary_splat': {
      const inner = r.firstNamedChild(node);
      if (inner !== NO_NODE) return { k: 'spread', arg: toExpr(builder, r, inner, depth + 1) };
      break;
    }
    default:
      break;
  }
  return { k: 'other', text: truncateText(r.text(node)) };
}

function concat(left: Expr, right: Expr): Expr {
  if (left.k === 'str' && right.k === 'str') return { k: 'str', v: left.v + right.v };
  const parts = [...(left.k === 'tpl' ? left.parts : left.k === 'str' ? [left.v] : [left]), ...(right.k === 'tpl' ? right.parts : right.k === 'str' ? [right.v] : [right])];
  return { k: 'tpl', parts };
}

/** A Python string literal: plain, raw, bytes or f-string (interpolations become tpl parts). */
function stringExpr(builder: FactsBuilder, r: SyntaxReader, node: NodeRef, depth: number): Expr {
  // The prefix letters (`r`, `b`, `f`…) are read from the head; a run filling the head is read in full.
  const head = r.head(node, 8);
  let letters = /^[a-zA-Z]*/.exec(head)![0];
  if (letters.length === head.length) letters = /^[a-zA-Z]*/.exec(r.text(node))![0];
  const prefix = letters.toLowerCase();
  const raw = prefix.includes('r');
  if (!prefix.includes('f')) return { k: 'str', v: stripQuotes(r.pythonPlainStringText(node, letters.length).slice(letters.length), raw) };
  const parts: (string | Expr)[] = [];
  for (const child of r.namedChildren(node)) {
    const type = r.type(child);
    if (type === 'string_content') parts.push(raw ? r.text(child) : unescapePython(r.text(child)));
    else if (type === 'escape_sequence') parts.push(unescapePython(r.text(child)));
    else if (type === 'interpolation') {
      let inner = r.field(child, 'expression');
      if (inner === NO_NODE) inner = r.firstNamedChild(child);
      parts.push(inner !== NO_NODE ? toExpr(builder, r, inner, depth + 1) : { k: 'other', text: r.text(child) });
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
      case '\\':
      case "'":
      case '"':
        return seq;
      case 'a':
        return '\x07';
      case 'b':
        return '\b';
      case 'f':
        return '\f';
      case 'v':
        return '\v';
      default:
        // Python keeps the backslash of an unknown escape (`'\w'` is backslash-w), and `\N{...}` needs the name table.
        return /^[0-7]+$/.test(seq) ? String.fromCharCode(parseInt(seq, 8)) : `\\${seq}`;
    }
  });
}

/** Returned expressions that can give an instance (see FactsBuilder.recordReturn). */
const INSTANCE_SHAPES: ReadonlySet<string> = new Set(['call', 'identifier', 'attribute', 'await', 'parenthesized_expression']);
