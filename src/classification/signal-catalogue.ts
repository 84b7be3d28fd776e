import { readFileSync } from 'node:fs';
import { normalizePypiName } from '../linking/read-manifests.js';
import type { Tag } from './types.js';

/**
 * The signal catalogue (data/signals.json, schema beside it): every I/O and CPU sink gonogo
 * recognises, as reviewed data rather than code. docs/classification.md explains the fields,
 * the pattern syntax and how weights turn into a label.
 */

export type Ecosystem = 'npm' | 'pypi' | 'builtin-node' | 'builtin-python';
export type SignalKind = 'io' | 'cpu';
export type SignalTag = Extract<Tag, 'ml' | 'realtime' | 'offloaded'>;

export interface SignalEntry {
  /** Stable id shown as evidence: `npm:bcrypt.hash`. */
  id: string;
  ecosystem: Ecosystem;
  /**
   * npm package name (a trailing `/*` covers a scope: `@aws-sdk/*`), Python import root
   * (`sklearn`, `PIL`), a core module (`fs`, `hashlib`) or `builtin` for globals (`JSON`, `open`).
   */
  package: string;
  /** Member-path patterns: `hash`, `Pool().query`, `default().**` (see matchSymbolPattern). */
  symbols: string[];
  /** Patterns that look like a match but are not a sink (`Repository().create` builds an object). */
  except?: string[];
  kind: SignalKind;
  tag: SignalTag | null;
  weight: number;
  /** The call blocks the thread it runs on: on Node that is the event loop. */
  sync?: boolean;
  /** The call hands its function arguments to another thread or process: they are followed, tagged offloaded. */
  offload?: boolean;
  reason: string;
}

/**
 * A name-based match used only when the receiver of a call could not be resolved: lower
 * confidence, and said so in the evidence.
 */
export interface HeuristicEntry {
  id: string;
  language: 'js' | 'python' | 'any';
  /** Method (or function) names, matched exactly. Empty: any method. */
  methods: string[];
  /** Case-insensitive regular expression one of the names on the receiver chain must match. */
  receiver?: string;
  /** A string literal one of the arguments must equal (`text/event-stream`). */
  argument?: string;
  kind: SignalKind;
  tag: SignalTag | null;
  weight: number;
  sync?: boolean;
  offload?: boolean;
  reason: string;
}

export interface SignalCatalogue {
  version: number;
  description?: string;
  signals: SignalEntry[];
  heuristics: HeuristicEntry[];
}

let packaged: SignalCatalogue | undefined;

/** The catalogue shipped in the package's data/ folder, read once: it is the tool's own data. */
export function loadSignalCatalogue(): SignalCatalogue {
  if (!packaged) {
    const url = new URL('../../data/signals.json', import.meta.url);
    packaged = JSON.parse(readFileSync(url, 'utf8')) as SignalCatalogue;
  }
  return packaged;
}

/** A signal or heuristic that matched one call. */
export interface SignalMatch {
  id: string;
  kind: SignalKind;
  tag: SignalTag | null;
  weight: number;
  sync: boolean;
  offload: boolean;
  reason: string;
  /** Package as shown in evidence: `bcrypt`, `node:zlib`, `hashlib`, `builtin`. */
  package: string;
  heuristic: boolean;
}

interface CompiledEntry {
  entry: SignalEntry;
  symbols: RegExp[];
  except: RegExp[];
}

interface CompiledHeuristic {
  entry: HeuristicEntry;
  methods: Set<string>;
  receiver: RegExp | null;
}

export interface SignalIndex {
  /** The first catalogue entry (in file order) whose package and symbol match. */
  matchExternal(language: 'js' | 'python', packageName: string, symbol: string): SignalMatch | null;
  /**
   * The first heuristic whose method, receiver names and literal argument match a call whose
   * receiver could not be resolved.
   */
  matchHeuristic(language: 'js' | 'python', method: string, receiverNames: readonly string[], stringArgs: readonly string[]): SignalMatch | null;
  /** Heuristics that need nothing but a literal argument (a media type), tried on every call. */
  matchArgument(language: 'js' | 'python', stringArgs: readonly string[]): SignalMatch | null;
}

/**
 * Compiles a member-path pattern. Paths are dot-separated segments; `()` marks a call result
 * (`Pool().query` is `query` on what `new Pool()` returns). `*` matches within one segment,
 * `**` across any number of them.
 */
export function compileSymbolPattern(pattern: string): RegExp {
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern[i]!;
    if (char === '*') {
      if (pattern[i + 1] === '*') {
        source += '.*';
        i++;
      } else source += '[^.]*';
    } else source += char.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}

export function indexSignalCatalogue(catalogue: SignalCatalogue): SignalIndex {
  const exact = new Map<string, CompiledEntry[]>();
  const scopes: { ecosystemFamily: 'js' | 'python'; prefix: string; compiled: CompiledEntry }[] = [];
  for (const entry of catalogue.signals) {
    const compiled: CompiledEntry = {
      entry,
      symbols: entry.symbols.map(compileSymbolPattern),
      except: (entry.except ?? []).map(compileSymbolPattern),
    };
    const family = entry.ecosystem === 'npm' || entry.ecosystem === 'builtin-node' ? 'js' : 'python';
    if (entry.package.endsWith('/*')) {
      scopes.push({ ecosystemFamily: family, prefix: entry.package.slice(0, -1), compiled });
      continue;
    }
    const key = `${family}:${family === 'python' ? normalizePypiName(entry.package) : entry.package}`;
    const list = exact.get(key);
    if (list) list.push(compiled);
    else exact.set(key, [compiled]);
  }
  const heuristics: CompiledHeuristic[] = catalogue.heuristics.map((entry) => ({
    entry,
    methods: new Set(entry.methods),
    receiver: entry.receiver !== undefined ? new RegExp(entry.receiver, 'i') : null,
  }));
  const memo = new Map<string, SignalMatch | null>();

  const toMatch = (entry: SignalEntry | HeuristicEntry, packageName: string, heuristic: boolean): SignalMatch => ({
    id: entry.id,
    kind: entry.kind,
    tag: entry.tag,
    weight: entry.weight,
    sync: entry.sync === true,
    offload: entry.offload === true,
    reason: entry.reason,
    package: packageName,
    heuristic,
  });

  const displayPackage = (entry: SignalEntry, packageName: string): string =>
    entry.ecosystem === 'builtin-node' && entry.package !== 'builtin' ? `node:${packageName}` : packageName;

  return {
    matchExternal(language, packageName, symbol) {
      const key = `${language}:${language === 'python' ? normalizePypiName(packageName) : packageName}`;
      const memoKey = `${key}\0${symbol}`;
      const known = memo.get(memoKey);
      if (known !== undefined) return known;
      const candidates = [...(exact.get(key) ?? []), ...scopes.filter((s) => s.ecosystemFamily === language && packageName.startsWith(s.prefix)).map((s) => s.compiled)];
      let found: SignalMatch | null = null;
      for (const { entry, symbols, except } of candidates) {
        if (!symbols.some((re) => re.test(symbol)) || except.some((re) => re.test(symbol))) continue;
        found = toMatch(entry, displayPackage(entry, packageName), false);
        break;
      }
      memo.set(memoKey, found);
      return found;
    },
    matchHeuristic(language, method, receiverNames, stringArgs) {
      for (const { entry, methods, receiver } of heuristics) {
        if (entry.language !== 'any' && entry.language !== language) continue;
        if (methods.size === 0 || !methods.has(method)) continue;
        if (receiver && !receiverNames.some((name) => receiver.test(name))) continue;
        if (entry.argument !== undefined && !stringArgs.includes(entry.argument)) continue;
        return toMatch(entry, 'unknown', true);
      }
      return null;
    },
    matchArgument(language, stringArgs) {
      if (stringArgs.length === 0) return null;
      for (const { entry, methods } of heuristics) {
        if (entry.language !== 'any' && entry.language !== language) continue;
        if (methods.size !== 0 || entry.argument === undefined) continue;
        if (stringArgs.includes(entry.argument)) return toMatch(entry, 'unknown', true);
      }
      return null;
    },
  };
}
