import { describe, expect, it } from 'vitest';
import Parser from 'tree-sitter';
import JavaScript from 'tree-sitter-javascript';
import Python from 'tree-sitter-python';
import { extractFacts } from '../../src/parsing/parse-file.js';
import { loadNodeRoles, parseNodeRoles, typesToVisit } from '../../src/parsing/node-roles.js';

const ts = (source: string) => extractFacts({ path: 'a.ts', grammar: 'typescript', language: 'typescript', isTest: false }, source);
const py = (source: string) => extractFacts({ path: 'a.py', grammar: 'python', language: 'python', isTest: false }, source);

describe('fact extraction', () => {
  it('counts TypeScript lines like cloc and complexity per function', () => {
    const facts = ts(
      [
        '/**',
        ' * Totals.',
        ' */',
        'export function total(rows: Row[], limit?: number): number {',
        '  let sum = 0; // running',
        '',
        '  for (const row of rows) {',
        '    if (row.ok && row.value > 0) sum += row.value;',
        '  }',
        '  return limit ?? sum;',
        '}',
        '',
      ].join('\n'),
    );
    expect(facts.measures).toEqual({ code: 7, comment: 3, blank: 1 });
    expect(facts.functions.map((f) => [f.name, f.span, f.complexity, f.codeLines])).toEqual([['total', { startLine: 4, endLine: 11 }, 5, 7]]);
    expect(facts.loops).toEqual([{ scope: 0, span: { startLine: 7, endLine: 9 }, variables: ['row'], iterable: { k: 'id', name: 'rows' } }]);
    expect(facts.typing).toEqual({ anyCount: 0, annotatedParams: 2, totalParams: 2, ignoreComments: 0 });
  });

  it('records calls with their scope, loop depth and arguments, and callbacks of forEach as loops', () => {
    const facts = ts("router.get('/a', auth, (req, res) => {\n  items.forEach((i) => save(i));\n  res.json({ ok: true });\n});\n");
    expect(facts.calls.map((c) => [c.line, c.scope, c.loopDepth, c.argCount])).toEqual([
      [1, -1, 0, 3],
      [2, 0, 0, 1],
      [2, 1, 1, 1],
      [3, 0, 0, 1],
    ]);
    expect(facts.calls[0]!.args![0]).toEqual({ value: { k: 'str', v: '/a' } });
    expect(facts.calls[0]!.args![2]).toEqual({ value: { k: 'fn', id: 0 } });
  });

  it('counts Python triple-quoted strings as comments, as cloc does, and reads decorators and defaults', () => {
    const facts = py(
      [
        'from fastapi import APIRouter, Depends',
        '',
        'router = APIRouter(prefix="/items")',
        '',
        '@router.get("/{item_id}")',
        'async def read(item_id: int, db=Depends(get_db)):',
        '    """Read one item."""',
        '    return [x for x in db.rows if x and item_id]',
        '',
      ].join('\n'),
    );
    expect(facts.measures).toEqual({ code: 5, comment: 1, blank: 2 });
    const read = facts.functions[0]!;
    expect([read.name, read.span, read.isAsync, read.complexity]).toEqual(['read', { startLine: 6, endLine: 8 }, true, 4]);
    expect(read.decorators).toEqual([{ k: 'call', callee: { k: 'member', obj: { k: 'id', name: 'router' }, prop: 'get' }, args: [{ value: { k: 'str', v: '/{item_id}' } }], line: 5 }]);
    expect(read.params[1]).toEqual({ name: 'db', default: { k: 'call', callee: { k: 'id', name: 'Depends' }, args: [{ value: { k: 'id', name: 'get_db' } }], line: 6 } });
    expect(facts.imports.map((i) => [i.source, i.imported, i.local])).toEqual([
      ['fastapi', 'APIRouter', 'APIRouter'],
      ['fastapi', 'Depends', 'Depends'],
    ]);
  });

  it('joins implicitly concatenated Python strings without the comments between them', () => {
    const facts = py(['CLASSIFIERS = (', '    "Python :: 3.10"  # [[[cog', '    " / 3.11"', ')', ''].join('\n'));
    expect(facts.assignments[0]!.value).toEqual({ k: 'str', v: 'Python :: 3.10 / 3.11' });
  });

  it('shares one Expr per identifier and one conversion per call between facts', () => {
    const facts = ts('const user = repo.find(id).then(save);\n');
    const [outer, inner] = facts.calls;
    expect(inner!.callee).toEqual({ k: 'member', obj: { k: 'id', name: 'repo' }, prop: 'find' });
    // The inner call's fact holds the very callee and arguments the outer call's Expr holds.
    const innerExpr = (outer!.callee as { obj: { callee: unknown; args: unknown } }).obj;
    expect(inner!.callee).toBe(innerExpr.callee);
    expect(inner!.args).toBe(innerExpr.args);
    expect(outer!.callee).toBe((facts.assignments[0]!.value as { callee: unknown }).callee);
    expect(facts.assignments[0]!.target).toEqual({ k: 'id', name: 'user' });
  });

  it('reads Python string escapes as Python does: unknown escapes keep their backslash', () => {
    const facts = py('a = "^(\\w+)/\\d+$"\nb = "tab\\there\\\\back"\nc = r"raw\\w"\n');
    expect(facts.assignments.map((assignment) => assignment.value)).toEqual([
      { k: 'str', v: '^(\\w+)/\\d+$' },
      { k: 'str', v: 'tab\there\\back' },
      { k: 'str', v: 'raw\\w' },
    ]);
  });

  it('reports the line of the first syntax error', () => {
    expect(ts('const a = 1;\nfunction (\n').syntaxErrorLine).toBe(2);
    expect(py('x = 1\n\nif x\n    pass\n').syntaxErrorLine).toBe(3);
  });
});

describe('grammars/*.scm node roles', () => {
  it('pairs every node type with the capture after it', () => {
    const roles = parseNodeRoles('; note\n[\n  (if_statement)\n  "&&"\n] @decision\n(comment) @comment\n', 'test.scm');
    expect([...roles.roleOf]).toEqual([
      ['if_statement', 'decision'],
      ['&&', 'decision'],
      ['comment', 'comment'],
    ]);
  });

  it('leaves out of a file the node types whose keyword its text lacks', () => {
    const roles = loadNodeRoles('javascript', JavaScript);
    const types = typesToVisit(roles, 'const a = b ? c(d) : e; // note\n');
    expect(types).toContain('call_expression');
    expect(types).toContain('ternary_expression');
    expect(types).toContain('comment');
    expect(types).not.toContain('while_statement');
    expect(types).not.toContain('catch_clause');
    expect(types).not.toContain('&&');
    // Types without a keyword are always visited.
    expect(roles.types.filter((type) => !roles.requires.has(type)).every((type) => types.includes(type))).toBe(true);
  });

  it('rejects an unknown capture and a node type the grammar lacks', () => {
    expect(() => parseNodeRoles('(comment) @remark', 'bad.scm')).toThrow('bad.scm: unknown capture @remark');
    expect(() => new Parser.Query(JavaScript as unknown as Parser.Language, '(no_such_node) @call')).toThrow();
    expect(loadNodeRoles('javascript', JavaScript).roleOf.get('call_expression')).toBe('call');
  });

  it('knows which node types share their name with a keyword token, which extraction skips', () => {
    expect([...parseNodeRoles('[ (class) "&&" ] @decision', 'test.scm').tokens]).toEqual(['&&']);
    expect([...loadNodeRoles('javascript', JavaScript).namedOnly]).toEqual(['class']);
    expect([...loadNodeRoles('python', Python).namedOnly]).toEqual(['lambda', 'await']);
  });
});
