import { describe, expect, test } from 'vitest';
import { estimateRewrite, explainEstimate } from '../../src/estimation/estimate-rewrite.js';
import { DEFAULT_ASSUMPTIONS, resolveAssumptions } from '../../src/estimation/assumptions.js';
import type { CallFact, FunctionFact, ImportFact, ModuleFacts } from '../../src/parsing/types.js';
import { makeEndpoint, makeInput, makeManifest, makeModule, makeNeutralModules } from './factory.js';

const A = DEFAULT_ASSUMPTIONS;

function estimate(modules: ModuleFacts[], overrides: Parameters<typeof makeInput>[0] = {}, assumptions = A) {
  return estimateRewrite(makeInput({ modules, ...overrides }), assumptions);
}

function factor(output: ReturnType<typeof estimate>, id: string) {
  const found = output.estimate.factors.find((f) => f.id === id);
  if (!found) throw new Error(`no factor ${id}`);
  return found;
}

function call(name: string, line: number, extra: Partial<CallFact> = {}): CallFact {
  return { callee: { k: 'id', name }, args: [], argCount: 0, line, scope: -1, loopDepth: 0, ...extra };
}

function memberCall(obj: string, prop: string, line: number, extra: Partial<CallFact> = {}): CallFact {
  return {
    callee: { k: 'member', obj: { k: 'id', name: obj }, prop },
    args: [],
    argCount: 0,
    line,
    scope: -1,
    loopDepth: 0,
    ...extra,
  };
}

function importOf(source: string, imported: string, local: string, line = 1, kind: ImportFact['kind'] = 'esm'): ImportFact {
  return { source, imported, local, line, kind, scope: -1 };
}

describe('size and baseline', () => {
  test('40,000 neutral lines give exactly the article baseline of 2 / 3 / 4 engineer-months', () => {
    const out = estimate(makeNeutralModules(40, 1000));
    expect(out.estimate.sizeLines).toEqual({
      production: 40_000,
      test: 0,
      excluded: { migrations: 0, fixtures: 0, 'type-stubs': 0, 'config-files': 0, 'static-assets': 0, frontend: 0, 'excluded-by-assumption': 0 },
    });
    expect(out.estimate.months).toEqual({ low: 2, likely: 3, high: 4 });
    expect(out.estimate.factors.map((f) => [f.id, f.value, f.uncertainty])).toEqual([
      ['typing', 1, 0],
      ['dynamic-features', 1, 0],
      ['dependencies', 1, 0],
      ['complexity', 1, 0],
      ['concurrency', 1, 0],
    ]);
    expect(out.estimate.linesPerMonth).toEqual({ implied: 13_333, articleLow: 10_000, articleHigh: 20_000 });
    expect(out.estimate.monteCarlo).toEqual({ seed: 42, samples: 10_000 });
  });

  test('doubling the size multiplies effort by 2^1.05, not 2 (diseconomy of scale)', () => {
    const out = estimate(makeNeutralModules(80, 1000));
    // 2^1.05 = 2.070530; 2 × = 4.1411, 3 × = 6.2116, 4 × = 8.2821
    expect(out.estimate.months).toEqual({ low: 4.14, likely: 6.21, high: 8.28 });
    expect(out.estimate.linesPerMonth.implied).toBe(12_882);
  });

  test('test lines count at half the effort of production lines', () => {
    const tests = [makeModule('test/app.test.ts', 8000, { isTest: true })];
    const out = estimate([...makeNeutralModules(40, 1000), ...tests]);
    expect(out.estimate.sizeLines.test).toBe(8000);
    // (44,000 / 40,000)^1.05 = 1.105255 -> 2.2105 / 3.3158 / 4.4210
    expect(out.estimate.months).toEqual({ low: 2.21, likely: 3.32, high: 4.42 });
  });

  test('migrations, fixtures, type stubs, config files and browser scripts are left out of the size', () => {
    const modules = [
      ...makeNeutralModules(40, 1000),
      makeModule('app/migrations/0001_initial.py', 500),
      makeModule('alembic/versions/a1b2_add_users.py', 100),
      makeModule('src/migration/1700000000000-CreateUsers.ts', 70),
      makeModule('test/fixtures/users.ts', 300, { isTest: true }),
      makeModule('db/seeds/products.js', 40),
      makeModule('src/types/global.d.ts', 25),
      makeModule('stubs/vendor.pyi', 5),
      makeModule('jest.config.js', 12),
      makeModule('.eslintrc.cjs', 8),
      makeModule('setup.py', 20),
      makeModule('scripts/seed-db.ts', 60),
      makeModule('services/notifications/public/dashboard.js', 90),
    ];
    const out = estimate(modules, {}, resolveAssumptions({ excludeGlobs: ['scripts/**'] }));
    expect(out.estimate.sizeLines).toEqual({
      production: 40_000,
      test: 0,
      excluded: { migrations: 670, fixtures: 340, 'type-stubs': 30, 'config-files': 40, 'static-assets': 90, frontend: 0, 'excluded-by-assumption': 60 },
    });
    expect(out.estimate.months).toEqual({ low: 2, likely: 3, high: 4 });
  });

  test('the browser app of a full-stack repository is left out, with its packages', () => {
    const modules = [
      ...Array.from({ length: 40 }, (_, i) =>
        makeModule(`backend/app/m${i}.py`, 1000, { typing: { anyCount: 0, annotatedParams: 9, totalParams: 10, ignoreComments: 0 } }),
      ),
      makeModule('frontend/src/App.tsx', 3000, { imports: [importOf('react', 'default', 'React')] }),
      makeModule('frontend/tests/login.spec.ts', 400, { isTest: true }),
      makeModule('web/pages/api/users.ts', 500),
    ];
    const manifests = [
      makeManifest('backend', 'pypi', ['fastapi']),
      makeManifest('frontend', 'npm', ['react', 'react-dom', '@tanstack/react-query'], ['vite']),
      makeManifest('web', 'npm', ['next', 'react']),
    ];
    const out = estimate(modules, { manifests });
    expect(out.estimate.sizeLines.production).toBe(40_500);
    expect(out.estimate.sizeLines.excluded.frontend).toBe(3400);
    expect(out.estimate.dependencies?.map((d) => `${d.ecosystem}:${d.name}`)).toEqual(['npm:next', 'npm:react', 'pypi:fastapi']);
    expect(factor(out, 'dependencies').evidence.at(-1)).toBe('frontend packages left out: frontend/package.json');
  });

  test('in one package that serves HTTP and renders a UI, JSX files, UI importers and folders made mostly of them are left out', () => {
    const modules = [
      ...Array.from({ length: 10 }, (_, i) => makeModule(`server/routes/r${i}.ts`, 1000, { imports: [importOf('koa', 'default', 'Koa')] })),
      makeModule('app/components/Editor.tsx', 2000),
      makeModule('app/stores/DocumentsStore.ts', 900, { imports: [importOf('mobx-react', 'observer', 'observer')] }),
      makeModule('app/utils/time.ts', 100),
      makeModule('server/utils/render.ts', 300, { imports: [importOf('react-dom', 'default', 'ReactDOM')] }),
      makeModule('shared/constants.ts', 200),
    ];
    const manifests = [makeManifest('', 'npm', ['koa', 'react', 'react-dom', 'mobx-react'])];
    const out = estimate(modules, { manifests });
    // app/ is three UI files of three: all of it goes; server/utils/render.ts imports react-dom itself.
    expect(out.estimate.sizeLines.excluded.frontend).toBe(2000 + 900 + 100 + 300);
    expect(out.estimate.sizeLines.production).toBe(10_000 + 200);
  });

  test('a file importing two packages without a Go equivalent counts its lines once in the risk', () => {
    const modules = [
      makeModule('src/a.ts', 300, { imports: [importOf('left-pad-pro', 'default', 'pad'), importOf('right-pad-pro', 'default', 'rpad')] }),
      makeModule('src/b.ts', 700),
    ];
    const out = estimate(modules, { manifests: [makeManifest('', 'npm', ['left-pad-pro', 'right-pad-pro'])] });
    const gaps = out.risk.factors.find((f) => f.id === 'dependency-gaps')!;
    expect(gaps.evidence[0]).toBe('30.0% of production lines import a package with no Go equivalent or not in the table (full at 50.0%)');
  });

  test('an empty repository costs nothing and says so', () => {
    const out = estimate([]);
    expect(out.estimate.months).toEqual({ low: 0, likely: 0, high: 0 });
    expect(out.estimate.percentiles).toEqual({ p10: 0, p50: 0, p90: 0 });
    expect(out.verdict.decision).toBe('stay');
  });
});

describe('each factor alone, on 40,000 otherwise neutral lines', () => {
  test('JavaScript: ×1.15 and the range widens by 10% of its share', () => {
    const out = estimate(Array.from({ length: 40 }, (_, i) => makeModule(`src/m${i}.js`, 1000)));
    expect(factor(out, 'typing')).toMatchObject({ value: 1.15, uncertainty: 0.1 });
    // low 2 × 1.15 × 0.95 = 2.185, likely 3 × 1.15 = 3.45, high 4 × 1.15 × 1.1 = 5.06
    expect(out.estimate.months).toEqual({ low: 2.19, likely: 3.45, high: 5.06 });
  });

  test('strict TypeScript: every parameter annotated, no any: ×0.9', () => {
    const typing = { anyCount: 0, annotatedParams: 10, totalParams: 10, ignoreComments: 0 };
    const out = estimate(Array.from({ length: 40 }, (_, i) => makeModule(`src/m${i}.ts`, 1000, { typing })));
    expect(factor(out, 'typing').value).toBe(0.9);
    expect(out.estimate.months).toEqual({ low: 1.8, likely: 2.7, high: 3.6 });
  });

  test('any-heavy TypeScript: more than 10 any per 1,000 lines: ×1.1', () => {
    const typing = { anyCount: 11, annotatedParams: 10, totalParams: 10, ignoreComments: 0 };
    const out = estimate(Array.from({ length: 40 }, (_, i) => makeModule(`src/m${i}.ts`, 1000, { typing })));
    expect(factor(out, 'typing')).toMatchObject({ value: 1.1, uncertainty: 0.1 });
    expect(out.estimate.months.likely).toBe(3.3);
  });

  test('Python: untyped ×1.2, partially typed ×1.1, typed ×1.0', () => {
    const py = (annotatedParams: number) =>
      Array.from({ length: 40 }, (_, i) =>
        makeModule(`app/m${i}.py`, 1000, { typing: { anyCount: 0, annotatedParams, totalParams: 10, ignoreComments: 0 } }),
      );
    expect(factor(estimate(py(1)), 'typing').value).toBe(1.2);
    expect(factor(estimate(py(5)), 'typing').value).toBeCloseTo(1.1, 12);
    expect(factor(estimate(py(9)), 'typing').value).toBe(1);
    expect(estimate(py(1)).estimate.months.likely).toBe(3.6);
  });

  test('a mix weighs each language by its lines', () => {
    const modules = [...makeNeutralModules(20, 1000), ...Array.from({ length: 20 }, (_, i) => makeModule(`lib/m${i}.js`, 1000))];
    const out = estimate(modules);
    expect(factor(out, 'typing')).toMatchObject({ value: 1.075, uncertainty: 0.05 });
  });

  test('dynamic features: ten eval calls cost 10 × 3 × 0.25 days', () => {
    const modules = makeNeutralModules(40, 1000);
    modules[0] = makeModule('src/m000.ts', 1000, { calls: Array.from({ length: 10 }, (_, i) => call('eval', i + 1)) });
    const out = estimate(modules);
    const dynamic = factor(out, 'dynamic-features');
    // 30 weight × 0.25 days = 7.5 days = 7.5/21 months on a base of 3 months: 1 + 0.119048
    expect(dynamic.value).toBeCloseTo(1 + 7.5 / 21 / 3, 12);
    expect(dynamic.uncertainty).toBeCloseTo(7.5 / 21 / 3, 12);
    expect(dynamic.evidence).toEqual([
      '10 occurrences, weight 30.00 × 0.25 days = 7.50 engineer-days = 0.357 engineer-months on a base of 3.000',
      'eval: 10 × weight 3.00 (eval) at src/m000.ts:1, src/m000.ts:2, src/m000.ts:3 and 7 more',
    ]);
  });

  test('dynamic features are capped at +50%', () => {
    const modules = makeNeutralModules(40, 1000);
    modules[0] = makeModule('src/m000.ts', 1000, { calls: Array.from({ length: 400 }, (_, i) => call('eval', i + 1)) });
    expect(factor(estimate(modules), 'dynamic-features').value).toBe(1.5);
  });

  test('dependencies: a different-API package in a quarter of the code adds 0.1 × 0.25', () => {
    const modules = makeNeutralModules(40, 1000).map((m, i) =>
      i < 10 ? { ...m, imports: [importOf('pdfkit', 'default', 'PDFDocument', 3)] } : m,
    );
    const out = estimate(modules, { manifests: [makeManifest('', 'npm', ['pdfkit', 'pg'])] });
    const deps = factor(out, 'dependencies');
    expect(deps.value).toBeCloseTo(1.025, 12);
    expect(deps.uncertainty).toBe(0);
    expect(deps.evidence).toEqual([
      '2 runtime dependencies: 1 drop-in, 1 different API, 0 without Go equivalent, 0 unmapped',
      'different API: pdfkit (npm) -> github.com/go-pdf/fpdf, github.com/johnfercher/maroto/v2: 10 files, 10,000 lines (25.0%), e.g. src/m000.ts:3; +0.10 × 0.2500',
      'declared but not imported by production code: pg (npm)',
    ]);
    expect(out.estimate.months.likely).toBe(3.08);
  });

  test('dependencies: a package without Go equivalent adds effort and widens the range', () => {
    const modules = Array.from({ length: 40 }, (_, i) =>
      makeModule(`app/m${i}.py`, 1000, {
        typing: { anyCount: 0, annotatedParams: 10, totalParams: 10, ignoreComments: 0 },
        imports: i < 20 ? [importOf('pandas', '*', 'pd', 1, 'python')] : [],
      }),
    );
    const out = estimate(modules, { manifests: [makeManifest('', 'pypi', ['pandas'])] });
    expect(factor(out, 'dependencies')).toMatchObject({ value: 1.2, uncertainty: 0.1 });
    expect(out.estimate.dependencies).toEqual([
      {
        ecosystem: 'pypi',
        name: 'pandas',
        fit: 'none',
        go: [],
        note: 'No maintained dataframe library in Go: transformations become hand-written loops over structs, or stay in Python.',
        files: 20,
        lines: 20_000,
        declaredIn: ['requirements.txt'],
      },
    ]);
  });

  test('uncertainties of several factors add in quadrature', () => {
    // JavaScript (u 0.1) importing an unmapped package everywhere (u 0.25): √(0.1² + 0.25²) = 0.269258
    const modules = Array.from({ length: 40 }, (_, i) =>
      makeModule(`src/m${i}.js`, 1000, { imports: [importOf('@acme/left-pad', '*', 'pad', 1, 'require')] }),
    );
    const out = estimate(modules, { manifests: [makeManifest('', 'npm', ['@acme/left-pad'])] });
    // likely 3 × 1.15 × 1.1 = 3.795; low 2 × 1.265 × (1 − 0.134629) = 2.189; high 4 × 1.265 × 1.269258 = 6.422
    expect(out.estimate.months).toEqual({ low: 2.19, likely: 3.8, high: 6.42 });
  });

  test('dependencies: an unmapped package widens the range more than it moves the likely value', () => {
    const modules = makeNeutralModules(40, 1000).map((m) => ({ ...m, imports: [importOf('@acme/left-pad', 'default', 'pad')] }));
    const out = estimate(modules, { manifests: [makeManifest('', 'npm', ['@acme/left-pad'])] });
    expect(factor(out, 'dependencies')).toMatchObject({ value: 1.1, uncertainty: 0.25 });
    // high 4 × 1.1 × 1.25 = 5.5; low 2 × 1.1 × 0.875 = 1.925
    expect(out.estimate.months).toEqual({ low: 1.93, likely: 3.3, high: 5.5 });
  });

  test('a config fit override turns an unmapped internal package into a drop-in', () => {
    const modules = makeNeutralModules(40, 1000).map((m) => ({ ...m, imports: [importOf('@acme/left-pad', 'default', 'pad')] }));
    const assumptions = resolveAssumptions({ dependencies: { fits: { 'npm:@acme/left-pad': 'drop-in' } } });
    const out = estimate(modules, { manifests: [makeManifest('', 'npm', ['@acme/left-pad'])] }, assumptions);
    expect(factor(out, 'dependencies')).toMatchObject({ value: 1, uncertainty: 0 });
  });

  test('complexity: a 4,000-line function of complexity 25 (10% of the code) adds 0.5 × 0.1', () => {
    const hot: FunctionFact = {
      id: 0,
      name: 'computeTotals',
      kind: 'function',
      span: { startLine: 12, endLine: 4100 },
      parent: -1,
      isAsync: false,
      params: [],
      decorators: [],
      complexity: 25,
      codeLines: 4000,
    };
    const inner: FunctionFact = { ...hot, id: 1, name: 'inner', parent: 0, span: { startLine: 20, endLine: 60 }, codeLines: 40, complexity: 12 };
    const modules = [...makeNeutralModules(36, 1000), makeModule('src/hot.ts', 4000, { functions: [hot, inner] })];
    const out = estimate(modules);
    expect(factor(out, 'complexity').value).toBe(1.05);
    expect(factor(out, 'complexity').uncertainty).toBeCloseTo(0.025, 12);
    expect(factor(out, 'complexity').evidence).toEqual([
      '2 functions above complexity 10: 4,000 lines, 10.0% of production code; 1 + 0.50 × 0.1000',
      'worst: src/hot.ts:12 computeTotals (complexity 25, 4000 lines); src/hot.ts:20 inner (complexity 12, 40 lines)',
    ]);
    expect(out.estimate.months.likely).toBe(3.15);
  });

  test('concurrency: 21 event listeners cost 21 × 0.1 days', () => {
    const modules = makeNeutralModules(40, 1000);
    modules[0] = makeModule('src/m000.ts', 1000, {
      calls: Array.from({ length: 21 }, (_, i) => memberCall('bus', 'on', i + 1, { argCount: 2 })),
    });
    const out = estimate(modules);
    // 2.1 days = 0.1 months on a base of 3: 1 + 0.1/3
    expect(factor(out, 'concurrency').value).toBeCloseTo(1 + 0.1 / 3, 12);
    expect(out.estimate.months.likely).toBe(3.1);
  });
});

describe('Monte Carlo', () => {
  const modules = Array.from({ length: 40 }, (_, i) => makeModule(`src/m${i}.js`, 1000));

  test('the same input gives identical percentiles', () => {
    const first = estimate(modules).estimate.percentiles;
    const second = estimate(modules).estimate.percentiles;
    expect(second).toEqual(first);
    // Checked against an independent Python re-implementation of mulberry32 and the sampler.
    expect(first).toEqual({ p10: 2.85, p50: 3.5, p90: 4.18 });
  });

  test('a different seed gives different percentiles', () => {
    const other = estimate(modules, {}, resolveAssumptions({ monteCarlo: { seed: 7 } })).estimate.percentiles;
    expect(other).not.toEqual(estimate(modules).estimate.percentiles);
  });

  test('percentiles lie inside the low / high range, in order', () => {
    const { months, percentiles } = estimate(modules).estimate;
    expect(months.low).toBeLessThan(percentiles.p10);
    expect(percentiles.p10).toBeLessThan(percentiles.p50);
    expect(percentiles.p50).toBeLessThan(percentiles.p90);
    expect(percentiles.p90).toBeLessThan(months.high);
  });
});

describe('config overrides', () => {
  test('a different baseline moves the headline as documented', () => {
    const assumptions = resolveAssumptions({ baseline: { months: { low: 3, likely: 4, high: 6 } } });
    expect(estimate(makeNeutralModules(40, 1000), {}, assumptions).estimate.months).toEqual({ low: 3, likely: 4, high: 6 });
  });

  test('exponent 1 makes effort linear in size', () => {
    const assumptions = resolveAssumptions({ sizeExponent: 1 });
    expect(estimate(makeNeutralModules(80, 1000), {}, assumptions).estimate.months).toEqual({ low: 4, likely: 6, high: 8 });
  });

  test('test lines can be priced like production lines', () => {
    const assumptions = resolveAssumptions({ testEffortRatio: 1, sizeExponent: 1 });
    const modules = [...makeNeutralModules(20, 1000), makeModule('test/all.test.ts', 20_000, { isTest: true })];
    expect(estimate(modules, {}, assumptions).estimate.months).toEqual({ low: 2, likely: 3, high: 4 });
  });
});

describe('shares per endpoint and per module', () => {
  test('an endpoint owns its lines plus an equal part of the shared code of its service', () => {
    const endpoints = [
      makeEndpoint({ path: '/a', kind: 'io', ownedLines: 300, reachedLines: 500, file: 'services/api/src/a.ts' }),
      makeEndpoint({ path: '/b', kind: 'io', ownedLines: 100, reachedLines: 300, file: 'services/api/src/b.ts' }),
      makeEndpoint({ path: '/c', kind: 'io', ownedLines: 400, reachedLines: 400, file: 'services/api/src/c.ts' }),
    ];
    const modules = [...makeNeutralModules(30, 1000, 'services/api/src'), ...makeNeutralModules(10, 1000, 'services/worker/src')];
    const manifests = [makeManifest('services/api', 'npm', []), makeManifest('services/worker', 'npm', [])];
    const out = estimate(modules, { endpoints, manifests });
    // /a: 300 + 200 / 2 = 400 lines = 1% of 40,000: 0.02 / 0.03 / 0.04
    expect(out.perEndpoint.get('GET /a services/api/src/a.ts')?.estimate).toEqual({
      lines: 400,
      months: { low: 0.02, likely: 0.03, high: 0.04 },
    });
    expect(out.perEndpoint.get('GET /b services/api/src/b.ts')?.estimate.lines).toBe(200);
    expect(out.perEndpoint.get('GET /c services/api/src/c.ts')?.estimate.lines).toBe(400);
    expect(out.estimate.modules).toEqual([
      { module: 'services/api', lines: 30_000, months: { low: 1.5, likely: 2.25, high: 3 } },
      { module: 'services/worker', lines: 10_000, months: { low: 0.5, likely: 0.75, high: 1 } },
    ]);
  });

  test('without a nested manifest, a file belongs to its first folder', () => {
    const modules = [...makeNeutralModules(3, 1000, 'app'), ...makeNeutralModules(1, 1000, 'lib'), makeModule('main.ts', 1000)];
    const out = estimate(modules, { manifests: [makeManifest('', 'npm', [])] });
    expect(out.estimate.modules.map((m) => [m.module, m.lines])).toEqual([
      ['app', 3000],
      ['.', 1000],
      ['lib', 1000],
    ]);
  });
});

describe('--explain', () => {
  test('prints the formula with the numbers filled in, enough to recompute the headline', () => {
    const out = estimate([...makeNeutralModules(40, 1000), makeModule('test/a.test.ts', 8000, { isTest: true })]);
    const lines = explainEstimate(out);
    expect(lines.slice(0, 3)).toEqual([
      'Size to port: 40,000 production lines + 0.50 × 8,000 test lines = 44,000.0 effective lines (left out: migrations 0, fixtures 0, type-stubs 0, config-files 0, static-assets 0, frontend 0, excluded-by-assumption 0)',
      'Size scaling: (44,000.0 / 40,000)^1.05 = 1.1053 (baseline: 40,000 lines = 2.00 / 3.00 / 4.00 engineer-months, from the article)',
      'Base engineer-months: low 2.00 × 1.1053 = 2.211, likely 3.00 × 1.1053 = 3.316, high 4.00 × 1.1053 = 4.421',
    ]);
    expect(lines).toContain(
      'Engineer-months: low 2.211 × 1.0000 = 2.21, likely 3.316 × 1.0000 = 3.32, high 4.421 × 1.0000 = 4.42',
    );
    expect(lines).toContain(
      'Combined: likely 1.0000 × 1.0000 × 1.0000 × 1.0000 × 1.0000 = 1.0000; uncertainty √(0.0000² + 0.0000² + 0.0000² + 0.0000² + 0.0000²) = 0.0000; low 1.0000 × (1 − 0.0000 / 2) = 1.0000; high 1.0000 × (1 + 0.0000) = 1.0000',
    );
    expect(lines).toContain('Implied pace: 44,000.0 effective lines / 3.32 = 13,253 lines per engineer-month (article: 10,000-20,000)');
    expect(lines).toContain('Regression risk: 18.8 + 0.0 + 0.0 + 0.0 + 0.0 + 8.3 = 27 -> low');
    expect(lines).toContain(
      'Infra: Set infra.monthlyCost and team.engineerMonthCost in gonogo.config.json (infra.servers is optional) to see the expected monthly saving, the rewrite cost and the payback period.',
    );
    expect(out.estimate.explanation).toEqual(lines.slice(0, out.estimate.explanation.length));
  });
});
