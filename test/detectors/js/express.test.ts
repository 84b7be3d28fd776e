import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../../src/diagnostics.js';
import { discoverFiles } from '../../../src/discovery/discover-files.js';
import { expressDetector } from '../../../src/detectors/js/express/index.js';
import { nodeHttpDetector } from '../../../src/detectors/js/node-http/index.js';
import { runDetectors } from '../../../src/detectors/run-detectors.js';
import type { DetectedEndpoint, Detector } from '../../../src/detectors/types.js';
import { buildProjectIndex } from '../../../src/linking/project-index.js';
import { readManifests } from '../../../src/linking/read-manifests.js';
import { extractFacts } from '../../../src/parsing/parse-file.js';
import { buildTestProject } from '../../helpers/build-project.js';
import { detectFixture } from '../../helpers/detect-fixture.js';

/** One endpoint as a row: method, path, registration, handler and span, mount chain, resolution, middleware. */
type Row = [string, string, string, string | null, string[], string, string[]];

function rows(endpoints: readonly DetectedEndpoint[]): Row[] {
  return endpoints.map((e) => [
    e.method,
    e.path,
    `${e.file}:${e.line}`,
    e.handler ? `${e.handler.name} ${e.handler.file}:${e.handler.startLine}-${e.handler.endLine}` : null,
    e.mountChain.map((step) => `${step.prefix} ${step.file}:${step.line}`),
    e.resolution,
    (e.middleware ?? []).map((m) => `${m.name} ${m.file}:${m.startLine}-${m.endLine}`),
  ]);
}

function detectIn(files: Record<string, string>, detector: Detector = expressDetector): { endpoints: DetectedEndpoint[]; diagnostics: Diagnostic[] } {
  const withManifest = { 'package.json': '{"dependencies":{"express":"^4.21.0"}}', ...files };
  const project = buildTestProject(withManifest);
  return runDetectors(project, new Map([[detector.id, detector]]));
}

async function detectExpress(fixture: string) {
  const result = await detectFixture(`fixtures/${fixture}`, ['express']);
  for (const endpoint of result.endpoints) {
    expect(endpoint.framework).toBe('express');
    expect(endpoint.language).toBe(endpoint.file.endsWith('.ts') ? 'typescript' : 'javascript');
  }
  return result;
}

describe('express detector on fixture repositories', () => {
  it('lists a CRUD app with middleware chains and app.all, not the JSDoc route or the compiled dist/ copy', async () => {
    const result = await detectExpress('js-express-crud');
    expect(rows(result.endpoints)).toEqual([
      ['GET', '/books', 'src/server.js:18', '<anonymous> src/server.js:18-20', [], 'resolved', []],
      ['POST', '/books', 'src/server.js:28', '<anonymous> src/server.js:28-30', [], 'resolved', ['requireApiKey src/middleware.js:3-9', 'validateBook src/middleware.js:11-18']],
      ['DELETE', '/books/:id', 'src/server.js:37', '<anonymous> src/server.js:37-40', [], 'resolved', ['requireApiKey src/middleware.js:3-9']],
      ['GET', '/books/:id', 'src/server.js:22', '<anonymous> src/server.js:22-26', [], 'resolved', []],
      ['PUT', '/books/:id', 'src/server.js:32', 'replaceBook src/server.js:32-35', [], 'resolved', ['requireApiKey src/middleware.js:3-9', 'validateBook src/middleware.js:11-18']],
      ['ALL', '/ping', 'src/server.js:42', '<anonymous> src/server.js:42-42', [], 'resolved', []],
    ]);
    expect(result.endpoints[0]).toEqual({
      method: 'GET',
      path: '/books',
      framework: 'express',
      language: 'javascript',
      file: 'src/server.js',
      line: 18,
      handler: { name: '<anonymous>', file: 'src/server.js', startLine: 18, endLine: 20, fnId: 0 },
      mountChain: [],
      resolution: 'resolved',
      middleware: [],
    });
    expect(result.diagnostics).toEqual([]);
    expect(result.frameworks).toEqual([{ id: 'express', title: 'Express', language: 'js', endpoints: 6 }]);
  });

  it('follows a router defined in one file, filled in a second and mounted in a third', async () => {
    const result = await detectExpress('js-express-cross-file');
    expect(rows(result.endpoints)).toEqual([
      ['GET', '/users/:userId/orders', 'src/routes/orders/handlers.ts:5', 'listOrders src/controllers/orders-controller.ts:11-13', ['/users/:userId/orders src/app.ts:8'], 'resolved', ['requireUser src/middleware/require-user.ts:3-11']],
      ['POST', '/users/:userId/orders', 'src/routes/orders/handlers.ts:7', 'createOrder src/controllers/orders-controller.ts:20-24', ['/users/:userId/orders src/app.ts:8'], 'resolved', ['requireUser src/middleware/require-user.ts:3-11']],
      ['GET', '/users/:userId/orders/:orderId', 'src/routes/orders/handlers.ts:6', 'getOrder src/controllers/orders-controller.ts:15-18', ['/users/:userId/orders src/app.ts:8'], 'resolved', ['requireUser src/middleware/require-user.ts:3-11']],
      ['POST', '/users/:userId/orders/:orderId/cancel', 'src/routes/orders/handlers.ts:8', 'cancelOrder src/controllers/orders-controller.ts:26-30', ['/users/:userId/orders src/app.ts:8'], 'resolved', ['requireUser src/middleware/require-user.ts:3-11']],
    ]);
    expect(result.diagnostics).toEqual([]);
  });

  it('reads prefixes from a config module (template literal, concatenation, destructuring) and keeps the unknown one', async () => {
    const result = await detectExpress('js-express-config-prefix');
    expect(rows(result.endpoints)).toEqual([
      ['GET', '/api/v2/teams', 'src/routes/teams.js:7', '<anonymous> src/routes/teams.js:7-9', ['/api/v2 src/index.js:20', '/teams src/index.js:17'], 'resolved', []],
      ['POST', '/api/v2/teams', 'src/routes/teams.js:11', '<anonymous> src/routes/teams.js:11-13', ['/api/v2 src/index.js:20', '/teams src/index.js:17'], 'resolved', []],
      ['GET', '/api/v2/teams/:teamId', 'src/routes/teams.js:15', '<anonymous> src/routes/teams.js:15-17', ['/api/v2 src/index.js:20', '/teams src/index.js:17'], 'resolved', []],
      ['GET', '/api/v2/teams/:teamId/members', 'src/routes/members.js:7', '<anonymous> src/routes/members.js:7-9', ['/api/v2 src/index.js:20', '/teams/:teamId/members src/index.js:18'], 'resolved', []],
      ['DELETE', '/api/v2/teams/:teamId/members/:userId', 'src/routes/members.js:11', '<anonymous> src/routes/members.js:11-13', ['/api/v2 src/index.js:20', '/teams/:teamId/members src/index.js:18'], 'resolved', []],
      ['POST', '/{unresolved:config.admin.prefix}/reindex', 'src/routes/admin.js:7', '<anonymous> src/routes/admin.js:7-9', ['{unresolved:config.admin.prefix} src/index.js:21'], 'partial', []],
    ]);
    expect(result.diagnostics).toEqual([
      {
        severity: 'warning',
        code: 'unresolved-route-part',
        message: 'Mount prefix could not be resolved statically: config.admin.prefix',
        file: 'src/index.js',
        line: 21,
        source: 'detectors:express',
      },
    ]);
  });

  it('unrolls loops over literal route tables (for-of, forEach, Object.entries) and keeps the unknown loop', async () => {
    const result = await detectExpress('js-express-route-loop');
    expect(rows(result.endpoints)).toEqual([
      ['POST', '/_probe/drain', 'src/routes/probes.js:15', 'drain src/handlers/probes.js:13-16', ['/_probe src/app.js:10'], 'resolved', []],
      ['GET', '/_probe/live', 'src/routes/probes.js:15', 'live src/handlers/probes.js:5-7', ['/_probe src/app.js:10'], 'resolved', []],
      ['GET', '/_probe/ready', 'src/routes/probes.js:15', 'ready src/handlers/probes.js:9-11', ['/_probe src/app.js:10'], 'resolved', []],
      ['GET', '/api-docs', 'src/routes/docs.js:11', 'serveDocs src/routes/docs.js:7-9', [], 'resolved', []],
      ['GET', '/docs', 'src/routes/docs.js:11', 'serveDocs src/routes/docs.js:7-9', [], 'resolved', []],
      ['GET', '/help', 'src/routes/docs.js:19', '<anonymous> src/routes/docs.js:19-19', [], 'resolved', []],
      ['GET', '/plugins/{unresolved:plugin.path}', 'src/routes/plugins.js:10', null, ['/plugins src/app.js:12'], 'partial', []],
      ['GET', '/swagger', 'src/routes/docs.js:19', '<anonymous> src/routes/docs.js:19-19', [], 'resolved', []],
    ]);
    expect(result.diagnostics.map((d) => `${d.file}:${d.line} ${d.code} ${d.message}`)).toEqual([
      'src/routes/plugins.js:10 unresolved-route-part Handler could not be resolved statically: plugin.handler',
      'src/routes/plugins.js:10 unresolved-route-part Route path could not be resolved statically: plugin.path',
    ]);
  });

  it('follows ESM default and named exports re-exported through an index file', async () => {
    const result = await detectExpress('js-express-esm-reexport');
    expect(rows(result.endpoints)).toEqual([
      ['GET', '/projects', 'src/routes/projects.js:5', 'listProjects src/routes/projects.js:8-10', ['/projects src/server.js:9'], 'resolved', []],
      ['POST', '/projects', 'src/routes/projects.js:6', 'createProject src/routes/projects.js:12-14', ['/projects src/server.js:9'], 'resolved', []],
      ['GET', '/projects/:projectId/tasks', 'src/routes/tasks.js:6', '<anonymous> src/routes/tasks.js:6-6', ['/projects/:projectId/tasks src/server.js:10'], 'resolved', []],
      ['POST', '/projects/:projectId/tasks', 'src/routes/tasks.js:7', '<anonymous> src/routes/tasks.js:7-7', ['/projects/:projectId/tasks src/server.js:10'], 'resolved', []],
      ['GET', '/users', 'src/routes/users.js:5', '<anonymous> src/routes/users.js:5-5', ['/users src/server.js:8'], 'resolved', []],
      ['GET', '/users/:id', 'src/routes/users.js:6', '<anonymous> src/routes/users.js:6-6', ['/users src/server.js:8'], 'resolved', []],
    ]);
    expect(result.diagnostics).toEqual([]);
  });

  it('follows CommonJS: module.exports = router, require() mounts, and functions called with the app', async () => {
    const result = await detectExpress('js-express-commonjs');
    expect(rows(result.endpoints)).toEqual([
      ['GET', '/', 'routes/index.js:8', 'home routes/index.js:8-10', [], 'resolved', []],
      ['GET', '/about', 'routes/index.js:12', 'about routes/index.js:12-14', [], 'resolved', []],
      ['POST', '/admin/cache/flush', 'routes/admin.js:10', 'flush routes/admin.js:10-12', [], 'resolved', ['basic lib/auth.js:3-9']],
      ['GET', '/admin/dashboard', 'routes/admin.js:6', 'dashboard routes/admin.js:6-8', [], 'resolved', ['basic lib/auth.js:3-9']],
      ['GET', '/api/posts', 'routes/posts.js:8', 'exports.index controllers/posts.js:3-5', ['/api app.js:13', '/posts routes/api.js:5'], 'resolved', []],
      ['POST', '/api/posts', 'routes/posts.js:10', 'exports.create controllers/posts.js:11-13', ['/api app.js:13', '/posts routes/api.js:5'], 'resolved', []],
      ['GET', '/api/posts/:id', 'routes/posts.js:9', 'exports.show controllers/posts.js:7-9', ['/api app.js:13', '/posts routes/api.js:5'], 'resolved', []],
      ['GET', '/api/status', 'routes/api.js:7', '<anonymous> routes/api.js:7-9', ['/api app.js:13'], 'resolved', []],
    ]);
    expect(result.diagnostics).toEqual([]);
  });

  it('lists every method of app.route() chains, on the line where the chain starts', async () => {
    const result = await detectExpress('js-express-route-chaining');
    expect(rows(result.endpoints)).toEqual([
      ['ALL', '/health', 'src/app.js:8', '<anonymous> src/app.js:9-12', [], 'resolved', []],
      ['GET', '/health', 'src/app.js:8', '<anonymous> src/app.js:13-13', [], 'resolved', []],
      ['GET', '/items', 'src/items.js:27', 'listItems src/items.js:7-9', ['/items src/app.js:15'], 'resolved', []],
      ['POST', '/items', 'src/items.js:27', 'createItem src/items.js:11-13', ['/items src/app.js:15'], 'resolved', []],
      ['DELETE', '/items/:sku', 'src/items.js:29', 'removeItem src/items.js:23-25', ['/items src/app.js:15'], 'resolved', []],
      ['GET', '/items/:sku', 'src/items.js:29', 'readItem src/items.js:15-17', ['/items src/app.js:15'], 'resolved', []],
      ['PUT', '/items/:sku', 'src/items.js:29', 'replaceItem src/items.js:19-21', ['/items src/app.js:15'], 'resolved', []],
    ]);
  });

  it('lists one endpoint per path of an array, for routes and for mount prefixes', async () => {
    const result = await detectExpress('js-express-path-arrays');
    expect(rows(result.endpoints)).toEqual([
      ['GET', '/', 'src/app.js:10', '<anonymous> src/app.js:10-12', [], 'resolved', []],
      ['POST', '/basket', 'src/app.js:14', '<anonymous> src/app.js:14-16', [], 'resolved', []],
      ['GET', '/c/boots', 'src/app.js:18', 'listFootwear src/app.js:18-20', ['/c src/app.js:22'], 'resolved', []],
      ['GET', '/c/shoes', 'src/app.js:18', 'listFootwear src/app.js:18-20', ['/c src/app.js:22'], 'resolved', []],
      ['POST', '/cart/add', 'src/app.js:14', '<anonymous> src/app.js:14-16', [], 'resolved', []],
      ['GET', '/catalog/boots', 'src/app.js:18', 'listFootwear src/app.js:18-20', ['/catalog src/app.js:22'], 'resolved', []],
      ['GET', '/catalog/shoes', 'src/app.js:18', 'listFootwear src/app.js:18-20', ['/catalog src/app.js:22'], 'resolved', []],
      ['GET', '/home', 'src/app.js:10', '<anonymous> src/app.js:10-12', [], 'resolved', []],
      ['GET', '/index.html', 'src/app.js:10', '<anonymous> src/app.js:10-12', [], 'resolved', []],
    ]);
  });

  it('keeps regex paths as written, after any mount prefix', async () => {
    const result = await detectExpress('js-express-regex-paths');
    expect(rows(result.endpoints)).toEqual([
      ['GET', '/.*fly$/', 'src/app.js:12', 'butterfly src/app.js:12-14', [], 'resolved', []],
      ['GET', '/^\\/ab+c$/', 'src/app.js:8', '<anonymous> src/app.js:8-10', [], 'resolved', []],
      ['GET', '/media/^\\/(\\d+)\\.(png|jpe?g)$/', 'src/app.js:16', '<anonymous> src/app.js:16-18', ['/media src/app.js:20'], 'resolved', []],
    ]);
  });

  it('handles Express 5: new Router(), its path syntax, bound controller methods and class-based routers', async () => {
    const result = await detectExpress('js-express-v5');
    expect(rows(result.endpoints)).toEqual([
      ['GET', '/', 'src/main.ts:12', '<anonymous> src/main.ts:12-14', [], 'resolved', []],
      ['GET', '/account', 'src/routes/account-routes.ts:9', 'profile src/routes/account-routes.ts:13-15', ['/account src/main.ts:10'], 'resolved', []],
      ['PATCH', '/account', 'src/routes/account-routes.ts:10', 'update src/routes/account-routes.ts:17-19', ['/account src/main.ts:10'], 'resolved', []],
      ['GET', '/files/*filepath', 'src/routes/files.ts:9', 'FilesController.download src/controllers/files-controller.ts:4-7', ['/files src/main.ts:9'], 'resolved', []],
      ['PUT', '/files/:name{.:ext}', 'src/routes/files.ts:10', 'FilesController.upload src/controllers/files-controller.ts:9-11', ['/files src/main.ts:9'], 'resolved', []],
    ]);
    expect(result.diagnostics).toEqual([]);
  });
});
