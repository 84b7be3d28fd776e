import { describe, expect, it } from 'vitest';
import { fastifyDetector } from '../../../src/detectors/js/fastify/index.js';
import { routeParamsOf } from '../../../src/detectors/js/fastify/autoload.js';
import type { DetectedEndpoint } from '../../../src/detectors/types.js';
import { detectFixture } from '../../helpers/detect-fixture.js';
import { detectWith, diagnosticFrom, endpointRow, npmPackage } from '../../helpers/endpoint-rows.js';

/** WebSocket routes add their tags and events as two last columns, only where they have them, so HTTP rows keep the common seven. */
function rows(endpoints: readonly DetectedEndpoint[]) {
  return endpoints.map((e) => (e.tags || e.events ? [...endpointRow(e), e.tags ?? [], e.events ?? []] : endpointRow(e)));
}

function detectIn(files: Record<string, string>, dependencies: Record<string, string> = { fastify: '^5.2.0' }) {
  return detectWith(fastifyDetector, files, [npmPackage(dependencies)]);
}

const warning = diagnosticFrom('fastify');

describe('fastify detector on fixture repositories', () => {
  it('follows plugins registered with prefixes across files, route() method arrays, options handlers, hooks and WebSocket routes', async () => {
    const result = await detectFixture('fixtures/js-fastify-plugins', ['fastify']);
    const auth = 'authenticate src/plugins/auth.js:6-11';
    expect(rows(result.endpoints)).toEqual([
      ['GET', '/api/v1/authors', 'src/routes/authors.js:9', 'listAuthors src/routes/authors.js:16-18', ['/api/v1/authors src/server.js:13'], 'resolved', []],
      ['GET', '/api/v1/authors/:authorId', 'src/routes/authors.js:10', 'getAuthor src/routes/authors.js:10-12', ['/api/v1/authors src/server.js:13'], 'resolved', []],
      ['GET', '/api/v1/books', 'src/routes/books/index.js:7', 'listBooks src/routes/books/handlers.js:5-7', ['/api/v1/books src/server.js:12'], 'resolved', []],
      ['POST', '/api/v1/books', 'src/routes/books/index.js:19', 'createBook src/routes/books/handlers.js:15-18', ['/api/v1/books src/server.js:12'], 'resolved', [auth]],
      ['GET', '/api/v1/books/:bookId/reviews', 'src/routes/books/reviews.js:18', 'listReviews src/routes/books/reviews.js:3-5', ['/api/v1/books src/server.js:12', '/:bookId/reviews src/routes/books/index.js:21'], 'resolved', []],
      ['POST', '/api/v1/books/:bookId/reviews', 'src/routes/books/reviews.js:18', 'addReview src/routes/books/reviews.js:7-9', ['/api/v1/books src/server.js:12', '/:bookId/reviews src/routes/books/index.js:21'], 'resolved', []],
      ['DELETE', '/api/v1/books/:id', 'src/routes/books/index.js:17', 'deleteBook src/routes/books/handlers.js:25-28', ['/api/v1/books src/server.js:12'], 'resolved', [auth]],
      ['GET', '/api/v1/books/:id', 'src/routes/books/index.js:8', 'getBook src/routes/books/handlers.js:9-13', ['/api/v1/books src/server.js:12'], 'resolved', []],
      ['PATCH', '/api/v1/books/:id', 'src/routes/books/index.js:10', 'updateBook src/routes/books/handlers.js:20-23', ['/api/v1/books src/server.js:12'], 'resolved', [auth]],
      ['PUT', '/api/v1/books/:id', 'src/routes/books/index.js:10', 'updateBook src/routes/books/handlers.js:20-23', ['/api/v1/books src/server.js:12'], 'resolved', [auth]],
      ['GET', '/health', 'src/server.js:17', '<anonymous> src/server.js:17-17', [], 'resolved', []],
      ['GET', '/live/feed', 'src/sockets/live.js:14', 'feedPage src/sockets/live.js:22-24', ['/live src/server.js:15'], 'resolved', []],
      ['WS', '/live/feed', 'src/sockets/live.js:14', 'feedSocket src/sockets/live.js:26-28', ['/live src/server.js:15'], 'resolved', [], ['realtime'], ['message']],
      ['WS', '/live/prices', 'src/sockets/live.js:6', '<anonymous> src/sockets/live.js:6-12', ['/live src/server.js:15'], 'resolved', [], ['realtime'], ['close', 'message']],
      // fastify-plugin shares the parent's context: the `/metrics` prefix it is registered with is ignored.
      ['GET', '/metrics', 'src/plugins/metrics.js:10', '<anonymous> src/plugins/metrics.js:10-10', [], 'resolved', []],
      ['POST', '/{unresolved:process.env.ADMIN_PREFIX}/reindex', 'src/routes/admin.js:6', '<anonymous> src/routes/admin.js:6-6', ['{unresolved:process.env.ADMIN_PREFIX} src/server.js:14'], 'partial', [auth]],
    ]);
    expect(result.diagnostics).toEqual([
      warning('ignored-prefix', 'Plugin require("./plugins/metrics") is wrapped with fastify-plugin, so Fastify ignores its prefix ("/metrics"); its routes are listed under the parent\'s prefix', 'src/server.js', 10, 'info'),
      warning('unresolved-route-part', 'Plugin prefix could not be resolved statically: process.env.ADMIN_PREFIX', 'src/server.js', 14),
    ]);
    expect(result.frameworks).toEqual([{ id: 'fastify', title: 'Fastify', language: 'js', endpoints: 16 }]);
    expect(result.endpoints[0]).toEqual({
      method: 'GET',
      path: '/api/v1/authors',
      framework: 'fastify',
      language: 'javascript',
      file: 'src/routes/authors.js',
      line: 9,
      handler: { name: 'listAuthors', file: 'src/routes/authors.js', startLine: 16, endLine: 18, fnId: 3 },
      mountChain: [{ prefix: '/api/v1/authors', file: 'src/server.js', line: 13 }],
      resolution: 'resolved',
      middleware: [],
    });
  });

  it('derives prefixes from an @fastify/autoload folder tree in a fastify-cli TypeScript app', async () => {
    const result = await detectFixture('fixtures/js-fastify-autoload', ['fastify']);
    const api = '/api src/app.ts:32';
    // users/autohooks.ts, loaded with `autoHooks` and cascading to users/_id/.
    const hook = 'onRequest src/routes/users/autohooks.ts:5-9';
    expect(rows(result.endpoints)).toEqual([
      ['GET', '/api', 'src/routes/root.ts:4', '<anonymous> src/routes/root.ts:4-6', [api], 'resolved', []],
      ['GET', '/api/admin/reports/daily', 'src/routes/admin/reports/index.ts:4', '<anonymous> src/routes/admin/reports/index.ts:4-4', [api, '/admin/reports src/app.ts:32'], 'resolved', []],
      // `export const autoPrefix` replaces the folder prefix.
      ['GET', '/api/backoffice', 'src/routes/admin/index.ts:6', '<anonymous> src/routes/admin/index.ts:6-6', [api, '/backoffice src/routes/admin/index.ts:3'], 'resolved', []],
      // A route object exported from a file is wrapped in a plugin by autoload.
      ['GET', '/api/health', 'src/routes/health.ts:4', 'healthCheck src/routes/health.ts:7-9', [api], 'resolved', []],
      ['HEAD', '/api/health', 'src/routes/health.ts:4', 'healthCheck src/routes/health.ts:7-9', [api], 'resolved', []],
      ['GET', '/api/status', 'src/routes/status/index.ts:4', '<anonymous> src/routes/status/index.ts:4-6', [api, '/status src/app.ts:32'], 'resolved', []],
      ['GET', '/api/users', 'src/routes/users/index.ts:5', 'listUsers src/routes/users/handlers.ts:5-7', [api, '/users src/app.ts:32'], 'resolved', [hook]],
      ['POST', '/api/users', 'src/routes/users/index.ts:6', 'createUser src/routes/users/handlers.ts:9-12', [api, '/users src/app.ts:32'], 'resolved', [hook]],
      // routeParams: the `_id` folder is the `:id` parameter.
      ['DELETE', '/api/users/:id', 'src/routes/users/_id/index.ts:5', '<anonymous> src/routes/users/_id/index.ts:5-5', [api, '/users/:id src/app.ts:32'], 'resolved', [hook]],
      ['GET', '/api/users/:id', 'src/routes/users/_id/index.ts:4', '<anonymous> src/routes/users/_id/index.ts:4-4', [api, '/users/:id src/app.ts:32'], 'resolved', [hook]],
      // Not loaded by autoload (an index file beside it; the ignorePattern): kept, flagged, without a prefix.
      ['GET', '/audit', 'src/routes/admin/audit.ts:5', '<anonymous> src/routes/admin/audit.ts:5-5', [], 'partial', []],
      ['GET', '/orders', 'src/routes/orders.draft.ts:5', '<anonymous> src/routes/orders.draft.ts:5-5', [], 'partial', []],
    ]);
    const skipped = (file: string) =>
      warning('unmounted-router', `plugin in ${file} sits in the autoload folder src/routes but autoload does not load it (an index file beside it, an ignore or match option, or \`autoload = false\`); its routes are listed without a prefix`, file, 4);
    expect(result.diagnostics).toEqual([skipped('src/routes/admin/audit.ts'), skipped('src/routes/orders.draft.ts')]);
    expect(result.endpoints.every((endpoint) => endpoint.language === 'typescript')).toBe(true);
  });
});

describe('fastify detector on edge cases', () => {
  it('binds plugin options to the plugin parameter, follows chains, direct calls, factories and ESM default exports', () => {
    const result = detectIn({
      'src/app.mjs': `import Fastify from 'fastify'
import fp from 'fastify-plugin'
import catalog from './catalog.mjs'
import { makeDbRoutes } from './db.mjs'
const app = Fastify()
app.register(catalog, { prefix: '/catalog', base: '/v3' }).register(fp(async (f) => { f.get('/ping', pong) }))
app.register(makeDbRoutes(pool), { prefix: '/db' })
app.register(import('./health.mjs'), { prefix: '/health' })
app.register(async (instance) => {
  registerLegacy(instance)
}, { prefix: '/legacy' })
function registerLegacy(server) {
  server.get('/old', async () => 'old')
}
async function pong() { return 'pong' }
`,
      'src/catalog.mjs': `export default async function (fastify, opts) {
  fastify.get(opts.base + '/items', listItems)
  fastify.withTypeProvider().get(\`\${opts.base}/items/:id\`, { handler: getItem })
}
function listItems() {}
function getItem() {}
`,
      'src/health.mjs': `export default async (fastify) => { fastify.get('/', async () => 'ok') }
`,
      'src/db.mjs': `export const makeDbRoutes = (pool) => async (fastify) => {
  fastify.get('/tables', async () => pool.tables())
}
`,
    });
    expect(rows(result.endpoints)).toEqual([
      ['GET', '/catalog/v3/items', 'src/catalog.mjs:2', 'listItems src/catalog.mjs:5-5', ['/catalog src/app.mjs:6'], 'resolved', []],
      ['GET', '/catalog/v3/items/:id', 'src/catalog.mjs:3', 'getItem src/catalog.mjs:6-6', ['/catalog src/app.mjs:6'], 'resolved', []],
      ['GET', '/db/tables', 'src/db.mjs:2', '<anonymous> src/db.mjs:2-2', ['/db src/app.mjs:7'], 'resolved', []],
      ['GET', '/health', 'src/health.mjs:1', '<anonymous> src/health.mjs:1-1', ['/health src/app.mjs:8'], 'resolved', []],
      ['GET', '/legacy/old', 'src/app.mjs:13', '<anonymous> src/app.mjs:13-13', ['/legacy src/app.mjs:9'], 'resolved', []],
      ['GET', '/ping', 'src/app.mjs:6', 'pong src/app.mjs:15-15', [], 'resolved', []],
    ]);
    expect(result.diagnostics).toEqual([]);
  });

  it('keeps what it cannot resolve: a computed method, an unknown handler, an unknown plugin, a plugin nothing registers', () => {
    const result = detectIn({
      'src/server.js': `const fastify = require('fastify')({ logger: true })
const plugins = require('./plugin-table')
const proxy = require('some-proxy')
fastify.route({ method: process.env.METHOD, url: '/dynamic', handler: dynamic })
fastify.get('/lost', handlers[name])
fastify.register(plugins[process.env.PLUGIN], { prefix: '/p' })
fastify.get('/proxied', proxy.handler)
fastify.get(settings.base + '/reports/' + kind, dynamic)
function dynamic() {}
`,
      'src/orphan.js': `module.exports = async function orphan (app) {
  app.get('/orphan', async () => 1)
}
`,
      'src/plugin-table.js': 'module.exports = {}\n',
    });
    expect(rows(result.endpoints)).toEqual([
      ['ALL', '/dynamic', 'src/server.js:4', 'dynamic src/server.js:9-9', [], 'partial', []],
      ['GET', '/lost', 'src/server.js:5', null, [], 'partial', []],
      ['GET', '/orphan', 'src/orphan.js:2', '<anonymous> src/orphan.js:2-2', [], 'partial', []],
      ['GET', '/proxied', 'src/server.js:7', null, [], 'partial', []],
      // The known parts of a concatenation stay readable around the unknown ones.
      ['GET', '/{unresolved:settings.base}/reports/{unresolved:kind}', 'src/server.js:8', 'dynamic src/server.js:9-9', [], 'partial', []],
    ]);
    expect(result.diagnostics).toEqual([
      warning('unmounted-router', 'plugin parameter `app` is not registered on any app gonogo can follow; its routes are listed without the prefix it may be registered under', 'src/orphan.js', 1),
      warning('unresolved-route-part', 'HTTP method could not be resolved statically: process.env.METHOD; listed as ALL', 'src/server.js', 4),
      warning('unresolved-route-part', 'Handler could not be resolved statically: handlers[name]', 'src/server.js', 5),
      warning('unresolved-route-part', 'Plugin could not be resolved statically: plugins[process.env.PLUGIN]; the routes it registers are not listed', 'src/server.js', 6),
      warning('external-handler', 'Handler is a function of package some-proxy, outside the repository: proxy.handler', 'src/server.js', 7, 'info'),
      warning('unresolved-route-part', 'Route path could not be resolved statically: settings.base + "/reports/" + kind', 'src/server.js', 8),
    ]);
  });

  it('survives calls of any shape and ignores objects that only look like an instance', () => {
    const result = detectIn({
      'src/server.js': `const app = require('fastify')()
app.get()
app.get('/only-path')
app.route()
app.route(null)
app.register()
app.register(...plugins)
app.get(...args)
app.addHook('onRequest')
function loadProfile(client) {
  return client.get('/profile', { params: { id: 1 } })
}
function wire(container) {
  container.register(createMailer(), { lifetime: 'singleton', prefix: '/mail' })
}
`,
    });
    expect(result.endpoints).toEqual([]);
    expect(result.diagnostics).toEqual([]);
  });

  it('reads autoload options: dirNameRoutePrefix, maxDepth, matchFilter, encapsulate, prefixOverride, autoload = false, ESM directories', () => {
    const plugin = (route: string) => `export default async function (fastify) { fastify.get('${route}', async () => 1) }\n`;
    const result = detectIn(
      {
        'src/app.js': `import Fastify from 'fastify'
import autoload from '@fastify/autoload'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
const app = Fastify()
app.register(autoload, { dir: join(import.meta.dirname, 'flat'), dirNameRoutePrefix: false })
app.register(autoload, { dir: fileURLToPath(new URL('./deep', import.meta.url)), maxDepth: 1, matchFilter: 'keep' })
app.register(autoload, { dir: \`\${import.meta.dirname}/shared\`, encapsulate: false, options: { prefix: '/shared' } })
app.register(autoload, { dir: settings.routesDir })
`,
        'src/flat/a/one.js': plugin('/one'),
        'src/deep/keep.js': plugin('/top'),
        'src/deep/x/keep-me.js': plugin('/x'),
        'src/deep/x/drop.js': plugin('/dropped'),
        'src/deep/x/y/keep.js': plugin('/too-deep'),
        'src/shared/s/two.js': plugin('/two'),
        'src/flat/over.js': `export const prefixOverride = '/elsewhere'\n${plugin('/three')}`,
        'src/shared/off.js': `export const autoload = false\n${plugin('/off')}`,
      },
      { fastify: '^5.0.0', '@fastify/autoload': '^6.0.0' },
    );
    expect(rows(result.endpoints)).toEqual([
      ['GET', '/dropped', 'src/deep/x/drop.js:1', '<anonymous> src/deep/x/drop.js:1-1', [], 'partial', []],
      ['GET', '/elsewhere/three', 'src/flat/over.js:2', '<anonymous> src/flat/over.js:2-2', ['/elsewhere src/flat/over.js:1'], 'resolved', []],
      ['GET', '/off', 'src/shared/off.js:2', '<anonymous> src/shared/off.js:2-2', [], 'partial', []],
      ['GET', '/one', 'src/flat/a/one.js:1', '<anonymous> src/flat/a/one.js:1-1', [], 'resolved', []],
      ['GET', '/too-deep', 'src/deep/x/y/keep.js:1', '<anonymous> src/deep/x/y/keep.js:1-1', [], 'partial', []],
      ['GET', '/top', 'src/deep/keep.js:1', '<anonymous> src/deep/keep.js:1-1', [], 'resolved', []],
      ['GET', '/two', 'src/shared/s/two.js:1', '<anonymous> src/shared/s/two.js:1-1', [], 'resolved', []],
      ['GET', '/x/x', 'src/deep/x/keep-me.js:1', '<anonymous> src/deep/x/keep-me.js:1-1', ['/x src/app.js:7'], 'resolved', []],
    ]);
    const skipped = (file: string, dir: string, line: number) =>
      warning('unmounted-router', `plugin in ${file} sits in the autoload folder ${dir} but autoload does not load it (an index file beside it, an ignore or match option, or \`autoload = false\`); its routes are listed without a prefix`, file, line);
    expect(result.diagnostics).toEqual([
      warning('ignored-prefix', 'Fastify ignores the autoload prefix "/shared" for plugins that share their parent\'s context (fastify-plugin or `encapsulate: false`): src/shared/s/two.js', 'src/app.js', 8, 'info'),
      warning('unresolved-route-part', 'Autoload directory could not be resolved statically: settings.routesDir; the plugins it loads are not listed', 'src/app.js', 9),
      skipped('src/deep/x/drop.js', 'src/deep', 1),
      skipped('src/deep/x/y/keep.js', 'src/deep', 1),
      skipped('src/shared/off.js', 'src/shared', 2),
    ]);
  });

  it('turns autoload `_param` folders into route parameters', () => {
    expect(routeParamsOf('/users/_id/posts/_postId')).toBe('/users/:id/posts/:postId');
    expect(routeParamsOf('/files/name__ext')).toBe('/files/name:ext');
  });
});
