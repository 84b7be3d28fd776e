import { describe, expect, it } from 'vitest';
import { classifyEndpoints } from '../../src/classification/classify-endpoints.js';
import type { PackageManifest } from '../../src/linking/types.js';
import { TypeAwareResolver } from '../../src/linking/type-aware/type-aware-resolver.js';
import type { TypeAwareOptions } from '../../src/linking/type-aware/types.js';
import { endpointFor } from '../classification/helpers.js';
import { buildTestProject } from '../helpers/build-project.js';

/**
 * How the file and call budgets are spent when they cannot hold every question: which calls are
 * asked, exactly, on a small monorepo whose handlers each make one call the facts cannot follow
 * (`makeX().run()`: the factory has no return annotation) and the checker can.
 */

interface Handler {
  /** Module path of the handler, `packages/<pkg>/src/<name>.ts`. */
  file: string;
  name: string;
}

/**
 * A handler module, its service (the factory) and, when `withStore`, a store the service imports:
 * the handler's import closure is 2 or 3 files.
 */
function handler(pkg: string, name: string, withStore: boolean): [Handler, Record<string, string>] {
  const dir = `packages/${pkg}/src`;
  const make = `make${name[0]!.toUpperCase()}${name.slice(1)}`;
  const files: Record<string, string> = {
    [`${dir}/${name}.ts`]: `import { ${make} } from './${name}-service';\n\nexport function ${name}() {\n  return ${make}().run();\n}\n`,
    [`${dir}/${name}-service.ts`]: withStore
      ? `import { load } from './${name}-store';\n\nexport function ${make}() {\n  return {\n    run() {\n      return load();\n    },\n  };\n}\n`
      : `export function ${make}() {\n  return {\n    run() {\n      return 1;\n    },\n  };\n}\n`,
  };
  if (withStore) files[`${dir}/${name}-store.ts`] = 'export function load() {\n  return 2;\n}\n';
  return [{ file: `${dir}/${name}.ts`, name }, files];
}

/**
 * Four packages: alpha (5 files: orders 2 + users 3), beta (8 files: b1 3 + b2 2 + b3 3),
 * gamma (3 files), delta (2 files). 18 files and 7 calls in all.
 */
function monorepo(): { handlers: Handler[]; sources: Record<string, string>; manifests: PackageManifest[] } {
  const parts = [
    handler('alpha', 'orders', false),
    handler('alpha', 'users', true),
    handler('beta', 'b1', true),
    handler('beta', 'b2', false),
    handler('beta', 'b3', true),
    handler('delta', 'deliveries', false),
    handler('gamma', 'games', true),
  ];
  const manifests = ['alpha', 'beta', 'delta', 'gamma'].map(
    (pkg): PackageManifest => ({ dir: `packages/${pkg}`, file: `packages/${pkg}/package.json`, ecosystem: 'npm', name: pkg, dependencies: {}, devDependencies: {} }),
  );
  return { handlers: parts.map(([h]) => h), sources: Object.assign({}, ...parts.map(([, files]) => files)), manifests };
}

/**
 * Classifies every handler with the given budgets (endpoints in reverse order when `reversed`, so
 * the calls are queued in another order); returns, per handler, what the checker answered for its
 * call (null: not asked).
 */
function run(limits: Partial<TypeAwareOptions>, reversed = false) {
  const { handlers, sources, manifests } = monorepo();
  const project = buildTestProject(sources, { manifests });
  const resolver = new TypeAwareResolver(project, { root: '/repo', files: sources, ...limits });
  const output = classifyEndpoints({ project, endpoints: (reversed ? [...handlers].reverse() : handlers).map((h) => endpointFor(project, { file: h.file, handler: h.name })), typeAware: resolver });
  const answers = Object.fromEntries(
    handlers.map((h) => {
      const call = project.modules.get(h.file)!.calls.find((c) => c.callee.k === 'member' && c.callee.prop === 'run')!;
      const answer = resolver.lookup(h.file, call);
      return [h.name, answer?.kind === 'function' ? `${answer.module}#${answer.fnId}` : (answer?.kind ?? null)];
    }),
  );
  const { ms: _ms, ...stats } = output.stats.typeAware!;
  return { answers, stats, diagnostics: output.diagnostics.map((d) => d.message) };
}

describe('type-aware budgets', () => {
  it('answers every call when the budgets hold them all', () => {
    const { answers, stats } = run({});
    expect(answers).toEqual({
      orders: 'packages/alpha/src/orders-service.ts#1',
      users: 'packages/alpha/src/users-service.ts#1',
      b1: 'packages/beta/src/b1-service.ts#1',
      b2: 'packages/beta/src/b2-service.ts#1',
      b3: 'packages/beta/src/b3-service.ts#1',
      deliveries: 'packages/delta/src/deliveries-service.ts#1',
      games: 'packages/gamma/src/games-service.ts#1',
    });
    expect(stats).toEqual({ created: true, batches: 1, files: 18, libraryFiles: 0, asked: 7, toFunctions: 7, toPackages: 0, capped: [] });
  });

  it('loads whole packages in folder order, then single modules with their whole import closure, and asks nothing blind', () => {
    // 12 files: alpha (5), then beta (8) does not fit whole, delta (2) and gamma (3) do: 10 files.
    // With the 2 left, beta's modules one by one: b1 needs 3, b2 needs 2, b3 needs 3.
    const { answers, stats, diagnostics } = run({ maxFiles: 12 });
    expect(answers).toEqual({
      orders: 'packages/alpha/src/orders-service.ts#1',
      users: 'packages/alpha/src/users-service.ts#1',
      b1: null,
      b2: 'packages/beta/src/b2-service.ts#1',
      b3: null,
      deliveries: 'packages/delta/src/deliveries-service.ts#1',
      games: 'packages/gamma/src/games-service.ts#1',
    });
    expect(stats).toEqual({
      created: true,
      batches: 1,
      files: 12,
      libraryFiles: 0,
      asked: 5,
      toFunctions: 5,
      toPackages: 0,
      capped: ["file budget of 12 repository files reached: 2 calls were not asked, their modules' imports did not fit"],
    });
    expect(diagnostics).toEqual(["type-aware resolution: file budget of 12 repository files reached: 2 calls were not asked, their modules' imports did not fit"]);
  });

  it('spends the call budget on whole packages first, then on single modules', () => {
    // 3 calls: alpha (2); beta (3) does not fit whole; delta (1) does; then none is left.
    const { answers, stats } = run({ maxCalls: 3 });
    expect(answers).toEqual({ orders: 'packages/alpha/src/orders-service.ts#1', users: 'packages/alpha/src/users-service.ts#1', b1: null, b2: null, b3: null, deliveries: 'packages/delta/src/deliveries-service.ts#1', games: null });
    expect([stats.asked, stats.files, stats.capped]).toEqual([3, 7, ["budget of 3 calls asked reached: 4 later calls keep the facts' resolution"]]);
  });

  it('cuts a closure to a quarter of the file budget and says so', () => {
    // 8 files: a closure holds at most 2, so users' store and games' store are left out (typed
    // any: nothing the calls need). Alpha then takes 4 files, beta 6, and gamma's 2 leave delta out.
    const { answers, stats } = run({ maxFiles: 8 });
    expect(answers).toEqual({
      orders: 'packages/alpha/src/orders-service.ts#1',
      users: 'packages/alpha/src/users-service.ts#1',
      b1: null,
      b2: null,
      b3: null,
      deliveries: 'packages/delta/src/deliveries-service.ts#1',
      games: 'packages/gamma/src/games-service.ts#1',
    });
    expect([stats.asked, stats.files, stats.capped]).toEqual([
      4,
      8,
      [
        "file budget of 8 repository files reached: 3 calls were not asked, their modules' imports did not fit",
        '2 modules asked about import more than 2 repository files (a quarter of the file budget): the nearest were loaded, the rest typed any',
      ],
    ]);
  });

  it('chooses the same calls whatever order they are queued in', () => {
    for (const limits of [{ maxFiles: 12 }, { maxFiles: 8 }, { maxCalls: 3 }]) expect(JSON.stringify(run(limits, true))).toBe(JSON.stringify(run(limits)));
  });
});
