import { describe, expect, it } from 'vitest';
import { aiohttpDetector } from '../../../src/detectors/python/aiohttp/index.js';
import type { DetectedEndpoint } from '../../../src/detectors/types.js';
import { detectFixture } from '../../helpers/detect-fixture.js';
import { detectWith, diagnosticFrom, endpointLine } from '../../helpers/endpoint-rows.js';

/** aiohttp generates no endpoints and its middleware is not under test here: lines only say whether any is reported. */
function row(e: DetectedEndpoint): string {
  return endpointLine(e, { generated: false, middleware: 'presence' });
}

const warning = diagnosticFrom('aiohttp');

describe('aiohttp detector', () => {
  it('reads a RouteTableDef, add_routes lists, class-based views, a resource and a sub-application from a factory', async () => {
    const result = await detectFixture('fixtures/py-aiohttp-subapp', ['aiohttp']);
    expect(result.endpoints.map(row)).toEqual([
      'GET / | polls/routes.py:8 | index polls/views.py:6-8 | - | resolved',
      'GET /admin/ | polls/admin.py:18 | AdminHandlers.dashboard polls/admin.py:8-9 | /admin polls/main.py:18 | resolved',
      'DELETE /admin/questions/{id} | polls/admin.py:20 | AdminHandlers.delete_question polls/admin.py:11-12 | /admin polls/main.py:18 | resolved',
      'GET /api/questions | polls/api.py:6 | list_questions polls/api.py:7-8 | - | resolved',
      'POST /api/questions | polls/api.py:11 | create_question polls/api.py:12-13 | - | resolved',
      'DELETE /api/questions/{id} | polls/api.py:16 | QuestionView.delete polls/api.py:21-22 | - | resolved',
      'GET /api/questions/{id} | polls/api.py:16 | QuestionView.get polls/api.py:18-19 | - | resolved',
      'GET /choices | polls/routes.py:17 | ChoiceView.get polls/views.py:40-41 | - | resolved',
      'PUT /choices | polls/routes.py:17 | ChoiceView.put polls/views.py:43-44 | - | resolved',
      'ALL /echo | polls/routes.py:18 | echo polls/views.py:25-26 | - | resolved',
      'GET /healthz | polls/routes.py:16 | healthz polls/views.py:21-22 | - | resolved',
      'GET /poll/{question_id} | polls/routes.py:9 | poll polls/views.py:11-12 | - | resolved | original /poll/{question_id:\\d+}',
      'GET /poll/{question_id}/results | polls/routes.py:11 | BaseView.get polls/views.py:30-31 | - | resolved',
      'POST /poll/{question_id}/results | polls/routes.py:11 | ResultsView.post polls/views.py:35-36 | - | resolved',
      'POST /poll/{question_id}/vote | polls/routes.py:10 | vote polls/views.py:15-18 | - | resolved',
    ]);
    expect(result.endpoints.every((e) => e.framework === 'aiohttp' && e.language === 'python')).toBe(true);
    expect(result.diagnostics).toEqual([]);
  });

  it('keeps routes with an unknown method, handler or view, and a route table no application adds', () => {
    const result = detectWith(aiohttpDetector, {
      'svc/handlers.py':
        'import aiohttp\nfrom aiohttp import web\n\nasync def hello(request):\n    return web.Response(text="hi")\n\nclass ItemView(web.View):\n    async def get(self):\n        pass\n\n    async def post(self):\n        pass\n\nclass EmptyView(aiohttp.web.View):\n    pass\n',
      'svc/app.py':
        'import os\nimport aiohttp\nfrom aiohttp import web\nfrom svc.handlers import EmptyView, ItemView, hello\n\napp = aiohttp.web.Application()\napp.router.add_route("*", "/items", ItemView)\napp.router.add_route("GET", "/items-get", ItemView)\napp.router.add_route(os.environ["METHOD"], "/dyn", hello)\napp.router.add_get("/missing", missing_handler)\napp.router.add_view("/empty", EmptyView)\napp.add_routes(ROUTES)\nrouter = app.router\nrouter.add_post(r"/re/{id:\\d{3}}", hello)\napp.router.add_resource("/chained").add_route("PATCH", hello)\n',
      'svc/tables.py': 'from aiohttp import web\n\nforgotten = web.RouteTableDef()\n\n@forgotten.get("/forgotten")\nasync def f(request):\n    pass\n\n@forgotten.route("DELETE", "/forgotten/{id}")\nasync def g(request):\n    pass\n',
    });
    expect(result.endpoints.map(row)).toEqual([
      'PATCH /chained | svc/app.py:15 | hello svc/handlers.py:4-5 | - | resolved',
      'ALL /dyn | svc/app.py:9 | hello svc/handlers.py:4-5 | - | partial',
      'ALL /empty | svc/app.py:11 | - | - | partial',
      'GET /forgotten | svc/tables.py:5 | f svc/tables.py:6-7 | - | partial',
      'DELETE /forgotten/{id} | svc/tables.py:9 | g svc/tables.py:10-11 | - | partial',
      'GET /items | svc/app.py:7 | ItemView.get svc/handlers.py:8-9 | - | resolved',
      'POST /items | svc/app.py:7 | ItemView.post svc/handlers.py:11-12 | - | resolved',
      'GET /items-get | svc/app.py:8 | ItemView.get svc/handlers.py:8-9 | - | resolved',
      'GET /missing | svc/app.py:10 | - | - | partial',
      'POST /re/{id} | svc/app.py:14 | hello svc/handlers.py:4-5 | - | resolved | original /re/{id:\\d{3}}',
    ]);
    expect(result.diagnostics).toEqual([
      warning('unresolved-route-part', 'Route method could not be resolved statically: os.environ.METHOD', 'svc/app.py', 9),
      warning('unresolved-route-part', 'Route handler could not be resolved statically: missing_handler', 'svc/app.py', 10),
      warning('empty-view', 'View EmptyView defines no HTTP method handlers that could be found; listed as ALL', 'svc/app.py', 11),
      warning('unresolved-route-part', 'Route list could not be resolved statically: ROUTES', 'svc/app.py', 12),
      warning('unmounted-router', '`forgotten = web.RouteTableDef(...)` is not included in any application found; its routes are listed without the prefixes it may be mounted under', 'svc/tables.py', 3),
    ]);
  });

  it('follows a router method kept in a variable and handlers on an object the app factory passes in', () => {
    const result = detectWith(aiohttpDetector, {
      'shop/views.py': 'from aiohttp import web\n\nclass SiteHandler:\n    def __init__(self, db):\n        self.db = db\n\n    async def index(self, request):\n        return web.Response()\n\n    async def predict(self, request):\n        return web.Response()\n',
      'shop/routes.py': 'def init_routes(app, handler):\n    add_route = app.router.add_route\n    h = handler\n    add_route("GET", "/", h.index, name="index")\n    add_route("POST", "/predict", handler.predict)\n',
      'shop/main.py': 'from aiohttp import web\nfrom shop.routes import init_routes\nfrom shop.views import SiteHandler\n\ndef create_app():\n    app = web.Application()\n    handler = SiteHandler(db=None)\n    init_routes(app, handler)\n    return app\n',
    });
    expect(result.endpoints.map(row)).toEqual([
      'GET / | shop/routes.py:4 | SiteHandler.index shop/views.py:7-8 | - | resolved',
      'POST /predict | shop/routes.py:5 | SiteHandler.predict shop/views.py:10-11 | - | resolved',
    ]);
    expect(result.diagnostics).toEqual([]);
  });
});
