import { performance } from 'node:perf_hooks';
import type { DetectedEndpoint, HandlerRef } from '../detectors/types.js';
import type { Diagnostic } from '../diagnostics.js';
import type { ProjectIndex } from '../linking/types.js';
import type { TypeAwareResolver } from '../linking/type-aware/type-aware-resolver.js';
import type { TypeAwareStats } from '../linking/type-aware/types.js';
import type { Expr, FunctionFact, ModuleFacts } from '../parsing/types.js';
import { CallGraph, MAX_COST_DEPTH, type CallGraphStats, type RunOnceCall, type SinkCost, type UnresolvedCall } from './call-graph.js';
import { CONFIDENCE, decideKind, round, THRESHOLDS } from './decide-kind.js';
import { canonicalSymbol } from './resolve-calls.js';
import { indexSignalCatalogue, loadSignalCatalogue, type SignalCatalogue } from './signal-catalogue.js';
import type { ChainStep, Classification, Evidence, Tag } from './types.js';

export interface ClassifyInput {
  project: ProjectIndex;
  endpoints: readonly DetectedEndpoint[];
  /** The signal catalogue; the one shipped in data/signals.json when omitted. */
  catalogue?: SignalCatalogue;
  /** Asks the TypeScript checker about JS/TS calls the facts leave unknown; without it, facts alone. */
  typeAware?: TypeAwareResolver;
}

export interface ClassifyStats extends CallGraphStats {
  endpoints: number;
  /** Milliseconds spent walking the graph from every endpoint and scoring it. */
  walkMs: number;
  /** Version of the signal catalogue used. */
  catalogueVersion: number;
  /** The type-aware resolution's cost and yield, when it was offered (its `ms` is not in buildMs or walkMs). */
  typeAware?: TypeAwareStats;
}

export interface ClassifyOutput {
  /** One per endpoint, in the same order. */
  classifications: Classification[];
  diagnostics: Diagnostic[];
  stats: ClassifyStats;
}

/** Call steps followed from an endpoint's entry points before the walk stops and says so. */
export const MAX_CHAIN_DEPTH = MAX_COST_DEPTH;
/** Evidence listed per endpoint; the label still counts every sink. */
export const MAX_EVIDENCE = 40;
/** Call paths counted per sink: beyond this, many paths are branches, not repetitions. */
export const MAX_PATHS_PER_SINK = 8;
const MAX_UNRESOLVED_NOTES = 3;
/**
 * Batches of checker questions: each walk may reach code that only the previous answers led to,
 * with questions of its own. Three batches reach what a handler's services and their helpers
 * call; what is still queued after them keeps the facts' resolution, and a diagnostic says so.
 */
export const MAX_TYPE_AWARE_BATCHES = 3;

interface Visit {
  key: string;
  module: string;
  fnId: number;
  name: string;
  prev: Visit | null;
  /** Where this function is entered: the call site in the previous function, or its own first line for an entry point. */
  file: string;
  line: number;
  steps: number;
  loops: number;
  offloaded: boolean;
}

interface Walk {
  /** Every sink reached, with its weight summed over call paths from every entry point. */
  sinks: Map<string, SinkCost>;
  /** Each reached function's visit: the shortest chain from an entry point to it. */
  visits: Map<string, Visit>;
  reached: Set<string>;
  unresolved: (UnresolvedCall & { file: string })[];
  /** Cached functions the code calls: their work is not this request's. */
  runOnce: (RunOnceCall & { file: string })[];
  recursion: string[];
  depthLimited: string[];
  /** Evidence for a handler method the view inherits from a framework class (DRF's `ModelViewSet.list`). */
  inherited: Evidence[];
}

/**
 * Classifies every endpoint by walking the call graph from its handler, its middleware, its
 * decorators and dependencies, and the framework code they trigger, down to the I/O and CPU
 * sinks of the signal catalogue. The graph is built once for all endpoints.
 */
export function classifyEndpoints(input: ClassifyInput): ClassifyOutput {
  const catalogue = input.catalogue ?? loadSignalCatalogue();
  const signals = indexSignalCatalogue(catalogue);
  const typeAware = input.typeAware;
  let graph = new CallGraph(input.project, signals, typeAware);
  const started = performance.now();
  const diagnostics: Diagnostic[] = [];
  let walks = input.endpoints.map((endpoint) => walkEndpoint(graph, endpoint));
  // The walk queued the calls it could not resolve for the checker: answer them and walk again.
  let earlierBuildMs = 0;
  for (let batch = 0; typeAware?.hasPending && batch < MAX_TYPE_AWARE_BATCHES; batch++) {
    earlierBuildMs += graph.stats.buildMs;
    typeAware.answerPending();
    graph = new CallGraph(input.project, signals, typeAware, graph);
    walks = input.endpoints.map((endpoint) => walkEndpoint(graph, endpoint));
  }
  if (typeAware) {
    const stats = typeAware.stats;
    for (const message of stats.capped) diagnostics.push({ severity: 'info', code: 'type-aware-capped', message: `type-aware resolution: ${message}`, source: 'classification' });
    if (typeAware.pendingCount > 0) {
      diagnostics.push({ severity: 'info', code: 'type-aware-capped', message: `type-aware resolution: stopped after ${MAX_TYPE_AWARE_BATCHES} batches; ${typeAware.pendingCount} calls reached last were not asked`, source: 'classification' });
    }
    typeAware.release();
  }

  // Owned lines need every endpoint's reach first: a function reached by one endpoint alone is its own.
  const reachCount = new Map<string, number>();
  for (const walk of walks) if (walk.ok) for (const key of walk.walk.reached) reachCount.set(key, (reachCount.get(key) ?? 0) + 1);

  const classifications = input.endpoints.map((endpoint, index): Classification => {
    const outcome = walks[index]!;
    if (outcome.ok) return scoreEndpoint(graph, endpoint, outcome.walk, reachCount);
    if (endpoint.generated) {
      // FastAPI's /docs and friends: the framework serves them from memory, no application code runs.
      return { kind: 'io', tags: ['trivial'], confidence: 0.8, confidenceNotes: [], evidence: [], reachedLines: 0, ownedLines: 0, reason: `generated by ${endpoint.framework}: the framework answers it without application code` };
    }
    diagnostics.push({ severity: 'warning', code: 'handler-not-followed', message: `${endpoint.method} ${endpoint.path}: ${outcome.reason}`, file: endpoint.file, line: endpoint.line, source: 'classification' });
    return { kind: 'unknown', tags: baseTags(endpoint), confidence: 0, confidenceNotes: [outcome.reason], evidence: [], reachedLines: 0, ownedLines: 0, reason: outcome.reason };
  });
  const typeAwareStats = typeAware?.stats;
  const buildMs = Math.round((earlierBuildMs + graph.stats.buildMs) * 10) / 10;
  const walkMs = performance.now() - started - buildMs - (typeAwareStats?.ms ?? 0);
  return {
    classifications,
    diagnostics,
    stats: {
      ...graph.stats,
      buildMs,
      endpoints: input.endpoints.length,
      walkMs: Math.max(0, Math.round(walkMs * 10) / 10),
      catalogueVersion: catalogue.version,
      ...(typeAwareStats ? { typeAware: typeAwareStats } : {}),
    },
  };
}

type WalkOutcome = { ok: true; walk: Walk } | { ok: false; reason: string };

function walkEndpoint(graph: CallGraph, endpoint: DetectedEndpoint): WalkOutcome {
  const project = graph.project;
  if (!endpoint.handler) return { ok: false, reason: 'the handler could not be located, so its code could not be followed' };
  const walk: Walk = { sinks: new Map(), visits: new Map(), reached: new Set(), unresolved: [], runOnce: [], recursion: [], depthLimited: [], inherited: [] };
  let handler = locateFunction(project, endpoint.handler);
  const hookRoots: Visit[] = [];
  if (!handler) {
    const inherited = inheritedHandler(graph, endpoint.handler);
    if (!inherited) return { ok: false, reason: `no function found at ${endpoint.handler.file}:${endpoint.handler.startLine} to follow` };
    if (inherited.kind === 'external-only') return { ok: false, reason: inherited.reason };
    if (inherited.kind === 'function') handler = inherited.fn;
    else {
      walk.inherited.push(...inherited.evidence);
      for (const hook of inherited.hooks) hookRoots.push({ key: `${hook.module}#${hook.fn.id}`, module: hook.module, fnId: hook.fn.id, name: hook.name, prev: null, file: hook.module, line: hook.fn.span.startLine, steps: 0, loops: 0, offloaded: false });
      if (hookRoots.length === 0 && inherited.evidence.length === 0) return { ok: false, reason: inherited.reason };
    }
  }

  const queue: Visit[] = [];
  const roots: Visit[] = [];
  const enqueue = (visit: Visit): void => {
    if (walk.reached.has(visit.key)) return;
    walk.reached.add(visit.key);
    walk.visits.set(visit.key, visit);
    queue.push(visit);
    if (!visit.prev) roots.push(visit);
  };
  const root = (module: string, fn: FunctionFact, name: string): Visit => ({ key: `${module}#${fn.id}`, module, fnId: fn.id, name, prev: null, file: module, line: fn.span.startLine, steps: 0, loops: 0, offloaded: false });

  // The handler's own reach first: a middleware or dependency it already reaches (FastAPI's
  // `Depends(get_db)` is both) is then entered once, through the handler, and counted once.
  const entries: Visit[] = handler ? [root(handler.module, handler.fn, endpoint.handler.name || functionName(project.modules.get(handler.module)!, handler.fn))] : hookRoots;
  for (const ref of endpoint.middleware ?? []) {
    const fn = locateFunction(project, ref);
    if (!fn) continue;
    const once = graph.runOnceReason(fn.module, fn.fn.id);
    if (once !== null) walk.runOnce.push({ line: endpoint.line, name: ref.name, reason: once, file: endpoint.file });
    else entries.push(root(fn.module, fn.fn, labelled(ref.name, 'middleware')));
  }
  if (handler) for (const entry of frameworkEntryPoints(graph, endpoint, handler)) entries.push(root(entry.module, entry.fn, entry.name));

  let head = 0;
  for (const entry of entries) {
    enqueue(entry);
    head = walkQueue(graph, walk, queue, head, enqueue);
  }

  // Weights come from the memoised bottom-up costs: every call path counts, not only the shortest.
  for (const entry of roots) {
    const cost = graph.costOf(entry.module, entry.fnId);
    for (const sink of cost.sinks.values()) {
      const key = `${sink.site.match.id}|${sink.module}|${sink.site.line}|${sink.offloaded ? 1 : 0}`;
      const known = walk.sinks.get(key);
      if (!known) walk.sinks.set(key, { ...sink, buckets: [...sink.buckets] });
      else {
        known.buckets = [known.buckets[0] + sink.buckets[0], known.buckets[1] + sink.buckets[1], known.buckets[2] + sink.buckets[2]];
        known.paths += sink.paths;
      }
    }
    for (const name of cost.recursion) if (!walk.recursion.includes(name)) walk.recursion.push(name);
    if (cost.depthLimited && walk.depthLimited.length === 0) walk.depthLimited.push(entry.name);
  }
  return { ok: true, walk };
}

/** Breadth first, so each function is reached by its shortest chain: the one the evidence shows. */
function walkQueue(graph: CallGraph, walk: Walk, queue: Visit[], start: number, enqueue: (visit: Visit) => void): number {
  const project = graph.project;
  let head = start;
  for (; head < queue.length; head++) {
    const visit = queue[head]!;
    const base = graph.loopDepthAt(visit.module, visit.fnId);
    for (const fnId of graph.unitOf(visit.module, visit.fnId)) {
      const key = `${visit.module}#${fnId}`;
      if (fnId !== visit.fnId) {
        walk.reached.add(key);
        if (!walk.visits.has(key)) walk.visits.set(key, visit);
      }
      const summary = graph.summaryOf(visit.module, fnId);
      for (const unresolved of summary.unresolved) walk.unresolved.push({ ...unresolved, file: visit.module });
      for (const once of summary.runOnce) walk.runOnce.push({ ...once, file: visit.module });
      for (const edge of summary.edges) {
        const target = `${edge.module}#${edge.fnId}`;
        if (walk.reached.has(target)) continue;
        if (visit.steps >= MAX_CHAIN_DEPTH) {
          if (walk.depthLimited.length < MAX_UNRESOLVED_NOTES) walk.depthLimited.push(`${visit.name} (${visit.module}:${edge.line})`);
          continue;
        }
        const targetModule = project.modules.get(edge.module)!;
        enqueue({
          key: target,
          module: edge.module,
          fnId: edge.fnId,
          name: labelled(functionName(targetModule, targetModule.functions[edge.fnId]!), edge.label),
          prev: visit,
          file: visit.module,
          line: edge.line,
          steps: visit.steps + 1,
          loops: visit.loops + Math.max(0, edge.absDepth - base),
          offloaded: visit.offloaded || edge.offloaded === true,
        });
      }
    }
  }
  return head;
}

function evidenceOf(graph: CallGraph, walk: Walk, sink: SinkCost): Evidence {
  const module = graph.project.modules.get(sink.module)!;
  const visit = walk.visits.get(`${sink.module}#${sink.fnId}`);
  const chain: ChainStep[] = visit ? chainOf(visit) : [{ name: functionName(module, module.functions[sink.fnId]!), file: sink.module, line: module.functions[sink.fnId]!.span.startLine }];
  chain.push({ name: sink.site.callee, file: sink.module, line: sink.site.line });
  const match = sink.site.match;
  const [none, one, nested] = sink.buckets;
  let weight = none + one * THRESHOLDS.loopMultiplier + nested * THRESHOLDS.nestedLoopMultiplier;
  // Many call paths to one sink are mostly alternatives (branches), not repetitions: cap their sum.
  if (sink.paths > MAX_PATHS_PER_SINK) weight = (weight * MAX_PATHS_PER_SINK) / sink.paths;
  const evidence: Evidence = {
    signal: match.id,
    kind: match.kind,
    package: match.package,
    file: sink.module,
    line: sink.site.line,
    inLoop: one + nested > 0,
    weight: round(weight),
    reason: match.reason,
    chain,
  };
  const tag = match.tag ?? (sink.offloaded && match.kind === 'cpu' ? 'offloaded' : null);
  if (tag) evidence.tag = tag;
  if (match.sync && module.language !== 'python') evidence.syncOnEventLoop = true;
  if (match.heuristic) evidence.heuristic = true;
  if (sink.offloaded) evidence.offloaded = true;
  return evidence;
}

function chainOf(visit: Visit): ChainStep[] {
  const steps: ChainStep[] = [];
  for (let current: Visit | null = visit; current; current = current.prev) steps.push({ name: current.name, file: current.file, line: current.line });
  return steps.reverse();
}

function scoreEndpoint(graph: CallGraph, endpoint: DetectedEndpoint, walk: Walk, reachCount: Map<string, number>): Classification {
  const all = [...walk.inherited, ...[...walk.sinks.values()].map((sink) => evidenceOf(graph, walk, sink))].sort(compareEvidence);
  const { reachedLines, ownedLines } = measureReach(graph.project, walk.reached, reachCount);
  const decision = decideKind(all, reachedLines);
  const notes: string[] = [];
  let confidence: number = CONFIDENCE.base;

  const unresolved = dedupeUnresolved(walk.unresolved);
  if (unresolved.length > 0) {
    confidence -= Math.min(CONFIDENCE.maxUnresolvedPenalty, unresolved.length * CONFIDENCE.perUnresolvedCall);
    const examples = unresolved.slice(0, MAX_UNRESOLVED_NOTES).map((u) => `${u.text} at ${u.file}:${u.line}`);
    notes.push(`${unresolved.length} call${unresolved.length === 1 ? '' : 's'} could not be resolved: ${examples.join(', ')}${unresolved.length > examples.length ? ', …' : ''}`);
  }
  const heuristics = all.filter((e) => e.heuristic);
  if (heuristics.length > 0) {
    confidence -= Math.min(CONFIDENCE.maxHeuristicPenalty, heuristics.length * CONFIDENCE.perHeuristicSink);
    notes.push(`${heuristics.length} sink${heuristics.length === 1 ? '' : 's'} matched by name only (receiver type unknown): ${[...new Set(heuristics.map((e) => e.signal))].join(', ')}`);
  }
  if (walk.depthLimited.length > 0) {
    confidence -= CONFIDENCE.depthLimit;
    notes.push(`depth limit of ${MAX_CHAIN_DEPTH} calls reached; not followed beyond ${walk.depthLimited.join(', ')}`);
  }
  const runOnce = dedupeRunOnce(walk.runOnce);
  if (runOnce.length > 0) {
    const examples = runOnce.slice(0, MAX_UNRESOLVED_NOTES).map((r) => `${r.name} (${r.reason}) at ${r.file}:${r.line}`);
    notes.push(`not counted, cached for the life of the process: ${examples.join(', ')}${runOnce.length > examples.length ? ', …' : ''}`);
  }
  if (walk.recursion.length > 0) notes.push(`recursive calls through ${walk.recursion.join(', ')}: each cycle is followed once and its work counted as in a loop`);
  if (all.length === 0) {
    confidence = Math.min(confidence, CONFIDENCE.noSinkCeiling);
    notes.push('no sink reached: the label is the default for code that neither waits nor computes visibly');
  }
  if (decision.nearThreshold) {
    confidence -= CONFIDENCE.nearThreshold;
    notes.push(`close to a threshold (CPU weight ${decision.cpuWeight}, I/O weight ${decision.ioWeight}): a small change could flip the label`);
  }
  if (all.length > MAX_EVIDENCE) notes.push(`${all.length - MAX_EVIDENCE} weaker sinks not listed (all ${all.length} count towards the label)`);

  const tags = new Set<Tag>(baseTags(endpoint));
  if (all.some((e) => e.tag === 'realtime')) tags.add('realtime');
  if (all.some((e) => e.kind === 'cpu' && e.tag === 'ml')) tags.add('ml');
  if (all.some((e) => e.kind === 'cpu' && e.offloaded)) tags.add('offloaded');
  if (all.length === 0 && reachedLines <= THRESHOLDS.trivialLines) tags.add('trivial');

  return {
    kind: decision.kind,
    tags: sortTags(tags),
    confidence: round(Math.max(CONFIDENCE.floor, Math.min(1, confidence))),
    confidenceNotes: notes,
    evidence: all.slice(0, MAX_EVIDENCE),
    reachedLines,
    ownedLines,
    reason: decision.reason,
  };
}

function baseTags(endpoint: DetectedEndpoint): Tag[] {
  return endpoint.method === 'WS' || (endpoint.tags ?? []).includes('realtime') ? ['realtime'] : [];
}

const TAG_ORDER: Tag[] = ['ml', 'offloaded', 'realtime', 'trivial'];
function sortTags(tags: Set<Tag>): Tag[] {
  return TAG_ORDER.filter((tag) => tags.has(tag));
}

function compareEvidence(a: Evidence, b: Evidence): number {
  return (
    b.weight - a.weight ||
    (a.kind === b.kind ? 0 : a.kind === 'cpu' ? -1 : 1) ||
    a.chain.length - b.chain.length ||
    a.file.localeCompare(b.file) ||
    a.line - b.line ||
    a.signal.localeCompare(b.signal)
  );
}

/** Lines of every reached function, nested functions counted once inside their parent. */
function measureReach(project: ProjectIndex, reached: Set<string>, reachCount: Map<string, number>): { reachedLines: number; ownedLines: number } {
  let reachedLines = 0;
  let ownedLines = 0;
  for (const key of reached) {
    const hash = key.lastIndexOf('#');
    const module = project.modules.get(key.slice(0, hash))!;
    const fn = module.functions[Number(key.slice(hash + 1))]!;
    let ancestorReached = false;
    for (let parent = fn.parent; parent >= 0; parent = module.functions[parent]!.parent) {
      if (reached.has(`${module.path}#${parent}`)) {
        ancestorReached = true;
        break;
      }
    }
    if (ancestorReached) continue;
    reachedLines += fn.codeLines;
    if (reachCount.get(key) === 1) ownedLines += fn.codeLines;
  }
  return { reachedLines, ownedLines };
}

/** One note per cached function, at the first place the walk met a call to it. */
function dedupeRunOnce(list: (RunOnceCall & { file: string })[]): (RunOnceCall & { file: string })[] {
  const seen = new Set<string>();
  return list.filter((r) => !seen.has(r.name) && Boolean(seen.add(r.name)));
}

function dedupeUnresolved(list: (UnresolvedCall & { file: string })[]): (UnresolvedCall & { file: string })[] {
  const seen = new Set<string>();
  const unique: (UnresolvedCall & { file: string })[] = [];
  for (const item of list) {
    const key = `${item.file}:${item.line}:${item.text}`;
    if (seen.has(key)) continue;
    seen.add(key);
    unique.push(item);
  }
  return unique.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.text.localeCompare(b.text));
}

/** Methods a class-based view's framework calls around the handler, which the view may override. */
const VIEW_HOOK_METHODS = [
  'dispatch', 'initial', 'get_queryset', 'get_object', 'filter_queryset', 'paginate_queryset', 'get_serializer', 'get_serializer_class',
  'get_serializer_context', 'perform_create', 'perform_update', 'perform_destroy', 'get_context_data', 'get_form_kwargs', 'form_valid',
  'form_invalid', 'get_success_url', 'get_template_names', 'get',
];

type InheritedHandler =
  | { kind: 'function'; fn: { module: string; fn: FunctionFact } }
  | { kind: 'framework'; evidence: Evidence[]; hooks: { module: string; fn: FunctionFact; name: string }[]; reason: string }
  | { kind: 'external-only'; reason: string };

/**
 * A handler named `View.method` whose method the class does not define: inherited from a base in
 * the repository (followed as the handler), or from the framework (DRF's `ModelViewSet.list`):
 * then the catalogue says what the framework method does, and the class's own overrides of the
 * hooks it calls (`get_queryset`, `perform_create`...) are entry points.
 */
function inheritedHandler(graph: CallGraph, ref: HandlerRef): InheritedHandler | null {
  const module = graph.project.modules.get(ref.file);
  const dot = ref.name.lastIndexOf('.');
  if (!module || dot < 0) return null;
  const className = ref.name.slice(0, dot);
  const method = ref.name.slice(dot + 1);
  const cls = module.classes.find((c) => c.name === className && c.span.startLine <= ref.startLine && ref.startLine <= c.span.endLine);
  if (!cls) return null;
  const own = graph.resolver.classMethod(module.path, cls, method, 0);
  if (own) return { kind: 'function', fn: own };
  const base = graph.resolver.externalBase(module.path, cls, 0);
  if (!base) return null;
  const language = module.language === 'python' ? 'python' : 'js';
  const symbol = `${base.path}().${method}`;
  const match = graph.signals.matchExternal(language, base.package, symbol);
  const evidence: Evidence[] = [];
  const line = cls.span.startLine;
  if (match) {
    evidence.push({
      signal: match.id,
      kind: match.kind,
      package: match.package,
      file: module.path,
      line,
      inLoop: false,
      weight: match.weight,
      reason: match.reason,
      chain: [
        { name: ref.name, file: module.path, line },
        { name: `${base.package} ${base.path}.${method} (inherited)`, file: module.path, line },
      ],
      ...(match.tag ? { tag: match.tag } : {}),
    });
  }
  const hooks: { module: string; fn: FunctionFact; name: string }[] = [];
  for (const name of VIEW_HOOK_METHODS) {
    if (name === method) continue;
    const hook = graph.resolver.classMethod(module.path, cls, name, 0);
    if (hook) hooks.push({ ...hook, name: labelled(functionName(graph.project.modules.get(hook.module)!, hook.fn), `called by ${base.path}.${method}`) });
  }
  const reason = `${ref.name} is inherited from ${base.package} ${base.path}: framework code, not followed`;
  return hooks.length === 0 && evidence.length === 0 ? { kind: 'external-only', reason } : { kind: 'framework', evidence, hooks, reason };
}

/** The function a detector's handler reference points at: by id when it has one, else by its span. */
export function locateFunction(project: ProjectIndex, ref: HandlerRef): { module: string; fn: FunctionFact } | null {
  const module = project.modules.get(ref.file);
  if (!module) return null;
  if (ref.fnId !== undefined) {
    const fn = module.functions[ref.fnId];
    if (fn && fn.span.startLine <= ref.startLine && ref.startLine <= fn.span.endLine) return { module: module.path, fn };
  }
  const candidates = module.functions.filter((f) => f.span.startLine === ref.startLine);
  const fn = candidates.find((f) => f.span.endLine === ref.endLine) ?? candidates[0];
  return fn ? { module: module.path, fn } : null;
}

/** `User.hashPassword (TypeORM @BeforeInsert)`; an anonymous function is named by how it is reached alone. */
function labelled(name: string, label: string | undefined): string {
  if (!label) return name;
  return name === '<anonymous>' || name === '<lambda>' ? label : `${name} (${label})`;
}

export function functionName(module: ModuleFacts, fn: FunctionFact): string {
  if (fn.classId !== undefined) return `${module.classes[fn.classId]?.name ?? '<class>'}.${fn.name}`;
  return fn.name;
}

interface EntryPoint {
  module: string;
  fn: FunctionFact;
  name: string;
}

/**
 * Entry points a framework adds around the handler: NestJS guards, interceptors and pipes
 * (`@UseGuards(JwtAuthGuard)`, also on the controller class), passport strategies behind
 * `AuthGuard('local')` or a `passport.authenticate('local')` in the route's registration.
 */
function frameworkEntryPoints(graph: CallGraph, endpoint: DetectedEndpoint, handler: { module: string; fn: FunctionFact }): EntryPoint[] {
  const project = graph.project;
  const module = project.modules.get(handler.module)!;
  const entries: EntryPoint[] = [];
  const decorators: { expr: Expr; scope: number }[] = handler.fn.decorators.map((expr) => ({ expr, scope: handler.fn.parent }));
  if (handler.fn.classId !== undefined) {
    const cls = module.classes[handler.fn.classId]!;
    for (const expr of cls.decorators) decorators.push({ expr, scope: cls.parent });
  }
  if (module.language !== 'python') {
    for (const { expr, scope } of decorators) {
      if (expr.k !== 'call') continue;
      const callee = graph.resolver.resolveExpr(expr.callee, handler.module, scope);
      if (callee.kind !== 'external' || callee.package !== '@nestjs/common') continue;
      const kind = canonicalSymbol(callee.imported);
      const methodName = kind === 'UseGuards' ? 'canActivate' : kind === 'UseInterceptors' ? 'intercept' : kind === 'UsePipes' ? 'transform' : null;
      if (!methodName) continue;
      for (const arg of expr.args) entries.push(...guardEntries(graph, handler.module, arg.value, scope, methodName, kind));
    }
  }
  // passport.authenticate('local') between the route's registration and its handler.
  const registration = project.modules.get(endpoint.file);
  if (registration) {
    const last = endpoint.handler && endpoint.handler.file === endpoint.file && endpoint.handler.startLine >= endpoint.line ? endpoint.handler.startLine : endpoint.line;
    for (const call of registration.calls) {
      if (call.line < endpoint.line || call.line > last || call.callee.k !== 'member' || call.callee.prop !== 'authenticate') continue;
      const target = graph.resolver.resolveCall(registration.path, call.callee, call.scope);
      for (const triggered of graph.hooks.triggeredBy(registration.path, target, (call.args ?? []).map((a) => a.value), call.scope)) {
        entries.push({ module: triggered.module, fn: triggered.fn, name: labelled(functionName(project.modules.get(triggered.module)!, triggered.fn), triggered.label) });
      }
    }
  }
  return entries;
}

function guardEntries(graph: CallGraph, modulePath: string, arg: Expr, scope: number, methodName: string, decorator: string): EntryPoint[] {
  const project = graph.project;
  const entries: EntryPoint[] = [];
  const fromTrigger = (expr: Expr, exprModule: string, exprScope: number): void => {
    if (expr.k !== 'call') return;
    const target = graph.resolver.resolveCall(exprModule, expr.callee, exprScope);
    for (const triggered of graph.hooks.triggeredBy(exprModule, target, expr.args.map((a) => a.value), exprScope)) {
      entries.push({ module: triggered.module, fn: triggered.fn, name: labelled(functionName(project.modules.get(triggered.module)!, triggered.fn), triggered.label) });
    }
  };
  // `AuthGuard('jwt')` inline.
  fromTrigger(arg, modulePath, scope);
  const binding = graph.resolver.resolveExpr(arg, modulePath, scope);
  if (binding.kind === 'class') {
    const method = graph.resolver.classMethod(binding.module, binding.cls, methodName, 0);
    if (method) entries.push({ module: method.module, fn: method.fn, name: labelled(functionName(project.modules.get(method.module)!, method.fn), `@${decorator}`) });
    // `class JwtAuthGuard extends AuthGuard('jwt') {}`
    for (const base of binding.cls.bases) fromTrigger(base, binding.module, binding.cls.parent);
  }
  return entries;
}
