import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { ConfigError } from '../errors.js';
import type { DynamicFeatureKind, MonthsRange } from './types.js';

/**
 * Every number the estimate uses, in one place. Each default names its source: "article" is
 * the Scale-series post in ../shared/reference/scale-article.txt; anything else is our stated
 * reasoning, which docs/estimate.md repeats at length. All of it is overridable under
 * `assumptions` in gonogo.config.json; `resolveAssumptions` validates the overrides.
 */

export type ConcurrencyKind =
  | 'event-emitter'
  | 'event-listener'
  | 'node-callback'
  | 'promise-fanout'
  | 'async-task'
  | 'thread'
  | 'process';

export type DependencyFitOverride = 'drop-in' | 'different-api' | 'none';

export interface TypingMultipliers {
  typescriptStrict: number;
  typescriptLoose: number;
  typescriptAnyHeavy: number;
  javascript: number;
  pythonTyped: number;
  pythonPartial: number;
  pythonUntyped: number;
}

export interface Assumptions {
  baseline: {
    /** Article: "Migrating a 40K-line Node service to Go takes 2–4 engineer-months". */
    lines: number;
    /** Article: 2 (low) and 4 (high); 3 is the midpoint, our likely value. */
    months: MonthsRange;
  };
  /**
   * Effort grows as (lines / baseline.lines)^sizeExponent. 1.05 is COCOMO 81's organic-mode
   * exponent (Boehm, Software Engineering Economics, 1981): the mode for small teams on
   * well-understood work, which a port of existing code is. COCOMO II's nominal value is ~1.10.
   */
  sizeExponent: number;
  /**
   * Test lines cost this fraction of a production line to port. Our reasoning: tests are
   * repetitive arrange/act/assert code whose expected values carry over unchanged, but their
   * mocks and fixtures must be rebuilt around Go interfaces, so they are not free.
   */
  testEffortRatio: number;
  /** Extra picomatch globs (relative POSIX paths) left out of the size, e.g. `scripts/**`. */
  excludeGlobs: string[];
  typing: {
    /** Effort multiplier per typing class; TypeScript with loose types is the neutral baseline. */
    multipliers: TypingMultipliers;
    /** TypeScript counts as strict at or above this share of annotated parameters... */
    strictAnnotatedShare: number;
    /** ...and at or below this many explicit `any` per 1,000 code lines. */
    strictMaxAnyPer1k: number;
    /** TypeScript above this many `any` per 1,000 code lines is any-heavy. */
    anyHeavyPer1k: number;
    /** Python with at least this share of annotated parameters is typed... */
    pythonTypedShare: number;
    /** ...at least this share partially typed, below it untyped. */
    pythonPartialShare: number;
    /** Range widening per unit share of untyped code (JavaScript, untyped Python, any-heavy TS). */
    untypedUncertainty: number;
  };
  dynamicFeatures: {
    /** Relative redesign cost per occurrence, by kind. */
    weights: Record<DynamicFeatureKind, number>;
    /** Engineer-days per unit of weight to redesign the code around a static language (0.25: two hours). */
    daysPerWeight: number;
    /** Upper bound of the factor's added effort (0.5 = at most +50%). */
    cap: number;
    /** The factor can land this many times its own effect above it (range widening). */
    uncertaintyRatio: number;
  };
  dependencies: {
    /** Added effort per unit share of production lines importing a package of that fit. */
    differentApi: number;
    none: number;
    /** Expected added effort for a package the table does not know, and its range widening. */
    unmapped: number;
    unmappedUncertainty: number;
    /** Range widening per unit share for packages without a Go equivalent. */
    noneUncertainty: number;
    /** Upper bound of the factor's added effort. */
    cap: number;
    /** Your own verdicts, keyed `npm:name` or `pypi:name` (internal packages, disagreements). */
    fits: Record<string, DependencyFitOverride>;
  };
  complexity: {
    /** McCabe's threshold (1976; NIST SP 500-235 repeats it): above 10, a function is a hotspot. */
    threshold: number;
    /** Extra effort per hotspot line: their paths all have to be reproduced and re-tested. */
    premium: number;
    uncertaintyRatio: number;
  };
  concurrency: {
    weights: Record<ConcurrencyKind, number>;
    /** Engineer-days per unit of weight to re-express the pattern with goroutines and channels (0.1: under an hour). */
    daysPerWeight: number;
    cap: number;
    uncertaintyRatio: number;
  };
  /** Working days in an engineer-month (252 working days a year / 12). */
  workingDaysPerMonth: number;
  monteCarlo: { seed: number; samples: number };
  risk: {
    /** Most points each factor can add; they sum to 100. */
    points: {
      testRatio: number;
      untestedEndpoints: number;
      dynamicFeatures: number;
      complexity: number;
      dependencyGaps: number;
      size: number;
    };
    /** Test lines per production line at which the test-ratio factor reaches 0. */
    targetTestRatio: number;
    /** Weighted dynamic features per 1,000 lines at which that factor is full. */
    dynamicFullPer1k: number;
    /** Share of production lines in hotspots at which the complexity factor is full. */
    complexityFullShare: number;
    /** Share of production lines importing a package without Go equivalent (or unmapped) at which it is full. */
    dependencyFullShare: number;
    /** Effective lines at which the size factor is full (twice the article's 40K-line service). */
    sizeFullLines: number;
    /** Score at or above which the level is medium, and high. */
    mediumAt: number;
    highAt: number;
  };
  recommendation: {
    /** Python packages whose CPU evidence marks an endpoint as data work (keep it in Python). */
    dataPackages: string[];
    /** Endpoint path globs you call throughput-critical: they go to Go whatever their kind. */
    throughputCritical: string[];
    /** Share of endpoint code moving to Go at or above which the verdict is a full rewrite. */
    rewriteShare: number;
  };
  benefit: {
    /** Weight of an endpoint's kind in its expected benefit. */
    cpu: number;
    mixed: number;
    throughputCritical: number;
    /** Throughput gain of the same work in Go. */
    runtimeGain: { python: number; node: number };
  };
  infra: {
    /** Article: teams moving Python to Go report ~40% lower infra cost. */
    pythonToGoSaving: number;
    /**
     * The article's only Node case is 30 servers to 3 (~10% of the memory): a 90% saving on one
     * hot service. We default far lower, below Python's 40% because Node starts leaner.
     */
    nodeToGoSaving: number;
  };
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

export const DEFAULT_ASSUMPTIONS: Assumptions = deepFreeze({
  baseline: { lines: 40_000, months: { low: 2, likely: 3, high: 4 } },
  sizeExponent: 1.05,
  testEffortRatio: 0.5,
  excludeGlobs: [],
  typing: {
    multipliers: {
      typescriptStrict: 0.9,
      typescriptLoose: 1,
      typescriptAnyHeavy: 1.1,
      javascript: 1.15,
      pythonTyped: 1,
      pythonPartial: 1.1,
      pythonUntyped: 1.2,
    },
    strictAnnotatedShare: 0.9,
    strictMaxAnyPer1k: 2,
    anyHeavyPer1k: 10,
    pythonTypedShare: 0.8,
    pythonPartialShare: 0.3,
    untypedUncertainty: 0.1,
  },
  dynamicFeatures: {
    weights: {
      eval: 3,
      metaclass: 3,
      proxy: 2,
      'monkey-patch': 2,
      'dynamic-import': 2,
      reflection: 1,
      'rewriting-decorator': 1,
      'lazy-import': 0.5,
    },
    daysPerWeight: 0.25,
    cap: 0.5,
    uncertaintyRatio: 1,
  },
  dependencies: {
    differentApi: 0.1,
    none: 0.4,
    unmapped: 0.1,
    unmappedUncertainty: 0.25,
    noneUncertainty: 0.2,
    cap: 1,
    fits: {},
  },
  complexity: { threshold: 10, premium: 0.5, uncertaintyRatio: 0.5 },
  concurrency: {
    weights: {
      'event-emitter': 4,
      thread: 3,
      process: 3,
      'event-listener': 1,
      'async-task': 1,
      'node-callback': 0.5,
      'promise-fanout': 0.5,
    },
    daysPerWeight: 0.1,
    cap: 0.3,
    uncertaintyRatio: 1,
  },
  workingDaysPerMonth: 21,
  monteCarlo: { seed: 42, samples: 10_000 },
  risk: {
    points: { testRatio: 25, untestedEndpoints: 20, dynamicFeatures: 15, complexity: 15, dependencyGaps: 10, size: 15 },
    targetTestRatio: 0.8,
    dynamicFullPer1k: 5,
    complexityFullShare: 0.3,
    dependencyFullShare: 0.5,
    sizeFullLines: 80_000,
    mediumAt: 30,
    highAt: 60,
  },
  recommendation: {
    dataPackages: ['numpy', 'pandas', 'polars', 'scipy', 'pyarrow', 'dask', 'statsmodels', 'sklearn', 'scikit-learn'],
    throughputCritical: [],
    rewriteShare: 0.6,
  },
  benefit: { cpu: 1, mixed: 0.5, throughputCritical: 0.5, runtimeGain: { python: 4, node: 2 } },
  infra: { pythonToGoSaving: 0.4, nodeToGoSaving: 0.25 },
});

const num = (description: string, bounds: Record<string, number> = { minimum: 0 }) => ({
  type: 'number',
  description,
  ...bounds,
});
const positive = (description: string) => num(description, { exclusiveMinimum: 0 });
const share = (description: string) => num(description, { minimum: 0, maximum: 1 });
const strictObject = (properties: Record<string, unknown>, description?: string) => ({
  type: 'object',
  ...(description ? { description } : {}),
  additionalProperties: false,
  properties,
});
const numberMap = (keys: readonly string[], description: string) =>
  strictObject(Object.fromEntries(keys.map((key) => [key, num(description)])));

const DYNAMIC_KINDS = Object.keys(DEFAULT_ASSUMPTIONS.dynamicFeatures.weights);
const CONCURRENCY_KINDS = Object.keys(DEFAULT_ASSUMPTIONS.concurrency.weights);
const TYPING_KEYS = Object.keys(DEFAULT_ASSUMPTIONS.typing.multipliers);
const months = (description: string) => positive(description);

/**
 * JSON Schema (draft-07 compatible, no $schema so Ajv and Ajv2020 both take it) for the
 * `assumptions` key of gonogo.config.json. Every key is optional: it describes overrides.
 */
export const ASSUMPTIONS_JSON_SCHEMA = strictObject(
  {
    baseline: strictObject({
      lines: positive('Size of the reference service in code lines (article: 40,000).'),
      months: strictObject({
        low: months('Engineer-months for the reference service, low (article: 2).'),
        likely: months('Engineer-months, likely (midpoint of the article: 3).'),
        high: months('Engineer-months, high (article: 4).'),
      }),
    }),
    sizeExponent: num('Diseconomy-of-scale exponent (COCOMO 81 organic: 1.05).', { minimum: 0.5, maximum: 2 }),
    testEffortRatio: num('Effort of a test line relative to a production line.', { minimum: 0, maximum: 2 }),
    excludeGlobs: { type: 'array', items: { type: 'string', minLength: 1 }, description: 'Extra globs left out of the size.' },
    typing: strictObject({
      multipliers: strictObject(Object.fromEntries(TYPING_KEYS.map((key) => [key, positive('Effort multiplier.')]))),
      strictAnnotatedShare: share('Annotated-parameter share at which TypeScript is strict.'),
      strictMaxAnyPer1k: num('Most `any` per 1,000 lines for strict TypeScript.'),
      anyHeavyPer1k: num('`any` per 1,000 lines above which TypeScript is any-heavy.'),
      pythonTypedShare: share('Annotated-parameter share at which Python is typed.'),
      pythonPartialShare: share('Annotated-parameter share at which Python is partially typed.'),
      untypedUncertainty: num('Range widening per unit share of untyped code.'),
    }),
    dynamicFeatures: strictObject({
      weights: numberMap(DYNAMIC_KINDS, 'Relative redesign cost of one occurrence.'),
      daysPerWeight: num('Engineer-days per unit of weight.'),
      cap: num('Most added effort (0.5 = +50%).'),
      uncertaintyRatio: num('Range widening relative to the effect.'),
    }),
    dependencies: strictObject({
      differentApi: num('Added effort per unit share for a different-API package.'),
      none: num('Added effort per unit share for a package without Go equivalent.'),
      unmapped: num('Expected added effort per unit share for an unknown package.'),
      unmappedUncertainty: num('Range widening per unit share for an unknown package.'),
      noneUncertainty: num('Range widening per unit share for a package without Go equivalent.'),
      cap: num('Most added effort.'),
      fits: {
        type: 'object',
        description: 'Fit overrides keyed npm:name or pypi:name.',
        propertyNames: { type: 'string', pattern: '^(npm|pypi):.+$' },
        additionalProperties: { type: 'string', enum: ['drop-in', 'different-api', 'none'] },
      },
    }),
    complexity: strictObject({
      threshold: num('Cyclomatic complexity above which a function is a hotspot.'),
      premium: num('Added effort per hotspot line.'),
      uncertaintyRatio: num('Range widening relative to the effect.'),
    }),
    concurrency: strictObject({
      weights: numberMap(CONCURRENCY_KINDS, 'Relative cost of one occurrence.'),
      daysPerWeight: num('Engineer-days per unit of weight.'),
      cap: num('Most added effort.'),
      uncertaintyRatio: num('Range widening relative to the effect.'),
    }),
    workingDaysPerMonth: positive('Working days in an engineer-month.'),
    monteCarlo: strictObject({
      seed: { type: 'integer', minimum: 0, maximum: 4_294_967_295, description: 'PRNG seed (uint32).' },
      samples: { type: 'integer', minimum: 100, maximum: 1_000_000, description: 'Number of samples.' },
    }),
    risk: strictObject({
      points: numberMap(Object.keys(DEFAULT_ASSUMPTIONS.risk.points), 'Most points this factor adds.'),
      targetTestRatio: positive('Test lines per production line at which the factor is 0.'),
      dynamicFullPer1k: positive('Weighted dynamic features per 1,000 lines at which the factor is full.'),
      complexityFullShare: { ...share('Hotspot line share at which the factor is full.'), exclusiveMinimum: 0 },
      dependencyFullShare: { ...share('Gap share at which the factor is full.'), exclusiveMinimum: 0 },
      sizeFullLines: positive('Effective lines at which the size factor is full.'),
      mediumAt: num('Score at which the level is medium.', { minimum: 0, maximum: 100 }),
      highAt: num('Score at which the level is high.', { minimum: 0, maximum: 100 }),
    }),
    recommendation: strictObject({
      dataPackages: { type: 'array', items: { type: 'string', minLength: 1 } },
      throughputCritical: { type: 'array', items: { type: 'string', minLength: 1 } },
      rewriteShare: share('Share of endpoint code moving at which the verdict is rewrite.'),
    }),
    benefit: strictObject({
      cpu: num('Benefit weight of a CPU-bound endpoint.'),
      mixed: num('Benefit weight of a mixed endpoint.'),
      throughputCritical: num('Benefit weight added for a throughput-critical endpoint.'),
      runtimeGain: strictObject({
        python: positive('Throughput gain Python to Go (article: 3-5x).'),
        node: positive('Throughput gain Node to Go.'),
      }),
    }),
    infra: strictObject({
      pythonToGoSaving: share('Share of infra cost saved moving Python to Go (article: 0.4).'),
      nodeToGoSaving: share('Share of infra cost saved moving Node to Go.'),
    }),
  },
  'Estimate assumptions (docs/estimate.md). Every key is optional and overrides a default.',
);

let validator: ValidateFunction | undefined;

function validateOverrides(overrides: unknown): ErrorObject[] {
  // verbose: the unknown-key message lists the keys allowed there, read from the parent schema.
  validator ??= new Ajv({ allErrors: true, strict: true, verbose: true }).compile(ASSUMPTIONS_JSON_SCHEMA);
  return validator(overrides) ? [] : [...(validator.errors ?? [])];
}

function keyOf(instancePath: string, extra?: string): string {
  const parts = instancePath
    .split('/')
    .slice(1)
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (extra !== undefined) parts.push(extra);
  return ['assumptions', ...parts].join('.');
}

function describe(value: unknown): string {
  return JSON.stringify(value) ?? String(value);
}

function lookup(root: unknown, instancePath: string): unknown {
  let cursor = root;
  for (const part of instancePath.split('/').slice(1)) {
    if (!cursor || typeof cursor !== 'object') return undefined;
    cursor = (cursor as Record<string, unknown>)[part.replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  return cursor;
}

/** One readable sentence per schema error, naming the key a user has to fix. */
function formatError(error: ErrorObject, overrides: unknown): string {
  const got = describe(lookup(overrides, error.instancePath));
  switch (error.keyword) {
    case 'additionalProperties': {
      const unknown = (error.params as { additionalProperty: string }).additionalProperty;
      const allowed = Object.keys((error.parentSchema as { properties?: object }).properties ?? {}).sort();
      return `unknown key "${keyOf(error.instancePath, unknown)}" (allowed here: ${allowed.join(', ')})`;
    }
    case 'type':
      return `"${keyOf(error.instancePath)}" must be ${(error.params as { type: string }).type} (got ${got})`;
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum': {
      const { comparison, limit } = error.params as { comparison: string; limit: number };
      return `"${keyOf(error.instancePath)}" must be ${comparison} ${limit} (got ${got})`;
    }
    case 'enum':
      return `"${keyOf(error.instancePath)}" must be one of ${(error.params as { allowedValues: unknown[] }).allowedValues.join(', ')} (got ${got})`;
    case 'propertyNames':
      return `"${keyOf(error.instancePath, (error.params as { propertyName: string }).propertyName)}": keys must look like npm:name or pypi:name`;
    default:
      return `"${keyOf(error.instancePath)}" ${error.message ?? 'is invalid'} (got ${got})`;
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Objects merge key by key; arrays and scalars replace the default. */
function mergeInto(target: Record<string, unknown>, overrides: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(overrides)) {
    const current = target[key];
    if (isPlainObject(current) && isPlainObject(value)) mergeInto(current, value);
    else target[key] = structuredClone(value);
  }
}

/** Checks that span several keys, which a JSON Schema cannot say. */
function checkConsistency(a: Assumptions): string[] {
  const problems: string[] = [];
  const { low, likely, high } = a.baseline.months;
  if (low > likely) problems.push(`"assumptions.baseline.months.low" (${low}) is above likely (${likely})`);
  if (likely > high) problems.push(`"assumptions.baseline.months.likely" (${likely}) is above high (${high})`);
  if (low > high) problems.push(`"assumptions.baseline.months.low" (${low}) is above high (${high})`);
  if (a.typing.pythonPartialShare > a.typing.pythonTypedShare) {
    problems.push(
      `"assumptions.typing.pythonPartialShare" (${a.typing.pythonPartialShare}) is above pythonTypedShare (${a.typing.pythonTypedShare})`,
    );
  }
  if (a.typing.strictMaxAnyPer1k > a.typing.anyHeavyPer1k) {
    problems.push(
      `"assumptions.typing.strictMaxAnyPer1k" (${a.typing.strictMaxAnyPer1k}) is above anyHeavyPer1k (${a.typing.anyHeavyPer1k})`,
    );
  }
  if (a.risk.mediumAt > a.risk.highAt) {
    problems.push(`"assumptions.risk.mediumAt" (${a.risk.mediumAt}) is above highAt (${a.risk.highAt})`);
  }
  return problems;
}

/**
 * The defaults with `overrides` (the `assumptions` key of gonogo.config.json) merged over them.
 * Throws ConfigError naming every offending key: unknown keys, wrong types, negative or zero
 * months, a low above its high.
 */
export function resolveAssumptions(overrides: Record<string, unknown>): Assumptions {
  const errors = validateOverrides(overrides);
  if (errors.length > 0) {
    const messages = [...new Set(errors.map((error) => formatError(error, overrides)))];
    throw new ConfigError(`Invalid assumptions: ${messages.join('; ')}`);
  }
  const resolved = structuredClone(DEFAULT_ASSUMPTIONS) as Assumptions;
  mergeInto(resolved as unknown as Record<string, unknown>, overrides);
  const problems = checkConsistency(resolved);
  if (problems.length > 0) throw new ConfigError(`Invalid assumptions: ${problems.join('; ')}`);
  return resolved;
}
