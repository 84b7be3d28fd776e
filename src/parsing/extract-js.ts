import type Parser from 'tree-sitter';
import { FactsBuilder, MAX_EXPR_DEPTH, endLineOf, lineOf, startOf, truncateText } from './facts-builder.js';
import type { NodeRoles } from './node-roles.js';
import type { Arg, Expr, FunctionFact, ParamFact } from './types.js';

type SyntaxNode = Parser.SyntaxNode;

/** Array methods whose callback runs once per element. */
const ITERATION_METHODS = new Set(['forEach', 'map', 'flatMap', 'filter', 'reduce', 'reduceRight', 'some', 'every', 'find', 'findIndex', 'sort']);
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

/** Extracts a JS/TS/TSX tree's facts; `roles` says which nodes to visit (grammars/<name>/facts.scm). */
export function extractJs(root: SyntaxNode, roles: NodeRoles): JsExtraction {
  const builder = new FactsBuilder();
  const commentRanges: [number, number][] = [];
  let anyCount = 0;
  let ignoreComments = 0;
  for (const node of root.descendantsOfType(roles.types)) {
    const type = node.type;
    const role = roles.roleOf.get(type);
    if (role === 'comment') {
      // Comments are leaves: they never open a scope, so no need to advance the stack.
      commentRanges.push([startOf(node), node.endIndex]);
      const text = node.text;
      if (text.includes('@ts-ignore') || text.includes('@ts-expect-error') || text.includes('eslint-disable')) ignoreComments++;
      continue;
    }
    if (role === 'type') {
      if (node.text === 'any') anyCount++;
      continue;
    }
    builder.advanceTo(startOf(node));
    switch (role) {
      case 'decision':
        // `default:` is not a decision; in this grammar it is a switch_case without a value.
        if (type !== 'switch_case' || node.childForFieldName('value') !== null) builder.countDecision();
        break;
      case 'function':
        visitFunction(builder, node);
        break;
      case 'class':
        // The `class` keyword token shares the type name of a class expression; only the named node is a class.
        if (node.isNamed) visitClass(builder, node);
        break;
      case 'call':
        visitCall(builder, node);
        break;
      case 'binding':
        if (type === 'variable_declarator') visitDeclarator(builder, node);
        else visitAssignment(builder, node);
        break;
      case 'import':
        visitImport(builder, node);
        break;
      case 'export':
        visitExport(builder, node);
        break;
      case 'field':
        visitField(builder, node);
        break;
      case 'loop':
        builder.countDecision();
        visitLoop(builder, node);
        break;
      case 'iteration':
        visitLoop(builder, node);
        break;
      default:
        break;
    }
  }
  builder.finishComplexity();
  return { builder, commentRanges, anyCount, ignoreComments };
}

function visitFunction(builder: FactsBuilder, node: SyntaxNode): void {
  const id = builder.functionIdFor(node);
  const fn = builder.functions[id]!;
  const classId = node.type === 'method_definition' ? builder.classId : undefined;
  const text = node.text;
  fn.parent = builder.scope;
  fn.span = { startLine: lineOf(node), endLine: endLineOf(node) };
  fn.name = nameFunction(node);
  fn.kind = kindOfFunction(node, fn.name, text);
  fn.isAsync = /^(?:(?:static|public|private|protected|override|readonly)\s+)*async\b/.test(text) || /^async\b/.test(text);
  if (/^(?:(?:public|private|protected)\s+)?static\b/.test(text)) fn.isStatic = true;
  if (node.type.startsWith('generator') || /^(?:async\s+)?(?:function\s*\*|\*)/.test(text)) fn.isGenerator = true;
  const parameters = node.childForFieldName('parameters') ?? node.childForFieldName('parameter');
  if (parameters) fn.params = parameters.type === 'identifier' ? [{ name: parameters.text }] : readParams(builder, parameters);
  const returnType = node.childForFieldName('return_type');
  if (returnType) fn.returnType = returnType.text.replace(/^:\s*/, '');
  if (node.type === 'arrow_function') {
    const body = node.childForFieldName('body');
    if (body && body.type !== 'statement_block') fn.returnsExpr = toExpr(builder, body, 0);
  }
  if (classId !== undefined) {
    fn.classId = classId;
    builder.classes[classId]!.methods.push(id);
    fn.decorators = precedingDecorators(builder, node);
  }
  builder.enterFunction(id, node.endIndex);
}

function kindOfFunction(node: SyntaxNode, name: string, text: string): FunctionFact['kind'] {
  if (node.type === 'arrow_function') return 'arrow';
  if (node.type !== 'method_definition') return 'function';
  if (name === 'constructor') return 'constructor';
  if (/^(?:static\s+)?get\s/.test(text)) return 'getter';
  if (/^(?:static\s+)?set\s/.test(text)) return 'setter';
  return 'method';
}

/** The name a function is known by: its own, or the variable, property or export it is assigned to. */
function nameFunction(node: SyntaxNode): string {
  const own = node.childForFieldName('name');
  if (own) return own.text;
  const parent = node.parent;
  if (!parent) return '<anonymous>';
  switch (parent.type) {
    case 'variable_declarator':
    case 'public_field_definition':
    case 'field_definition': {
      const name = parent.childForFieldName('name') ?? parent.childForFieldName('property');
      return name ? name.text : '<anonymous>';
    }
    case 'pair': {
      const key = parent.childForFieldName('key');
      return key ? unquote(key.text) : '<anonymous>';
    }
    case 'assignment_expression': {
      const left = parent.childForFieldName('left');
      return left ? left.text : '<anonymous>';
    }
    case 'export_statement':
      return 'default';
    default:
      return '<anonymous>';
  }
}

function readParams(builder: FactsBuilder, parameters: SyntaxNode): ParamFact[] {
  const params: ParamFact[] = [];
  for (const child of parameters.namedChildren) {
    switch (child.type) {
      case 'identifier':
        params.push({ name: child.text });
        break;
      case 'required_parameter':
      case 'optional_parameter': {
        const pattern = child.childForFieldName('pattern');
        const param: ParamFact = { name: pattern ? pattern.text : child.text };
        const type = child.childForFieldName('type');
        if (type) param.type = type.text.replace(/^:\s*/, '');
        const value = child.childForFieldName('value');
        if (value) param.default = toExpr(builder, value, 0);
        for (const part of child.namedChildren) {
          if (part.type === 'accessibility_modifier') param.accessibility = part.text;
          else if (part.type === 'override_modifier' || part.type === 'readonly') param.accessibility ??= 'public';
          else if (part.type === 'decorator') (param.decorators ??= []).push(decoratorExpr(builder, part));
        }
        if (pattern?.type === 'rest_pattern') param.rest = true;
        params.push(param);
        break;
      }
      case 'assignment_pattern': {
        const left = child.childForFieldName('left');
        const right = child.childForFieldName('right');
        const param: ParamFact = { name: left ? left.text : child.text };
        if (right) param.default = toExpr(builder, right, 0);
        params.push(param);
        break;
      }
      case 'rest_pattern':
        params.push({ name: child.text.replace(/^\.\.\./, ''), rest: true });
        break;
      case 'object_pattern':
      case 'array_pattern':
        params.push({ name: child.text });
        break;
      default:
        break;
    }
  }
  return params;
}

/** In TypeScript, a method's decorators are its preceding siblings in the class body. */
function precedingDecorators(builder: FactsBuilder, node: SyntaxNode): Expr[] {
  const decorators: Expr[] = [];
  let sibling = node.previousNamedSibling;
  // A comment may sit between a decorator and the member it decorates (`@Post() // TODO`).
  while (sibling && (sibling.type === 'decorator' || sibling.type === 'comment')) {
    if (sibling.type === 'decorator') decorators.unshift(decoratorExpr(builder, sibling));
    sibling = sibling.previousNamedSibling;
  }
  return decorators;
}

function decoratorExpr(builder: FactsBuilder, decorator: SyntaxNode): Expr {
  const inner = decorator.firstNamedChild;
  return inner ? toExpr(builder, inner, 0) : { k: 'other', text: truncateText(decorator.text) };
}

function visitClass(builder: FactsBuilder, node: SyntaxNode): void {
  const id = builder.classIdFor(node);
  const cls = builder.classes[id]!;
  cls.parent = builder.scope;
  cls.span = { startLine: lineOf(node), endLine: endLineOf(node) };
  const name = node.childForFieldName('name');
  if (name) cls.name = name.text;
  else if (node.parent?.type === 'variable_declarator') cls.name = node.parent.childForFieldName('name')?.text ?? '<anonymous>';
  const decorators: Expr[] = [];
  for (const child of node.namedChildren) {
    if (child.type === 'decorator') decorators.push(decoratorExpr(builder, child));
    else if (child.type === 'class_heritage') {
      for (const clause of child.namedChildren) {
        if (clause.type === 'extends_clause') {
          const value = clause.childForFieldName('value');
          if (value) cls.bases.push(toExpr(builder, value, 0));
        } else if (clause.type !== 'implements_clause') {
          cls.bases.push(toExpr(builder, clause, 0));
        }
      }
    }
  }
  // `@Controller() export class X` puts the decorators on the export statement.
  const parent = node.parent;
  if (parent?.type === 'export_statement') {
    for (const child of parent.namedChildren) if (child.type === 'decorator') decorators.push(decoratorExpr(builder, child));
  }
  cls.decorators = decorators;
  builder.enterClass(id, node.endIndex);
}

function visitField(builder: FactsBuilder, node: SyntaxNode): void {
  const classId = builder.classId;
  if (classId === undefined) return;
  const name = node.childForFieldName('name') ?? node.childForFieldName('property');
  if (!name) return;
  const value = node.childForFieldName('value');
  const type = node.childForFieldName('type');
  const field: (typeof builder.classes)[number]['fields'][number] = { name: name.text, line: lineOf(node) };
  if (value) field.value = toExpr(builder, value, 0);
  if (type) field.type = type.text.replace(/^:\s*/, '');
  if (/^(?:(?:public|private|protected|readonly|declare)\s+)*static\b/.test(node.text)) field.isStatic = true;
  const decorators: Expr[] = [];
  for (const child of node.namedChildren) if (child.type === 'decorator') decorators.push(decoratorExpr(builder, child));
  const preceding = precedingDecorators(builder, node);
  if (decorators.length + preceding.length > 0) field.decorators = [...preceding, ...decorators];
  builder.classes[classId]!.fields.push(field);
}

function visitCall(builder: FactsBuilder, node: SyntaxNode): void {
  const isNew = node.type === 'new_expression';
  const calleeNode = node.childForFieldName(isNew ? 'constructor' : 'function');
  if (!calleeNode) return;
  const argsNode = node.childForFieldName('arguments');
  const callee = toExpr(builder, calleeNode, 0);
  const args = argsNode && argsNode.type === 'arguments' ? readArgs(builder, argsNode, 0) : [];
  const line = lineOf(node);
  builder.calls.push({
    callee,
    args,
    argCount: args.length,
    line,
    scope: builder.scope,
    loopDepth: builder.loopDepth,
    ...(isNew ? { isNew: true } : {}),
    ...(node.parent?.type === 'await_expression' ? { awaited: true } : {}),
  });
  if (callee.k === 'member' && ITERATION_METHODS.has(callee.prop)) {
    for (const arg of args) if (arg.value.k === 'fn') builder.markIterationCallback(arg.value.id);
  }
  if (calleeNode.type === 'import') {
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

function readArgs(builder: FactsBuilder, argsNode: SyntaxNode, depth: number): Arg[] {
  const args: Arg[] = [];
  for (const child of argsNode.namedChildren) {
    if (child.type === 'comment') continue;
    if (child.type === 'spread_element') {
      const inner = child.firstNamedChild;
      args.push({ value: inner ? toExpr(builder, inner, depth + 1) : { k: 'other', text: child.text }, spread: true });
    } else {
      args.push({ value: toExpr(builder, child, depth + 1) });
    }
  }
  return args;
}

function visitDeclarator(builder: FactsBuilder, node: SyntaxNode): void {
  const nameNode = node.childForFieldName('name');
  const valueNode = node.childForFieldName('value');
  if (!nameNode) return;
  const declaration = node.parent;
  const keyword = declaration?.type === 'variable_declaration' ? 'var' : declaration?.text.startsWith('let') ? 'let' : 'const';
  const line = lineOf(node);
  const scope = builder.scope;
  const typeNode = node.childForFieldName('type');
  const type = typeNode ? typeNode.text.replace(/^:\s*/, '') : undefined;
  if (!valueNode) return;
  const value = toExpr(builder, valueNode, 0);
  const required = requiredModule(value);
  if (nameNode.type === 'identifier') {
    builder.assignments.push({ target: { k: 'id', name: nameNode.text }, value, line, scope, kind: keyword, ...(type ? { type } : {}) });
    if (required) builder.imports.push({ source: required.source, imported: required.property ?? '*', local: nameNode.text, line, kind: 'require', scope });
    return;
  }
  if (nameNode.type === 'object_pattern') {
    for (const part of nameNode.namedChildren) {
      let property: string | undefined;
      let local: string | undefined;
      if (part.type === 'shorthand_property_identifier_pattern') {
        property = part.text;
        local = part.text;
      } else if (part.type === 'pair_pattern') {
        const key = part.childForFieldName('key');
        const val = part.childForFieldName('value');
        property = key ? unquote(key.text) : undefined;
        local = val?.type === 'identifier' ? val.text : val?.type === 'assignment_pattern' ? val.childForFieldName('left')?.text : undefined;
      } else if (part.type === 'object_assignment_pattern') {
        const left = part.childForFieldName('left');
        property = left?.text;
        local = left?.text;
      }
      if (!property || !local) continue;
      builder.assignments.push({ target: { k: 'id', name: local }, value, fromProperty: property, line, scope, kind: keyword });
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

function visitAssignment(builder: FactsBuilder, node: SyntaxNode): void {
  const left = node.childForFieldName('left');
  const right = node.childForFieldName('right');
  if (!left || !right) return;
  const target = toExpr(builder, left, 0);
  const value = toExpr(builder, right, 0);
  const line = lineOf(node);
  const augmented = node.type === 'augmented_assignment_expression';
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

function visitImport(builder: FactsBuilder, node: SyntaxNode): void {
  const sourceNode = node.childForFieldName('source');
  if (!sourceNode) return;
  const source = unquote(sourceNode.text);
  const line = lineOf(node);
  const typeOnly = /^import\s+type\s/.test(node.text);
  const base = { source, line, kind: 'esm' as const, scope: builder.scope, ...(typeOnly ? { typeOnly: true } : {}) };
  let bound = false;
  for (const child of node.namedChildren) {
    if (child.type !== 'import_clause') continue;
    for (const part of child.namedChildren) {
      if (part.type === 'identifier') {
        builder.imports.push({ ...base, imported: 'default', local: part.text });
        bound = true;
      } else if (part.type === 'namespace_import') {
        const local = part.firstNamedChild;
        if (local) builder.imports.push({ ...base, imported: '*', local: local.text });
        bound = true;
      } else if (part.type === 'named_imports') {
        for (const spec of part.namedChildren) {
          if (spec.type !== 'import_specifier') continue;
          const name = spec.childForFieldName('name');
          const alias = spec.childForFieldName('alias');
          if (!name) continue;
          const specTypeOnly = /^type\s/.test(spec.text);
          builder.imports.push({ ...base, imported: unquote(name.text), local: (alias ?? name).text, ...(specTypeOnly ? { typeOnly: true } : {}) });
        }
        bound = true;
      }
    }
  }
  if (!bound) builder.imports.push({ ...base, imported: '*', local: null });
}

function visitExport(builder: FactsBuilder, node: SyntaxNode): void {
  const line = lineOf(node);
  const text = node.text;
  const isDefault = /^(?:@[\s\S]*?\s)?export\s+default\b/.test(text) || text.includes('export default');
  const sourceNode = node.childForFieldName('source');
  const declaration = node.childForFieldName('declaration');
  const value = node.childForFieldName('value');
  if (sourceNode) {
    const source = unquote(sourceNode.text);
    let hadClause = false;
    for (const child of node.namedChildren) {
      if (child.type === 'export_clause') {
        hadClause = true;
        for (const spec of child.namedChildren) {
          const name = spec.childForFieldName('name');
          const alias = spec.childForFieldName('alias');
          if (name) builder.exports.push({ exported: unquote((alias ?? name).text), source, imported: unquote(name.text), line });
        }
      } else if (child.type === 'namespace_export') {
        hadClause = true;
        const alias = child.firstNamedChild;
        if (alias) builder.exports.push({ exported: unquote(alias.text), source, imported: '*', line });
      }
    }
    if (!hadClause) builder.exports.push({ exported: '*', source, imported: '*', line });
    return;
  }
  if (declaration) {
    if (isDefault) {
      const name = declaration.childForFieldName('name');
      builder.exports.push({ exported: 'default', line, ...(name ? { local: name.text } : {}) });
      return;
    }
    for (const name of declaredNames(declaration)) builder.exports.push({ exported: name, local: name, line });
    return;
  }
  if (value) {
    const expr = toExpr(builder, value, 0);
    builder.exports.push({ exported: 'default', value: expr, line, ...(expr.k === 'id' ? { local: expr.name } : {}) });
    return;
  }
  for (const child of node.namedChildren) {
    if (child.type !== 'export_clause') continue;
    for (const spec of child.namedChildren) {
      const name = spec.childForFieldName('name');
      const alias = spec.childForFieldName('alias');
      if (name) builder.exports.push({ exported: unquote((alias ?? name).text), local: name.text, line });
    }
  }
}

function declaredNames(declaration: SyntaxNode): string[] {
  const name = declaration.childForFieldName('name');
  if (name) return [name.text];
  if (declaration.type === 'lexical_declaration' || declaration.type === 'variable_declaration') {
    const names: string[] = [];
    for (const declarator of declaration.namedChildren) {
      if (declarator.type !== 'variable_declarator') continue;
      const id = declarator.childForFieldName('name');
      if (id?.type === 'identifier') names.push(id.text);
    }
    return names;
  }
  return [];
}

function visitLoop(builder: FactsBuilder, node: SyntaxNode): void {
  const span = { startLine: lineOf(node), endLine: endLineOf(node) };
  const scope = builder.scope;
  if (node.type === 'for_in_statement') {
    const left = node.childForFieldName('left');
    const right = node.childForFieldName('right');
    const variables = left ? patternNames(left) : [];
    builder.enterLoop({ scope, span, variables, ...(right ? { iterable: toExpr(builder, right, 0) } : {}) }, node.endIndex);
    return;
  }
  builder.enterLoop({ scope, span, variables: [] }, node.endIndex);
}

function patternNames(node: SyntaxNode): string[] {
  if (node.type === 'identifier' || node.type === 'shorthand_property_identifier_pattern') return [node.text];
  const names: string[] = [];
  for (const child of node.namedChildren) names.push(...patternNames(child));
  return names;
}

/** Converts an expression node to the serialisable Expr model, as deep as MAX_EXPR_DEPTH. */
export function toExpr(builder: FactsBuilder, node: SyntaxNode, depth: number): Expr {
  const type = node.type;
  if (depth > MAX_EXPR_DEPTH) return { k: 'other', text: truncateText(node.text) };
  switch (type) {
    case 'string':
      return { k: 'str', v: unquote(node.text) };
    case 'template_string':
      return templateExpr(builder, node, depth);
    case 'number':
      return { k: 'num', v: Number(node.text.replace(/_/g, '')) };
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
      return { k: 'id', name: node.text };
    case 'this':
      return { k: 'id', name: 'this' };
    case 'super':
      return { k: 'id', name: 'super' };
    case 'member_expression': {
      const object = node.childForFieldName('object');
      const property = node.childForFieldName('property');
      if (!object || !property) break;
      return { k: 'member', obj: toExpr(builder, object, depth + 1), prop: property.text };
    }
    case 'subscript_expression': {
      const object = node.childForFieldName('object');
      const index = node.childForFieldName('index');
      if (!object || !index) break;
      const obj = toExpr(builder, object, depth + 1);
      const key = toExpr(builder, index, depth + 1);
      return key.k === 'str' ? { k: 'member', obj, prop: key.v } : { k: 'index', obj, index: key };
    }
    case 'call_expression':
    case 'new_expression': {
      const isNew = type === 'new_expression';
      const callee = node.childForFieldName(isNew ? 'constructor' : 'function');
      const args = node.childForFieldName('arguments');
      if (!callee) break;
      const expr: Expr = {
        k: 'call',
        callee: toExpr(builder, callee, depth + 1),
        args: args && args.type === 'arguments' ? readArgs(builder, args, depth + 1) : [],
        line: lineOf(node),
      };
      if (isNew) expr.isNew = true;
      return expr;
    }
    case 'object':
      return objectExpr(builder, node, depth);
    case 'array': {
      const items: Expr[] = [];
      for (const child of node.namedChildren) if (child.type !== 'comment') items.push(toExpr(builder, child, depth + 1));
      return { k: 'arr', items };
    }
    case 'arrow_function':
    case 'function_expression':
    case 'function':
    case 'generator_function':
      return { k: 'fn', id: builder.functionIdFor(node) };
    case 'class':
      return { k: 'class', id: builder.classIdFor(node) };
    case 'binary_expression': {
      const left = node.childForFieldName('left');
      const right = node.childForFieldName('right');
      const operator = node.childForFieldName('operator');
      if (!left || !right || !operator) break;
      return { k: 'bin', op: operator.text, left: toExpr(builder, left, depth + 1), right: toExpr(builder, right, depth + 1) };
    }
    case 'unary_expression': {
      const argument = node.childForFieldName('argument');
      const operator = node.childForFieldName('operator');
      if (!argument || !operator) break;
      return { k: 'unary', op: operator.text, arg: toExpr(builder, argument, depth + 1) };
    }
    case 'ternary_expression': {
      const condition = node.childForFieldName('condition');
      const consequence = node.childForFieldName('consequence');
      const alternative = node.childForFieldName('alternative');
      if (!condition || !consequence || !alternative) break;
      return {
        k: 'cond',
        test: toExpr(builder, condition, depth + 1),
        then: toExpr(builder, consequence, depth + 1),
        else: toExpr(builder, alternative, depth + 1),
      };
    }
    case 'spread_element': {
      const inner = node.firstNamedChild;
      if (!inner) break;
      return { k: 'spread', arg: toExpr(builder, inner, depth + 1) };
    }
    case 'regex': {
      const pattern = node.childForFieldName('pattern');
      return { k: 'regex', v: pattern ? pattern.text : node.text };
    }
    default:
      if (TRANSPARENT_WRAPPERS.has(type)) {
        const inner = node.firstNamedChild;
        if (inner) return toExpr(builder, inner, depth);
      }
      break;
  }
  return { k: 'other', text: truncateText(node.text) };
}

function templateExpr(builder: FactsBuilder, node: SyntaxNode, depth: number): Expr {
  const parts: (string | Expr)[] = [];
  let literal = '';
  let dynamic = false;
  for (const child of node.namedChildren) {
    if (child.type === 'string_fragment') literal += child.text;
    else if (child.type === 'escape_sequence') literal += unescapeSequence(child.text);
    else if (child.type === 'template_substitution') {
      const inner = child.firstNamedChild;
      if (literal) parts.push(literal);
      literal = '';
      parts.push(inner ? toExpr(builder, inner, depth + 1) : { k: 'other', text: child.text });
      dynamic = true;
    }
  }
  if (!dynamic) return { k: 'str', v: literal };
  if (literal) parts.push(literal);
  return { k: 'tpl', parts };
}

function objectExpr(builder: FactsBuilder, node: SyntaxNode, depth: number): Expr {
  const props: { key: string | null; value: Expr }[] = [];
  for (const child of node.namedChildren) {
    switch (child.type) {
      case 'pair': {
        const key = child.childForFieldName('key');
        const value = child.childForFieldName('value');
        if (!key || !value) break;
        props.push({ key: propertyKey(key), value: toExpr(builder, value, depth + 1) });
        break;
      }
      case 'shorthand_property_identifier':
        props.push({ key: child.text, value: { k: 'id', name: child.text } });
        break;
      case 'spread_element': {
        const inner = child.firstNamedChild;
        if (inner) props.push({ key: null, value: toExpr(builder, inner, depth + 1) });
        break;
      }
      case 'method_definition': {
        const name = child.childForFieldName('name');
        if (name) props.push({ key: unquote(name.text), value: { k: 'fn', id: builder.functionIdFor(child) } });
        break;
      }
      default:
        break;
    }
  }
  return { k: 'obj', props };
}

function propertyKey(key: SyntaxNode): string {
  if (key.type === 'computed_property_name') return `[${key.text.slice(1, -1)}]`;
  return unquote(key.text);
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
