import type { Expr, ModuleFacts } from '../parsing/types.js';
import type { DetectedEndpoint } from '../detectors/types.js';

/**
 * Which endpoints some test reaches, read from the tests' facts: a test that requests the
 * endpoint's path (a string in a call's arguments, parameters generalised) or that imports or
 * calls its handler by name. Static and approximate by design: it is the "no test names this
 * endpoint" signal the risk score needs, not coverage.
 */

/** A path segment of a test string: literal text, or `null` where an interpolation sits. */
type TestSegment = string | null;

interface TestPath {
  segments: TestSegment[];
  /** The string began with an interpolation (`${BASE}/users`): it matches a path suffix. */
  openStart: boolean;
}

const HOLE = '\u0000';
/** Handler names too common to prove a test targets this endpoint. */
const GENERIC_NAMES = new Set([
  '<anonymous>',
  'default',
  'handler',
  'handle',
  'index',
  'get',
  'post',
  'put',
  'patch',
  'delete',
  'list',
  'create',
  'update',
  'destroy',
  'retrieve',
  'main',
  'app',
  'router',
]);

function exprText(expr: Expr): string | null {
  if (expr.k === 'str') return expr.v;
  if (expr.k === 'tpl') return expr.parts.map((part) => (typeof part === 'string' ? part : HOLE)).join('');
  if (expr.k === 'bin' && expr.op === '+') {
    const left = exprText(expr.left) ?? HOLE;
    const right = exprText(expr.right) ?? HOLE;
    return left === HOLE && right === HOLE ? null : left + right;
  }
  return null;
}

function collectStrings(expr: Expr, out: string[], depth: number): void {
  if (depth > 3) return;
  const text = exprText(expr);
  if (text !== null) {
    out.push(text);
    return;
  }
  if (expr.k === 'obj') for (const prop of expr.props) collectStrings(prop.value, out, depth + 1);
  else if (expr.k === 'arr') for (const item of expr.items) collectStrings(item, out, depth + 1);
  else if (expr.k === 'call') for (const arg of expr.args) collectStrings(arg.value, out, depth + 1);
}

function parseTestPath(raw: string): TestPath | null {
  let text = raw.trim().replace(/^[a-z][a-z0-9+.-]*:\/\/[^/]*/i, '');
  const cut = text.search(/[?#]/);
  if (cut !== -1) text = text.slice(0, cut);
  const openStart = text.startsWith(HOLE);
  if (!openStart && !text.startsWith('/')) return null;
  if (/\s/.test(text)) return null;
  const rest = openStart ? text.slice(text.indexOf('/') === -1 ? text.length : text.indexOf('/')) : text;
  const segments: TestSegment[] = rest
    .split('/')
    .filter((segment) => segment !== '')
    .map((segment) => (segment.includes(HOLE) ? null : decodeSegment(segment)));
  if (openStart && !segments.some((segment) => segment !== null)) return null;
  return { segments, openStart };
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** Endpoint path segments, `null` for a parameter (`:id`, `{id}`, `<int:id>`, `*`, a regex group). */
function endpointSegments(path: string): (string | null)[] {
  return path
    .split('/')
    .filter((segment) => segment !== '')
    .map((segment) => (/[:{}<>*()]/.test(segment) ? null : segment));
}

function segmentsMatch(endpoint: (string | null)[], test: TestSegment[]): boolean {
  if (endpoint.length !== test.length) return false;
  return endpoint.every((segment, i) => segment === null || test[i] === null || test[i] === segment);
}

export function pathReached(path: string, testPaths: readonly TestPath[]): boolean {
  const segments = endpointSegments(path);
  return testPaths.some((test) => {
    if (!test.openStart) return segmentsMatch(segments, test.segments);
    if (test.segments.length > segments.length) return false;
    return segmentsMatch(segments.slice(segments.length - test.segments.length), test.segments);
  });
}

interface TestFileNames {
  file: string;
  /** Names the test imports (local and imported). */
  imported: Set<string>;
  /** Names called as `name(...)`. */
  calledIds: Set<string>;
  /** Names called as `x.name(...)`. */
  calledMembers: Set<string>;
}

export interface TestIndex {
  paths: TestPath[];
  files: TestFileNames[];
}

export function indexTests(tests: readonly ModuleFacts[]): TestIndex {
  const index: TestIndex = { paths: [], files: [] };
  for (const module of [...tests].sort((a, b) => a.path.localeCompare(b.path))) {
    const names: TestFileNames = { file: module.path, imported: new Set(), calledIds: new Set(), calledMembers: new Set() };
    for (const fact of module.imports) {
      if (fact.local) names.imported.add(fact.local);
      if (fact.imported !== '*' && fact.imported !== 'default') names.imported.add(fact.imported);
    }
    for (const call of module.calls) {
      if (call.callee.k === 'id') names.calledIds.add(call.callee.name);
      if (call.callee.k === 'member') names.calledMembers.add(call.callee.prop);
      const strings: string[] = [];
      for (const arg of call.args ?? []) collectStrings(arg.value, strings, 0);
      for (const text of strings) {
        const parsed = parseTestPath(text);
        if (parsed) index.paths.push(parsed);
      }
    }
    index.files.push(names);
  }
  return index;
}

/** Why a test reaches the endpoint, or null when none does. */
export function findTestReach(endpoint: DetectedEndpoint, index: TestIndex): string | null {
  if (pathReached(endpoint.path, index.paths)) return 'path requested in a test';
  const name = endpoint.handler?.name;
  if (!name) return null;
  const dot = name.indexOf('.');
  if (dot > 0) {
    // `UsersController.create`: a test that uses the class and calls `.create` on something.
    const cls = name.slice(0, dot);
    const method = name.slice(dot + 1);
    if (GENERIC_NAMES.has(cls)) return null;
    const file = index.files.find(
      (f) => (f.imported.has(cls) || f.calledIds.has(cls)) && f.calledMembers.has(method),
    );
    return file ? `handler ${name} used in ${file.file}` : null;
  }
  if (GENERIC_NAMES.has(name) || name.length < 3) return null;
  const file = index.files.find((f) => f.imported.has(name) || f.calledIds.has(name) || f.calledMembers.has(name));
  return file ? `handler ${name} named in ${file.file}` : null;
}
