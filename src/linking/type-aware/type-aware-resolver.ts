import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { CallFact } from '../../parsing/types.js';
import type { ProjectIndex } from '../types.js';
import { CompilerSession } from './compiler-session.js';
import { isLoadable, LoadPlanner } from './load-plan.js';
import { CallSites, queryKey, queryOf } from './locate-call.js';
import { DeclarationMapper } from './map-declaration.js';
import type { TypeAwareOptions, TypeAwareQuery, TypeAwareStats, TypeAwareTarget } from './types.js';

export const DEFAULT_TYPE_AWARE_LIMITS = { maxFiles: 1500, maxLibraryFiles: 3000, maxCalls: 5000 } as const;

/**
 * Methods of arrays and strings that are no sink on any receiver: whatever the checker says,
 * at best a built-in the catalogue does not list. Not asked about, which halves the questions
 * of a typical service. `sort` is asked about: the checker turns a name heuristic into a fact.
 */
const PLAIN_DATA_METHODS = new Set([
  'map', 'filter', 'forEach', 'reduce', 'reduceRight', 'flatMap', 'flat', 'some', 'every', 'findIndex', 'push', 'pop', 'shift',
  'unshift', 'slice', 'splice', 'concat', 'join', 'includes', 'indexOf', 'lastIndexOf', 'reverse', 'fill', 'at', 'toString',
  'toLowerCase', 'toUpperCase', 'toLocaleLowerCase', 'toLocaleUpperCase', 'trim', 'trimStart', 'trimEnd', 'split', 'replace',
  'replaceAll', 'startsWith', 'endsWith', 'padStart', 'padEnd', 'substring', 'substr', 'charAt', 'charCodeAt', 'localeCompare',
  'toFixed', 'toISOString', 'getTime', 'valueOf', 'repeat', 'match', 'matchAll', 'normalize', 'then', 'catch', 'finally',
]);
/** JSDoc type annotations: what the checker reads in a JavaScript file. */
const JSDOC_TYPES = /@(?:type|param|returns?|typedef|template)\s*\{/;

/**
 * Answers "what does this call invoke?" with the TypeScript checker, for JS/TS calls the facts
 * left unresolved. Questions are collected while the call graph is walked and answered in
 * batches, so one program serves many questions: `lookup` returns an answer already computed or
 * queues the call, `answerPending` answers the queue. Nothing is loaded before the first batch:
 * an analysis whose calls all resolve (or that has no JS/TS) never loads ts-morph.
 */
export class TypeAwareResolver {
  private readonly answers = new Map<string, TypeAwareTarget>();
  private readonly pending = new Map<string, TypeAwareQuery>();
  private session: CompilerSession | null = null;
  private readonly limits: { maxFiles: number; maxLibraryFiles: number; maxCalls: number };
  private readonly counters = { batches: 0, asked: 0, toFunctions: 0, toPackages: 0, ms: 0, files: 0, libraryFiles: 0, overFiles: 0, overCalls: 0, cut: 0 };
  /** Calls that will not be asked: their closure did not fit, or the call budget was spent. */
  private readonly declined = new Set<string>();
  private readonly planner: LoadPlanner;
  /** What the session and the checker reported: the package declaration budget, a failure. */
  private readonly capped: string[] = [];
  private readonly typedModules = new Map<string, boolean>();
  private failed = false;

  constructor(
    private readonly index: ProjectIndex,
    private readonly options: TypeAwareOptions,
  ) {
    this.limits = {
      maxFiles: options.maxFiles ?? DEFAULT_TYPE_AWARE_LIMITS.maxFiles,
      maxLibraryFiles: options.maxLibraryFiles ?? DEFAULT_TYPE_AWARE_LIMITS.maxLibraryFiles,
      maxCalls: options.maxCalls ?? DEFAULT_TYPE_AWARE_LIMITS.maxCalls,
    };
    this.planner = new LoadPlanner(index, this.limits.maxFiles, (module) => this.readSource(module));
  }

  /**
   * The checker's answer for a call of a JS/TS module; undefined when the call is queued for the
   * next batch (asked now or earlier, not answered yet); null when it will not be asked (not
   * worth a question, left out by a budget, or the checker failed).
   */
  lookup(modulePath: string, call: CallFact): TypeAwareTarget | null | undefined {
    if (call.callee.k === 'member' && PLAIN_DATA_METHODS.has(call.callee.prop)) return null;
    if (!this.typesKnowable(modulePath)) return null;
    const query = queryOf(modulePath, call);
    const key = queryKey(query);
    const known = this.answers.get(key);
    if (known) return known;
    if (this.failed || this.declined.has(key)) return null;
    if (this.pending.has(key)) return undefined;
    // Every call is queued while the budget lasts: which of them are asked is chosen per batch,
    // by the load plan, once the whole walk has said what it needs.
    if (this.counters.asked >= this.limits.maxCalls) {
      this.declined.add(key);
      this.counters.overCalls++;
      return null;
    }
    this.pending.set(key, query);
    return undefined;
  }

  get hasPending(): boolean {
    return this.pending.size > 0;
  }

  /** Calls still queued when the classification stopped asking: they keep the facts' resolution. */
  get pendingCount(): number {
    return this.pending.size;
  }

  /**
   * Answers the queued calls the load plan chooses, with one program over their modules and their
   * import closures; the others are not asked (they keep the facts' resolution).
   */
  answerPending(): void {
    if (this.pending.size === 0) return;
    const started = performance.now();
    const all = [...this.pending.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map(([, query]) => query);
    this.pending.clear();
    const plan = this.planner.plan(all, Math.max(0, this.limits.maxCalls - this.counters.asked));
    this.counters.overFiles += plan.overFiles;
    this.counters.overCalls += plan.overCalls;
    this.counters.cut += plan.cut;
    const chosen = new Set(plan.chosen.map(queryKey));
    for (const query of all) {
      const key = queryKey(query);
      if (!chosen.has(key)) this.declined.add(key);
    }
    const queries = plan.chosen;
    if (queries.length === 0) {
      this.counters.ms += performance.now() - started;
      return;
    }
    this.counters.batches++;
    try {
      this.session ??= new CompilerSession(this.index, this.options.root, this.options.files, this.limits, this.capped);
      const session = this.session;
      session.open(plan.roots, plan.modules);
      const program = session.getProgram();
      const mapper = new DeclarationMapper(session, this.index, program.getTypeChecker(), program);
      const sites = new CallSites(session.typescript);
      for (const query of queries) this.record(query, this.answer(query, session, program, mapper, sites));
      session.close();
      this.counters.files = session.fileCount;
      this.counters.libraryFiles = session.libraryFileCount;
    } catch (error) {
      // The checker is an aid: when it fails on some code, the facts' resolution stands.
      this.capped.push(`the TypeScript checker failed (${error instanceof Error ? error.message.split('\n')[0] : String(error)}): the facts' resolution stands`);
      for (const query of queries) if (!this.answers.has(queryKey(query))) this.record(query, { kind: 'none', reason: 'the checker failed' });
      this.failed = true;
      this.release();
    }
    this.counters.ms += performance.now() - started;
  }

  private record(query: TypeAwareQuery, answer: TypeAwareTarget): void {
    this.answers.set(queryKey(query), answer);
    this.counters.asked++;
    if (answer.kind === 'function') this.counters.toFunctions++;
    if (answer.kind === 'external') this.counters.toPackages++;
  }

  /**
   * Whether the checker can know more than the facts in a module. In TypeScript, yes. In
   * JavaScript, the receivers the facts miss are mostly callback parameters (`req`, `res`,
   * `socket`) that only the packages' declarations type: without installed packages and without
   * JSDoc types the checker sees them as `any`, so such a module is not worth a question (measured
   * on the demo's notification service: 34 questions, no answer).
   */
  private typesKnowable(modulePath: string): boolean {
    const known = this.typedModules.get(modulePath);
    if (known !== undefined) return known;
    let knowable = isLoadable(this.index, modulePath);
    if (knowable && this.index.modules.get(modulePath)!.language === 'javascript') {
      const text = this.readSource(modulePath);
      knowable = (text !== null && JSDOC_TYPES.test(text)) || this.hasInstalledPackages(modulePath);
    }
    this.typedModules.set(modulePath, knowable);
    return knowable;
  }

  private readSource(modulePath: string): string | null {
    if (this.options.files) return this.options.files[modulePath] ?? null;
    try {
      return readFileSync(path.join(this.options.root, modulePath), 'utf8');
    } catch {
      return null;
    }
  }

  /** A node_modules folder beside the module or above it, inside the repository. */
  private hasInstalledPackages(modulePath: string): boolean {
    for (let dir = path.posix.dirname(modulePath); ; dir = path.posix.dirname(dir)) {
      const prefix = dir === '.' ? '' : `${dir}/`;
      const found = this.options.files
        ? Object.keys(this.options.files).some((file) => file.startsWith(`${prefix}node_modules/`))
        : existsSync(path.join(this.options.root, `${prefix}node_modules`));
      if (found) return true;
      if (prefix === '') return false;
    }
  }

  /** Drops the compiler's memory; answers already given stay. */
  release(): void {
    this.session?.close();
    this.session = null;
  }

  get stats(): TypeAwareStats {
    return {
      created: this.counters.batches > 0,
      batches: this.counters.batches,
      files: this.counters.files,
      libraryFiles: this.counters.libraryFiles,
      asked: this.counters.asked,
      toFunctions: this.counters.toFunctions,
      toPackages: this.counters.toPackages,
      ms: Math.round(this.counters.ms * 10) / 10,
      capped: this.cappedMessages(),
    };
  }

  /** Why calls or files were left out, budget by budget, then what the session and the checker reported. */
  private cappedMessages(): string[] {
    const { maxFiles, maxCalls } = this.limits;
    const { overFiles, overCalls, cut } = this.counters;
    const messages: string[] = [];
    if (overFiles > 0) messages.push(`file budget of ${maxFiles} repository files reached: ${overFiles} calls were not asked, their modules' imports did not fit`);
    if (cut > 0) messages.push(`${cut} modules asked about import more than ${this.planner.closureCap} repository files (a quarter of the file budget): the nearest were loaded, the rest typed any`);
    if (overCalls > 0) messages.push(`budget of ${maxCalls} calls asked reached: ${overCalls} later calls keep the facts' resolution`);
    return [...messages, ...this.capped];
  }

  private answer(query: TypeAwareQuery, session: CompilerSession, program: ReturnType<CompilerSession['getProgram']>, mapper: DeclarationMapper, sites: CallSites): TypeAwareTarget {
    const file = program.getSourceFile(session.absolute(query.module));
    if (!file) return { kind: 'none', reason: 'the module is not in the checker\'s program' };
    const call = sites.find(file, query);
    if (!call) return { kind: 'none', reason: "the checker's syntax has no such call on that line" };
    try {
      return mapper.targetOf(call, query.module);
    } catch (error) {
      return { kind: 'none', reason: `the checker failed on this call: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}` };
    }
  }
}
