import { describe, expect, it } from 'vitest';
import { sanicDetector } from '../../../src/detectors/python/sanic/index.js';
import type { DetectedEndpoint } from '../../../src/detectors/types.js';
import { detectFixture } from '../../helpers/detect-fixture.js';
import { detectWith, diagnosticFrom, endpointLine } from '../../helpers/endpoint-rows.js';

/** Sanic generates no endpoints and its middleware is not under test here: lines only say whether any is reported. */
function row(e: DetectedEndpoint): string {
  return endpointLine(e, { generated: false, middleware: 'presence' });
}

const warning = diagnosticFrom('sanic');

describe('sanic detector', () => {
  it('reads nested blueprint groups, an app-level url_prefix that replaces the blueprint own, HTTPMethodView, websockets and versions', async () => {
    const result = await detectFixture('fixtures/py-sanic-blueprint-group', ['sanic']);
    expect(result.endpoints.map(row)).toEqual([
      'GET / | bookstore/server.py:13 | index bookstore/server.py:14-15 | - | resolved',
      'HEAD / | bookstore/server.py:13 | index bookstore/server.py:14-15 | - | resolved',
      'GET /api/v1/authors | bookstore/api/authors.py:15 | list_authors bookstore/api/authors.py:6-7 | /api bookstore/api/__init__.py:8 > /v1 bookstore/api/__init__.py:7 > /authors bookstore/api/authors.py:3 | resolved',
      'GET /api/v1/authors/{slug} | bookstore/api/authors.py:10 | get_author bookstore/api/authors.py:11-12 | /api bookstore/api/__init__.py:8 > /v1 bookstore/api/__init__.py:7 > /authors bookstore/api/authors.py:3 | resolved | original /api/v1/authors/<slug:slug>',
      'GET /api/v1/books | bookstore/api/books.py:6 | list_books bookstore/api/books.py:7-8 | /api bookstore/api/__init__.py:8 > /v1 bookstore/api/__init__.py:7 > /books bookstore/api/books.py:3 | resolved',
      'DELETE /api/v1/books/{book_id} | bookstore/api/books.py:21 | delete_book bookstore/api/books.py:22-23 | /api bookstore/api/__init__.py:8 > /v1 bookstore/api/__init__.py:7 > /books bookstore/api/books.py:3 | resolved | original /api/v1/books/<book_id:int>',
      'GET /api/v1/books/{book_id} | bookstore/api/books.py:11 | get_book bookstore/api/books.py:12-13 | /api bookstore/api/__init__.py:8 > /v1 bookstore/api/__init__.py:7 > /books bookstore/api/books.py:3 | resolved | original /api/v1/books/<book_id:int>',
      'PATCH /api/v1/books/{book_id} | bookstore/api/books.py:16 | update_book bookstore/api/books.py:17-18 | /api bookstore/api/__init__.py:8 > /v1 bookstore/api/__init__.py:7 > /books bookstore/api/books.py:3 | resolved | original /api/v1/books/<book_id:int>',
      'PUT /api/v1/books/{book_id} | bookstore/api/books.py:16 | update_book bookstore/api/books.py:17-18 | /api bookstore/api/__init__.py:8 > /v1 bookstore/api/__init__.py:7 > /books bookstore/api/books.py:3 | resolved | original /api/v1/books/<book_id:int>',
      'GET /api/v2/search | bookstore/api/search.py:7 | search_books bookstore/api/search.py:8-9 | /api bookstore/api/__init__.py:8 > /v2 bookstore/api/search.py:12 > /search bookstore/api/search.py:4 | resolved',
      'WS /feed | bookstore/server.py:18 | feed bookstore/server.py:19-21 | - | resolved | tags realtime',
      'GET /internal/live | bookstore/health.py:6 | live bookstore/health.py:7-8 | /internal bookstore/server.py:9 | resolved',
      'DELETE /orders/{order_id} | bookstore/server.py:10 | OrderView.delete bookstore/views.py:9-10 | - | resolved | original /orders/<order_id:int>',
      'GET /orders/{order_id} | bookstore/server.py:10 | OrderView.get bookstore/views.py:6-7 | - | resolved | original /orders/<order_id:int>',
      'GET /v2/internal/ready | bookstore/health.py:11 | ready bookstore/health.py:12-13 | /v2 bookstore/health.py:11 > /internal bookstore/server.py:9 | resolved',
    ]);
    expect(result.endpoints.every((e) => e.framework === 'sanic' && e.language === 'python')).toBe(true);
    expect(result.diagnostics).toEqual([]);
  });

  it('applies group and route versions as Sanic does, lists of blueprints, websocket=True, and keeps what it cannot resolve', () => {
    const result = detectWith(sanicDetector, {
      'svc/bps.py': 'from sanic import Blueprint\n\na = Blueprint("a", url_prefix="/a/")\nb = Blueprint("b", url_prefix="/b", version=1)\nc = Blueprint("c")\nd = Blueprint("d", url_prefix="/d")\n\n@a.get("/")\nasync def a_root(request):\n    pass\n\n@b.route("/items/<item_id:uuid>", methods={"GET", "post"})\nasync def b_items(request, item_id):\n    pass\n\n@c.route("/socket", websocket=True)\nasync def c_socket(request, ws):\n    pass\n\n@c.get("/versioned", version=3, version_prefix="/api/v")\nasync def c_versioned(request):\n    pass\n\n@d.get("/<name>")\nasync def d_name(request, name):\n    pass\n\n@d.route(compute_uri())\nasync def d_dyn(request):\n    pass\n\ne = Blueprint("e", url_prefix="/e", version=1)\n\n@e.get("/own")\nasync def e_own(request):\n    pass\n',
      'svc/server.py': 'from sanic import Blueprint, Sanic\nfrom svc.bps import a, b, c, d, e\n\napp = Sanic("svc")\ninner = Blueprint.group(a, [b], url_prefix="/inner")\nouter = Blueprint.group(inner, url_prefix="/outer", version=2)\napp.blueprint(outer)\napp.blueprint([c], url_prefix="/cc")\napp.blueprint(unknown_bp)\napp.add_route(handler_not_defined, "/nope", methods=["DELETE"])\napp.blueprint(Blueprint.group(e, url_prefix="/g", version=5))\n',
      'svc/lonely.py': 'from sanic import Blueprint\n\nlonely = Blueprint("lonely", url_prefix="/lonely")\n\n@lonely.post("/x/")\nasync def x(request):\n    pass\n',
    });
    expect(result.endpoints.map(row)).toEqual([
      'GET /api/v3/cc/versioned | svc/bps.py:20 | c_versioned svc/bps.py:21-22 | /api/v3 svc/bps.py:20 > /cc svc/server.py:8 | resolved',
      'WS /cc/socket | svc/bps.py:16 | c_socket svc/bps.py:17-18 | /cc svc/server.py:8 | resolved | tags realtime',
      'GET /d/{name} | svc/bps.py:24 | d_name svc/bps.py:25-26 | /d svc/bps.py:6 | partial | original /d/<name>',
      'GET /d/{unresolved:compute_uri()} | svc/bps.py:28 | d_dyn svc/bps.py:29-30 | /d svc/bps.py:6 | unresolved',
      'POST /lonely/x | svc/lonely.py:5 | x svc/lonely.py:6-7 | /lonely svc/lonely.py:3 | partial',
      'DELETE /nope | svc/server.py:10 | - | - | partial',
      'GET /v1/g/e/own | svc/bps.py:34 | e_own svc/bps.py:35-36 | /v1 svc/bps.py:32 > /g svc/server.py:11 > /e svc/bps.py:32 | resolved',
      'GET /v2/outer/inner/a | svc/bps.py:8 | a_root svc/bps.py:9-10 | /v2 svc/server.py:6 > /outer svc/server.py:6 > /inner svc/server.py:5 > /a svc/bps.py:3 | resolved',
      'GET /v2/outer/inner/b/items/{item_id} | svc/bps.py:12 | b_items svc/bps.py:13-14 | /v2 svc/server.py:6 > /outer svc/server.py:6 > /inner svc/server.py:5 > /b svc/bps.py:4 | resolved | original /v2/outer/inner/b/items/<item_id:uuid>',
      'POST /v2/outer/inner/b/items/{item_id} | svc/bps.py:12 | b_items svc/bps.py:13-14 | /v2 svc/server.py:6 > /outer svc/server.py:6 > /inner svc/server.py:5 > /b svc/bps.py:4 | resolved | original /v2/outer/inner/b/items/<item_id:uuid>',
    ]);
    expect(result.diagnostics).toEqual([
      warning('unresolved-route-part', 'Route path could not be resolved statically: compute_uri()', 'svc/bps.py', 28),
      warning('unresolved-route-part', 'Blueprint could not be resolved statically: unknown_bp', 'svc/server.py', 9),
      warning('unresolved-route-part', 'Route handler could not be resolved statically: handler_not_defined', 'svc/server.py', 10),
      warning('unmounted-router', '`d = Blueprint(...)` is not included in any application found; its routes are listed without the prefixes it may be mounted under', 'svc/bps.py', 6),
      warning('unmounted-router', '`lonely = Blueprint(...)` is not included in any application found; its routes are listed without the prefixes it may be mounted under', 'svc/lonely.py', 3),
    ]);
  });

  it('unrolls a loop over (uri, view, methods) tuples, through a wrapper around as_view(), to inherited view methods', () => {
    const result = detectWith(sanicDetector, {
      'svc/views.py': 'from sanic.views import HTTPMethodView\n\nclass BaseView(HTTPMethodView):\n    async def get(self, request):\n        pass\n\nclass PostView(HTTPMethodView):\n    async def post(self, request):\n        pass\n\nclass ItemView(BaseView):\n    pass\n\nclass CreateItem(PostView):\n    pass\n',
      'svc/auth.py': 'def login_required(view, strict=False):\n    async def inner(request, *args, **kwargs):\n        return await view(request, *args, **kwargs)\n    return inner\n',
      'svc/router.py': 'from sanic import Blueprint\nfrom svc import views\nfrom svc.auth import login_required\n\nbp = Blueprint("items", version="1")\nurls = [\n    ("/items/<item_id>", views.ItemView.as_view(), ["GET"]),\n    ("/items", login_required(views.CreateItem.as_view(), strict=True), ["POST"]),\n]\nfor url, view, methods in urls:\n    bp.add_route(view, url, methods=methods)\n',
      'svc/server.py': 'from sanic import Sanic\nfrom svc.router import bp\n\napp = Sanic("svc")\napp.blueprint([bp])\n',
    });
    expect(result.endpoints.map(row)).toEqual([
      'POST /v1/items | svc/router.py:11 | PostView.post svc/views.py:8-9 | /v1 svc/router.py:5 | resolved',
      'GET /v1/items/{item_id} | svc/router.py:11 | BaseView.get svc/views.py:4-5 | /v1 svc/router.py:5 | resolved | original /v1/items/<item_id>',
    ]);
    expect(result.diagnostics).toEqual([]);
  });
});
