import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { discoverFiles } from '../../../src/discovery/discover-files.js';
import { expressDetector } from '../../../src/detectors/js/express/index.js';
import { nodeHttpDetector } from '../../../src/detectors/js/node-http/index.js';
import { runDetectors } from '../../../src/detectors/run-detectors.js';
import type { Detector } from '../../../src/detectors/types.js';
import { buildProjectIndex } from '../../../src/linking/project-index.js';
import { readManifests } from '../../../src/linking/read-manifests.js';
import { extractFacts } from '../../../src/parsing/parse-file.js';
import { detectFixture } from '../../helpers/detect-fixture.js';
import { detectWith, endpointRows, npmPackage } from '../../helpers/endpoint-rows.js';

function detectIn(files: Record<string, string>, detector: Detector = expressDetector) {
  return detectWith(detector, files, [npmPackage({ express: '^4.21.0' })]);
}

/** Detection after the real discovery stage, so .gitignore, build output and vendored files are honoured. */
async function detectDiscovered(root: string, detectors: Detector[]) {
  const discovery = await discoverFiles({ root: path.resolve(root), include: [], exclude: [], maxFileBytes: 1024 * 1024 });
  const modules = discovery.files.map((file) =>
    extractFacts({ path: file.path, language: file.language, grammar: file.grammar, isTest: file.isTest }, readFileSync(file.absolutePath, 'utf8')),
  );
  const project = buildProjectIndex(modules, await readManifests(discovery.manifests));
  return runDetectors(project, new Map(detectors.map((detector) => [detector.id, detector])));
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
    expect(endpointRows(result.endpoints)).toEqual([
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
    expect(endpointRows(result.endpoints)).toEqual([
      ['GET', '/users/:userId/orders', 'src/routes/orders/handlers.ts:5', 'listOrders src/controllers/orders-controller.ts:11-13', ['/users/:userId/orders src/app.ts:8'], 'resolved', ['requireUser src/middleware/require-user.ts:3-11']],
      ['POST', '/users/:userId/orders', 'src/routes/orders/handlers.ts:7', 'createOrder src/controllers/orders-controller.ts:20-24', ['/users/:userId/orders src/app.ts:8'], 'resolved', ['requireUser src/middleware/require-user.ts:3-11']],
      ['GET', '/users/:userId/orders/:orderId', 'src/routes/orders/handlers.ts:6', 'getOrder src/controllers/orders-controller.ts:15-18', ['/users/:userId/orders src/app.ts:8'], 'resolved', ['requireUser src/middleware/require-user.ts:3-11']],
      ['POST', '/users/:userId/orders/:orderId/cancel', 'src/routes/orders/handlers.ts:8', 'cancelOrder src/controllers/orders-controller.ts:26-30', ['/users/:userId/orders src/app.ts:8'], 'resolved', ['requireUser src/middleware/require-user.ts:3-11']],
    ]);
    expect(result.diagnostics).toEqual([]);
  });

  it('reads prefixes from a config module (template literal, concatenation, destructuring) and keeps the unknown one', async () => {
    const result = await detectExpress('js-express-config-prefix');
    expect(endpointRows(result.endpoints)).toEqual([
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
    expect(endpointRows(result.endpoints)).toEqual([
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
    expect(endpointRows(result.endpoints)).toEqual([
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
    expect(endpointRows(result.endpoints)).toEqual([
      ['GET', '/', 'routes/index.js:8', 'home routes/index.js:8-10', [], 'resolved', []],
      ['GET', '/about', 'routes/index.js:12', 'about routes/index.js:12-14', [], 'resolved', []],
      ['POST', '/admin/cache/flush', 'routes/admin.js:10', 'flush routes/admin.js:10-12', [], 'resolved', ['basic lib/auth.js:3-9']],
      ['GET', '/admin/dashboard', 'routes/admin.js:6', 'dashboard routes/admin.js:6-8', [], 'resolved', ['basic lib/auth.js:3-9']],
      ['GET', '/api/posts', 'routes/posts.js:8', 'index controllers/posts.js:3-5', ['/api app.js:13', '/posts routes/api.js:5'], 'resolved', []],
      ['POST', '/api/posts', 'routes/posts.js:10', 'create controllers/posts.js:11-13', ['/api app.js:13', '/posts routes/api.js:5'], 'resolved', []],
      ['GET', '/api/posts/:id', 'routes/posts.js:9', 'show controllers/posts.js:7-9', ['/api app.js:13', '/posts routes/api.js:5'], 'resolved', []],
      ['GET', '/api/status', 'routes/api.js:7', '<anonymous> routes/api.js:7-9', ['/api app.js:13'], 'resolved', []],
    ]);
    expect(result.diagnostics).toEqual([]);
  });

  it('lists every method of app.route() chains, on the line where the chain starts', async () => {
    const result = await detectExpress('js-express-route-chaining');
    expect(endpointRows(result.endpoints)).toEqual([
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
    expect(endpointRows(result.endpoints)).toEqual([
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
    expect(endpointRows(result.endpoints)).toEqual([
      ['GET', '/.*fly$/', 'src/app.js:12', 'butterfly src/app.js:12-14', [], 'resolved', []],
      ['GET', '/^\\/ab+c$/', 'src/app.js:8', '<anonymous> src/app.js:8-10', [], 'resolved', []],
      ['GET', '/media/^\\/(\\d+)\\.(png|jpe?g)$/', 'src/app.js:16', '<anonymous> src/app.js:16-18', ['/media src/app.js:20'], 'resolved', []],
    ]);
  });

  it('handles Express 5: new Router(), its path syntax, bound controller methods and class-based routers', async () => {
    const result = await detectExpress('js-express-v5');
    expect(endpointRows(result.endpoints)).toEqual([
      ['GET', '/', 'src/main.ts:12', '<anonymous> src/main.ts:12-14', [], 'resolved', []],
      ['GET', '/account', 'src/routes/account-routes.ts:9', 'profile src/routes/account-routes.ts:13-15', ['/account src/main.ts:10'], 'resolved', []],
      ['PATCH', '/account', 'src/routes/account-routes.ts:10', 'update src/routes/account-routes.ts:17-19', ['/account src/main.ts:10'], 'resolved', []],
      ['GET', '/files/*filepath', 'src/routes/files.ts:9', 'FilesController.download src/controllers/files-controller.ts:4-7', ['/files src/main.ts:9'], 'resolved', []],
      ['PUT', '/files/:name{.:ext}', 'src/routes/files.ts:10', 'FilesController.upload src/controllers/files-controller.ts:9-11', ['/files src/main.ts:9'], 'resolved', []],
    ]);
    expect(result.diagnostics).toEqual([]);
  });
});

describe('express detector on the demo repository', () => {
  it('lists every Express endpoint of EXPECTED.md, and no hand-written server for http.createServer(app)', async () => {
    const result = await detectDiscovered('fixtures/demo-shop', [expressDetector, nodeHttpDetector]);
    const api = 'services/api/src';
    const v1 = `/api/v1 ${api}/server.ts:24`;
    const auth = ['requireAuth services/api/src/middleware/auth.ts', 'requireRole services/api/src/middleware/auth.ts'];
    const rowsFound = endpointRows(result.endpoints).map((row) => [row[0], row[1], row[2], row[3], row[4], row[5], row[6].map((m) => m.replace(/:\d+-\d+$/, ''))]);
    expect(rowsFound).toEqual([
      ['POST', '/api/v1/auth/login', `${api}/routes/auth.ts:19`, `<anonymous> ${api}/routes/auth.ts:19-27`, [v1, `/auth ${api}/routes/index.ts:9`], 'resolved', [`loginRateLimit ${api}/middleware/rate-limit.ts`, `validateBody ${api}/middleware/validate.ts`]],
      ['POST', '/api/v1/auth/logout', `${api}/routes/auth.ts:29`, `<anonymous> ${api}/routes/auth.ts:29-36`, [v1, `/auth ${api}/routes/index.ts:9`], 'resolved', [auth[0]]],
      ['POST', '/api/v1/auth/register', `${api}/routes/auth.ts:10`, `<anonymous> ${api}/routes/auth.ts:10-17`, [v1, `/auth ${api}/routes/index.ts:9`], 'resolved', [`validateBody ${api}/middleware/validate.ts`]],
      ['GET', '/api/v1/orders', `${api}/routes/orders.ts:13`, `<anonymous> ${api}/routes/orders.ts:16-18`, [v1, `/orders ${api}/routes/index.ts:12`], 'resolved', [`validateQuery ${api}/middleware/validate.ts`]],
      ['POST', '/api/v1/orders', `${api}/routes/orders.ts:21`, `<anonymous> ${api}/routes/orders.ts:24-27`, [v1, `/orders ${api}/routes/index.ts:12`], 'resolved', [`validateBody ${api}/middleware/validate.ts`]],
      ['GET', '/api/v1/orders/:id', `${api}/routes/orders.ts:30`, `<anonymous> ${api}/routes/orders.ts:32-34`, [v1, `/orders ${api}/routes/index.ts:12`], 'resolved', []],
      ['POST', '/api/v1/orders/:id/cancel', `${api}/routes/orders.ts:37`, `<anonymous> ${api}/routes/orders.ts:39-41`, [v1, `/orders ${api}/routes/index.ts:12`], 'resolved', []],
      ['PATCH', '/api/v1/orders/:id/status', `${api}/routes/orders.ts:44`, `<anonymous> ${api}/routes/orders.ts:48-50`, [v1, `/orders ${api}/routes/index.ts:12`], 'resolved', [auth[1], `validateBody ${api}/middleware/validate.ts`]],
      ['GET', '/api/v1/products', `${api}/routes/products.ts:76`, `listProducts ${api}/routes/products.ts:23-31`, [v1, `/products ${api}/routes/index.ts:11`], 'resolved', [`validateQuery ${api}/middleware/validate.ts`]],
      ['POST', '/api/v1/products', `${api}/routes/products.ts:76`, `createProduct ${api}/routes/products.ts:33-40`, [v1, `/products ${api}/routes/index.ts:11`], 'resolved', [...auth, `validateBody ${api}/middleware/validate.ts`]],
      ['DELETE', '/api/v1/products/:id', `${api}/routes/products.ts:80`, `deleteProduct ${api}/routes/products.ts:67-74`, [v1, `/products ${api}/routes/index.ts:11`], 'resolved', auth],
      ['GET', '/api/v1/products/:id', `${api}/routes/products.ts:78`, `getProduct ${api}/routes/products.ts:51-57`, [v1, `/products ${api}/routes/index.ts:11`], 'resolved', []],
      ['PUT', '/api/v1/products/:id', `${api}/routes/products.ts:79`, `updateProduct ${api}/routes/products.ts:59-65`, [v1, `/products ${api}/routes/index.ts:11`], 'resolved', [...auth, `validateBody ${api}/middleware/validate.ts`]],
      ['GET', '/api/v1/products/search', `${api}/routes/products.ts:77`, `searchProducts ${api}/routes/products.ts:42-49`, [v1, `/products ${api}/routes/index.ts:11`], 'resolved', [`validateQuery ${api}/middleware/validate.ts`]],
      ['GET', '/api/v1/reports/sales.pdf', `${api}/routes/reports.ts:41`, `getSalesReportPdf ${api}/routes/reports.ts:16-31`, [v1, `/reports ${api}/routes/index.ts:13`], 'resolved', [`validateQuery ${api}/middleware/validate.ts`]],
      ['GET', '/api/v1/reports/top-products', `${api}/routes/reports.ts:42`, `getTopProducts ${api}/routes/reports.ts:33-39`, [v1, `/reports ${api}/routes/index.ts:13`], 'resolved', [`validateQuery ${api}/middleware/validate.ts`]],
      ['GET', '/api/v1/users', `${api}/routes/users.ts:51`, `listUsers ${api}/routes/users.ts:7-14`, [v1, `/users ${api}/routes/index.ts:10`], 'resolved', [...auth, `validateQuery ${api}/middleware/validate.ts`]],
      ['DELETE', '/api/v1/users/:id', `${api}/routes/users.ts:56`, `deleteUser ${api}/routes/users.ts:40-47`, [v1, `/users ${api}/routes/index.ts:10`], 'resolved', auth],
      ['GET', '/api/v1/users/:id', `${api}/routes/users.ts:54`, `getUser ${api}/routes/users.ts:24-30`, [v1, `/users ${api}/routes/index.ts:10`], 'resolved', [auth[0], `requireSelfOrAdmin ${api}/middleware/auth.ts`]],
      ['PATCH', '/api/v1/users/:id', `${api}/routes/users.ts:55`, `updateUser ${api}/routes/users.ts:32-38`, [v1, `/users ${api}/routes/index.ts:10`], 'resolved', [auth[0], `requireSelfOrAdmin ${api}/middleware/auth.ts`, `validateBody ${api}/middleware/validate.ts`]],
      ['GET', '/api/v1/users/me', `${api}/routes/users.ts:53`, `getCurrentUser ${api}/routes/users.ts:16-22`, [v1, `/users ${api}/routes/index.ts:10`], 'resolved', [auth[0]]],
      ['GET', '/api/v1/users/profile', `${api}/routes/users.ts:53`, `getCurrentUser ${api}/routes/users.ts:16-22`, [v1, `/users ${api}/routes/index.ts:10`], 'resolved', [auth[0]]],
      ['GET', '/health', `${api}/server.ts:20`, `<anonymous> ${api}/server.ts:20-22`, [], 'resolved', []],
      ['GET', '/healthz', 'services/notifications/src/http.js:51', '<anonymous> services/notifications/src/http.js:51-53', [], 'resolved', []],
      ['POST', '/notify', 'services/notifications/src/http.js:55', '<anonymous> services/notifications/src/http.js:59-76', [], 'resolved', ['requireInternalToken services/notifications/src/http.js']],
    ]);
    expect(result.frameworks.map((f) => [f.id, f.endpoints])).toEqual([['express', 25], ['node-http', 0]]);
    expect(result.diagnostics).toEqual([]);
  });
});

describe('express detector on odd and tricky code', () => {
  it('does not crash on a compiled dist/ copy; only discovery keeps it out of the report', () => {
    const root = 'fixtures/js-express-crud';
    const files = Object.fromEntries(['package.json', 'src/server.js', 'src/books-store.js', 'src/middleware.js', 'dist/server.js'].map((file) => [file, readFileSync(path.join(root, file), 'utf8')]));
    const result = detectWith(expressDetector, files);
    // Babel's `(0, _express.default)()` is not followed; the one router it creates plainly is listed unmounted.
    expect(endpointRows(result.endpoints).filter((row) => row[2].startsWith('dist/'))).toEqual([['GET', '/stale', 'dist/server.js:14', '<anonymous> dist/server.js:14-14', [], 'partial', []]]);
    expect(result.endpoints).toHaveLength(7);
  });

  it('never takes a route named in a JSDoc or line comment for a route', () => {
    const { endpoints } = detectIn({
      'app.js': "const app = require('express')();\n/**\n * app.get('/from-jsdoc', handler)\n * @route GET /documented\n */\n// app.post('/from-comment', handler)\napp.get('/real', (req, res) => res.end());\n",
    });
    expect(endpointRows(endpoints)).toEqual([['GET', '/real', 'app.js:7', '<anonymous> app.js:7-7', [], 'resolved', []]]);
  });

  it('lists a router mounted twice under both prefixes', () => {
    const { endpoints } = detectIn({
      'app.js': "const express = require('express');\nconst app = express();\nconst users = require('./users');\napp.use('/v1/users', users);\napp.use('/v2/users', users);\n",
      'users.js': "const router = require('express').Router();\nrouter.get('/:id', (req, res) => res.end());\nmodule.exports = router;\n",
    });
    expect(endpointRows(endpoints)).toEqual([
      ['GET', '/v1/users/:id', 'users.js:2', '<anonymous> users.js:2-2', ['/v1/users app.js:4'], 'resolved', []],
      ['GET', '/v2/users/:id', 'users.js:2', '<anonymous> users.js:2-2', ['/v2/users app.js:5'], 'resolved', []],
    ]);
  });

  it('terminates on routers mounted in a cycle', () => {
    const { endpoints } = detectIn({
      'app.js': "const express = require('express');\nconst app = express();\nconst a = express.Router();\nconst b = express.Router();\na.use('/b', b);\nb.use('/a', a);\na.use(a);\na.get('/x', (req, res) => res.end());\napp.use('/a', a);\n",
    });
    expect(endpointRows(endpoints)).toEqual([['GET', '/a/x', 'app.js:8', '<anonymous> app.js:8-8', ['/a app.js:9'], 'resolved', []]]);
  });

  it('ignores calls that only look like routes: settings, supertest, HTTP clients, maps, responses', () => {
    const { endpoints, diagnostics } = detectIn({
      'app.js':
        "const express = require('express');\nconst request = require('supertest');\nconst axios = require('axios');\nconst app = express();\nconst cache = new Map();\nconsole.log(app.get('env'));\nrequest(app).get('/users').expect(200);\naxios.get('/api/users', { timeout: 5 });\ncache.get('/x', 1);\nfunction handler(req, res) { res.get('/content-type', 1); }\napp.get('/real', handler);\n",
    });
    expect(endpointRows(endpoints)).toEqual([['GET', '/real', 'app.js:11', 'handler app.js:10-10', [], 'resolved', []]]);
    expect(diagnostics).toEqual([]);
  });

  it('keeps routes whose method, path or handler is unknown, with a diagnostic for each part', () => {
    const { endpoints, diagnostics } = detectIn({
      'app.js': "const express = require('express');\nconst app = express();\nconst routes = loadRoutes();\nfor (const r of routes) app[r.method](r.path, r.handler);\napp.get('/x', someGlobalHandler);\napp[verb]('/y', (req, res) => res.end());\n",
    });
    expect(endpointRows(endpoints)).toEqual([
      ['GET', '/x', 'app.js:5', null, [], 'partial', []],
      ['ALL', '/y', 'app.js:6', '<anonymous> app.js:6-6', [], 'partial', []],
      ['ALL', '/{unresolved:r.path}', 'app.js:4', null, [], 'partial', []],
    ]);
    expect(diagnostics.map((d) => `${d.severity} ${d.code} ${d.file}:${d.line} ${d.message}`)).toEqual([
      'warning unresolved-route-part app.js:4 HTTP method could not be resolved statically: r.method; listed as ALL',
      'warning unresolved-route-part app.js:4 Handler could not be resolved statically: r.handler',
      'warning unresolved-route-part app.js:4 Route path could not be resolved statically: r.path',
      'warning unresolved-route-part app.js:5 Handler could not be resolved statically: someGlobalHandler',
      'warning unresolved-route-part app.js:6 HTTP method could not be resolved statically: verb; listed as ALL',
    ]);
  });

  it('lists the routes of a router nothing mounts, as partial, and says so', () => {
    const { endpoints, diagnostics } = detectIn({
      'routes.js': "const { Router } = require('express');\nconst router = Router();\nrouter.get('/orphan', (req, res) => res.end());\nmodule.exports = router;\n",
    });
    expect(endpointRows(endpoints)).toEqual([['GET', '/orphan', 'routes.js:3', '<anonymous> routes.js:3-3', [], 'partial', []]]);
    expect(diagnostics).toEqual([
      {
        severity: 'warning',
        code: 'unmounted-router',
        message: 'router `router` is not mounted on any app gonogo can follow; its routes are listed without the prefix it may be mounted under',
        file: 'routes.js',
        line: 2,
        source: 'detectors:express',
      },
    ]);
  });

  it('mounts a router returned by a factory function, with the mount middleware before the route middleware', () => {
    const { endpoints } = detectIn({
      'app.ts': "import express from 'express';\nimport { requireAdmin } from './auth';\nimport makeAdminRouter from './admin';\nconst app = express();\napp.use('/admin', requireAdmin, makeAdminRouter({ audit: true }));\n",
      'auth.ts': 'export function requireAdmin(req: any, res: any, next: any) { next(); }\n',
      'admin.ts': "import { Router } from 'express';\nexport default function makeAdminRouter(options: { audit: boolean }) {\n  const router = Router();\n  router.post('/purge', (req, res) => res.end());\n  return router;\n}\n",
    });
    expect(endpointRows(endpoints)).toEqual([['POST', '/admin/purge', 'admin.ts:4', '<anonymous> admin.ts:4-4', ['/admin app.ts:5'], 'resolved', ['requireAdmin auth.ts:1-1']]]);
  });

  it('follows routers and apps handed to functions, and mounts made inside them', () => {
    const registered = detectIn({
      'app.js': "const express = require('express');\nconst { registerUsers } = require('./users');\nconst app = express();\nconst api = express.Router();\nregisterUsers(api);\napp.use('/api', api);\n",
      'users.js': "function registerUsers(router) {\n  router.get('/users', listUsers);\n}\nfunction listUsers(req, res) { res.json([]); }\nmodule.exports = { registerUsers };\n",
    });
    expect(endpointRows(registered.endpoints)).toEqual([['GET', '/api/users', 'users.js:2', 'listUsers users.js:4-4', ['/api app.js:6'], 'resolved', []]]);
    const mounted = detectIn({
      'app.js': "const express = require('express');\nconst mountAll = require('./mount');\nconst app = express();\nconst users = express.Router();\nusers.get('/', (req, res) => res.end());\nmountAll(app, users);\n",
      'mount.js': "module.exports = (app, usersRouter) => {\n  app.use('/users', usersRouter);\n};\n",
    });
    expect(endpointRows(mounted.endpoints)).toEqual([['GET', '/users', 'app.js:5', '<anonymous> app.js:5-5', ['/users mount.js:2'], 'resolved', []]]);
    expect([...registered.diagnostics, ...mounted.diagnostics]).toEqual([]);
  });

  it('follows an app handed down through destructured parameters (the loaders pattern)', () => {
    const { endpoints, diagnostics } = detectIn({
      'src/app.ts': "import express from 'express';\nasync function startServer() {\n  const app = express();\n  await require('./loaders').default({ expressApp: app });\n  app.listen(3000);\n}\nstartServer();\n",
      'src/loaders/index.ts': "import expressLoader from './express';\nexport default async ({ expressApp }) => {\n  await expressLoader({ app: expressApp });\n};\n",
      'src/loaders/express.ts':
        "import express from 'express';\nimport routes from '../api';\nimport config from '../config';\nexport default ({ app }: { app: express.Application }) => {\n  app.get('/status', (req, res) => res.status(200).end());\n  app.use(config.api.prefix, routes());\n};\n",
      'src/config.ts': "export default { api: { prefix: '/api' } };\n",
      'src/api/index.ts': "import { Router } from 'express';\nimport auth from './auth';\nexport default () => {\n  const app = Router();\n  auth(app);\n  return app;\n};\n",
      'src/api/auth.ts': "import { Router } from 'express';\nconst route = Router();\nexport default (app: Router) => {\n  app.use('/auth', route);\n  route.post('/signin', async (req, res) => res.json({}));\n};\n",
    });
    expect(endpointRows(endpoints)).toEqual([
      ['POST', '/api/auth/signin', 'src/api/auth.ts:5', '<anonymous> src/api/auth.ts:5-5', ['/api src/loaders/express.ts:6', '/auth src/api/auth.ts:4'], 'resolved', []],
      ['GET', '/status', 'src/loaders/express.ts:5', '<anonymous> src/loaders/express.ts:5-5', [], 'resolved', []],
    ]);
    expect(diagnostics).toEqual([]);
  });

  it('unrolls loops whose items are routers or registration functions', () => {
    const { endpoints } = detectIn({
      'app.js':
        "const express = require('express');\nconst app = express();\nconst a = express.Router();\nconst b = express.Router();\na.get('/one', (req, res) => res.end());\nb.get('/two', (req, res) => res.end());\nfor (const [prefix, router] of Object.entries({ '/a': a, '/b': b })) {\n  app.use(prefix, router);\n}\n[usersRoutes, adminRoutes].forEach((register) => register(app));\nfunction usersRoutes(app) { app.get('/users', (req, res) => res.end()); }\nfunction adminRoutes(app) { app.get('/admin', (req, res) => res.end()); }\n",
    });
    expect(endpointRows(endpoints)).toEqual([
      ['GET', '/a/one', 'app.js:5', '<anonymous> app.js:5-5', ['/a app.js:8'], 'resolved', []],
      ['GET', '/admin', 'app.js:12', '<anonymous> app.js:12-12', [], 'resolved', []],
      ['GET', '/b/two', 'app.js:6', '<anonymous> app.js:6-6', ['/b app.js:8'], 'resolved', []],
      ['GET', '/users', 'app.js:11', '<anonymous> app.js:11-11', [], 'resolved', []],
    ]);
  });

  it('mounts routers listed in a route table, names wrapped handlers by their variable, and tells package handlers apart', () => {
    const { endpoints, diagnostics } = detectIn({
      'src/app.js': "const express = require('express');\nconst cors = require('cors');\nconst routes = require('./routes');\nconst app = express();\napp.options('*', cors());\napp.use('/v1', routes);\n",
      'src/routes/index.js':
        "const express = require('express');\nconst authRoute = require('./auth.route');\nconst router = express.Router();\nconst defaultRoutes = [\n  { path: '/auth', route: authRoute },\n];\ndefaultRoutes.forEach((route) => {\n  router.use(route.path, route.route);\n});\nmodule.exports = router;\n",
      'src/routes/auth.route.js': "const router = require('express').Router();\nconst auth = require('../auth');\nconst controller = require('../auth.controller');\nrouter.post('/login', auth, controller.login);\nmodule.exports = router;\n",
      'src/auth.js': 'module.exports = async (req, res, next) => next();\n',
      'src/auth.controller.js': "const catchAsync = (fn) => (req, res, next) => fn(req, res, next).catch(next);\nconst login = catchAsync(async (req, res) => {\n  res.json({ token: 't' });\n});\nmodule.exports = { login };\n",
    });
    expect(endpointRows(endpoints)).toEqual([
      ['OPTIONS', '/*', 'src/app.js:5', null, [], 'partial', []],
      ['POST', '/v1/auth/login', 'src/routes/auth.route.js:4', 'login src/auth.controller.js:2-4', ['/v1 src/app.js:6', '/auth src/routes/index.js:8'], 'resolved', ['auth src/auth.js:1-1']],
    ]);
    expect(diagnostics).toEqual([
      {
        severity: 'info',
        code: 'external-handler',
        message: 'Handler is a function of package cors, outside the repository: cors()',
        file: 'src/app.js',
        line: 5,
        source: 'detectors:express',
      },
    ]);
  });

  it('survives syntax errors, missing arguments and spreads', () => {
    const { endpoints, diagnostics } = detectIn({
      'broken.js': "const express = require('express');\nconst app = express();\napp.get('/ok', (req, res) => res.end());\napp.get(\napp.use(\nconst = ;\n",
      'weird.js': "const express = require('express');\nconst app = express();\napp.get();\napp.use();\napp.route();\napp[undefined]();\napp.get(...args);\napp.use(...routers);\napp.get('/spread', ...handlers);\n",
    });
    expect(endpointRows(endpoints)).toEqual([
      ['GET', '/ok', 'broken.js:3', '<anonymous> broken.js:3-3', [], 'resolved', []],
      ['GET', '/spread', 'weird.js:9', null, [], 'partial', []],
    ]);
    expect(diagnostics.map((d) => `${d.file}:${d.line} ${d.message}`)).toEqual(['weird.js:9 Handler could not be resolved statically: handlers']);
  });
});
