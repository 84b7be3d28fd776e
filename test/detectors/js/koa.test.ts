import { describe, expect, it } from 'vitest';
import { expressDetector } from '../../../src/detectors/js/express/index.js';
import { koaDetector } from '../../../src/detectors/js/koa/index.js';
import { detectFixture } from '../../helpers/detect-fixture.js';
import { detectWith, endpointRows, npmPackage } from '../../helpers/endpoint-rows.js';

function detectIn(files: Record<string, string>) {
  return detectWith(koaDetector, files, [npmPackage({ koa: '^2.15.3', 'koa-router': '^12.0.1' })]);
}

describe('koa detector', () => {
  it('applies constructor and prefix() prefixes, named routes, nested routers and koa-mount', async () => {
    const result = await detectFixture('fixtures/js-koa-nested', ['koa']);
    const books = ['/api/v1 src/routes/api.js:8', '/books src/routes/books.js:6'];
    expect(endpointRows(result.endpoints)).toEqual([
      ['GET', '/api/v1/books', 'src/routes/books.js:8', '<anonymous> src/routes/books.js:8-10', books, 'resolved', []],
      ['POST', '/api/v1/books', 'src/routes/books.js:16', '<anonymous> src/routes/books.js:16-18', books, 'resolved', ['requireToken src/middleware/auth.js:3-6']],
      ['DELETE', '/api/v1/books/:id', 'src/routes/books.js:20', '<anonymous> src/routes/books.js:20-22', books, 'resolved', ['requireToken src/middleware/auth.js:3-6']],
      ['GET', '/api/v1/books/:id', 'src/routes/books.js:12', '<anonymous> src/routes/books.js:12-14', books, 'resolved', []],
      ['GET', '/api/v1/books/:id/reviews', 'src/routes/reviews.js:11', 'listReviews src/routes/reviews.js:7-9', [...books, '/:id/reviews src/routes/api.js:10'], 'resolved', []],
      ['POST', '/api/v1/books/:id/reviews', 'src/routes/reviews.js:12', '<anonymous> src/routes/reviews.js:12-14', [...books, '/:id/reviews src/routes/api.js:10'], 'resolved', []],
      ['GET', '/api/v1/health', 'src/routes/api.js:13', '<anonymous> src/routes/api.js:13-15', ['/api/v1 src/routes/api.js:8'], 'resolved', []],
      ['ALL', '/legacy/search', 'src/routes/legacy.js:10', '<anonymous> src/routes/legacy.js:10-12', ['/legacy src/server.js:13'], 'resolved', []],
    ]);
    for (const endpoint of result.endpoints) expect([endpoint.framework, endpoint.language]).toEqual(['koa', 'javascript']);
    expect(result.diagnostics).toEqual([]);
    expect(result.frameworks).toEqual([{ id: 'koa', title: 'Koa', language: 'js', endpoints: 8 }]);
  });

  it('reads koa-router called without new, ESM routers from other files, and prefix arrays', () => {
    const { endpoints, diagnostics } = detectIn({
      'src/app.ts': "import Koa from 'koa';\nimport { api } from './api';\nconst app = new Koa();\napp.use(api.routes());\napp.use(api.allowedMethods());\n",
      'src/api.ts': "import KoaRouter from 'koa-router';\nimport users from './users';\nexport const api = KoaRouter({ prefix: '/api' });\napi.use(['/users', '/members'], users.routes());\n",
      'src/users.ts': "const router = require('koa-router')();\nrouter.get('/', async (ctx) => { ctx.body = []; });\nexport default router;\n",
    });
    expect(endpointRows(endpoints)).toEqual([
      ['GET', '/api/members', 'src/users.ts:2', '<anonymous> src/users.ts:2-2', ['/api src/api.ts:3', '/members src/api.ts:4'], 'resolved', []],
      ['GET', '/api/users', 'src/users.ts:2', '<anonymous> src/users.ts:2-2', ['/api src/api.ts:3', '/users src/api.ts:4'], 'resolved', []],
    ]);
    expect(diagnostics).toEqual([]);
  });

  it('keeps an unknown router prefix as an unresolved segment', () => {
    const { endpoints, diagnostics } = detectIn({
      'app.js': "const Koa = require('koa');\nconst Router = require('koa-router');\nconst app = new Koa();\nconst router = new Router({ prefix: process.env.BASE });\nrouter.get('/ping', (ctx) => { ctx.body = 'pong'; });\napp.use(router.routes());\n",
    });
    expect(endpointRows(endpoints)).toEqual([['GET', '/{unresolved:process.env.BASE}/ping', 'app.js:5', '<anonymous> app.js:5-5', ['{unresolved:process.env.BASE} app.js:4'], 'partial', []]]);
    expect(diagnostics.map((d) => `${d.file}:${d.line} ${d.code} ${d.message}`)).toEqual(['app.js:4 unresolved-route-part Mount prefix could not be resolved statically: process.env.BASE']);
  });

  it('takes a parameter whose default is new Koa() for an app, and a typed koa-router parameter for Koa only', () => {
    const result = detectWith(
      [expressDetector, koaDetector],
      {
        'server/web.ts': "import Koa from 'koa';\nimport mount from 'koa-mount';\nimport api from './api';\nexport default function init(app: Koa = new Koa()) {\n  app.use(mount('/api', api));\n  return app;\n}\n",
        'server/api.ts': "import Koa from 'koa';\nimport Router from 'koa-router';\nimport { addAuthRoutes } from './auth';\nconst api = new Koa();\nconst router = new Router();\nrouter.post('/documents.list', async (ctx) => { ctx.body = []; });\naddAuthRoutes(router);\napi.use(router.routes());\nexport default api;\n",
        'server/auth.ts': "import type Router from 'koa-router';\nexport function addAuthRoutes(router: Router) {\n  router.post('/auth.info', async (ctx) => { ctx.body = {}; });\n}\n",
      },
      [npmPackage({ express: '^4.21.0', koa: '^2.15.3', 'koa-router': '^12.0.1', 'koa-mount': '^4.0.0' })],
    );
    expect(endpointRows(result.endpoints)).toEqual([
      ['POST', '/api/auth.info', 'server/auth.ts:3', '<anonymous> server/auth.ts:3-3', ['/api server/web.ts:5'], 'resolved', []],
      ['POST', '/api/documents.list', 'server/api.ts:6', '<anonymous> server/api.ts:6-6', ['/api server/web.ts:5'], 'resolved', []],
    ]);
    expect(result.endpoints.map((endpoint) => endpoint.framework)).toEqual(['koa', 'koa']);
    expect(result.diagnostics).toEqual([]);
  });
});
