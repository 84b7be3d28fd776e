import { type CallExpr, FactsBuilder, MAX_EXPR_DEPTH, truncateText } from './facts-builder.js';
import type { NodeRoles } from './node-roles.js';
import { NO_NODE, readOperands, type NodeRef, type SyntaxReader } from './syntax-reader.js';
import type { Arg, Expr, FunctionFact, ParamFact } from './types.js';

/** Array methods whose callback runs once per element. */
const ITERATION_METHODS = new Set(['forEach', 'map', 'flatMap', 'filter', 'reduce', 'reduceRight', 'some', 'every', 'find', 'findIndex', 'sort']);
/** Node types whose parent the extractor asks for (to name a function or class), so their parents are recorded. */
const PARENT_ASKED: ReadonlySet<string> = new Set(['arrow_function', 'function_expression', 'function', 'generator_function', 'class', 'class_declaration', 'abstract_class_declaration']);
const TRANSPARENT_WRAPPERS = new Set([
  'parenthesized_expression',
  'await_expression',
  'as_expression',
  'satisfies_expression',
  'non_null_expression',
  'type_assertion',
]);

export interface JsExtraction {
  builder: FactsBuilder;
  commentRanges: [number, number][];
  anyCount: number;
  ignoreComments: number;
}

/**
 * Extracts a JS/TS/TSX tree's facts. `types` are the node types to visit: the roles of
 * grammars/<name>/facts.scm, less those the file's text proves absent (see node-roles).
 */
export function extractJs(r: SyntaxReader, root: NodeRef, roles: NodeRoles, types: readonly string[]): JsExtraction {
  const builder = new FactsBuilder();
  const commentRanges: [number, number][] = [];
  let anyCount = 0;
  let ignoreComments = 0;
  /** Open declarations, innermost last: the last one still open holds the declarator being visited. */
  const declarations: OpenDeclaration[] = [];
  for (const node of r.descendantsOfType(root, types)) {
    const type = r.type(node);
    if (roles.namedOnly.has(type) && !r.isNamed(node)) continue;
    const role = roles.roleOf.get(type);
    if (role === 'comment') {
      // Comments are leaves: they never open a scope, so no need to advance the stack.
      const start = r.start(node);
      const end = r.end(node);
      commentRanges.push([start, end]);
      const text = r.text(node);
      if (text.includes('@ts-ignore') || text.includes('@ts-expect-error') || text.includes('eslint-disable')) ignoreComments++;
      continue;
    }
    if (role === 'type') {
      // Predefined types are keywords: the one starting with "any" is `any`.
      if (r.head(node, 3) === 'any') anyCount++;
      continue;
    }
    builder.advanceTo(r.start(node));
    switch (role) {
      case 'decision':
        // `default:` is not a decision; in this grammar it is a switch_case without a value.
        if (type !== 'switch_case' || r.field(node, 'value') !== NO_NODE) builder.countDecision();
        break;
      case 'function':
        visitFunction(builder, r, node, type);
        break;
      case 'class':
        visitClass(builder, r, node);
        break;
      case 'call':
        visitCall(builder, r, node, type);
        break;
      case 'return':
        builder.recordReturn(r, node, INSTANCE_SHAPES, (child) => toExpr(builder, r, child, 0));
        break;
      case 'await':
        for (const child of r.namedChildren(node)) builder.awaited.add(r.key(child));
        break;
      case 'declaration': {
        const start = r.start(node);
        while (declarations.length > 0 && declarations[declarations.length - 1]!.end <= start) declarations.pop();
        const keyword = type === 'variable_declaration' ? 'var' : r.head(node, 3) === 'let' ? 'let' : 'const';
        declarations.push({ end: r.end(node), keyword });
        break;
      }
      case 'binding':
        if (type === 'variable_declarator') visitDeclarator(builder, r, node, declarations);
        else visitAssignment(builder, r, node, type);
        break;
      case 'import':
        visitImport(builder, r, node);
        break;
      case 'export':
        visitExport(builder, r, node);
        break;
      case 'field':
        visitField(builder, r, node);
        break;
      case 'loop':
        builder.countDecision();
        visitLoop(builder, r, node, type);
        break;
      case 'iteration':
        visitLoop(builder, r, node, type);
        break;
      default:
        break;
    }
  }
  builder.finishComplexity();
  return { builder, commentRanges, anyCount, ignoreComments };
}

/** The first and last of a node's parts, for nodes whose fields are the first and the last. */
function firstAndLast(parts: NodeRef[]): [NodeRef, NodeRef] {
  return parts.length >= 2 ? [parts[0]!, parts[parts.length - 1]!] : [NO_NODE, NO_NODE];
}

/**
 * An operator expression's first operand, operator token and last operand (`left`, `operator`,
 * `right`; for a unary expression the operator, nothing, the argument) from one read of its children.
 */
function operands(r: SyntaxReader, node: NodeRef): [NodeRef, NodeRef, NodeRef] {
  if (r.treeHasErrors) {
    return r.type(node) === 'unary_expression'
      ? [r.field(node, 'operator'), NO_NODE, r.field(node, 'argument')]
      : [r.field(node, 'left'), r.field(node, 'operator'), r.field(node, 'right')];
  }
  const [first, operator, last] = readOperands(r, node);
  if (r.type(node) === 'unary_expression') return [operator, NO_NODE, last];
  return [first === last ? NO_NODE : first, operator, last];
}

/** Text of a name-like node; identifiers are read without asking tree-sitter for their end. */
function nameText(r: SyntaxReader, node: NodeRef): string {
  const type = r.type(node);
  if (type === 'identifier' || type === 'property_identifier' || type === 'type_identifier' || type === 'private_property_identifier' || type === 'shorthand_property_identifier') {
    return r.identifierText(node, true);
  }
  if (type === 'string') return r.jsStringText(node);
  return r.text(node);
}

function visitFunction(builder: FactsBuilder, r: SyntaxReader, node: NodeRef, type: string): void {
  const id = builder.functionIdFor(r.start(node));
  const fn = builder.functions[id]!;
  const classId = type === 'method_definition' ? builder.classId : undefined;
  const endLine = r.endLine(node);
  const text = r.text(node);
  fn.parent = builder.scope;
  fn.span = { startLine: r.line(node), endLine };
  fn.name = nameFunction(builder, r, node);
  fn.kind = kindOfFunction(type, fn.name, text);
  fn.isAsync = /^(?:(?:static|public|private|protected|override|readonly)\s+)*async\b/.test(text) || /^async\b/.test(text);
  if (/^(?:(?:public|private|protected)\s+)?static\b/.test(text)) fn.isStatic = true;
  if (type.startsWith('generator') || /^(?:async\s+)?(?:function\s*\*|\*)/.test(text)) fn.isGenerator = true;
  let parameters = r.field(node, 'parameters');
  if (parameters === NO_NODE) parameters = r.field(node, 'parameter');
  if (parameters !== NO_NODE) fn.params = r.type(parameters) === 'identifier' ? [{ name: nameText(r, parameters) }] : readParams(builder, r, parameters);
  const returnType = r.field(node, 'return_type');
  if (returnType !== NO_NODE) fn.returnType = r.text(returnType).replace(/^:\s*/, '');
  if (type === 'arrow_function') {
    const body = r.field(node, 'body');
    if (body !== NO_NODE && r.type(body) !== 'statement_block') fn.returnsExpr = toExpr(builder, r, body, 0);
  }
  if (classId !== undefined) {
    fn.classId = classId;
    builder.classes[classId]!.methods.push(id);
    fn.decorators = precedingDecorators(builder, r, node);
  }
  builder.enterFunction(id, r.end(node));
}

function kindOfFunction(type: string, name: string, text: string): FunctionFact['kind'] {
  if (type === 'arrow_function') return 'arrow';
  if (type !== 'method_definition') return 'function';
  if (name === 'constructor') return 'constructor';
  if (/^(?:static\s+)?get\s/.test(text)) return 'getter';
  if (/^(?:static\s+)?set\s/.test(text)) return 'setter';
  return 'method';
}

/** The name a function is known by: its own, or the variable, property or export it is assigned to. */
function nameFunction(builder: FactsBuilder, r: SyntaxReader, node: NodeRef): string {
  const own = r.field(node, 'name');
  if (own !== NO_NODE) return nameText(r, own);
  const parent = builder.parentOf(r, node);
  if (parent === NO_NODE) return '<anonymous>';
  switch (r.type(parent)) {
    case 'variable_declarator':
    case 'public_field_definition':
    case 'field_definition': {
      let name = r.field(parent, 'name');
      if (name === NO_NODE) name = r.field(parent, 'property');
      return name !== NO_NODE ? nameText(r, name) : '<anonymous>';
    }
    case 'pair': {
      const key = r.field(parent, 'key');
      return key !== NO_NODE ? unquote(nameText(r, key)) : '<anonymous>';
    }
    case 'assignment_expression': {
      const left = r.field(parent, 'left');
      return left !== NO_NODE ? nameText(r, left) : '<anonymous>';
    }
    case 'export_statement':
      return 'default';
    default:
      return '<anonymous>';
  }
}

function readParams(builder: FactsBuilder, r: SyntaxReader, parameters: NodeRef): ParamFact[] {
  const params: ParamFact[] = [];
  if (r.head(parameters, 2) === '()') return params;
  for (const child of r.namedChildren(parameters)) {
    switch (r.type(child)) {
      case 'identifier':
        params.push({ name: nameText(r, child) });
        break;
      case 'required_parameter':
      case 'optional_parameter': {
        const pattern = r.field(child, 'pattern');
        const param: ParamFact = { name: pattern !== NO_NODE ? nameText(r, pattern) : r.text(child) };
        const type = r.field(child, 'type');
        if (type !== NO_NODE) param.type = r.text(type).replace(/^:\s*/, '');
        const value = r.field(child, 'value');
        if (value !== NO_NODE) param.default = toExpr(builder, r, value, 0);
        for (const part of r.namedChildren(child)) {
          const partType = r.type(part);
          if (partType === 'accessibility_modifier') param.accessibility = r.text(part);
          else if (partType === 'override_modifier' || partType === 'readonly') param.accessibility ??= 'public';
          else if (partType === 'decorator') (param.decorators ??= []).push(decoratorExpr(builder, r, part));
        }
        if (pattern !== NO_NODE && r.type(pattern) === 'rest_pattern') param.rest = true;
        params.push(param);
        break;
      }
      case 'assignment_pattern': {
        const left = r.field(child, 'left');
        const right = r.field(child, 'right');
        const param: ParamFact = { name: left !== NO_NODE ? nameText(r, left) : r.text(child) };
        if (right !== NO_NODE) param.default = toExpr(builder, r, right, 0);
        params.push(param);
        break;
      }
      case 'rest_pattern':
        params.push({ name: r.text(child).replace(/^\.\.\./, ''), rest: true });
        break;
      case 'object_pattern':
      case 'array_pattern':
        params.push({ name: r.text(child) });
        break;
      default:
        break;
    }
  }
  return params;
}

/** In TypeScript, a method's decorators are its preceding siblings in the class body. */
function precedingDecorators(builder: FactsBuilder, r: SyntaxReader, node: NodeRef): Expr[] {
  const decorators: Expr[] = [];
  let sibling = r.previousNamedSibling(node);
  // A comment may sit between a decorator and the member it decorates (`@Post() // TODO`).
  while (sibling !== NO_NODE) {
    const type = r.type(sibling);
    if (type === 'decorator') decorators.unshift(decoratorExpr(builder, r, sibling));
    else if (type !== 'comment') break;
    sibling = r.previousNamedSibling(sibling);
  }
  return decorators;
}

function decoratorExpr(builder: FactsBuilder, r: SyntaxReader, decorator: NodeRef): Expr {
  const inner = r.firstNamedChild(decorator);
  return inner !== NO_NODE ? toExpr(builder, r, inner, 0) : { k: 'other', text: truncateText(r.text(decorator)) };
}

function visitClass(builder: FactsBuilder, r: SyntaxReader, node: NodeRef): void {
  const id = builder.classIdFor(r.start(node));
  const cls = builder.classes[id]!;
  cls.parent = builder.scope;
  cls.span = { startLine: r.line(node), endLine: r.endLine(node) };
  const name = r.field(node, 'name');
  let parent: NodeRef | undefined;
  if (name !== NO_NODE) cls.name = nameText(r, name);
  else {
    // A class's parents of interest (a declarator, an export) are always visited before it and record themselves.
    parent = builder.parentOf(r, node, true);
    if (parent !== NO_NODE && r.type(parent) === 'variable_declarator') {
      const declared = r.field(parent, 'name');
      cls.name = declared !== NO_NODE ? nameText(r, declared) : '<anonymous>';
    }
  }
  const decorators: Expr[] = [];
  for (const child of r.namedChildren(node)) {
    const type = r.type(child);
    if (type === 'decorator') decorators.push(decoratorExpr(builder, r, child));
    else if (type === 'class_heritage') {
      for (const clause of r.namedChildren(child)) {
        const clauseType = r.type(clause);
        if (clauseType === 'extends_clause') {
          const value = r.field(clause, 'value');
          if (value !== NO_NODE) cls.bases.push(toExpr(builder, r, value, 0));
        } else if (clauseType !== 'implements_clause') {
          cls.bases.push(toExpr(builder, r, clause, 0));
        }
      }
    }
  }
  // `@Controller() export class X` puts the decorators on the export statement.
  parent ??= builder.parentOf(r, node, true);
  if (parent !== NO_NODE && r.type(parent) === 'export_statement') {
    for (const child of r.namedChildren(parent)) if (r.type(child) === 'decorator') decorators.push(decoratorExpr(builder, r, child));
  }
  cls.decorators = decorators;
  builder.enterClass(id, r.end(node));
}

function visitField(builder: FactsBuilder, r: SyntaxReader, node: NodeRef): void {
  const classId = builder.classId;
  if (classId === undefined) return;
  let name = r.field(node, 'name');
  if (name === NO_NODE) name = r.field(node, 'property');
  if (name === NO_NODE) return;
  const value = r.field(node, 'value');
  const type = r.field(node, 'type');
  if (value !== NO_NODE) builder.recordParent(r, value, node, PARENT_ASKED);
  const field: (typeof builder.classes)[number]['fields'][number] = { name: nameText(r, name), line: r.line(node) };
  if (value !== NO_NODE) field.value = toExpr(builder, r, value, 0);
  if (type !== NO_NODE) field.type = r.text(type).replace(/^:\s*/, '');
  if (/^(?:(?:public|private|protected|readonly|declare)\s+)*static\b/.test(r.text(node))) field.isStatic = true;
  const decorators: Expr[] = [];
  for (const child of r.namedChildren(node)) if (r.type(child) === 'decorator') decorators.push(decoratorExpr(builder, r, child));
  const preceding = precedingDecorators(builder, r, node);
  if (decorators.length + preceding.length > 0) field.decorators = [...preceding, ...decorators];
  builder.classes[classId]!.fields.push(field);
}

function visitCall(builder: FactsBuilder, r: SyntaxReader, node: NodeRef, type: string): void {
  const isNew = type === 'new_expression';
  // The fact's callee and arguments are those of the call converted one level up (depth -1).
  const expr = callExpr(builder, r, node, type, -1);
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
    ...(isNew ? { isNew: true } : {}),
    ...(builder.isAwaited(r, node, 'await_expression') ? { awaited: true } : {}),
  });
  if (callee.k === 'member' && ITERATION_METHODS.has(callee.prop)) {
    for (const arg of args) if (arg.value.k === 'fn') builder.markIterationCallback(arg.value.id);
  }
  if (callee.k === 'other' && callee.text === 'import' && r.type(r.field(node, isNew ? 'constructor' : 'function')) === 'import') {
    const source = args[0]?.value;
    builder.imports.push({
      source: source?.k === 'str' ? source.v : '',
      imported: '*',
      local: null,
      line,
      kind: 'dynamic',
      scope: builder.scope,
    });
  }
}

function readArgs(builder: FactsBuilder, r: SyntaxReader, argsNode: NodeRef, depth: number): Arg[] {
  const args: Arg[] = [];
  // `()` has no children worth a native call.
  if (r.head(argsNode, 2) === '()') return args;
  for (const child of r.namedChildren(argsNode)) {
    const type = r.type(child);
    if (type === 'comment') continue;
    if (type === 'spread_element') {
      const inner = r.firstNamedChild(child);
      args.push({ value: inner !== NO_NODE ? toExpr(builder, r, inner, depth + 1) : { k: 'other', text: r.text(child) }, spread: true });
    } else {
      builder.recordParent(r, child, argsNode, PARENT_ASKED);
      args.push({ value: toExpr(builder, r, child, depth + 1) });
    }
  }
  return args;
}

interface OpenDeclaration {
  end: number;
  keyword: 'const' | 'let' | 'var';
}

/** The keyword of a declarator's declaration: the innermost open one, or, in a tree with errors, its parent's. */
function declarationKeyword(r: SyntaxReader, node: NodeRef, declarations: OpenDeclaration[]): 'const' | 'let' | 'var' {
  if (!r.treeHasErrors) {
    const start = r.start(node);
    while (declarations.length > 0 && declarations[declarations.length - 1]!.end <= start) declarations.pop();
    const open = declarations[declarations.length - 1];
    if (open !== undefined) return open.keyword;
  }
  const declaration = r.parent(node);
  return declaration === NO_NODE ? 'const' : r.type(declaration) === 'variable_declaration' ? 'var' : r.head(declaration, 3) === 'let' ? 'let' : 'const';
}

function visitDeclarator(builder: FactsBuilder, r: SyntaxReader, node: NodeRef, declarations: OpenDeclaration[]): void {
  let nameNode: NodeRef;
  let valueNode: NodeRef;
  let typeNode: NodeRef;
  if (r.treeHasErrors) {
    nameNode = r.field(node, 'name');
    valueNode = r.field(node, 'value');
    typeNode = r.field(node, 'type');
  } else {
    // Parts: name, an optional type annotation, an optional value.
    const parts = r.parts(node);
    nameNode = parts[0] ?? NO_NODE;
    const second = parts[1] ?? NO_NODE;
    const typed = second !== NO_NODE && r.type(second) === 'type_annotation';
    typeNode = typed ? second : NO_NODE;
    valueNode = (typed ? parts[2] : second) ?? NO_NODE;
  }
  if (nameNode === NO_NODE) return;
  if (valueNode === NO_NODE) return;
  builder.recordParent(r, valueNode, node, PARENT_ASKED);
  const keyword = declarationKeyword(r, node, declarations);
  const line = r.line(node);
  const scope = builder.scope;
  const type = typeNode !== NO_NODE ? r.text(typeNode).replace(/^:\s*/, '') : undefined;
  const value = toExpr(builder, r, valueNode, 0);
  const required = requiredModule(value);
  const nameType = r.type(nameNode);
  if (nameType === 'identifier') {
    const name = nameText(r, nameNode);
    builder.assignments.push({ target: builder.idExpr(name), value, line, scope, kind: keyword, ...(type ? { type } : {}) });
    if (required) builder.imports.push({ source: required.source, imported: required.property ?? '*', local: name, line, kind: 'require', scope });
    return;
  }
  if (nameType === 'object_pattern') {
    for (const part of r.namedChildren(nameNode)) {
      let property: string | undefined;
      let local: string | undefined;
      const partType = r.type(part);
      if (partType === 'shorthand_property_identifier_pattern') {
        property = r.identifierText(part, true);
        local = property;
      } else if (partType === 'pair_pattern') {
        const key = r.field(part, 'key');
        const val = r.field(part, 'value');
        property = key !== NO_NODE ? unquote(nameText(r, key)) : undefined;
        if (val !== NO_NODE) {
          const valType = r.type(val);
          if (valType === 'identifier') local = nameText(r, val);
          else if (valType === 'assignment_pattern') {
            const left = r.field(val, 'left');
            local = left !== NO_NODE ? nameText(r, left) : undefined;
          }
        }
      } else if (partType === 'object_assignment_pattern') {
        const left = r.field(part, 'left');
        property = left !== NO_NODE ? nameText(r, left) : undefined;
        local = property;
      }
      if (!property || !local) continue;
      builder.assignments.push({ target: builder.idExpr(local), value, fromProperty: property, line, scope, kind: keyword });
      if (required && !required.property) builder.imports.push({ source: required.source, imported: property, local, line, kind: 'require', scope });
    }
  }
}

/** `require('x')` or `require('x').y`: the module and the property read from it. */
function requiredModule(value: Expr): { source: string; property?: string } | null {
  if (value.k === 'call' && value.callee.k === 'id' && value.callee.name === 'require') {
    const first = value.args[0]?.value;
    return first?.k === 'str' ? { source: first.v } : null;
  }
  if (value.k === 'member') {
    const inner = requiredModule(value.obj);
    if (inner && !inner.property) return { source: inner.source, property: value.prop };
  }
  return null;
}

function visitAssignment(builder: FactsBuilder, r: SyntaxReader, node: NodeRef, type: string): void {
  const left = r.field(node, 'left');
  const right = r.field(node, 'right');
  if (left === NO_NODE || right === NO_NODE) return;
  builder.recordParent(r, right, node, PARENT_ASKED);
  const target = toExpr(builder, r, left, 0);
  const value = toExpr(builder, r, right, 0);
  const line = r.line(node);
  const augmented = type === 'augmented_assignment_expression';
  builder.assignments.push({ target, value, line, scope: builder.scope, kind: augmented ? 'augmented' : 'assign' });
  if (augmented) return;
  // CommonJS exports: `module.exports = x`, `module.exports.a = x`, `exports.a = x`.
  const path = memberPath(target);
  if (!path) return;
  if (path === 'module.exports') {
    builder.exports.push({ exported: 'default', value, line, cjs: true, ...(value.k === 'id' ? { local: value.name } : {}) });
    if (value.k === 'obj') {
      for (const prop of value.props) {
        if (prop.key === null) continue;
        builder.exports.push({ exported: prop.key, value: prop.value, line, cjs: true, ...(prop.value.k === 'id' ? { local: prop.value.name } : {}) });
      }
    }
    return;
  }
  const named = /^(?:module\.)?exports\.([A-Za-z_$][\w$]*)$/.exec(path);
  if (named) builder.exports.push({ exported: named[1]!, value, line, cjs: true, ...(value.k === 'id' ? { local: value.name } : {}) });
}

function memberPath(expr: Expr): string | null {
  if (expr.k === 'id') return expr.name;
  if (expr.k === 'member') {
    const base = memberPath(expr.obj);
    return base ? `${base}.${expr.prop}` : null;
  }
  return null;
}

function visitImport(builder: FactsBuilder, r: SyntaxReader, node: NodeRef): void {
  const sourceNode = r.field(node, 'source');
  if (sourceNode === NO_NODE) return;
  const source = unquote(nameText(r, sourceNode));
  const line = r.line(node);
  // The head decides unless it ends before a word after `import` can be read (the whole text then does).
  const head = r.treeHasErrors ? r.text(node) : r.head(node, 40);
  const typeOnly = /^import\s+type\s/.test(/^import\s+(?:t(?:y(?:pe?)?)?)?$/.test(head) ? r.text(node) : head);
  const base = { source, line, kind: 'esm' as const, scope: builder.scope, ...(typeOnly ? { typeOnly: true } : {}) };
  let bound = false;
  for (const child of r.namedChildren(node)) {
    if (r.type(child) !== 'import_clause') continue;
    for (const part of r.namedChildren(child)) {
      const partType = r.type(part);
      if (partType === 'identifier') {
        builder.imports.push({ ...base, imported: 'default', local: nameText(r, part) });
        bound = true;
      } else if (partType === 'namespace_import') {
        const local = r.firstNamedChild(part);
        if (local !== NO_NODE) builder.imports.push({ ...base, imported: '*', local: nameText(r, local) });
        bound = true;
      } else if (partType === 'named_imports') {
        for (const spec of r.namedChildren(part)) {
          if (r.type(spec) !== 'import_specifier') continue;
          // Parts: name, an optional alias; `type` is a keyword token before them.
          const [name = NO_NODE, alias = NO_NODE] = r.treeHasErrors ? [r.field(spec, 'name'), r.field(spec, 'alias')] : r.parts(spec);
          if (name === NO_NODE) continue;
          // Read from the head: past its 4 letters `type` is followed by more of the specifier when a
          // keyword precedes the name or an alias follows it.
          const specTypeOnly = r.treeHasErrors ? /^type\s/.test(r.text(spec)) : /^type\s/.test(r.head(spec, 5)) && (r.start(name) > r.start(spec) || alias !== NO_NODE);
          const imported = nameText(r, name);
          builder.imports.push({ ...base, imported: unquote(imported), local: alias !== NO_NODE ? nameText(r, alias) : imported, ...(specTypeOnly ? { typeOnly: true } : {}) });
        }
        bound = true;
      }
    }
  }
  if (!bound) builder.imports.push({ ...base, imported: '*', local: null });
}

function visitExport(builder: FactsBuilder, r: SyntaxReader, node: NodeRef): void {
  const line = r.line(node);
  const text = r.text(node);
  const isDefault = /^(?:@[\s\S]*?\s)?export\s+default\b/.test(text) || text.includes('export default');
  const sourceNode = r.field(node, 'source');
  if (sourceNode !== NO_NODE) {
    const source = unquote(nameText(r, sourceNode));
    let hadClause = false;
    for (const child of r.namedChildren(node)) {
      const type = r.type(child);
      if (type === 'export_clause') {
        hadClause = true;
        for (const spec of r.namedChildren(child)) {
          const name = r.field(spec, 'name');
          const alias = r.field(spec, 'alias');
          if (name !== NO_NODE) builder.exports.push({ exported: unquote(nameText(r, alias !== NO_NODE ? alias : name)), source, imported: unquote(nameText(r, name)), line });
        }
      } else if (type === 'namespace_export') {
        hadClause = true;
        const alias = r.firstNamedChild(child);
        if (alias !== NO_NODE) builder.exports.push({ exported: unquote(nameText(r, alias)), source, imported: '*', line });
      }
    }
    if (!hadClause) builder.exports.push({ exported: '*', source, imported: '*', line });
    return;
  }
  const declaration = r.field(node, 'declaration');
  if (declaration !== NO_NODE) {
    builder.recordParent(r, declaration, node, PARENT_ASKED);
    if (isDefault) {
      const name = r.field(declaration, 'name');
      builder.exports.push({ exported: 'default', line, ...(name !== NO_NODE ? { local: nameText(r, name) } : {}) });
      return;
    }
    for (const name of declaredNames(r, declaration)) builder.exports.push({ exported: name, local: name, line });
    return;
  }
  const value = r.field(node, 'value');
  if (value !== NO_NODE) {
    builder.recordParent(r, value, node, PARENT_ASKED);
    const expr = toExpr(builder, r, value, 0);
    builder.exports.push({ exported: 'default', value: expr, line, ...(expr.k === 'id' ? { local: expr.name } : {}) });
    return;
  }
  for (const child of r.namedChildren(node)) {
    if (r.type(child) !== 'export_clause') continue;
    for (const spec of r.namedChildren(child)) {
      const name = r.field(spec, 'name');
      const alias = r.field(spec, 'alias');
      if (name !== NO_NODE) builder.exports.push({ exported: unquote(nameText(r, alias !== NO_NODE ? alias : name)), local: nameText(r, name), line });
    }
  }
}

function declaredNames(r: SyntaxReader, declaration: NodeRef): string[] {
  const name = r.field(declaration, 'name');
  if (name !== NO_NODE) return [nameText(r, name)];
  const type = r.type(declaration);
  if (type === 'lexical_declaration' || type === 'variable_declaration') {
    const names: string[] = [];
    for (const declarator of r.namedChildren(declaration)) {
      if (r.type(declarator) !== 'variable_declarator') continue;
      const id = r.field(declarator, 'name');
      if (id !== NO_NODE && r.type(id) === 'identifier') names.push(nameText(r, id));
    }
    return names;
  }
  return [];
}

function visitLoop(builder: FactsBuilder, r: SyntaxReader, node: NodeRef, type: string): void {
  const span = { startLine: r.line(node), endLine: r.endLine(node) };
  const scope = builder.scope;
  if (type === 'for_in_statement') {
    const left = r.field(node, 'left');
    const right = r.field(node, 'right');
    const variables = left !== NO_NODE ? patternNames(r, left) : [];
    builder.enterLoop({ scope, span, variables, ...(right !== NO_NODE ? { iterable: toExpr(builder, r, right, 0) } : {}) }, r.end(node));
    return;
  }
  builder.enterLoop({ scope, span, variables: [] }, r.end(node));
}

function patternNames(r: SyntaxReader, node: NodeRef): string[] {
  const type = r.type(node);
  if (type === 'identifier' || type === 'shorthand_property_identifier_pattern') return [r.identifierText(node, true)];
  const names: string[] = [];
  for (const child of r.namedChildren(node)) names.push(...patternNames(r, child));
  return names;
}

/** A call or `new` expression, converted once and shared by every fact that holds it. */
function callExpr(builder: FactsBuilder, r: SyntaxReader, node: NodeRef, type: string, depth: number): CallExpr | null {
  return builder.convertCall(r.key(node), depth, () => {
    const isNew = type === 'new_expression';
    let callee: NodeRef;
    let args: NodeRef;
    if (!isNew && !r.treeHasErrors) {
      // A call's first child is its callee and its last its arguments (extras never end a node):
      // one read of the children instead of two field lookups.
      const children = r.children(node);
      callee = children[0] ?? NO_NODE;
      args = children.length > 1 ? children[children.length - 1]! : NO_NODE;
    } else {
      callee = r.field(node, isNew ? 'constructor' : 'function');
      args = r.field(node, 'arguments');
    }
    if (callee === NO_NODE) return null;
    const expr: CallExpr = {
      k: 'call',
      callee: (args !== NO_NODE ? dottedCallee(builder, r, node, args, depth + 1, true) : null) ?? toExpr(builder, r, callee, depth + 1),
      args: args !== NO_NODE && r.type(args) === 'arguments' ? readArgs(builder, r, args, depth + 1) : [],
      line: r.line(node),
    };
    if (isNew) expr.isNew = true;
    return expr;
  });
}

const JS_DOTTED = /^[A-Za-z_$][\w$]*(?:\.#?[A-Za-z_$][\w$]*)*$/;
const PYTHON_DOTTED = /^[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*$/;
/** Roots a dotted callee cannot start with: they are not identifiers, or not converted as one. */
const NOT_ID_ROOTS = new Set(['undefined', 'null', 'true', 'false', 'import', 'new', 'None', 'True', 'False']);

/**
 * The callee of a call whose source, up to its arguments, is a plain dotted name (`res.status`,
 * `self.repo.find`): built from the text, as toExpr would build it from the tree, without reading
 * the callee's nodes. Null when the text is anything else, or deep enough to be cut at MAX_EXPR_DEPTH.
 */
export function dottedCallee(builder: FactsBuilder, r: SyntaxReader, call: NodeRef, args: NodeRef, depth: number, js: boolean): Expr | null {
  if (r.treeHasErrors) return null;
  const text = r.between(call, args);
  if (!(js ? JS_DOTTED : PYTHON_DOTTED).test(text)) return null;
  const parts = text.split('.');
  if (depth + parts.length - 1 > MAX_EXPR_DEPTH || NOT_ID_ROOTS.has(parts[0]!)) return null;
  let expr = builder.idExpr(parts[0]!);
  for (let i = 1; i < parts.length; i++) expr = { k: 'member', obj: expr, prop: parts[i]! };
  return expr;
}

/** Converts an expression node to the serialisable Expr model, as deep as MAX_EXPR_DEPTH. */
export function toExpr(builder: FactsBuilder, r: SyntaxReader, node: NodeRef, depth: number): Expr {
  const type = r.type(node);
  if (depth > MAX_EXPR_DEPTH) {
    builder.truncated = true;
    return { k: 'other', text: truncateText(r.text(node)) };
  }
  switch (type) {
    case 'string':
      return { k: 'str', v: unquote(r.jsStringText(node)) };
    case 'template_string':
      return templateExpr(builder, r, node, depth);
    case 'number':
      return { k: 'num', v: Number(r.numberText(node, true).replace(/_/g, '')) };
    case 'true':
      return { k: 'bool', v: true };
    case 'false':
      return { k: 'bool', v: false };
    case 'null':
    case 'undefined':
      return { k: 'null' };
    case 'identifier':
    case 'shorthand_property_identifier':
    case 'property_identifier':
    case 'type_identifier':
      return builder.idExpr(r.identifierText(node, true));
    case 'this':
      return builder.idExpr('this');
    case 'super':
      return builder.idExpr('super');
    case 'member_expression': {
      // Parts: object, an optional chain, property.
      const [object, property] = r.treeHasErrors ? [r.field(node, 'object'), r.field(node, 'property')] : firstAndLast(r.parts(node));
      if (object === NO_NODE || property === NO_NODE) break;
      return { k: 'member', obj: toExpr(builder, r, object, depth + 1), prop: nameText(r, property) };
    }
    case 'subscript_expression': {
      // Parts: object, an optional chain, index.
      const [object, index] = r.treeHasErrors ? [r.field(node, 'object'), r.field(node, 'index')] : firstAndLast(r.parts(node));
      if (object === NO_NODE || index === NO_NODE) break;
      const obj = toExpr(builder, r, object, depth + 1);
      const key = toExpr(builder, r, index, depth + 1);
      return key.k === 'str' ? { k: 'member', obj, prop: key.v } : { k: 'index', obj, index: key };
    }
    case 'call_expression':
    case 'new_expression': {
      const expr = callExpr(builder, r, node, type, depth);
      if (expr === null) break;
      return expr;
    }
    case 'object':
      return objectExpr(builder, r, node, depth);
    case 'array': {
      const items: Expr[] = [];
      for (const child of r.namedChildren(node)) if (r.type(child) !== 'comment') items.push(toExpr(builder, r, child, depth + 1));
      return { k: 'arr', items };
    }
    case 'arrow_function':
    case 'function_expression':
    case 'function':
    case 'generator_function':
      return { k: 'fn', id: builder.functionIdFor(r.start(node)) };
    case 'class':
      return { k: 'class', id: builder.classIdFor(r.start(node)) };
    case 'binary_expression': {
      const [left, operator, right] = operands(r, node);
      if (left === NO_NODE || right === NO_NODE || operator === NO_NODE) break;
      return { k: 'bin', op: r.tokenText(operator), left: toExpr(builder, r, left, depth + 1), right: toExpr(builder, r, right, depth + 1) };
    }
    case 'unary_expression': {
      const [operator, , argument] = operands(r, node);
      if (argument === NO_NODE || operator === NO_NODE) break;
      return { k: 'unary', op: r.text(operator), arg: toExpr(builder, r, argument, depth + 1) };
    }
    case 'ternary_expression': {
      const [condition = NO_NODE, consequence = NO_NODE, alternative = NO_NODE] = r.treeHasErrors
        ? [r.field(node, 'condition'), r.field(node, 'consequence'), r.field(node, 'alternative')]
        : r.parts(node);
      if (condition === NO_NODE || consequence === NO_NODE || alternative === NO_NODE) break;
      return {
        k: 'cond',
        test: toExpr(builder, r, condition, depth + 1),
        then: toExpr(builder, r, consequence, depth + 1),
        else: toExpr(builder, r, alternative, depth + 1),
      };
    }
    case 'spread_element': {
      const inner = r.firstNamedChild(node);
      if (inner === NO_NODE) break;
      return { k: 'spread', arg: toExpr(builder, r, inner, depth + 1) };
    }
    case 'regex': {
      const pattern = r.field(node, 'pattern');
      return { k: 'regex', v: pattern !== NO_NODE ? r.text(pattern) : r.text(node) };
    }
    default:
      if (TRANSPARENT_WRAPPERS.has(type)) {
        const inner = r.firstNamedChild(node);
        if (inner !== NO_NODE) return toExpr(builder, r, inner, depth);
      }
      break;
  }
  return { k: 'other', text: truncateText(r.text(node)) };
}

function templateExpr(builder: FactsBuilder, r: SyntaxReader, node: NodeRef, depth: number): Expr {
  const parts: (string | Expr)[] = [];
  let literal = '';
  let dynamic = false;
  for (const child of r.namedChildren(node)) {
    const type = r.type(child);
    if (type === 'string_fragment') literal += r.text(child);
    else if (type === 'escape_sequence') literal += unescapeSequence(r.text(child));
    else if (type === 'template_substitution') {
      const inner = r.firstNamedChild(child);
      if (literal) parts.push(literal);
      literal = '';
      parts.push(inner !== NO_NODE ? toExpr(builder, r, inner, depth + 1) : { k: 'other', text: r.text(child) });
      dynamic = true;
    }
  }
  if (!dynamic) return { k: 'str', v: literal };
  if (literal) parts.push(literal);
  return { k: 'tpl', parts };
}

function objectExpr(builder: FactsBuilder, r: SyntaxReader, node: NodeRef, depth: number): Expr {
  const props: { key: string | null; value: Expr }[] = [];
  for (const child of r.namedChildren(node)) {
    switch (r.type(child)) {
      case 'pair': {
        const [key, value] = r.treeHasErrors ? [r.field(child, 'key'), r.field(child, 'value')] : firstAndLast(r.parts(child));
        if (key === NO_NODE || value === NO_NODE) break;
        builder.recordParent(r, value, child, PARENT_ASKED);
        props.push({ key: propertyKey(r, key), value: toExpr(builder, r, value, depth + 1) });
        break;
      }
      case 'shorthand_property_identifier': {
        const name = r.identifierText(child, true);
        props.push({ key: name, value: { k: 'id', name } });
        break;
      }
      case 'spread_element': {
        const inner = r.firstNamedChild(child);
        if (inner !== NO_NODE) props.push({ key: null, value: toExpr(builder, r, inner, depth + 1) });
        break;
      }
      case 'method_definition': {
        const name = r.field(child, 'name');
        if (name !== NO_NODE) props.push({ key: unquote(nameText(r, name)), value: { k: 'fn', id: builder.functionIdFor(r.start(child)) } });
        break;
      }
      default:
        break;
    }
  }
  return { k: 'obj', props };
}

function propertyKey(r: SyntaxReader, key: NodeRef): string {
  if (r.type(key) === 'computed_property_name') return `[${r.text(key).slice(1, -1)}]`;
  return unquote(nameText(r, key));
}

/** Strips quotes and resolves the common escapes of a JS string literal. */
export function unquote(text: string): string {
  if (text.length >= 2) {
    const first = text[0];
    const last = text[text.length - 1];
    if ((first === '"' || first === "'" || first === '`') && first === last) {
      const body = text.slice(1, -1);
      return body.includes('\\') ? body.replace(/\\(u\{[0-9a-fA-F]+\}|u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|.)/g, (_m, seq: string) => unescapeSequence(`\\${seq}`)) : body;
    }
  }
  return text;
}

function unescapeSequence(sequence: string): string {
  const body = sequence.slice(1);
  switch (body[0]) {
    case 'n':
      return '\n';
    case 't':
      return '\t';
    case 'r':
      return '\r';
    case 'u':
      return String.fromCodePoint(parseInt(body.replace(/[u{}]/g, ''), 16));
    case 'x':
      return String.fromCharCode(parseInt(body.slice(1), 16));
    default:
      return body;
  }
}

/** Returned expressions that can give an instance (see FactsBuilder.recordReturn). */
const INSTANCE_SHAPES: ReadonlySet<string> = new Set(['call_expression', 'new_expression', 'identifier', 'member_expression', 'await_expression', 'parenthesized_expression', 'this', 'as_expression', 'non_null_expression']);
