import { readFileSync } from 'node:fs';
import Parser from 'tree-sitter';
import JavaScript from 'tree-sitter-javascript';
import Python from 'tree-sitter-python';
import TypeScript from 'tree-sitter-typescript';
import type { Grammar } from '../discovery/types.js';
import { extractJs } from './extract-js.js';
import { extractPython } from './extract-python.js';
import { loadNodeRoles, typesToVisit } from './node-roles.js';
import { readTree } from './syntax-reader.js';
import { classifyLines, countCodeLines, findPythonCommentRanges } from './measure-lines.js';
import type { ModuleFacts, ParseFailure } from './types.js';

/** Bump when extraction changes, so cached facts from an older gonogo are not reused. */
export const EXTRACTOR_VERSION = 6;

export interface ParseTask {
  path: string;
  absolutePath: string;
  grammar: Grammar;
  language: ModuleFacts['language'];
  isTest: boolean;
}

export type ParseOutcome = { ok: true; facts: ModuleFacts; hash?: string } | { ok: false; failure: ParseFailure };

const LANGUAGES: Record<Grammar, unknown> = {
  python: Python,
  javascript: JavaScript,
  typescript: TypeScript.typescript,
  tsx: TypeScript.tsx,
};

/** One parser per grammar per thread: creating parsers is cheap, but setLanguage is not free. */
const parsers = new Map<Grammar, Parser>();

function parserFor(grammar: Grammar): Parser {
  let parser = parsers.get(grammar);
  if (!parser) {
    parser = new Parser();
    parser.setLanguage(LANGUAGES[grammar] as Parser.Language);
    parsers.set(grammar, parser);
  }
  return parser;
}

/**
 * Reads a source file synchronously. Parser threads have nothing else to do while a file is read,
 * and a promise-based read costs an open, a stat, a read and a close on libuv's pool, each a round
 * trip between threads: on the bench corpus, about 0.2 ms of CPU per file, more than the parse.
 */
export function readSource(absolutePath: string): string {
  const text = readFileSync(absolutePath, 'utf8');
  // A UTF-8 BOM is not code; strip it so line 1 measures like cloc's.
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** Reads, parses and extracts one file; never throws. */
export function parseFile(task: ParseTask): ParseOutcome {
  let text: string;
  try {
    text = readSource(task.absolutePath);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    return { ok: false, failure: { path: task.path, reason: 'unreadable', message: `cannot read: ${code}` } };
  }
  try {
    return { ok: true, facts: extractFacts(task, text) };
  } catch (error) {
    return { ok: false, failure: { path: task.path, reason: 'parser-error', message: error instanceof Error ? error.message : String(error) } };
  }
}

/**
 * The floor `npm run bench` compares against: read and parse, nothing else. Not used by analysis;
 * it lives here so the bench measures exactly the same reading and parsing code.
 */
export function parseOnly(task: ParseTask): number {
  const text = readSource(task.absolutePath);
  const tree = parserFor(task.grammar).parse(text, null, { bufferSize: Math.max(32 * 1024, text.length * 2 + 2) });
  return tree.rootNode.endPosition.row + 1;
}

/** A floor run's outcome for one file: read and parsed, nothing extracted, never thrown. */
export function parseFloor(task: ParseTask): ParseOutcome {
  try {
    parseOnly(task);
  } catch {
    // An unreadable file costs the floor nothing more; the outcome below is all it reports.
  }
  return { ok: false, failure: { path: task.path, reason: 'parser-error', message: 'floor run: parsed only' } };
}

/**
 * Parses one file's text and reduces its tree to facts; the tree is dropped before returning.
 * `reader: 'public'` reads the tree through tree-sitter's public API instead of the fast native
 * reader (see syntax-reader): the same facts, slower; tests use it to check the fast one.
 */
export function extractFacts(task: Omit<ParseTask, 'absolutePath'>, text: string, reader: 'auto' | 'public' = 'auto'): ModuleFacts {
  const parser = parserFor(task.grammar);
  // The default buffer makes the binding copy the input in small chunks; one chunk is faster.
  const tree = parser.parse(text, null, { bufferSize: Math.max(32 * 1024, text.length * 2 + 2) });
  const language = LANGUAGES[task.grammar];
  const roles = loadNodeRoles(task.grammar, language);
  const { reader: r, root } = readTree(tree, text, language, reader);
  const syntaxErrorLine = r.treeHasErrors ? firstErrorLine(tree.rootNode) : undefined;
  // Error recovery can build nodes whose keyword is missing: a broken file visits every type.
  const types = r.treeHasErrors ? roles.types : typesToVisit(roles, text);
  let facts: ModuleFacts;
  if (task.grammar === 'python') {
    const { builder, ignoreComments } = extractPython(r, root, roles, types);
    const lines = classifyLines(text, findPythonCommentRanges(text));
    for (const fn of builder.functions) fn.codeLines = countCodeLines(lines.kinds, fn.span.startLine, fn.span.endLine);
    facts = assemble(task, builder, lines.measures, ignoreComments, 0);
  } else {
    const { builder, commentRanges, anyCount, ignoreComments } = extractJs(r, root, roles, types);
    const lines = classifyLines(text, commentRanges);
    for (const fn of builder.functions) fn.codeLines = countCodeLines(lines.kinds, fn.span.startLine, fn.span.endLine);
    facts = assemble(task, builder, lines.measures, ignoreComments, anyCount);
  }
  if (syntaxErrorLine !== undefined) facts.syntaxErrorLine = syntaxErrorLine;
  return facts;
}

function assemble(
  task: Omit<ParseTask, 'absolutePath'>,
  builder: ReturnType<typeof extractPython>['builder'],
  measures: ModuleFacts['measures'],
  ignoreComments: number,
  anyCount: number,
): ModuleFacts {
  // Every scope walk (name lookup, loop depth, enclosing class) climbs `parent` until -1; an
  // enclosing function is always met, and numbered, before what it encloses. A fact that breaks
  // this would send those walks round in circles, so the file fails here, named, instead.
  for (const fn of builder.functions) {
    if (fn.parent >= fn.id) throw new Error(`internal error: function ${fn.name} (line ${fn.span.startLine}) is recorded inside scope ${fn.parent}, not an enclosing one`);
  }
  let annotatedParams = 0;
  let totalParams = 0;
  for (const fn of builder.functions) {
    fn.params.forEach((param, index) => {
      // `self` / `cls` are never annotated in typed Python; counting them would understate typing.
      if (index === 0 && fn.classId !== undefined && (param.name === 'self' || param.name === 'cls')) return;
      totalParams++;
      if (param.type !== undefined) annotatedParams++;
    });
  }
  return {
    path: task.path,
    language: task.language,
    grammar: task.grammar,
    isTest: task.isTest,
    measures,
    imports: builder.imports,
    exports: builder.exports,
    functions: builder.functions,
    classes: builder.classes,
    calls: builder.calls,
    assignments: builder.assignments,
    loops: builder.loops,
    typing: { anyCount, annotatedParams, totalParams, ignoreComments },
  };
}

function firstErrorLine(root: Parser.SyntaxNode): number {
  const errors = root.descendantsOfType('ERROR');
  let line = errors.length > 0 ? errors[0]!.startPosition.row + 1 : Number.POSITIVE_INFINITY;
  // MISSING nodes (an absent closing bracket) are not ERROR nodes; find the first one the slow way.
  const cursor = root.walk();
  let visiting = true;
  while (visiting) {
    const node = cursor.currentNode;
    if (node.startPosition.row + 1 >= line) break;
    if (node.isMissing) {
      line = node.startPosition.row + 1;
      break;
    }
    if (node.hasError && cursor.gotoFirstChild()) continue;
    while (!cursor.gotoNextSibling()) {
      if (!cursor.gotoParent()) {
        visiting = false;
        break;
      }
    }
  }
  return Number.isFinite(line) ? line : 1;
}
