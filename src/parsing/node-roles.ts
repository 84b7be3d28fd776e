import { readFileSync } from 'node:fs';
import Parser from 'tree-sitter';
import type { Grammar } from '../discovery/types.js';

/** What a syntax node means to the extractor; declared per grammar in grammars/<name>/facts.scm. */
export type NodeRole = 'function' | 'class' | 'field' | 'call' | 'await' | 'return' | 'import' | 'export' | 'declaration' | 'binding' | 'loop' | 'iteration' | 'decision' | 'comment' | 'type';

const ROLES: ReadonlySet<string> = new Set<NodeRole>(['function', 'class', 'field', 'call', 'await', 'return', 'import', 'export', 'declaration', 'binding', 'loop', 'iteration', 'decision', 'comment', 'type']);

export interface NodeRoles {
  /** Every node type to visit, for one `descendantsOfType` call. */
  types: string[];
  roleOf: ReadonlyMap<string, NodeRole>;
  /** For a node type that can only occur in text containing certain words or symbols, what it needs. */
  requires: ReadonlyMap<string, Requirement>;
  /**
   * Types written `(x)` whose name the grammar also gives a keyword token (`lambda`, `await`,
   * `class`). A query's `(x)` matches only the named node, but `descendantsOfType` returns the
   * token too, at the same place; the extractors skip the token.
   */
  namedOnly: ReadonlySet<string>;
}

/**
 * What the source text must contain for a node type to be worth looking for: a substring, a
 * keyword (a word not inside a longer name) or a pattern.
 */
export type TextCheck = string | { word: string } | RegExp;
/** Any one of the checks, or, under `all`, every one of them. */
export type Requirement = readonly TextCheck[] | { all: readonly TextCheck[] };

const word = (text: string): TextCheck => ({ word: text });

/**
 * Text each node type needs: a node of the type can only exist, or can only matter, when the
 * file's text passes the checks (an `if` statement needs the keyword `if`; only a predefined type
 * spelt `any` is counted). tree-sitter's `descendantsOfType` spends about 3.6 µs per type per
 * call just looking the names up, more than many small files take to parse, so types a file
 * cannot contain are left out of its call. Types not listed are always visited. Every check errs
 * on the side of visiting: a keyword counts after a digit (`1if x else y` is valid Python), an
 * augmented assignment is any operator followed by `=`.
 */
const JS_REQUIRES: Record<string, Requirement> = {
  function_declaration: [word('function')],
  generator_function_declaration: { all: [word('function'), '*'] },
  function_expression: [word('function')],
  generator_function: { all: [word('function'), '*'] },
  arrow_function: ['=>'],
  class_declaration: [word('class')],
  abstract_class_declaration: [word('abstract')],
  class: [word('class')],
  field_definition: [word('class')],
  public_field_definition: [word('class')],
  new_expression: [word('new')],
  await_expression: [word('await')],
  return_statement: [word('return')],
  import_statement: [word('import')],
  export_statement: [word('export')],
  lexical_declaration: [word('const'), word('let')],
  variable_declaration: [word('var')],
  assignment_expression: ['='],
  augmented_assignment_expression: [/(?:[-+*/%&|^]|<<|>>>?|\?\?)=/],
  for_in_statement: [word('for')],
  for_statement: [word('for')],
  while_statement: [word('while')],
  do_statement: [word('do')],
  if_statement: [word('if')],
  // A `default:` clause is a switch_case too, but only one with a `case` value is a decision.
  switch_case: [word('case')],
  catch_clause: [word('catch')],
  ternary_expression: ['?'],
  '&&': ['&&'],
  '||': ['||'],
  '??': ['??'],
  comment: ['//', '/*'],
  predefined_type: [word('any')],
};

const PYTHON_REQUIRES: Record<string, Requirement> = {
  function_definition: [word('def')],
  lambda: [word('lambda')],
  return_statement: [word('return')],
  class_definition: [word('class')],
  await: [word('await')],
  import_statement: [word('import')],
  import_from_statement: [word('from')],
  augmented_assignment: [/(?:[-+*/%&|^@]|<<|>>)=/],
  for_statement: [word('for')],
  while_statement: [word('while')],
  list_comprehension: [word('for')],
  set_comprehension: [word('for')],
  dictionary_comprehension: [word('for')],
  generator_expression: [word('for')],
  if_statement: [word('if')],
  elif_clause: [word('elif')],
  except_clause: [word('except')],
  conditional_expression: { all: [word('if'), word('else')] },
  boolean_operator: [word('and'), word('or')],
  for_in_clause: [word('for')],
  if_clause: { all: [word('if'), word('for')] },
  case_clause: [word('case')],
  // Python comments are read only for `# type: ignore`, `# noqa` and `# pyright: ignore`.
  comment: ['ignore', 'noqa'],
};

const REQUIRES: Record<Grammar, Record<string, Requirement>> = {
  python: PYTHON_REQUIRES,
  javascript: JS_REQUIRES,
  typescript: JS_REQUIRES,
  tsx: JS_REQUIRES,
};

const QUERY_FILES: Record<Grammar, string> = {
  python: 'python/facts.scm',
  javascript: 'javascript/facts.scm',
  typescript: 'typescript/facts.scm',
  tsx: 'typescript/facts.scm',
};

const cache = new Map<Grammar, NodeRoles>();

/**
 * Reads a grammar's facts.scm. It is compiled as a real tree-sitter query first, so a node type
 * the grammar lacks fails loudly here instead of silently matching nothing.
 */
export function loadNodeRoles(grammar: Grammar, language: unknown): NodeRoles {
  const cached = cache.get(grammar);
  if (cached) return cached;
  const url = new URL(`../../grammars/${QUERY_FILES[grammar]}`, import.meta.url);
  const source = readFileSync(url, 'utf8');
  new Parser.Query(language as Parser.Language, source);
  const { tokens, ...parsed } = parseNodeRoles(source, QUERY_FILES[grammar]);
  const requires = new Map<string, Requirement>();
  for (const [type, requirement] of Object.entries(REQUIRES[grammar])) if (parsed.roleOf.has(type)) requires.set(type, requirement);
  const anonymous = anonymousTypeNames(language);
  const namedOnly = new Set(parsed.types.filter((type) => !tokens.has(type) && (anonymous === null || anonymous.has(type))));
  const roles: NodeRoles = { ...parsed, requires, namedOnly };
  cache.set(grammar, roles);
  return roles;
}

/**
 * The names the grammar gives its anonymous nodes (keywords, punctuation), from the node-types
 * table a grammar package ships; null when it ships none (then every `(x)` type is checked).
 */
function anonymousTypeNames(language: unknown): ReadonlySet<string> | null {
  const info = (language as { nodeTypeInfo?: { type: string; named: boolean }[] }).nodeTypeInfo;
  return Array.isArray(info) ? new Set(info.filter((entry) => !entry.named).map((entry) => entry.type)) : null;
}

/** The node types worth visiting in this text, in the roles' order. */
export function typesToVisit(roles: NodeRoles, text: string): string[] {
  const types: string[] = [];
  const results = new Map<TextCheck, boolean>();
  const passes = (check: TextCheck): boolean => {
    let result = results.get(check);
    if (result === undefined) {
      result = typeof check === 'string' ? text.includes(check) : check instanceof RegExp ? check.test(text) : containsWord(text, check.word);
      results.set(check, result);
    }
    return result;
  };
  for (const type of roles.types) {
    const requirement = roles.requires.get(type);
    if (requirement === undefined || ('all' in requirement ? requirement.all.every(passes) : requirement.some(passes))) types.push(type);
  }
  return types;
}

/**
 * Whether `word` occurs not inside a longer name: no letter, `_` or `$` just before it, no letter,
 * digit, `_` or `$` just after. A digit before is allowed: Python reads `1if` as `1 if`.
 */
export function containsWord(text: string, word: string): boolean {
  for (let at = text.indexOf(word); at !== -1; at = text.indexOf(word, at + 1)) {
    const before = at > 0 ? text.charCodeAt(at - 1) : 32;
    const after = text.charCodeAt(at + word.length);
    if (!isNameChar(before, false) && !isNameChar(after, true)) return true;
  }
  return false;
}

function isNameChar(c: number, digits: boolean): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c === 36 || (digits && c >= 48 && c <= 57);
}

/** Pairs each `(node_type)` or `"token"` with the capture that follows its pattern or alternation. */
export function parseNodeRoles(source: string, label: string): Omit<NodeRoles, 'requires' | 'namedOnly'> & { tokens: ReadonlySet<string> } {
  const text = source.replace(/;[^\n]*/g, '');
  const roleOf = new Map<string, NodeRole>();
  const tokens = new Set<string>();
  const pattern = /(\[[^\]]*\]|\([a-z_]+\)|"[^"]+")\s*@([a-z]+)/g;
  for (const match of text.matchAll(pattern)) {
    const role = match[2]!;
    if (!ROLES.has(role)) throw new Error(`${label}: unknown capture @${role}`);
    for (const type of match[1]!.matchAll(/\(([a-z_]+)\)|"([^"]+)"/g)) {
      const name = type[1] ?? type[2]!;
      if (roleOf.has(name)) throw new Error(`${label}: ${name} has two roles`);
      roleOf.set(name, role as NodeRole);
      if (type[2] !== undefined) tokens.add(name);
    }
  }
  return { types: [...roleOf.keys()], roleOf, tokens };
}
