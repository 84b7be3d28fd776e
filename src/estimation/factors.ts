import type { FunctionFact, ModuleFacts } from '../parsing/types.js';
import type { PackageManifest } from '../linking/types.js';
import type { Assumptions, ConcurrencyKind, TypingMultipliers } from './assumptions.js';
import type { DependencyMapping, DynamicFeatureKind, DynamicFeatureSite, EstimateFactor } from './types.js';
import { findConcurrencyPatterns, findDynamicFeatures, findWrapperFactories, type ConcurrencySite } from './code-patterns.js';
import { isRelativeSource, npmPackageOf } from './code-facts.js';
import { packageKey, type GoEquivalentIndex } from './go-equivalents.js';
import { formatMultiplier, formatNumber, formatPercent, formatSites, plural } from './format.js';

/**
 * The adjustments. Each returns an EstimateFactor (a multiplier on effort, the range widening
 * it adds, its evidence) plus the raw figures the risk score reuses.
 */

export interface FactorInputs {
  production: readonly ModuleFacts[];
  productionLines: number;
  /** Likely engineer-months before adjustments: per-occurrence costs are priced against it. */
  baseLikelyMonths: number;
  assumptions: Assumptions;
}

function describeEffect(value: number, uncertainty: number): string {
  const change = value - 1;
  const effort =
    Math.abs(change) < 1e-9
      ? 'neutral'
      : `${formatMultiplier(value)} effort (${change > 0 ? '+' : '-'}${formatPercent(Math.abs(change))})`;
  return uncertainty > 0 ? `${effort}; widens the range by ${formatPercent(uncertainty)}` : effort;
}

function makeFactor(id: string, title: string, value: number, uncertainty: number, evidence: string[]): EstimateFactor {
  return { id, title, value, uncertainty, evidence, effect: describeEffect(value, uncertainty) };
}

// ---------------------------------------------------------------- typing

type TypingClass = keyof TypingMultipliers;

interface TypingGroup {
  files: ModuleFacts[];
  lines: number;
  any: number;
  annotated: number;
  params: number;
}

function groupTyping(modules: readonly ModuleFacts[]): TypingGroup {
  return {
    files: [...modules],
    lines: modules.reduce((sum, m) => sum + m.measures.code, 0),
    any: modules.reduce((sum, m) => sum + m.typing.anyCount, 0),
    annotated: modules.reduce((sum, m) => sum + m.typing.annotatedParams, 0),
    params: modules.reduce((sum, m) => sum + m.typing.totalParams, 0),
  };
}

function annotatedShare(group: TypingGroup): number {
  return group.params === 0 ? 0 : group.annotated / group.params;
}

export function computeTypingFactor({ production, productionLines, assumptions }: FactorInputs): EstimateFactor {
  const t = assumptions.typing;
  const ts = groupTyping(production.filter((m) => m.language === 'typescript'));
  const js = groupTyping(production.filter((m) => m.language === 'javascript'));
  const py = groupTyping(production.filter((m) => m.language === 'python'));
  const evidence: string[] = [];
  let weighted = 0;
  let untypedLines = 0;

  if (ts.lines > 0) {
    const anyPer1k = (ts.any / ts.lines) * 1000;
    const share = annotatedShare(ts);
    const cls: TypingClass =
      anyPer1k > t.anyHeavyPer1k
        ? 'typescriptAnyHeavy'
        : share >= t.strictAnnotatedShare && anyPer1k <= t.strictMaxAnyPer1k
          ? 'typescriptStrict'
          : 'typescriptLoose';
    weighted += ts.lines * t.multipliers[cls];
    if (cls === 'typescriptAnyHeavy') untypedLines += ts.lines;
    const label = { typescriptStrict: 'strict', typescriptLoose: 'loose', typescriptAnyHeavy: 'any-heavy' }[cls as string];
    evidence.push(
      `TypeScript: ${plural(ts.files.length, 'file')}, ${formatNumber(ts.lines)} lines; ${formatPercent(share)} of ${plural(ts.params, 'parameter')} annotated; ${formatNumber(anyPer1k, 1)} \`any\` per 1,000 lines -> ${label} (${formatMultiplier(t.multipliers[cls])})`,
    );
    const anyFiles = ts.files.filter((m) => m.typing.anyCount > 0).sort((a, b) => b.typing.anyCount - a.typing.anyCount || a.path.localeCompare(b.path));
    if (anyFiles.length > 0) {
      evidence.push(`most \`any\`: ${anyFiles.slice(0, 3).map((m) => `${m.path} (${m.typing.anyCount})`).join(', ')}`);
    }
  }
  if (js.lines > 0) {
    weighted += js.lines * t.multipliers.javascript;
    untypedLines += js.lines;
    evidence.push(
      `JavaScript: ${plural(js.files.length, 'file')}, ${formatNumber(js.lines)} lines, no static types -> ${formatMultiplier(t.multipliers.javascript)}; e.g. ${js.files.slice(0, 3).map((m) => m.path).join(', ')}`,
    );
  }
  if (py.lines > 0) {
    const share = annotatedShare(py);
    const cls: TypingClass =
      share >= t.pythonTypedShare ? 'pythonTyped' : share >= t.pythonPartialShare ? 'pythonPartial' : 'pythonUntyped';
    weighted += py.lines * t.multipliers[cls];
    if (cls === 'pythonUntyped') untypedLines += py.lines;
    const label = { pythonTyped: 'typed', pythonPartial: 'partially typed', pythonUntyped: 'untyped' }[cls as string];
    evidence.push(
      `Python: ${plural(py.files.length, 'file')}, ${formatNumber(py.lines)} lines; ${formatPercent(share)} of ${plural(py.params, 'parameter')} annotated -> ${label} (${formatMultiplier(t.multipliers[cls])})`,
    );
    const least = py.files
      .filter((m) => m.typing.totalParams > 0)
      .sort((a, b) => a.typing.annotatedParams / a.typing.totalParams - b.typing.annotatedParams / b.typing.totalParams || b.typing.totalParams - a.typing.totalParams || a.path.localeCompare(b.path));
    if (cls !== 'pythonTyped' && least.length > 0) {
      evidence.push(`least annotated: ${least.slice(0, 3).map((m) => `${m.path} (${m.typing.annotatedParams} of ${m.typing.totalParams})`).join(', ')}`);
    }
  }
  const value = productionLines > 0 ? weighted / productionLines : 1;
  const uncertainty = productionLines > 0 ? (untypedLines / productionLines) * t.untypedUncertainty : 0;
  if (evidence.length === 0) evidence.push('no production code');
  return makeFactor('typing', 'Source typing', value, uncertainty, evidence);
}

// ---------------------------------------------------------------- day-priced patterns

function priceOccurrences(
  weighted: number,
  daysPerWeight: number,
  cap: number,
  uncertaintyRatio: number,
  inputs: FactorInputs,
): { value: number; uncertainty: number; extraMonths: number } {
  const extraMonths = (weighted * daysPerWeight) / inputs.assumptions.workingDaysPerMonth;
  const added = inputs.baseLikelyMonths > 0 ? Math.min(cap, extraMonths / inputs.baseLikelyMonths) : 0;
  return { value: 1 + added, uncertainty: added * uncertaintyRatio, extraMonths };
}

function summariseByKind<K extends string>(
  sites: readonly { kind: K; file: string; line: number; what: string }[],
  weights: Record<K, number>,
): string[] {
  const byKind = new Map<K, { file: string; line: number; what: string }[]>();
  for (const site of sites) byKind.set(site.kind, [...(byKind.get(site.kind) ?? []), site]);
  return [...byKind.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([kind, list]) => {
      const whats = [...new Set(list.map((site) => site.what))].sort().slice(0, 3).join(', ');
      return `${kind}: ${formatNumber(list.length)} × weight ${formatNumber(weights[kind], 2)} (${whats}) at ${formatSites(list)}`;
    });
}

export interface DynamicFeaturesResult {
  factor: EstimateFactor;
  sites: DynamicFeatureSite[];
  weighted: number;
}

export function computeDynamicFeaturesFactor(inputs: FactorInputs): DynamicFeaturesResult {
  const a = inputs.assumptions.dynamicFeatures;
  const wrappers = findWrapperFactories(inputs.production);
  const sites = inputs.production
    .flatMap((module) => findDynamicFeatures(module, wrappers))
    .sort((x, y) => x.file.localeCompare(y.file) || x.line - y.line || x.kind.localeCompare(y.kind));
  const weighted = sites.reduce((sum, site) => sum + a.weights[site.kind as DynamicFeatureKind], 0);
  const priced = priceOccurrences(weighted, a.daysPerWeight, a.cap, a.uncertaintyRatio, inputs);
  const evidence =
    sites.length === 0
      ? ['none found (eval/exec, getattr/setattr, metaclasses, monkey patching, Proxy, dynamic imports, rewriting decorators)']
      : [
          `${plural(sites.length, 'occurrence')}, weight ${formatNumber(weighted, 2)} × ${formatNumber(a.daysPerWeight, 2)} days = ${formatNumber(weighted * a.daysPerWeight, 2)} engineer-days = ${formatNumber(priced.extraMonths, 3)} engineer-months on a base of ${formatNumber(inputs.baseLikelyMonths, 3)}`,
          ...summariseByKind(sites, a.weights),
        ];
  return {
    factor: makeFactor('dynamic-features', 'Dynamic features', priced.value, priced.uncertainty, evidence),
    sites,
    weighted,
  };
}

export interface ConcurrencyResult {
  factor: EstimateFactor;
  sites: ConcurrencySite[];
}

export function computeConcurrencyFactor(inputs: FactorInputs): ConcurrencyResult {
  const a = inputs.assumptions.concurrency;
  const sites = inputs.production
    .flatMap((module) => findConcurrencyPatterns(module))
    .sort((x, y) => x.file.localeCompare(y.file) || x.line - y.line || x.kind.localeCompare(y.kind));
  const weighted = sites.reduce((sum, site) => sum + a.weights[site.kind as ConcurrencyKind], 0);
  const priced = priceOccurrences(weighted, a.daysPerWeight, a.cap, a.uncertaintyRatio, inputs);
  const evidence =
    sites.length === 0
      ? ['none found (event emitters, listeners, Node callbacks, Promise fan-out, asyncio tasks, threads, processes)']
      : [
          `${plural(sites.length, 'occurrence')}, weight ${formatNumber(weighted, 2)} × ${formatNumber(a.daysPerWeight, 2)} days = ${formatNumber(weighted * a.daysPerWeight, 2)} engineer-days = ${formatNumber(priced.extraMonths, 3)} engineer-months on a base of ${formatNumber(inputs.baseLikelyMonths, 3)}`,
          ...summariseByKind(sites, a.weights),
        ];
  return { factor: makeFactor('concurrency', 'Concurrency patterns', priced.value, priced.uncertainty, evidence), sites };
}

// ---------------------------------------------------------------- complexity

export interface ComplexityResult {
  factor: EstimateFactor;
  hotspots: { file: string; fn: FunctionFact }[];
  hotspotLines: number;
  share: number;
}

export function computeComplexityFactor({ production, productionLines, assumptions }: FactorInputs): ComplexityResult {
  const a = assumptions.complexity;
  const hotspots: { file: string; fn: FunctionFact }[] = [];
  let hotspotLines = 0;
  for (const module of production) {
    const isHot = (fn: FunctionFact) => fn.complexity > a.threshold;
    const hotAncestor = (fn: FunctionFact): boolean => {
      let parent = fn.parent;
      while (parent !== -1) {
        const outer = module.functions[parent];
        if (!outer) return false;
        if (isHot(outer)) return true;
        parent = outer.parent;
      }
      return false;
    };
    for (const fn of module.functions) {
      if (!isHot(fn)) continue;
      hotspots.push({ file: module.path, fn });
      // A hot function inside a hot function: its lines are already in the outer one's.
      if (!hotAncestor(fn)) hotspotLines += fn.codeLines;
    }
  }
  hotspots.sort((x, y) => y.fn.complexity - x.fn.complexity || x.file.localeCompare(y.file) || x.fn.span.startLine - y.fn.span.startLine);
  const share = productionLines > 0 ? Math.min(1, hotspotLines / productionLines) : 0;
  const value = 1 + a.premium * share;
  const evidence =
    hotspots.length === 0
      ? [`no function above complexity ${a.threshold}`]
      : [
          `${plural(hotspots.length, 'function')} above complexity ${a.threshold}: ${formatNumber(hotspotLines)} lines, ${formatPercent(share)} of production code; 1 + ${formatNumber(a.premium, 2)} × ${formatNumber(share, 4)}`,
          `worst: ${hotspots
            .slice(0, 3)
            .map(({ file, fn }) => `${file}:${fn.span.startLine} ${fn.name} (complexity ${fn.complexity}, ${fn.codeLines} lines)`)
            .join('; ')}`,
        ];
  return {
    factor: makeFactor('complexity', 'Complexity hotspots', value, (value - 1) * a.uncertaintyRatio, evidence),
    hotspots,
    hotspotLines,
    share,
  };
}

// ---------------------------------------------------------------- dependencies

export interface DependencyResult {
  factor: EstimateFactor;
  mappings: DependencyMapping[];
  /** Share of production lines importing a package without Go equivalent or unmapped (capped at 1). */
  gapShare: number;
}

interface Usage {
  files: Set<string>;
  lines: number;
  firstSite?: { file: string; line: number };
}

export function computeDependencyFactor(
  inputs: FactorInputs,
  manifests: readonly PackageManifest[],
  equivalents: GoEquivalentIndex,
  skippedManifests: readonly string[] = [],
): DependencyResult {
  const a = inputs.assumptions.dependencies;
  const declared = new Map<string, { ecosystem: 'npm' | 'pypi'; name: string; declaredIn: Set<string> }>();
  for (const manifest of manifests) {
    for (const name of Object.keys(manifest.dependencies)) {
      const key = packageKey(manifest.ecosystem, name);
      const entry = declared.get(key) ?? { ecosystem: manifest.ecosystem, name, declaredIn: new Set<string>() };
      entry.declaredIn.add(manifest.file);
      declared.set(key, entry);
    }
  }

  // Python import roots of the declared PyPI packages, longest first (`google.cloud.storage` before `google`).
  const pypiRoots: { root: string; key: string }[] = [];
  for (const [key, entry] of declared) {
    if (entry.ecosystem !== 'pypi') continue;
    for (const root of equivalents.importRootsOf(entry.name)) pypiRoots.push({ root, key });
  }
  pypiRoots.sort((x, y) => y.root.length - x.root.length || x.root.localeCompare(y.root));

  const usage = new Map<string, Usage>();
  for (const module of inputs.production) {
    const seen = new Set<string>();
    for (const fact of [...module.imports].sort((x, y) => x.line - y.line)) {
      if (fact.typeOnly || isRelativeSource(fact.source)) continue;
      let key: string | undefined;
      if (module.language === 'python') {
        key = pypiRoots.find(({ root }) => fact.source === root || fact.source.startsWith(`${root}.`))?.key;
      } else {
        const name = npmPackageOf(fact.source);
        key = name ? packageKey('npm', name) : undefined;
      }
      if (!key || !declared.has(key) || seen.has(key)) continue;
      seen.add(key);
      const entry = usage.get(key) ?? { files: new Set<string>(), lines: 0 };
      entry.files.add(module.path);
      entry.lines += module.measures.code;
      entry.firstSite ??= { file: module.path, line: fact.line };
      usage.set(key, entry);
    }
  }

  const overrides = new Map(
    Object.entries(a.fits).map(([key, fit]) => {
      const [ecosystem, ...rest] = key.split(':');
      return [packageKey(ecosystem === 'pypi' ? 'pypi' : 'npm', rest.join(':')), fit] as const;
    }),
  );

  const mappings: DependencyMapping[] = [];
  let added = 0;
  let widening = 0;
  // A file importing two packages without a Go equivalent is still one file's lines.
  const gapFiles = new Set<string>();
  const lines: Record<'drop-in' | 'different-api' | 'none' | 'unmapped', string[]> = {
    'drop-in': [],
    'different-api': [],
    none: [],
    unmapped: [],
  };
  const unused: string[] = [];
  const sortedKeys = [...declared.keys()].sort();
  for (const key of sortedKeys) {
    const entry = declared.get(key)!;
    const known = equivalents.lookup(entry.ecosystem, entry.name);
    const fit = overrides.get(key) ?? known?.fit ?? 'unmapped';
    const used = usage.get(key);
    const share = used && inputs.productionLines > 0 ? used.lines / inputs.productionLines : 0;
    mappings.push({
      ecosystem: entry.ecosystem,
      name: entry.name,
      fit,
      go: known?.go ?? [],
      ...(known?.note ? { note: known.note } : {}),
      files: used?.files.size ?? 0,
      lines: used?.lines ?? 0,
      declaredIn: [...entry.declaredIn].sort(),
    });
    if (!used) {
      unused.push(`${entry.name} (${entry.ecosystem})`);
      continue;
    }
    const weight = fit === 'different-api' ? a.differentApi : fit === 'none' ? a.none : fit === 'unmapped' ? a.unmapped : 0;
    added += weight * share;
    if (fit === 'none') widening += a.noneUncertainty * share;
    if (fit === 'unmapped') widening += a.unmappedUncertainty * share;
    if (fit === 'none' || fit === 'unmapped') for (const file of used.files) gapFiles.add(file);
    const go = known?.go.length ? ` -> ${known.go.join(', ')}` : '';
    const contribution = weight > 0 ? `; +${formatNumber(weight, 2)} × ${formatNumber(share, 4)}` : '';
    lines[fit].push(
      `${entry.name} (${entry.ecosystem})${go}: ${plural(used.files.size, 'file')}, ${formatNumber(used.lines)} lines (${formatPercent(share)}), e.g. ${used.firstSite!.file}:${used.firstSite!.line}${contribution}`,
    );
  }
  const value = 1 + Math.min(a.cap, added);
  const count = (fit: DependencyMapping['fit']) => mappings.filter((m) => m.fit === fit).length;
  const evidence = [
    mappings.length === 0
      ? 'no runtime dependencies declared in a manifest'
      : `${plural(mappings.length, 'runtime dependency', 'runtime dependencies')}: ${count('drop-in')} drop-in, ${count('different-api')} different API, ${count('none')} without Go equivalent, ${count('unmapped')} unmapped`,
    ...lines.none.map((line) => `none: ${line}`),
    ...lines.unmapped.map((line) => `unmapped: ${line}`),
    ...lines['different-api'].map((line) => `different API: ${line}`),
    ...lines['drop-in'].map((line) => `drop-in: ${line}`),
  ];
  if (unused.length > 0) evidence.push(`declared but not imported by production code: ${unused.join(', ')}`);
  if (skippedManifests.length > 0) evidence.push(`frontend packages left out: ${skippedManifests.join(', ')}`);
  let gapLines = 0;
  for (const module of inputs.production) if (gapFiles.has(module.path)) gapLines += module.measures.code;
  return {
    factor: makeFactor('dependencies', 'Third-party dependencies', value, widening, evidence),
    mappings,
    gapShare: inputs.productionLines > 0 ? Math.min(1, gapLines / inputs.productionLines) : 0,
  };
}

