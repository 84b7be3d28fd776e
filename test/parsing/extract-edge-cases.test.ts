import { describe, expect, it } from 'vitest';
import { extractFacts } from '../../src/parsing/parse-file.js';
import type { ModuleFacts } from '../../src/parsing/types.js';

/**
 * Sources full of the shapes the fast paths of extraction read from text or from one read of a
 * node's children (dotted callees, `()` argument lists, type-only import specifiers, declarator
 * parts, operators, numbers, relative Python modules, chained and annotated assignments). The
 * expected facts are what extraction through tree-sitter's field lookups produced before those
 * fast paths existed.
 */
const TS_SOURCE = "import { type A, type as B, typeof C, D as E, type } from './m';\nimport    type { F } from './f';\nlet x!: number, y: string = 'a' /* c */, z = 1_000 + 0x1F + 10n + 1e5 + 7;\nconst f = async () => {}, g = function* () {};\nvar h = a /* c */ . b(c ? d : e, ...rest, -1, typeof q);\nfor (let i = 0; i < 3; i++) { const j = () => i; }\nclass K { static m = class {}; #p = () => 1; }\nexport default class {}\nexport class L extends M.N {}\nconst obj = { k: () => 0, 'q': function () {}, [r]: 1 };\nawait w.x(y);\nu = (v) => v;\nitems.map((it) => it.id);\n";
const PY_SOURCE = "from . import a\nfrom ..core . config import b as c\nimport os.path, x.y as z\nn = 1_000 + 0x1F + 7 + 1.5\nv: int = 3\nw: str\np = q = lambda: 0\nf(k=lambda y: y)\nr = 1if t else 2\nasync def h():\n    await g()\n    return d[1, 2] + e.f\n";

function summary(facts: ModuleFacts): unknown {
  return {
    imports: facts.imports.map((i) => [i.source, i.imported, i.local, i.typeOnly ?? false]),
    functions: facts.functions.map((f) => [f.name, f.kind, f.isAsync, f.isGenerator ?? false]),
    classes: facts.classes.map((c) => [c.name, c.bases]),
    assignments: facts.assignments.map((a) => [a.kind, a.target, a.value, a.type ?? null]),
    calls: facts.calls.map((c) => [c.callee, c.args, c.awaited ?? false]),
  };
}

describe('fast paths of extraction', () => {
  it('read TypeScript edge cases as field lookups do', () => {
    const facts = extractFacts({ path: 'a.ts', grammar: 'typescript', language: 'typescript', isTest: false }, TS_SOURCE);
    expect(JSON.parse(JSON.stringify(summary(facts)))).toEqual({"imports":[["./m","A","A",true],["./m","type","B",true],["./m","C","C",false],["./m","D","E",false],["./m","type","type",false],["./f","F","F",true]],"functions":[["f","arrow",true,false],["g","function",false,true],["j","arrow",false,false],["#p","arrow",false,false],["k","arrow",false,false],["q","function",false,false],["u","arrow",false,false],["<anonymous>","arrow",false,false]],"classes":[["K",[]],["<anonymous>",[]],["<anonymous>",[]],["L",[{"k":"member","obj":{"k":"id","name":"M"},"prop":"N"}]]],"assignments":[["let",{"k":"id","name":"y"},{"k":"str","v":"a"},"string"],["let",{"k":"id","name":"z"},{"k":"bin","op":"+","left":{"k":"bin","op":"+","left":{"k":"bin","op":"+","left":{"k":"bin","op":"+","left":{"k":"num","v":1000},"right":{"k":"num","v":31}},"right":{"k":"num","v":null}},"right":{"k":"num","v":100000}},"right":{"k":"num","v":7}},null],["const",{"k":"id","name":"f"},{"k":"fn","id":0},null],["const",{"k":"id","name":"g"},{"k":"fn","id":1},null],["var",{"k":"id","name":"h"},{"k":"call","callee":{"k":"member","obj":{"k":"id","name":"a"},"prop":"b"},"args":[{"value":{"k":"cond","test":{"k":"id","name":"c"},"then":{"k":"id","name":"d"},"else":{"k":"id","name":"e"}}},{"value":{"k":"id","name":"rest"},"spread":true},{"value":{"k":"unary","op":"-","arg":{"k":"num","v":1}}},{"value":{"k":"unary","op":"typeof","arg":{"k":"id","name":"q"}}}],"line":5},null],["let",{"k":"id","name":"i"},{"k":"num","v":0},null],["const",{"k":"id","name":"j"},{"k":"fn","id":2},null],["const",{"k":"id","name":"obj"},{"k":"obj","props":[{"key":"k","value":{"k":"fn","id":4}},{"key":"q","value":{"k":"fn","id":5}},{"key":"[r]","value":{"k":"num","v":1}}]},null],["assign",{"k":"id","name":"u"},{"k":"fn","id":6},null]],"calls":[[{"k":"member","obj":{"k":"id","name":"a"},"prop":"b"},[{"value":{"k":"cond","test":{"k":"id","name":"c"},"then":{"k":"id","name":"d"},"else":{"k":"id","name":"e"}}},{"value":{"k":"id","name":"rest"},"spread":true},{"value":{"k":"unary","op":"-","arg":{"k":"num","v":1}}},{"value":{"k":"unary","op":"typeof","arg":{"k":"id","name":"q"}}}],false],[{"k":"member","obj":{"k":"id","name":"w"},"prop":"x"},[{"value":{"k":"id","name":"y"}}],true],[{"k":"member","obj":{"k":"id","name":"items"},"prop":"map"},[{"value":{"k":"fn","id":7}}],false]]});
  });

  it('read Python edge cases as field lookups do', () => {
    const facts = extractFacts({ path: 'b.py', grammar: 'python', language: 'python', isTest: false }, PY_SOURCE);
    expect(JSON.parse(JSON.stringify(summary(facts)))).toEqual({"imports":[[".","a","a",false],["..core.config","b","c",false],["os","*","os",false],["os.path","*",null,false],["x.y","*","z",false]],"functions":[["q","lambda",false,false],["k","lambda",false,false],["h","function",true,false]],"classes":[],"assignments":[["assign",{"k":"id","name":"n"},{"k":"bin","op":"+","left":{"k":"bin","op":"+","left":{"k":"bin","op":"+","left":{"k":"num","v":1000},"right":{"k":"num","v":31}},"right":{"k":"num","v":7}},"right":{"k":"num","v":1.5}},null],["annotated",{"k":"id","name":"v"},{"k":"num","v":3},"int"],["annotated",{"k":"id","name":"w"},{"k":"other","text":""},"str"],["assign",{"k":"id","name":"p"},{"k":"fn","id":0},null],["assign",{"k":"id","name":"q"},{"k":"fn","id":0},null],["assign",{"k":"id","name":"r"},{"k":"cond","test":{"k":"id","name":"t"},"then":{"k":"num","v":1},"else":{"k":"num","v":2}},null]],"calls":[[{"k":"id","name":"f"},[{"name":"k","value":{"k":"fn","id":1}}],false],[{"k":"id","name":"g"},[],true]]});
  });
});

describe('scopes', () => {
  it('puts a lambda in the scope around it, named by what it is assigned or passed to', () => {
    // The `lambda` keyword token has the expression's type name; visiting it too once made the
    // lambda its own parent (name lookups then climbed scopes forever) and unnamed it.
    const facts = extractFacts(
      { path: 'a.py', grammar: 'python', language: 'python', isTest: false },
      'safe(lambda: fix(1))\n\n\ndef outer(s):\n    safe(lambda: fix(s))\n    rows.sort(key=lambda r: r[0])\n\n\nclass Model:\n    at = column(default=lambda: now())\n',
    );
    expect(facts.functions.map((fn) => [fn.name, fn.span.startLine, fn.parent])).toEqual([
      ['<lambda>', 1, -1],
      ['outer', 4, -1],
      ['<lambda>', 5, 1],
      ['key', 6, 1],
      ['default', 10, -1],
    ]);
  });
});

describe('returns', () => {
  it('keep the last return that can give an instance; a later literal or object clears it', () => {
    const returns = (grammar: 'python' | 'typescript', path: string, source: string) =>
      extractFacts({ path, grammar, language: grammar, isTest: false }, source).functions.map((fn) => [fn.name, fn.returnsLast ?? null]);
    expect(
      returns('typescript', 'a.ts', 'function make() {\n  if (cached) return cached;\n  return new Repo(db);\n}\nfunction shape() {\n  if (a) return build();\n  return { ok: true };\n}\nfunction bare() {\n  return;\n}\n'),
    ).toEqual([
      ['make', { k: 'call', callee: { k: 'id', name: 'Repo' }, args: [{ value: { k: 'id', name: 'db' } }], line: 3, isNew: true }],
      ['shape', null],
      ['bare', null],
    ]);
    expect(returns('python', 'a.py', 'def make():\n    if cached:\n        return cached\n    return Repo(db)\n\n\ndef count():\n    return 1 + 2\n')).toEqual([
      ['make', { k: 'call', callee: { k: 'id', name: 'Repo' }, args: [{ value: { k: 'id', name: 'db' } }], line: 4 }],
      ['count', null],
    ]);
  });
});
