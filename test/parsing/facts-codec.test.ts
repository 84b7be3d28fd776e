import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeFacts, encodeFacts } from '../../src/parsing/facts-codec.js';
import { extractFacts } from '../../src/parsing/parse-file.js';
import type { ModuleFacts } from '../../src/parsing/types.js';
import { fixtureSources } from './fixture-sources.js';

function factsOf(files: ReturnType<typeof fixtureSources>): ModuleFacts[] {
  return files.map(({ file, grammar, language }) => extractFacts({ path: file, grammar, language, isTest: file.includes('test') }, readFileSync(file, 'utf8')));
}

describe('facts codec', () => {
  it('gives back facts equal to the encoded ones for every fixture file, absent fields absent', () => {
    const modules = factsOf(fixtureSources());
    // Batches as the parser threads send them.
    for (let i = 0; i < modules.length; i += 24) {
      const batch = modules.slice(i, i + 24);
      const decoded = decodeFacts(encodeFacts(batch));
      expect(decoded).toStrictEqual(batch);
    }
  });

  it('keeps a call shared between its CallFact and the expression holding it, and one Expr per identifier', () => {
    const facts = extractFacts({ path: 'a.ts', grammar: 'typescript', language: 'typescript', isTest: false }, 'const user = repo.find(id).then(save);\nsave(user);\n');
    const [decoded] = decodeFacts(encodeFacts([facts]));
    const [outer, inner, last] = decoded!.calls;
    const innerExpr = (outer!.callee as { obj: { callee: unknown; args: unknown } }).obj;
    expect(inner!.callee).toBe(innerExpr.callee);
    expect(inner!.args).toBe(innerExpr.args);
    expect((last!.args![0]!.value as { k: string }).k).toBe('id');
    expect(last!.callee).toBe(outer!.args![0]!.value);
  });

  it('encodes optional values present with a falsy value, and numbers that are not integers', () => {
    const facts: ModuleFacts = {
      path: 'x.ts',
      language: 'typescript',
      grammar: 'typescript',
      isTest: false,
      measures: { code: 1, comment: 0, blank: 0 },
      syntaxErrorLine: 3,
      imports: [{ source: 'm', imported: '*', local: null, line: 1, kind: 'esm', scope: -1, typeOnly: false }],
      exports: [{ exported: 'default', value: { k: 'num', v: NaN }, line: 2, cjs: false }],
      functions: [],
      classes: [],
      calls: [{ callee: { k: 'id', name: 'f' }, argCount: 0, line: 1, scope: -1, loopDepth: 0, isNew: false }],
      assignments: [{ target: { k: 'id', name: 'x' }, value: { k: 'tpl', parts: ['a', { k: 'num', v: -0.5 }, ''] }, line: 1, scope: -1, kind: 'let', fromProperty: '' }],
      loops: [{ scope: 0, span: { startLine: 1, endLine: 2 }, variables: ['r'], callbackFn: 0 }],
      typing: { anyCount: 0, annotatedParams: 0, totalParams: 0, ignoreComments: 0 },
      header: '',
    };
    expect(decodeFacts(encodeFacts([facts]))).toStrictEqual([facts]);
  });
});
