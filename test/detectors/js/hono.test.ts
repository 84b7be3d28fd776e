import { describe, expect, it } from 'vitest';
import { honoDetector } from '../../../src/detectors/js/hono/index.js';
import { detectFixture } from '../../helpers/detect-fixture.js';
import { detectWith, endpointRows, npmPackage } from '../../helpers/endpoint-rows.js';

function detectIn(files: Record<string, string>) {
  return detectWith(honoDetector, files, [npmPackage({ hono: '^4.6.0' })]);
}

describe('hono detector', () => {
  it('applies basePath and route() prefixes, chained registrations and on() with method and path lists', async () => {
    const result = await detectFixture('fixtures/js-hono-basepath', ['hono']);
    const bookmarks = ['/api src/index.ts:6', '/bookmarks src/index.ts:11'];
    const tags = ['/api src/index.ts:6', '/tags src/index.ts:12'];
    expect(endpointRows(result.endpoints)).toEqual([
      ['GET', '/api/bookmarks', 'src/routes/bookmarks.ts:11', 'listBookmarks src/routes/bookmarks.ts:9-9', bookmarks, 'resolved', []],
      ['POST', '/api/bookmarks', 'src/routes/bookmarks.ts:13', '<anonymous> src/routes/bookmarks.ts:15-19', bookmarks, 'resolved', []],
      ['DELETE', '/api/bookmarks/:id', 'src/routes/bookmarks.ts:21', '<anonymous> src/routes/bookmarks.ts:21-21', bookmarks, 'resolved', []],
      ['GET', '/api/bookmarks/:id', 'src/routes/bookmarks.ts:13', '<anonymous> src/routes/bookmarks.ts:14-14', bookmarks, 'resolved', []],
      ['PUT', '/api/bookmarks/:id', 'src/routes/bookmarks.ts:21', '<anonymous> src/routes/bookmarks.ts:21-21', bookmarks, 'resolved', []],
      ['GET', '/api/health', 'src/index.ts:10', '<anonymous> src/index.ts:10-10', ['/api src/index.ts:6'], 'resolved', []],
      ['GET', '/api/tags', 'src/routes/tags.ts:3', '<anonymous> src/routes/tags.ts:3-3', tags, 'resolved', []],
      ['PURGE', '/api/tags/cache', 'src/routes/tags.ts:5', '<anonymous> src/routes/tags.ts:5-5', tags, 'resolved', []],
      ['PURGE', '/api/tags/cache/:tag', 'src/routes/tags.ts:5', '<anonymous> src/routes/tags.ts:5-5', tags, 'resolved', []],
    ]);
    for (const endpoint of result.endpoints) expect([endpoint.framework, endpoint.language]).toEqual(['hono', 'typescript']);
    expect(result.diagnostics).toEqual([]);
  });

  it('gives a basePath copy its prefix while the original app keeps its own routes', () => {
    const { endpoints } = detectIn({
      'src/index.ts':
        "import { Hono } from 'hono';\nimport { users } from './users';\nconst app = new Hono();\nconst v1 = app.basePath('/v1');\napp.get('/', (c) => c.text('root'));\nv1.route('/users', users);\nv1.all('/echo', (c) => c.text(c.req.method));\nexport default app;\n",
      'src/users.ts': "import { Hono } from 'hono/quick';\nexport const users = new Hono();\nasync function listUsers(c: any) { return c.json([]); }\nusers.get('/', listUsers);\n",
    });
    expect(endpointRows(endpoints)).toEqual([
      ['GET', '/', 'src/index.ts:5', '<anonymous> src/index.ts:5-5', [], 'resolved', []],
      ['ALL', '/v1/echo', 'src/index.ts:7', '<anonymous> src/index.ts:7-7', ['/v1 src/index.ts:4'], 'resolved', []],
      ['GET', '/v1/users', 'src/users.ts:4', 'listUsers src/users.ts:3-3', ['/v1 src/index.ts:4', '/users src/index.ts:6'], 'resolved', []],
    ]);
  });

  it('does not take app.use middleware for a mount', () => {
    const { endpoints } = detectIn({
      'app.ts': "import { Hono } from 'hono';\nimport { cors } from 'hono/cors';\nconst app = new Hono();\nconst admin = new Hono();\nadmin.get('/stats', (c) => c.json({}));\napp.use('/admin/*', cors());\napp.route('/admin', admin);\n",
    });
    expect(endpointRows(endpoints)).toEqual([['GET', '/admin/stats', 'app.ts:5', '<anonymous> app.ts:5-5', ['/admin app.ts:7'], 'resolved', []]]);
  });

  it('gives a chained registration without a path the path of the one before it', () => {
    const { endpoints } = detectIn({
      'app.ts': "import { Hono } from 'hono';\nconst app = new Hono();\napp\n  .get('/endpoint', (c) => c.text('GET /endpoint'))\n  .post((c) => c.text('POST /endpoint'))\n  .delete((c) => c.text('DELETE /endpoint'));\nexport default app;\n",
    });
    expect(endpointRows(endpoints)).toEqual([
      ['DELETE', '/endpoint', 'app.ts:3', '<anonymous> app.ts:6-6', [], 'resolved', []],
      ['GET', '/endpoint', 'app.ts:3', '<anonymous> app.ts:4-4', [], 'resolved', []],
      ['POST', '/endpoint', 'app.ts:3', '<anonymous> app.ts:5-5', [], 'resolved', []],
    ]);
  });
});
