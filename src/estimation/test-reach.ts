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

/**
 * Test paths as a tree of segments, so an endpoint is matched against the tests that share its
 * segments instead of against every test: a test path matches when its segments equal the
 * endpoint's, a hole or a parameter on either side matching any segment.
 */
interface SegmentTree {
  literal: Map<string, SegmentTree>;
  /** Where an interpolated segment of a test sits. */
  hole: SegmentTree | null;
  /** A test path ends here. */
  end: boolean;
}

interface TestPathTrees {
  /** Whole paths, segment by segment from the start. */
  whole: SegmentTree;
  /** Paths that began with an interpolation, from their last segment back: they match a suffix. */
  suffixes: SegmentTree;
}

function createTree(): SegmentTree {
  return { literal: new Map(), hole: null, end: false };
}

function addToTree(tree: SegmentTree, segments: readonly TestSegment[]): void {
  let node = tree;
  for (const segment of segments) {
    if (segment === null) node = node.hole ??= createTree();
    else {
      let next = node.literal.get(segment);
      if (!next) node.literal.set(segment, (next = createTree()));
      node = next;
    }
  }
  node.end = true;
}

function indexTestPaths(testPaths: readonly TestPath[]): TestPathTrees {
  const trees = { whole: createTree(), suffixes: createTree() };
  for (const test of testPaths) {
    if (test.openStart) addToTree(trees.suffixes, [...test.segments].reverse());
    else addToTree(trees.whole, test.segments);
  }
  return trees;
}

/** The subtrees a segment of the endpoint leads to: a parameter leads to all of them. */
function* nextNodes(node: SegmentTree, segment: string | null): Generator<SegmentTree> {
  if (segment === null) yield* node.literal.values();
  else {
    const next = node.literal.get(segment);
    if (next) yield next;
  }
  if (node.hole) yield node.hole;
}

/** A test path of exactly these segments. */
function reachesWhole(node: SegmentTree, segments: readonly (string | null)[], index: number): boolean {
  if (index === segments.length) return node.end;
  for (const next of nextNodes(node, segments[index]!)) if (reachesWhole(next, segments, index + 1)) return true;
  return false;
}

/** A test path of one or more of these segments, read from the last. */
function reachesSuffix(node: SegmentTree, reversed: readonly (string | null)[], index: number): boolean {
  if (index > 0 && node.end) return true;
  if (index === reversed.length) return false;
  for (const next of nextNodes(node, reversed[index]!)) if (reachesSuffix(next, reversed, index + 1)) return true;
  return false;
}

export function pathReached(path: string, trees: TestPathTrees): boolean {
  const segments = endpointSegments(path);
  return reachesWhole(trees.whole, segments, 0) || reachesSuffix(trees.suffixes, [...segments].reverse(), 0);
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
  /** Built on first use from `paths` and `files`: endpoints are looked up, not compared with every test. */
  lookup?: TestLookup;
}

interface TestLookup {
  paths: TestPathTrees;
  /** Name -> indices (ascending) into `files` of the tests that import it or call it as `name(...)`. */
  importedOrCalled: Map<string, number[]>;
  /** Name -> indices (ascending) of the tests that call it as `x.name(...)`. */
  calledAsMember: Map<string, number[]>;
  /** The same lists as sets, made when first needed. */
  sets: Map<number[], Set<number>>;
}

/** The first test (in file order) in both `a`'s list for `nameA` and `b`'s list for `nameB`: the shorter list is walked. */
function firstCommon(lookup: TestLookup, a: Map<string, number[]>, nameA: string, b: Map<string, number[]>, nameB: string): number | undefined {
  const listA = a.get(nameA);
  const listB = b.get(nameB);
  if (!listA || !listB) return undefined;
  const [walked, probed] = listA.length <= listB.length ? [listA, listB] : [listB, listA];
  let set = lookup.sets.get(probed);
  if (!set) lookup.sets.set(probed, (set = new Set(probed)));
  return walked.find((file) => set.has(file));
}

function buildLookup(index: TestIndex): TestLookup {
  const importedOrCalled = new Map<string, number[]>();
  const calledAsMember = new Map<string, number[]>();
  const add = (map: Map<string, number[]>, name: string, file: number): void => {
    const list = map.get(name);
    if (!list) map.set(name, [file]);
    else if (list[list.length - 1] !== file) list.push(file);
  };
  index.files.forEach((names, file) => {
    for (const name of names.imported) add(importedOrCalled, name, file);
    for (const name of names.calledIds) add(importedOrCalled, name, file);
    for (const name of names.calledMembers) add(calledAsMember, name, file);
  });
  return { paths: indexTestPaths(index.paths), importedOrCalled, calledAsMember, sets: new Map() };
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
  const lookup = (index.lookup ??= buildLookup(index));
  if (pathReached(endpoint.path, lookup.paths)) return 'path requested in a test';
  const name = endpoint.handler?.name;
  if (!name) return null;
  const dot = name.indexOf('.');
  if (dot > 0) {
    // `UsersController.create`: a test that uses the class and calls `.create` on something.
    const cls = name.slice(0, dot);
    const method = name.slice(dot + 1);
    if (GENERIC_NAMES.has(cls)) return null;
    const file = firstCommon(lookup, lookup.importedOrCalled, cls, lookup.calledAsMember, method);
    return file !== undefined ? `handler ${name} used in ${index.files[file]!.file}` : null;
  }
  if (GENERIC_NAMES.has(name) || name.length < 3) return null;
  // The first test, in file order, that names it either way.
  const file = Math.min(lookup.importedOrCalled.get(name)?.[0] ?? Infinity, lookup.calledAsMember.get(name)?.[0] ?? Infinity);
  return file !== Infinity ? `handler ${name} named in ${index.files[file]!.file}` : null;
}
