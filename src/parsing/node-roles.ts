import { readFileSync } from 'node:fs';
import Parser from 'tree-sitter';
import type { Grammar } from '../discovery/types.js';

/** What a syntax node means to the extractor; declared per grammar in grammars/<name>/facts.scm. */
export type NodeRole = 'function' | 'class' | 'field' | 'call' | 'import' | 'export' | 'binding' | 'loop' | 'iteration' | 'decision' | 'comment' | 'type';

const ROLES: ReadonlySet<string> = new Set<NodeRole>(['function', 'class', 'field', 'call', 'import', 'export', 'binding', 'loop', 'iteration', 'decision', 'comment', 'type']);

export interface NodeRoles {
  /** Every node type to visit, for one `descendantsOfType` call. */
  types: string[];
  roleOf: ReadonlyMap<string, NodeRole>;
  /** For a node type that can only occur in text containing one of these strings (its keyword), the strings. */
  requires: ReadonlyMap<string, readonly string[]>;
}

/**
 * Text each node type needs: a node of the type can only exist, or can only matter, when the
 * file's text contains one of the strings (an `if` statement needs "if"; only a predefined type
 * spelt "any" is counted). tree-sitter's `descendantsOfType` spends about 3.6 µs per type per
 * call just looking the names up, more than many small files take to parse, so types whose
 * keyword a file lacks are left out of its call. Types not listed are always visited.
 */
const JS_REQUIRES: Record<string, readonly string[]> = {
  function_declaration: ['function'],
  generator_function_declaration: ['function'],
  function_expression: ['function'],
  generator_function: ['function'],
  arrow_function: ['=>'],
  class_declaration: ['class'],
  abstract_class_declaration: ['class'],
  class: ['class'],
  field_definition: ['class'],
  public_field_definition: ['class'],
  new_expression: ['new'],
  import_statement: ['import'],
  export_statement: ['export'],
  assignment_expression: ['='],
  augmented_assignment_expression: ['='],
  for_in_statement: ['for'],
  for_statement: ['for'],
  while_statement: ['while'],
  do_statement: ['do'],
  if_statement: ['if'],
  // A `default:` clause is a switch_case too, but only one with a `case` value is a decision.
  switch_case: ['case'],
  catch_clause: ['catch'],
  ternary_expression: ['?'],
  '&&': ['&&'],
  '||': ['||'],
  '??': ['??'],
  comment: ['//', '/*'],
  predefined_type: ['any'],
};

const PYTHON_REQUIRES: Record<string, readonly string[]> = {
  function_definition: ['def'],
  lambda: ['lambda'],
  class_definition: ['class'],
  import_statement: ['import'],
  import_from_statement: ['import'],
  augmented_assignment: ['='],
  for_statement: ['for'],
  while_statement: ['while'],
  list_comprehension: ['for'],
  set_comprehension: ['for'],
  dictionary_comprehension: ['for'],
  generator_expression: ['for'],
  if_statement: ['if'],
  elif_clause: ['elif'],
  except_clause: ['except'],
  conditional_expression: ['if'],
  boolean_operator: ['and', 'or'],
  for_in_clause: ['for'],
  if_clause: ['if'],
  case_clause: ['case'],
  // Python comments are read only for `# type: ignore`, `# noqa` and `# pyright: ignore`.
  comment: ['ignore', 'noqa'],
};

const REQUIRES: Record<Grammar, Record<string, readonly string[]>> = {
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
  const parsed = parseNodeRoles(source, QUERY_FILES[grammar]);
  const requires = new Map<string, readonly string[]>();
  for (const [type, strings] of Object.entries(REQUIRES[grammar])) if (parsed.roleOf.has(type)) requires.set(type, strings);
  const roles = { ...parsed, requires };
  cache.set(grammar, roles);
  return roles;
}

/** The node types worth visiting in this text, in the roles' order. */
export function typesToVisit(roles: NodeRoles, text: string): string[] {
  const types: string[] = [];
  const seen = new Map<string, boolean>();
  for (const type of roles.types) {
    const strings = roles.requires.get(type);
    if (strings === undefined) {
      types.push(type);
      continue;
    }
    let present = false;
    for (const needed of strings) {
      let found = seen.get(needed);
      if (found === undefined) seen.set(needed, (found = text.includes(needed)));
      if (found) {
        present = true;
        break;
      }
    }
    if (present) types.push(type);
  }
  return types;
}

/** Pairs each `(node_type)` or `"token"` with the capture that follows its pattern or alternation. */
export function parseNodeRoles(source: string, label: string): Omit<NodeRoles, 'requires'> {
  const text = source.replace(/;[^\n]*/g, '');
  const roleOf = new Map<string, NodeRole>();
  const pattern = /(\[[^\]]*\]|\([a-z_]+\)|"[^"]+")\s*@([a-z]+)/g;
  for (const match of text.matchAll(pattern)) {
    const role = match[2]!;
    if (!ROLES.has(role)) throw new Error(`${label}: unknown capture @${role}`);
    for (const type of match[1]!.matchAll(/\(([a-z_]+)\)|"([^"]+)"/g)) {
      const name = type[1] ?? type[2]!;
      if (roleOf.has(name)) throw new Error(`${label}: ${name} has two roles`);
      roleOf.set(name, role as NodeRole);
    }
  }
  return { types: [...roleOf.keys()], roleOf };
}
