import { describe, expect, test } from 'vitest';
import type { Arg, CallFact, ClassFact, Expr, FunctionFact, ImportFact } from '../../src/parsing/types.js';
import { findConcurrencyPatterns, findDynamicFeatures, findWrapperFactories } from '../../src/estimation/code-patterns.js';
import { findTestReach, indexTests } from '../../src/estimation/test-reach.js';
import { classifyExclusion, createServiceOf } from '../../src/estimation/sizing.js';
import { makeEndpoint, makeManifest, makeModule } from './factory.js';

const id = (name: string): Expr => ({ k: 'id', name });
const member = (obj: Expr, prop: string): Expr => ({ k: 'member', obj, prop });
const str = (v: string): Expr => ({ k: 'str', v });
const arg = (value: Expr): Arg => ({ value });

function call(callee: Expr, line: number, args: Arg[] = [], extra: Partial<CallFact> = {}): CallFact {
  return { callee, args, argCount: args.length, line, scope: -1, loopDepth: 0, ...extra };
}

function imp(source: string, imported: string, local: string, kind: ImportFact['kind'] = 'esm', line = 1): ImportFact {
  return { source, imported, local, line, kind, scope: -1 };
}

function fn(idx: number, name: string, parent: number, startLine: number, extra: Partial<FunctionFact> = {}): FunctionFact {
  return {
    id: idx,
    name,
    kind: 'function',
    span: { startLine, endLine: startLine + 5 },
    parent,
    isAsync: false,
    params: [],
    decorators: [],
    complexity: 1,
    codeLines: 5,
    ...extra,
  };
}

function cls(idx: number, name: string, startLine: number, extra: Partial<ClassFact> = {}): ClassFact {
  return { id: idx, name, span: { startLine, endLine: startLine + 10 }, parent: -1, bases: [], decorators: [], methods: [], fields: [], ...extra };
}

describe('dynamic features', () => {
  test('Python: exec, computed getattr, importlib, metaclasses, monkey patching, rewriting decorators', () => {
    const module = makeModule('app/plugins.py', 200, {
      imports: [
        imp('importlib', '*', 'importlib', 'python'),
        imp('functools', 'lru_cache', 'lru_cache', 'python'),
        imp('requests', '*', 'requests', 'python'),
        imp('abc', 'ABCMeta', 'ABCMeta', 'python'),
        imp('os', '*', 'os', 'python'),
        { source: '', imported: '*', local: null, line: 13, kind: 'dynamic', scope: -1 },
      ],
      calls: [
        call(id('exec'), 10, [arg(id('source'))]),
        call(id('getattr'), 11, [arg(id('obj')), arg(id('name'))]),
        call(id('getattr'), 12, [arg(id('obj')), arg(str('name')), arg({ k: 'null' })]),
        call(member(id('importlib'), 'import_module'), 13, [arg(id('path'))]),
        call(id('__import__'), 14, [arg(str('os'))]),
        call(id('print'), 15, [arg(str('hi'))]),
      ],
      classes: [
        cls(0, 'Registry', 20, { bases: [id('type')] }),
        cls(1, 'Plugin', 30, { keywords: [{ name: 'metaclass', value: id('Registry') }] }),
        cls(2, 'Base', 40, { keywords: [{ name: 'metaclass', value: id('ABCMeta') }] }),
      ],
      assignments: [
        { target: member(id('requests'), 'get'), value: id('fake_get'), line: 50, scope: -1, kind: 'assign' },
        { target: member(id('self'), 'x'), value: id('y'), line: 51, scope: -1, kind: 'assign' },
        { target: member(member(id('os'), 'environ'), 'TZ'), value: str('UTC'), line: 52, scope: -1, kind: 'assign' },
        { target: { k: 'index', obj: member(id('os'), 'environ'), index: id('key') }, value: id('v'), line: 53, scope: -1, kind: 'assign' },
      ],
      functions: [
        fn(0, 'retry', -1, 60),
        fn(1, 'wrapper', 0, 61),
        fn(2, 'fetch', -1, 70, { decorators: [{ k: 'call', callee: id('retry'), args: [arg({ k: 'num', v: 3 })], line: 69 }] }),
        fn(3, 'cached', -1, 80, { decorators: [{ k: 'call', callee: id('lru_cache'), args: [], line: 79 }] }),
        fn(4, 'route', -1, 90, { decorators: [{ k: 'call', callee: member(id('app'), 'get'), args: [arg(str('/'))], line: 89 }] }),
      ],
    });
    const sites = findDynamicFeatures(module, findWrapperFactories([module]));
    expect(sites.map((s) => [s.kind, s.line, s.what])).toEqual([
      ['eval', 10, 'exec'],
      ['reflection', 11, 'getattr'],
      ['dynamic-import', 13, 'importlib.import_module'],
      ['dynamic-import', 14, '__import__'],
      ['metaclass', 20, 'class Registry(type)'],
      ['metaclass', 30, 'metaclass=Registry'],
      ['monkey-patch', 50, 'requests.get'],
      ['rewriting-decorator', 70, '@retry(...)'],
      ['rewriting-decorator', 80, '@functools.lru_cache'],
    ]);
  });

  test('JavaScript: eval, new Function, Proxy, Reflect, computed require, lazy import, prototype patching', () => {
    const module = makeModule('src/loader.js', 200, {
      imports: [imp('fs', '*', 'fs', 'require'), imp('./routes/admin.js', '*', null as unknown as string, 'dynamic', 7)],
      calls: [
        call(id('eval'), 1, [arg(id('code'))]),
        call(id('Function'), 2, [arg(str('a')), arg(str('return a'))], { isNew: true }),
        call(id('Proxy'), 3, [arg(id('target')), arg(id('handler'))], { isNew: true }),
        call(member(id('Reflect'), 'get'), 4, [arg(id('o')), arg(id('k'))]),
        call(id('require'), 5, [arg({ k: 'tpl', parts: ['./handlers/', id('name')] })]),
        call(id('require'), 6, [arg(str('./static'))]),
        call(id('exec'), 8, [arg(id('cmd'))]),
        call({ k: 'other', text: 'import' }, 9, [arg(id('pluginPath'))]),
      ],
      assignments: [
        { target: member(member(id('Array'), 'prototype'), 'last'), value: id('fn'), line: 20, scope: -1, kind: 'assign' },
        { target: member(id('fs'), 'readFile'), value: id('patched'), line: 21, scope: -1, kind: 'assign' },
        { target: member(id('module'), 'exports'), value: id('x'), line: 22, scope: -1, kind: 'assign' },
      ],
    });
    const sites = findDynamicFeatures(module, new Set());
    expect(sites.map((s) => [s.kind, s.line, s.what])).toEqual([
      ['eval', 1, 'eval'],
      ['eval', 2, 'new Function'],
      ['proxy', 3, 'new Proxy'],
      ['reflection', 4, 'Reflect.get'],
      ['dynamic-import', 5, 'require(tpl)'],
      ['dynamic-import', 9, 'import(pluginPath)'],
      ['lazy-import', 7, "import('./routes/admin.js')"],
      ['monkey-patch', 20, 'Array.prototype.last'],
      ['monkey-patch', 21, 'fs.readFile'],
    ]);
  });
});

describe('concurrency patterns', () => {
  test('Node: emitters, listeners, callbacks, Promise fan-out, workers, cluster', () => {
    const module = makeModule('src/bus.ts', 100, {
      imports: [imp('events', 'EventEmitter', 'EventEmitter'), imp('node:cluster', 'default', 'cluster'), imp('worker_threads', 'Worker', 'Worker')],
      classes: [cls(0, 'Bus', 1, { bases: [id('EventEmitter')] })],
      functions: [fn(0, '<anonymous>', -1, 30, { kind: 'arrow', params: [{ name: 'err' }, { name: 'data' }] })],
      calls: [
        call(id('EventEmitter'), 10, [], { isNew: true }),
        call(member(id('bus'), 'on'), 11, [arg(str('order')), arg({ k: 'fn', id: 9 })]),
        call(member(id('bus'), 'on'), 12, [arg(str('lonely'))]),
        call(member(id('Promise'), 'all'), 13, [arg({ k: 'arr', items: [] })]),
        call(id('Worker'), 14, [arg(str('./w.js'))], { isNew: true }),
        call(member(id('cluster'), 'fork'), 15),
        call(member(id('fs'), 'readFile'), 16, [arg(str('x')), arg({ k: 'fn', id: 0 })]),
        call(member(id('process'), 'on'), 17, [arg(str('SIGTERM')), arg({ k: 'fn', id: 1 })]),
        call(member({ k: 'call', callee: id('main'), args: [], line: 18 }, 'catch'), 18, [arg({ k: 'fn', id: 0 })]),
        call(member(id('rows'), 'map'), 19, [arg({ k: 'fn', id: 0 })]),
      ],
    });
    expect(findConcurrencyPatterns(module).map((s) => [s.kind, s.line, s.what])).toEqual([
      ['event-emitter', 1, 'class Bus extends EventEmitter'],
      ['event-emitter', 10, 'new events.EventEmitter'],
      ['event-listener', 11, '.on("order", ...)'],
      ['promise-fanout', 13, 'Promise.all'],
      ['thread', 14, 'worker_threads.Worker'],
      ['process', 15, 'cluster.fork'],
      ['node-callback', 16, 'fs.readFile(..., (err, ...) => ...)'],
    ]);
  });

  test('Python: asyncio tasks, threads and processes', () => {
    const module = makeModule('app/jobs.py', 100, {
      imports: [
        imp('asyncio', '*', 'asyncio', 'python'),
        imp('concurrent.futures', 'ThreadPoolExecutor', 'ThreadPoolExecutor', 'python'),
        imp('multiprocessing', '*', 'mp', 'python'),
      ],
      calls: [
        call(member(id('asyncio'), 'gather'), 1),
        call(member(id('asyncio'), 'create_task'), 2),
        call(id('ThreadPoolExecutor'), 3),
        call(member(id('mp'), 'Pool'), 4),
        call(member(id('loop'), 'run_in_executor'), 5),
        call(member(id('asyncio'), 'sleep'), 6),
      ],
    });
    expect(findConcurrencyPatterns(module).map((s) => [s.kind, s.line, s.what])).toEqual([
      ['async-task', 1, 'asyncio.gather'],
      ['async-task', 2, 'asyncio.create_task'],
      ['thread', 3, 'concurrent.futures.ThreadPoolExecutor'],
      ['process', 4, 'multiprocessing.Pool'],
      ['async-task', 5, 'run_in_executor'],
    ]);
  });
});

describe('which endpoints a test reaches', () => {
  const tests = [
    makeModule('test/users.test.ts', 50, {
      isTest: true,
      calls: [
        call(member({ k: 'call', callee: id('request'), args: [arg(id('app'))], line: 3 }, 'get'), 3, [arg(str('/api/users/42?expand=1'))]),
        call(member(id('client'), 'post'), 4, [arg({ k: 'tpl', parts: [id('BASE'), '/orders'] })]),
        call(id('fetch'), 5, [arg(str('http://localhost:3000/health'))]),
      ],
    }),
    makeModule('tests/test_reports.py', 50, {
      isTest: true,
      imports: [imp('app.reports', 'build_report', 'build_report', 'python')],
      calls: [call(id('build_report'), 9)],
    }),
    makeModule('test/admin.test.ts', 50, {
      isTest: true,
      imports: [imp('../src/admin', 'AdminController', 'AdminController')],
      calls: [call(member(id('controller'), 'purge'), 12)],
    }),
  ];
  const index = indexTests(tests);
  const reach = (spec: Parameters<typeof makeEndpoint>[0]) => findTestReach(makeEndpoint(spec), index);

  test('by path, with parameters generalised, query strings and hosts ignored', () => {
    expect(reach({ path: '/api/users/:id', kind: 'io' })).toBe('path requested in a test');
    expect(reach({ path: '/api/users/{user_id}', kind: 'io' })).toBe('path requested in a test');
    expect(reach({ path: '/health', kind: 'io' })).toBe('path requested in a test');
    expect(reach({ path: '/api/users', kind: 'io' })).toBeNull();
    expect(reach({ path: '/api/users/:id/avatar', kind: 'io' })).toBeNull();
  });

  test('an interpolated prefix matches the end of the path', () => {
    expect(reach({ method: 'POST', path: '/api/v1/orders', kind: 'io' })).toBe('path requested in a test');
  });

  test('by handler name, or by handler class and method', () => {
    expect(reach({ path: '/reports', kind: 'cpu', handlerName: 'build_report' })).toBe(
      'handler build_report named in tests/test_reports.py',
    );
    expect(reach({ path: '/admin/purge', kind: 'io', handlerName: 'AdminController.purge' })).toBe(
      'handler AdminController.purge used in test/admin.test.ts',
    );
    expect(reach({ path: '/admin/audit', kind: 'io', handlerName: 'AdminController.audit' })).toBeNull();
    expect(reach({ path: '/x', kind: 'io', handlerName: 'index' })).toBeNull();
  });
});

describe('sizing rules', () => {
  const none = () => false;
  test.each([
    ['app/migrations/0001_initial.py', 'migrations'],
    ['alembic/env.py', 'migrations'],
    ['src/database/migrations/20240101-create-users.js', 'migrations'],
    ['src/migration/1700000000000-Init.ts', 'migrations'],
    ['db/migrate/001_init.js', 'migrations'],
    ['tests/fixtures/payload.py', 'fixtures'],
    ['src/__fixtures__/user.ts', 'fixtures'],
    ['seeders/20240101-demo.js', 'fixtures'],
    ['types/env.d.ts', 'type-stubs'],
    ['stubs/lib.pyi', 'type-stubs'],
    ['webpack.config.js', 'config-files'],
    ['packages/web/vite.config.mts', 'config-files'],
    ['.eslintrc.js', 'config-files'],
    ['setup.py', 'config-files'],
    ['docs/conf.py', 'config-files'],
    ['services/notifications/public/dashboard.js', 'static-assets'],
    ['app/static/js/app.jsx', 'static-assets'],
    ['app/static/helpers.py', null],
    ['src/config.ts', null],
    ['app/settings.py', null],
    ['src/migrate-data.ts', null],
  ])('%s -> %s', (path, category) => {
    expect(classifyExclusion(path, none)).toBe(category);
  });

  test('a service is the shallowest folder with a manifest, else the first folder', () => {
    const serviceOf = createServiceOf([
      makeManifest('', 'npm', []),
      makeManifest('services/api', 'npm', []),
      makeManifest('services/api/tools', 'npm', []),
      makeManifest('ml', 'pypi', []),
    ]);
    expect(serviceOf('services/api/src/app.ts')).toBe('services/api');
    expect(serviceOf('services/api/tools/x.ts')).toBe('services/api');
    expect(serviceOf('ml/predict.py')).toBe('ml');
    expect(serviceOf('lib/util.ts')).toBe('lib');
    expect(serviceOf('index.ts')).toBe('.');
  });
});
