import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import Parser from 'tree-sitter';
import Python from 'tree-sitter-python';
import TypeScript from 'tree-sitter-typescript';
import { extractFacts } from '../../src/parsing/parse-file.js';
import { NO_NODE, readTree, readerKind, type NodeRef, type SyntaxReader } from '../../src/parsing/syntax-reader.js';
import { fixtureSources } from './fixture-sources.js';

const TS_SOURCE = [
  "import { Controller, Get } from '@nestjs/common';",
  '// café: non-ASCII text shifts UTF-16 offsets 😀',
  '@Controller("users")',
  'export class UsersController<T> extends Base implements Api {',
  '  #secret = 1;',
  '  constructor(private readonly users: UsersService) { super(); }',
  "  @Get(':id') async find(@Param('id') id: string): Promise<T> {",
  "    const { a: b = 2, ...rest } = this.users.find(id, `x${id}y\\n`, /re[g]/u, 'it\\'s', \"q\\\"\");",
  '    return this.#secret > 0 ? b ?? rest : (await this.users.all()).filter((x) => x.ok && !x.gone);',
  '  }',
  '}',
  'const café = naïve + $dollar;',
  '',
].join('\n');

const PY_SOURCE = [
  'import os.path as p',
  'from .models import (User,  # the user',
  '    Group)',
  'name = f"{p.join(\'a\', \'b\')!r:>10} é" + r"\\d+\\"" + b\'\\x00\' + """doc',
  '"quoted" ok"""',
  '',
  '@app.get("/{id}")',
  'async def read(id: int, *args, db=Depends(get_db), **kw) -> dict:',
  "    return {'k': [x for x in db.rows if x and not id], **kw}",
  '',
].join('\n');

const BROKEN_SOURCE = 'const a = f(1,\nfunction (\nclass { x = ; }\n';

function parse(language: unknown, source: string): Parser.Tree {
  const parser = new Parser();
  parser.setLanguage(language as Parser.Language);
  return parser.parse(source);
}

/** Every node under `node`, depth first, through the reader's `children`. */
function allNodes(reader: SyntaxReader, node: NodeRef): NodeRef[] {
  const nodes = [node];
  for (const child of reader.children(node)) nodes.push(...allNodes(reader, child));
  return nodes;
}

function describeNode(reader: SyntaxReader, node: NodeRef): unknown[] {
  return [reader.type(node), reader.key(node), reader.start(node), reader.end(node), reader.line(node), reader.endLine(node), reader.isNamed(node), reader.text(node)];
}

describe('syntax reader', () => {
  const cases: [string, unknown, string][] = [
    ['typescript', TypeScript.typescript, TS_SOURCE],
    ['python', Python, PY_SOURCE],
    ['typescript with errors', TypeScript.typescript, BROKEN_SOURCE],
  ];

  it.each(cases)('reads every node of %s as the public API does', (_name, language, source) => {
    const tree = parse(language, source);
    const fast = readTree(tree, source, language);
    const slow = readTree(tree, source, language, 'public');
    expect(readerKind()).toBe('native');
    const fastNodes = allNodes(fast.reader, fast.root);
    const slowNodes = allNodes(slow.reader, slow.root);
    expect(fastNodes.length).toBeGreaterThan(20);
    expect(fastNodes.map((n) => describeNode(fast.reader, n))).toEqual(slowNodes.map((n) => describeNode(slow.reader, n)));
    const fields = ['name', 'body', 'parameters', 'function', 'arguments', 'object', 'property', 'left', 'right', 'value', 'key', 'type', 'source', 'decorator'];
    fastNodes.forEach((node, i) => {
      const other = slowNodes[i]!;
      for (const field of fields) {
        const a = fast.reader.field(node, field);
        const b = slow.reader.field(other, field);
        expect(a === NO_NODE ? null : describeNode(fast.reader, a)).toEqual(b === NO_NODE ? null : describeNode(slow.reader, b));
      }
      const relatives = (r: SyntaxReader, n: NodeRef) =>
        [r.parent(n), r.firstNamedChild(n), r.lastNamedChild(n), r.previousNamedSibling(n)].map((m) => (m === NO_NODE ? null : r.key(m)));
      expect(relatives(fast.reader, node)).toEqual(relatives(slow.reader, other));
      expect(fast.reader.namedChildren(node).map((n) => fast.reader.key(n))).toEqual(slow.reader.namedChildren(other).map((n) => slow.reader.key(n)));
    });
  });

  it.each(cases)('scans token texts of %s exactly as tree-sitter delimits them', (name, language, source) => {
    const { reader, root } = readTree(parse(language, source), source, language);
    const python = name === 'python';
    let checked = 0;
    for (const node of allNodes(reader, root)) {
      const type = reader.type(node);
      if (type === 'identifier' || type === 'property_identifier' || type === 'private_property_identifier' || type === 'type_identifier') {
        expect(reader.identifierText(node, !python)).toBe(reader.text(node));
        checked++;
      } else if (type === 'string' && !python && reader.isNamed(node)) {
        expect(reader.jsStringText(node)).toBe(reader.text(node));
        checked++;
      } else if (type === 'string' && python) {
        const prefix = /^[a-zA-Z]*/.exec(reader.text(node))![0];
        if (!prefix.toLowerCase().includes('f')) {
          expect(reader.pythonPlainStringText(node, prefix.length)).toBe(reader.text(node));
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(2);
  });
});

describe('fact extraction through the native reader', () => {
  it('gives the same facts as through the public API on every fixture file', () => {
    const files = fixtureSources();
    expect(files.length).toBeGreaterThan(100);
    for (const { file, grammar, language } of files) {
      const task = { path: file, grammar, language, isTest: false };
      const text = readFileSync(file, 'utf8');
      expect(extractFacts(task, text), file).toEqual(extractFacts(task, text, 'public'));
    }
  });
});
