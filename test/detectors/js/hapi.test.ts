import { describe, expect, it } from 'vitest';
import { hapiDetector } from '../../../src/detectors/js/hapi/index.js';
import { detectFixture } from '../../helpers/detect-fixture.js';
import { detectWith, diagnosticFrom, endpointRows, npmPackage } from '../../helpers/endpoint-rows.js';

function detectIn(files: Record<string, string>, dependencies: Record<string, string> = { '@hapi/hapi': '^21.3.0' }) {
  return detectWith(hapiDetector, files, [npmPackage(dependencies)]);
}

const diagnostic = diagnosticFrom('hapi');

describe('hapi detector on fixture repositories', () => {
  it('lists route arrays from other modules, method arrays and `*`, options/config handlers, pre, and plugins with prefixes', async () => {
    const result = await detectFixture('fixtures/js-hapi-plugins', ['hapi']);
    expect(endpointRows(result.endpoints)).toEqual([
      ['GET', '/_health/live', 'lib/server.js:24', 'probe lib/server.js:9-9', [], 'resolved', []],
      ['GET', '/_health/ready', 'lib/server.js:24', 'probe lib/server.js:9-9', [], 'resolved', []],
      // Route objects declared in another module sit at the statement that holds them.
      ['GET', '/accounts', 'lib/routes/accounts.js:11', 'list lib/handlers/accounts.js:5-8', [], 'resolved', []],
      ['POST', '/accounts', 'lib/routes/accounts.js:20', 'create lib/handlers/accounts.js:10-14', [], 'resolved', ['checkQuota lib/routes/accounts.js:6-9']],
      ['DELETE', '/accounts/{id}', 'lib/routes/accounts.js:20', 'remove lib/handlers/accounts.js:22-26', [], 'resolved', []],
      ['PATCH', '/accounts/{id}', 'lib/routes/accounts.js:20', 'update lib/handlers/accounts.js:16-20', [], 'resolved', []],
      ['PUT', '/accounts/{id}', 'lib/routes/accounts.js:20', 'update lib/handlers/accounts.js:16-20', [], 'resolved', []],
      ['POST', '/admin', 'lib/plugins/admin/routes.js:5', 'handler lib/plugins/admin/routes.js:7-7', ['/admin lib/server.js:35'], 'resolved', []],
      ['GET', '/admin/stats', 'lib/plugins/admin/routes.js:5', 'stats lib/plugins/admin/routes.js:3-3', ['/admin lib/server.js:35'], 'resolved', []],
      // The plugin's options reach its register function: `options.basePath` is '/orders'.
      ['GET', '/api/v2/orders', 'lib/plugins/orders.js:12', 'listOrders lib/plugins/orders.js:3-3', ['/api/v2 lib/server.js:29'], 'resolved', []],
      ['GET', '/api/v2/orders/{id}', 'lib/plugins/orders.js:12', 'getOrder lib/plugins/orders.js:5-5', ['/api/v2 lib/server.js:29'], 'resolved', []],
      // A plugin's own `routes.prefix` replaces the realm's prefix (hapi lib/server.js register()).
      ['GET', '/audit', 'lib/plugins/admin/audit.js:7', 'handler lib/plugins/admin/audit.js:7-7', ['/audit lib/plugins/admin/index.js:10'], 'resolved', []],
      ['ALL', '/sessions/{path*}', 'lib/routes/sessions.js:3', 'handler lib/routes/sessions.js:6-9', [], 'resolved', []],
      ['GET', '/{param*}', 'lib/server.js:21', null, [], 'partial', []],
      ['GET', '/{unresolved:process.env.STATUS_PATH}', 'lib/server.js:27', 'handler lib/server.js:27-27', [], 'partial', []],
    ]);
    expect(result.diagnostics).toEqual([
      diagnostic('external-handler', "Handler is the framework's built-in `directory` handler, not code of the repository", 'lib/server.js', 21, 'info'),
      diagnostic('unresolved-route-part', 'Route path could not be resolved statically: process.env.STATUS_PATH', 'lib/server.js', 27),
    ]);
    expect(result.frameworks).toEqual([{ id: 'hapi', title: 'hapi', language: 'js', endpoints: 15 }]);
    expect(result.endpoints[2]).toEqual({
      method: 'GET',
      path: '/accounts',
      framework: 'hapi',
      language: 'javascript',
      file: 'lib/routes/accounts.js',
      line: 11,
      handler: { name: 'list', file: 'lib/handlers/accounts.js', startLine: 5, endLine: 8, fnId: 0 },
      mountChain: [],
      resolution: 'resolved',
      middleware: [],
    });
  });
});

describe('hapi detector on edge cases', () => {
  it('reads ESM servers, spread route arrays, loops, hapi 16 registrations and functions handed the server', () => {
    const result = detectIn({
      'src/server.ts': `import Hapi from '@hapi/hapi'
import { userRoutes } from './routes/users'
import { postRoutes } from './routes/posts'
import registerMisc from './routes/misc'
import * as Legacy from './legacy'
const server = new Hapi.Server({ port: 4000 })
server.route([...userRoutes, ...postRoutes])
for (const route of [{ method: 'GET', path: '/a', handler: a }, { method: 'GET', path: '/b', handler: b }]) server.route(route)
registerMisc(server)
await server.register({ register: Legacy, routes: { prefix: '/legacy' } })
function a() {}
function b() {}
`,
      'src/routes/users.ts': `import type { ServerRoute } from '@hapi/hapi'
export const userRoutes: ServerRoute[] = [{ method: 'GET', path: '/users', handler: (request, h) => [] }]
`,
      'src/routes/posts.ts': `export const postRoutes = [{ method: 'get', path: '/posts', options: { handler: listPosts } }]
function listPosts() {}
`,
      'src/routes/misc.ts': `import type { Server } from '@hapi/hapi'
export default function registerMisc(server: Server) {
  server.route({ method: 'GET', path: '/misc', handler: () => 'misc' })
}
`,
      'src/legacy.js': `exports.register = function (server, options, next) {
  server.route({ method: 'GET', path: '/old', handler: function (request, reply) { reply('old') } })
  next()
}
exports.register.attributes = { name: 'legacy' }
`,
    });
    expect(endpointRows(result.endpoints)).toEqual([
      ['GET', '/a', 'src/server.ts:8', 'a src/server.ts:11-11', [], 'resolved', []],
      ['GET', '/b', 'src/server.ts:8', 'b src/server.ts:12-12', [], 'resolved', []],
      ['GET', '/legacy/old', 'src/legacy.js:2', 'handler src/legacy.js:2-2', ['/legacy src/server.ts:10'], 'resolved', []],
      ['GET', '/misc', 'src/routes/misc.ts:3', 'handler src/routes/misc.ts:3-3', [], 'resolved', []],
      ['GET', '/posts', 'src/routes/posts.ts:1', 'listPosts src/routes/posts.ts:2-2', [], 'resolved', []],
      ['GET', '/users', 'src/routes/users.ts:2', 'handler src/routes/users.ts:2-2', [], 'resolved', []],
    ]);
    expect(result.diagnostics).toEqual([]);
  });

  it('keeps what it cannot resolve: computed methods and route tables, unknown plugins, plugins nothing registers', () => {
    const result = detectIn({
      'src/index.js': `const Hapi = require('@hapi/hapi')
const server = Hapi.server()
server.route({ method: verb, path: '/computed', handler: computed })
server.route(loadRoutes())
server.register([require('@hapi/inert'), { plugin: require('hapi-swagger'), options: {} }, pluginFor(process.env.NAME)])
function computed() {}
`,
      'src/plugins/unused.js': `exports.plugin = { name: 'unused', register(server) { server.route({ method: 'GET', path: '/unused', handler: () => 1 }) } }
`,
    });
    expect(endpointRows(result.endpoints)).toEqual([
      ['ALL', '/computed', 'src/index.js:3', 'computed src/index.js:6-6', [], 'partial', []],
      ['GET', '/unused', 'src/plugins/unused.js:1', 'handler src/plugins/unused.js:1-1', [], 'partial', []],
    ]);
    expect(result.diagnostics).toEqual([
      diagnostic('unresolved-route-part', 'HTTP method could not be resolved statically: verb; listed as ALL', 'src/index.js', 3),
      diagnostic('unresolved-route-part', 'Route configuration could not be resolved statically: loadRoutes(); its routes are not listed', 'src/index.js', 4),
      diagnostic('unresolved-route-part', 'Plugin could not be resolved statically: pluginFor(process.env.NAME); the routes it registers are not listed', 'src/index.js', 5),
      diagnostic('unmounted-router', 'plugin parameter `server` is not registered on any app gonogo can follow; its routes are listed without the prefix it may be registered under', 'src/plugins/unused.js', 1),
    ]);
  });

  it('survives calls of any shape', () => {
    const result = detectIn({
      'src/index.js': `const server = require('@hapi/hapi').server()
server.route()
server.route(null)
server.route([undefined, 42, 'x'])
server.register()
server.register({})
server.route(...routes)
`,
      // Not hapi servers: an Express router and a DI container handed to functions.
      'src/legacy/routes.js': `module.exports = function mount(router) { router.route('/users').get(listUsers) }
function listUsers() {}
`,
      'src/container.js': `module.exports = function wire(container) { container.register(lookupService(), { lifetime: 'singleton' }) }
`,
    });
    expect(result.endpoints).toEqual([]);
    expect(result.diagnostics).toEqual([
      diagnostic('unresolved-route-part', 'Route configuration could not be resolved statically: null; its routes are not listed', 'src/index.js', 3),
      diagnostic('unresolved-route-part', 'Route configuration could not be resolved statically: "x"; its routes are not listed', 'src/index.js', 4),
      diagnostic('unresolved-route-part', 'Route configuration could not be resolved statically: 42; its routes are not listed', 'src/index.js', 4),
      diagnostic('unresolved-route-part', 'Route configuration could not be resolved statically: null; its routes are not listed', 'src/index.js', 4),
      diagnostic('unresolved-route-part', 'Plugin could not be resolved statically: {}; the routes it registers are not listed', 'src/index.js', 6),
    ]);
  });
});
