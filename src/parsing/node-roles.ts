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
}

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
  const roles = parseNodeRoles(source, QUERY_FILES[grammar]);
  cache.set(grammar, roles);
  return roles;
}

/** Pairs each `(node_type)` or `"token"` with the capture that follows its pattern or alternation. */
export function parseNodeRoles(source: string, label: string): NodeRoles {
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
