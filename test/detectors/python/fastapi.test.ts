import { describe, expect, it } from 'vitest';
import { fastapiDetector } from '../../../src/detectors/python/fastapi/index.js';
import { starletteDetector } from '../../../src/detectors/python/starlette/index.js';
import { detectFixture } from '../../helpers/detect-fixture.js';
import { detectWith, endpointLines } from '../../helpers/endpoint-rows.js';

function detectIn(files: Record<string, string>) {
  return detectWith([fastapiDetector, starletteDetector], files);
}

describe('fastapi detector: fixtures', () => {
  it('reads the full-stack layout: a settings prefix, routers of endpoint modules, dependencies, and nothing from tests', async () => {
    const result = await detectFixture('fixtures/py-fastapi-fullstack', ['fastapi']);
    expect(endpointLines(result.endpoints)).toEqual([
      'GET /api/v1/items/ | app/api/api_v1/endpoints/items.py:12 | read_items app/api/api_v1/endpoints/items.py:13-16 | /api/v1 app/main.py:22 > /items app/api/api_v1/api.py:9 | resolved | middleware get_db app/api/deps.py:17-19, get_current_user app/api/deps.py:26-34',
      'POST /api/v1/items/ | app/api/api_v1/endpoints/items.py:27 | create_item app/api/api_v1/endpoints/items.py:28-32 | /api/v1 app/main.py:22 > /items app/api/api_v1/api.py:9 | resolved | middleware get_db app/api/deps.py:17-19, get_current_user app/api/deps.py:26-34',
      'DELETE /api/v1/items/{id} | app/api/api_v1/endpoints/items.py:45 | delete_item app/api/api_v1/endpoints/items.py:46-52 | /api/v1 app/main.py:22 > /items app/api/api_v1/api.py:9 | resolved | middleware get_db app/api/deps.py:17-19, get_current_user app/api/deps.py:26-34',
      'GET /api/v1/items/{id} | app/api/api_v1/endpoints/items.py:19 | read_item app/api/api_v1/endpoints/items.py:20-24 | /api/v1 app/main.py:22 > /items app/api/api_v1/api.py:9 | resolved | middleware get_db app/api/deps.py:17-19, get_current_user app/api/deps.py:26-34',
      'PUT /api/v1/items/{id} | app/api/api_v1/endpoints/items.py:35 | update_item app/api/api_v1/endpoints/items.py:36-42 | /api/v1 app/main.py:22 > /items app/api/api_v1/api.py:9 | resolved | middleware get_db app/api/deps.py:17-19, get_current_user app/api/deps.py:26-34',
      'POST /api/v1/login/access-token | app/api/api_v1/endpoints/login.py:14 | login_access_token app/api/api_v1/endpoints/login.py:15-18 | /api/v1 app/main.py:22 | resolved | middleware get_db app/api/deps.py:17-19',
      'POST /api/v1/login/test-token | app/api/api_v1/endpoints/login.py:21 | test_token app/api/api_v1/endpoints/login.py:22-23 | /api/v1 app/main.py:22 | resolved | middleware get_current_user app/api/deps.py:26-34',
      'GET /api/v1/openapi.json | app/main.py:7 | - | - | resolved | generated',
      'POST /api/v1/password-recovery/{email} | app/api/api_v1/endpoints/login.py:26 | recover_password app/api/api_v1/endpoints/login.py:27-30 | /api/v1 app/main.py:22 | resolved | middleware get_db app/api/deps.py:17-19',
      'GET /api/v1/users/ | app/api/api_v1/endpoints/users.py:11 | read_users app/api/api_v1/endpoints/users.py:12-13 | /api/v1 app/main.py:22 > /users app/api/api_v1/api.py:7 | resolved | middleware get_current_active_superuser app/api/deps.py:43-46, get_db app/api/deps.py:17-19',
      'GET /api/v1/users/me | app/api/api_v1/endpoints/users.py:16 | read_user_me app/api/api_v1/endpoints/users.py:17-18 | /api/v1 app/main.py:22 > /users app/api/api_v1/api.py:7 | resolved | middleware get_current_user app/api/deps.py:26-34',
      'GET /api/v1/users/{user_id} | app/api/api_v1/endpoints/users.py:21 | read_user_by_id app/api/api_v1/endpoints/users.py:22-28 | /api/v1 app/main.py:22 > /users app/api/api_v1/api.py:7 | resolved | middleware get_db app/api/deps.py:17-19, get_current_user app/api/deps.py:26-34',
      'GET /api/v1/utils/health-check/ | app/api/api_v1/endpoints/utils.py:13 | health_check app/api/api_v1/endpoints/utils.py:14-15 | /api/v1 app/main.py:22 > /utils app/api/api_v1/api.py:8 | resolved',
      'POST /api/v1/utils/test-email/ | app/api/api_v1/endpoints/utils.py:8 | test_email app/api/api_v1/endpoints/utils.py:9-10 | /api/v1 app/main.py:22 > /utils app/api/api_v1/api.py:8 | resolved | middleware get_current_active_superuser app/api/deps.py:43-46',
      'GET /docs | app/main.py:7 | - | - | resolved | generated',
      'GET /docs/oauth2-redirect | app/main.py:7 | - | - | resolved | generated',
      'GET /redoc | app/main.py:7 | - | - | resolved | generated',
    ]);
    expect(result.diagnostics).toEqual([]);
    expect(result.endpoints.find((e) => e.path === '/api/v1/users/me')).toEqual({
      method: 'GET',
      path: '/api/v1/users/me',
      framework: 'fastapi',
      language: 'python',
      file: 'app/api/api_v1/endpoints/users.py',
      line: 16,
      handler: { name: 'read_user_me', file: 'app/api/api_v1/endpoints/users.py', startLine: 17, endLine: 18, fnId: 1 },
      mountChain: [
        { prefix: '/api/v1', file: 'app/main.py', line: 22 },
        { prefix: '/users', file: 'app/api/api_v1/api.py', line: 7 },
      ],
      resolution: 'resolved',
      middleware: [{ name: 'get_current_user', file: 'app/api/deps.py', startLine: 26, endLine: 34, fnId: 1 }],
    });
  });

  it('follows routers re-exported through __init__ packages, constant prefixes and a loop over routers', async () => {
    const result = await detectFixture('fixtures/py-fastapi-reexports', ['fastapi']);
    expect(endpointLines(result.endpoints)).toEqual([
      'POST /api/admin/reindex | notes/api/admin/routes.py:16 | reindex notes/api/admin/routes.py:17-19 | /api/admin notes/main.py:10 | resolved | middleware require_admin notes/api/admin/security.py:4-6',
      'GET /api/admin/stats | notes/api/admin/routes.py:11 | stats notes/api/admin/routes.py:12-13 | /api/admin notes/main.py:10 | resolved | middleware require_admin notes/api/admin/security.py:4-6',
      'GET /api/docs | notes/main.py:7 | - | - | resolved | generated',
      'GET /api/v1/notes/ | notes/api/notes.py:10 | list_notes notes/api/notes.py:11-12 | /api notes/main.py:9 > /v1 notes/api/__init__.py:6 > /notes notes/api/notes.py:6 | resolved',
      'GET /api/v1/notes/{note_id} | notes/api/notes.py:15 | get_note notes/api/notes.py:16-20 | /api notes/main.py:9 > /v1 notes/api/__init__.py:6 > /notes notes/api/notes.py:6 | resolved',
      'PATCH /api/v1/notes/{note_id} | notes/api/notes.py:23 | update_note notes/api/notes.py:24-25 | /api notes/main.py:9 > /v1 notes/api/__init__.py:6 > /notes notes/api/notes.py:6 | resolved',
      'GET /api/v1/tags/{tag}/notes | notes/api/tags.py:9 | notes_for_tag notes/api/tags.py:10-11 | /api notes/main.py:9 > /v1 notes/api/__init__.py:6 > /tags notes/api/tags.py:5 | resolved',
      'GET /docs/oauth2-redirect | notes/main.py:7 | - | - | resolved | generated',
      'GET /openapi.json | notes/main.py:7 | - | - | resolved | generated',
    ]);
    expect(result.diagnostics).toEqual([]);
  });

  it('lists api_route methods, one function under two decorators, and keeps a route whose methods are computed', async () => {
    const result = await detectFixture('fixtures/py-fastapi-api-route', ['fastapi']);
    expect(endpointLines(result.endpoints)).toEqual([
      'POST /gw/hooks/{source} | gateway/routes.py:16 | webhook gateway/routes.py:17-19 | /gw gateway/main.py:6 | resolved',
      'PUT /gw/hooks/{source} | gateway/routes.py:16 | webhook gateway/routes.py:17-19 | /gw gateway/main.py:6 | resolved',
      'ALL /gw/legacy | gateway/routes.py:33 | legacy gateway/routes.py:34-35 | /gw gateway/main.py:6 | partial',
      'GET /gw/ping | gateway/routes.py:22 | ping gateway/routes.py:23-24 | /gw gateway/main.py:6 | resolved',
      'GET /gw/status | gateway/routes.py:27 | status gateway/routes.py:29-30 | /gw gateway/main.py:6 | resolved',
      'HEAD /gw/status | gateway/routes.py:28 | status gateway/routes.py:29-30 | /gw gateway/main.py:6 | resolved',
      'DELETE /gw/upstream/{path} | gateway/routes.py:10 | forward gateway/routes.py:11-13 | /gw gateway/main.py:6 | resolved | original /gw/upstream/{path:path}',
      'GET /gw/upstream/{path} | gateway/routes.py:10 | forward gateway/routes.py:11-13 | /gw gateway/main.py:6 | resolved | original /gw/upstream/{path:path}',
      'POST /gw/upstream/{path} | gateway/routes.py:10 | forward gateway/routes.py:11-13 | /gw gateway/main.py:6 | resolved | original /gw/upstream/{path:path}',
      'PUT /gw/upstream/{path} | gateway/routes.py:10 | forward gateway/routes.py:11-13 | /gw gateway/main.py:6 | resolved | original /gw/upstream/{path:path}',
    ]);
    expect(result.diagnostics).toEqual([
      {
        severity: 'warning',
        code: 'unresolved-route-part',
        message: 'Route methods could not be resolved statically: legacy_methods()',
        file: 'gateway/routes.py',
        line: 33,
        source: 'detectors:fastapi',
      },
    ]);
  });

  it('reads add_api_route on a router built by a factory, bound methods, a loop over route tuples and app.router', async () => {
    const result = await detectFixture('fixtures/py-fastapi-add-api-route', ['fastapi']);
    expect(endpointLines(result.endpoints)).toEqual([
      'GET /healthz | inventory/main.py:17 | healthz inventory/main.py:8-9 | - | resolved',
      'GET /inventory/export.csv | inventory/router.py:22 | export_csv inventory/handlers.py:25-26 | /inventory inventory/main.py:16 | resolved',
      'POST /inventory/import.csv | inventory/router.py:22 | import_csv inventory/handlers.py:29-30 | /inventory inventory/main.py:16 | resolved',
      'GET /inventory/items | inventory/router.py:16 | list_items inventory/handlers.py:12-13 | /inventory inventory/main.py:16 | resolved',
      'POST /inventory/items | inventory/router.py:17 | create_item inventory/handlers.py:20-22 | /inventory inventory/main.py:16 | resolved',
      'GET /inventory/items/{sku} | inventory/router.py:18 | get_item inventory/handlers.py:16-17 | /inventory inventory/main.py:16 | resolved | middleware audit inventory/audit.py:8-9',
      'POST /inventory/stock/{sku}/release | inventory/router.py:20 | StockHandlers.release inventory/handlers.py:42-45 | /inventory inventory/main.py:16 | resolved',
      'POST /inventory/stock/{sku}/reserve | inventory/router.py:19 | StockHandlers.reserve inventory/handlers.py:37-40 | /inventory inventory/main.py:16 | resolved',
      'GET /openapi.json | inventory/main.py:5 | - | - | resolved | generated',
      'GET /redoc | inventory/main.py:5 | - | - | resolved | generated',
      'GET /version | inventory/main.py:18 | version inventory/main.py:12-13 | - | resolved',
    ]);
    expect(result.diagnostics).toEqual([]);
  });

  it('joins empty paths and trailing slashes as FastAPI does', async () => {
    const result = await detectFixture('fixtures/py-fastapi-empty-path', ['fastapi']);
    expect(endpointLines(result.endpoints)).toEqual([
      'GET /authors | blog/routers/authors.py:6 | list_authors blog/routers/authors.py:7-8 | /authors blog/routers/authors.py:3 | resolved',
      'GET /authors/ | blog/routers/authors.py:11 | list_authors_slash blog/routers/authors.py:12-13 | /authors blog/routers/authors.py:3 | resolved',
      'GET /docs | blog/app.py:5 | - | - | resolved | generated',
      'GET /docs/oauth2-redirect | blog/app.py:5 | - | - | resolved | generated',
      'GET /openapi.json | blog/app.py:5 | - | - | resolved | generated',
      'GET /posts | blog/routers/posts.py:6 | list_posts blog/routers/posts.py:7-8 | /posts blog/app.py:6 | resolved',
      'POST /posts | blog/routers/posts.py:11 | create_post blog/routers/posts.py:12-13 | /posts blog/app.py:6 | resolved',
      'GET /posts/{post_id}/comments | blog/routers/comments.py:6 | list_comments blog/routers/comments.py:7-8 | /posts/{post_id}/comments blog/app.py:7 | resolved',
      'DELETE /posts/{post_id}/comments/{comment_id} | blog/routers/comments.py:11 | delete_comment blog/routers/comments.py:12-13 | /posts/{post_id}/comments blog/app.py:7 | resolved | original /posts/{post_id}/comments/{comment_id:int}',
      'GET /posts/{slug} | blog/routers/posts.py:16 | get_post blog/routers/posts.py:17-18 | /posts blog/app.py:6 | resolved',
      'GET /redoc | blog/app.py:5 | - | - | resolved | generated',
    ]);
    expect(result.diagnostics).toEqual([]);
  });

  it('gives mounted FastAPI and Starlette sub-applications the mount prefix, skips static files and notes a mounted WSGI app', async () => {
    const result = await detectFixture('fixtures/py-fastapi-subapp', ['fastapi', 'starlette']);
    expect(endpointLines(result.endpoints)).toEqual([
      'GET /admin/ | shop/admin.py:19 | dashboard shop/admin.py:7-8 | /admin shop/main.py:13 | resolved',
      'GET /admin/users | shop/admin.py:20 | users shop/admin.py:11-14 | /admin shop/main.py:13 | resolved',
      'POST /admin/users | shop/admin.py:20 | users shop/admin.py:11-14 | /admin shop/main.py:13 | resolved',
      'GET /docs | shop/main.py:9 | - | - | resolved | generated',
      'GET /docs/oauth2-redirect | shop/main.py:9 | - | - | resolved | generated',
      'GET /openapi.json | shop/main.py:9 | - | - | resolved | generated',
      'GET /products | shop/main.py:17 | list_products_v1 shop/main.py:18-19 | - | resolved',
      'GET /redoc | shop/main.py:9 | - | - | resolved | generated',
      'GET /v2/openapi.json | shop/v2/api.py:3 | - | /v2 shop/main.py:12 | resolved | generated',
      'GET /v2/products | shop/v2/api.py:6 | list_products shop/v2/api.py:7-8 | /v2 shop/main.py:12 | resolved',
      'GET /v2/products/{product_id} | shop/v2/api.py:11 | get_product shop/v2/api.py:12-13 | /v2 shop/main.py:12 | resolved',
    ]);
    expect(result.endpoints.map((e) => e.framework)).toEqual(['starlette', 'starlette', 'starlette', 'fastapi', 'fastapi', 'fastapi', 'fastapi', 'fastapi', 'fastapi', 'fastapi', 'fastapi']);
    expect(result.diagnostics).toEqual([
      {
        severity: 'info',
        code: 'external-app-mounted',
        message: 'An application from package a2wsgi is mounted at /legacy; its routes are not analysed: WSGIMiddleware(flask_app)',
        file: 'shop/main.py',
        line: 14,
        source: 'detectors:fastapi',
      },
    ]);
  });

  it('lists websockets of the app and of routers as WS, tagged realtime', async () => {
    const result = await detectFixture('fixtures/py-fastapi-websockets', ['fastapi']);
    expect(endpointLines(result.endpoints)).toEqual([
      'GET /api/docs | chat/main.py:5 | - | - | resolved | generated',
      'GET /api/openapi.json | chat/main.py:5 | - | - | resolved | generated',
      'GET /api/rooms/{room_id} | chat/rooms.py:9 | room_info chat/rooms.py:10-11 | /api chat/main.py:6 > /rooms chat/rooms.py:6 | resolved',
      'WS /api/rooms/{room_id}/ws | chat/rooms.py:14 | room_socket chat/rooms.py:15-22 | /api chat/main.py:6 > /rooms chat/rooms.py:6 | resolved | tags realtime | middleware get_user chat/auth.py:4-7',
      'GET /docs/oauth2-redirect | chat/main.py:5 | - | - | resolved | generated',
      'WS /ws | chat/main.py:9 | lobby chat/main.py:10-13 | - | resolved | tags realtime',
      'WS /ws/echo | chat/main.py:21 | echo chat/main.py:16-18 | - | resolved | tags realtime',
    ]);
    expect(result.diagnostics).toEqual([]);
  });

  it("lists every FastAPI endpoint of the demo shop's inference service (EXPECTED.md rows 24-29 and the generated routes)", async () => {
    const result = await detectFixture('fixtures/demo-shop', ['fastapi']);
    expect(endpointLines(result.endpoints)).toEqual([
      'POST /api/batch-predict | services/inference/app/api/routes/predict.py:65 | batch_predict services/inference/app/api/routes/predict.py:66-93 | /api services/inference/app/main.py:38 | resolved | middleware get_registry services/inference/app/api/deps.py:8-11',
      'GET /api/models | services/inference/app/api/routes/models.py:17 | list_models services/inference/app/api/routes/models.py:18-38 | /api services/inference/app/main.py:39 > /models services/inference/app/api/routes/models.py:14 | resolved | middleware get_db services/inference/app/db/session.py:20-26, get_cache services/inference/app/cache.py:17-18',
      'GET /api/models/{model_id} | services/inference/app/api/routes/models.py:41 | get_model services/inference/app/api/routes/models.py:42-47 | /api services/inference/app/main.py:39 > /models services/inference/app/api/routes/models.py:14 | resolved | middleware get_db services/inference/app/db/session.py:20-26',
      'POST /api/predict | services/inference/app/api/routes/predict.py:49 | predict services/inference/app/api/routes/predict.py:50-62 | /api services/inference/app/main.py:38 | resolved | middleware get_registry services/inference/app/api/deps.py:8-11',
      'WS /api/ws/stream | services/inference/app/api/routes/stream.py:20 | stream_predictions services/inference/app/api/routes/stream.py:21-58 | /api services/inference/app/main.py:40 | resolved | tags realtime | middleware get_registry services/inference/app/api/deps.py:8-11',
      'GET /docs | services/inference/app/main.py:29 | - | - | resolved | generated',
      'GET /docs/oauth2-redirect | services/inference/app/main.py:29 | - | - | resolved | generated',
      'GET /health | services/inference/app/api/routes/health.py:10 | health services/inference/app/api/routes/health.py:11-13 | - | resolved',
      'GET /openapi.json | services/inference/app/main.py:29 | - | - | resolved | generated',
      'GET /redoc | services/inference/app/main.py:29 | - | - | resolved | generated',
    ]);
    expect(result.diagnostics).toEqual([]);
  });
});

describe('fastapi detector: edge cases', () => {
  const warning = (code: string, message: string, file: string, line: number) => ({ severity: 'warning', code, message, file, line, source: 'detectors:fastapi' });

  it('keeps what it cannot resolve: an unknown prefix, a foreign or computed router, a router nothing includes', () => {
    const result = detectIn({
      'svc/main.py':
        'import os\nfrom fastapi import FastAPI\nfrom fastapi_users import FastAPIUsers\nfrom svc import orphan\nfrom svc.items import router\n\nusers = FastAPIUsers()\napp = FastAPI(openapi_url=None)\napp.include_router(router, prefix=os.environ["API_PREFIX"])\napp.include_router(users.get_auth_router(), prefix="/auth")\napp.include_router(load_plugin_router())\n',
      'svc/items.py': 'from fastapi import APIRouter\nrouter = APIRouter(prefix="/items")\n\n@router.get("/{item_id}")\ndef read(item_id: int):\n    return item_id\n',
      'svc/orphan.py': 'from fastapi import APIRouter\nlonely = APIRouter(prefix="/lonely")\n\n@lonely.post("/x")\ndef x():\n    pass\n',
    });
    expect(endpointLines(result.endpoints)).toEqual([
      'POST /lonely/x | svc/orphan.py:4 | x svc/orphan.py:5-6 | /lonely svc/orphan.py:2 | partial',
      'GET /{unresolved:os.environ.API_PREFIX}/items/{item_id} | svc/items.py:4 | read svc/items.py:5-6 | /{unresolved:os.environ.API_PREFIX} svc/main.py:9 > /items svc/items.py:2 | partial',
    ]);
    expect(result.diagnostics).toEqual([
      warning('unresolved-route-part', 'Include prefix could not be resolved statically: os.environ.API_PREFIX', 'svc/main.py', 9),
      warning('external-router', 'A router from package fastapi-users is included at /auth; its routes are not listed: users.get_auth_router()', 'svc/main.py', 10),
      warning('unresolved-route-part', 'Included router could not be resolved statically: load_plugin_router()', 'svc/main.py', 11),
      warning('unmounted-router', '`lonely = APIRouter(...)` is not included in any application found; its routes are listed without the prefixes it may be mounted under', 'svc/orphan.py', 2),
    ]);
  });

  it('lists the generated documentation routes as configured: switched off (None or ""), renamed, conditional or unknown', () => {
    const result = detectIn({
      'a.py': 'from fastapi import FastAPI\nDEBUG = False\nPREFIX = "/internal"\napp = FastAPI(docs_url="/docs" if DEBUG else None, redoc_url=PREFIX + "/redoc", swagger_ui_oauth2_redirect_url=None)\n',
      'b.py': 'from fastapi import FastAPI\nfrom config import docs_path\nsub = FastAPI(docs_url=docs_path())\n',
      'c.py': 'from fastapi import FastAPI\nquiet = FastAPI(openapi_url=None)\n',
      'd.py': 'from fastapi import FastAPI\nfrontend = FastAPI(openapi_url="")\n',
    });
    expect(endpointLines(result.endpoints)).toEqual([
      'GET /docs | a.py:4 | - | - | resolved | generated',
      'GET /docs/oauth2-redirect | b.py:3 | - | - | resolved | generated',
      'GET /internal/redoc | a.py:4 | - | - | resolved | generated',
      'GET /openapi.json | a.py:4 | - | - | resolved | generated',
      'GET /openapi.json | b.py:3 | - | - | resolved | generated',
      'GET /redoc | b.py:3 | - | - | resolved | generated',
      'GET /{unresolved:docs_path()} | b.py:3 | - | - | partial | generated',
    ]);
    expect(result.diagnostics).toEqual([
      { severity: 'info', code: 'conditional-route', message: 'docs_url is /docs only when DEBUG; the route is listed', file: 'a.py', line: 4, source: 'detectors:fastapi' },
      warning('unresolved-route-part', 'FastAPI docs_url could not be resolved statically: docs_path()', 'b.py', 3),
    ]);
  });

  it('follows app factories, router subclasses and functions that receive the app as a parameter', () => {
    const result = detectIn({
      'app/main.py': 'from fastapi import FastAPI\nfrom app.routes import register_routes\nfrom app.factory import create_app\n\napp = create_app()\nregister_routes(app)\n\n@app.get("/root")\ndef root():\n    return 1\n',
      'app/factory.py':
        'from fastapi import FastAPI\nfrom app.api import api\n\ndef create_app() -> FastAPI:\n    application = FastAPI(docs_url=None, redoc_url=None, openapi_url=None)\n    application.include_router(api, prefix="/api")\n    return application\n',
      'app/api.py': 'from fastapi import APIRouter\n\nclass VersionedRouter(APIRouter):\n    pass\n\napi = VersionedRouter(prefix="/v1")\n\n@api.get("/ping")\ndef ping():\n    return "pong"\n',
      'app/routes.py': 'from fastapi import FastAPI\n\ndef register_routes(app):\n    @app.get("/registered")\n    def registered():\n        return 1\n\ndef unused_hook(app: FastAPI):\n    app.add_api_route("/never", lambda: 1)\n',
    });
    expect(endpointLines(result.endpoints)).toEqual([
      'GET /api/v1/ping | app/api.py:8 | ping app/api.py:9-10 | /api app/factory.py:6 > /v1 app/api.py:6 | resolved',
      'GET /never | app/routes.py:9 | <lambda> app/routes.py:9-9 | - | partial',
      'GET /registered | app/routes.py:4 | registered app/routes.py:5-6 | - | resolved',
      'GET /root | app/main.py:8 | root app/main.py:9-10 | - | resolved',
    ]);
    expect(result.diagnostics).toEqual([
      warning('unmounted-router', 'parameter `app` of `unused_hook()` is not included in any application found; its routes are listed without the prefixes it may be mounted under', 'app/routes.py', 8),
    ]);
  });

  it('reads a router kept on a class instance, and class, instance and Security dependencies', () => {
    const result = detectIn({
      'svc/views.py':
        'from fastapi import APIRouter, Depends, Security\n\nclass RateLimiter:\n    def __init__(self, times: int):\n        self.times = times\n\n    async def __call__(self):\n        return None\n\nclass Auth:\n    def __init__(self):\n        pass\n\ndef scopes_ok():\n    return True\n\nclass ItemsAPI:\n    def __init__(self):\n        self.router = APIRouter(prefix="/items", dependencies=[Depends(RateLimiter(times=2))])\n        self.router.add_api_route("", self.list_items, methods=["GET"])\n\n    async def list_items(self, auth = Depends(Auth), ok = Security(scopes_ok, scopes=["read"])):\n        return []\n\napi = ItemsAPI()\n',
      'svc/main.py': 'from fastapi import FastAPI\nfrom svc.views import api\napp = FastAPI(openapi_url=None)\napp.include_router(api.router)\n',
    });
    expect(endpointLines(result.endpoints)).toEqual([
      'GET /items | svc/views.py:20 | ItemsAPI.list_items svc/views.py:22-23 | /items svc/views.py:19 | resolved | middleware RateLimiter.__call__ svc/views.py:7-8, Auth.__init__ svc/views.py:11-12, scopes_ok svc/views.py:14-15',
    ]);
    expect(result.diagnostics).toEqual([]);
  });

  it('survives odd code: self-inclusion, missing arguments, bare decorators, unknown handlers and loops over unknown lists', () => {
    const result = detectIn({
      'odd.py':
        'from fastapi import FastAPI, APIRouter\napp = FastAPI(openapi_url=None)\nr = APIRouter()\nr.include_router(r)\napp.include_router(r)\napp.include_router()\n@app.get(compute())\ndef a():\n    pass\n@app.get()\ndef b():\n    pass\n@app.post\ndef c():\n    pass\napp.add_api_route("/x", undefined_handler)\napp.mount("/m", make_app())\nfor x in values:\n    app.include_router(x)\n',
      'migrations/0001_routes.py': 'from odd import app\n@app.get("/from-migration")\ndef m():\n    pass\n',
    });
    expect(endpointLines(result.endpoints)).toEqual([
      'GET /x | odd.py:16 | - | - | partial',
      'GET /{unresolved:<missing>} | odd.py:10 | b odd.py:11-12 | - | partial',
      'GET /{unresolved:compute()} | odd.py:7 | a odd.py:8-9 | - | partial',
    ]);
    expect(result.diagnostics).toEqual([
      warning('unresolved-route-part', 'Route path could not be resolved statically: compute()', 'odd.py', 7),
      warning('unresolved-route-part', 'Route path could not be resolved statically: <missing>', 'odd.py', 10),
      warning('unresolved-route-part', 'Route handler could not be resolved statically: undefined_handler', 'odd.py', 16),
      warning('unresolved-route-part', 'Mounted application could not be resolved statically: make_app()', 'odd.py', 17),
      warning('unresolved-route-part', 'Included router could not be resolved statically: x', 'odd.py', 19),
      warning('mount-cycle', '`r = APIRouter(...)` includes itself through its mounts; the cycle is followed once', 'odd.py', 3),
    ]);
  });

  it('says when FastAPI options come from **kwargs it cannot read, and lists the documentation routes at their defaults', () => {
    const result = detectIn({
      'svc/main.py': 'from fastapi import FastAPI\nfrom svc.settings import settings\n\napp = FastAPI(redoc_url=None, **settings.fastapi_kwargs)\n',
      'svc/settings.py': 'class Settings:\n    @property\n    def fastapi_kwargs(self):\n        return {"docs_url": "/swagger"}\n\nsettings = Settings()\n',
    });
    expect(endpointLines(result.endpoints)).toEqual([
      'GET /docs | svc/main.py:4 | - | - | resolved | generated',
      'GET /docs/oauth2-redirect | svc/main.py:4 | - | - | resolved | generated',
      'GET /openapi.json | svc/main.py:4 | - | - | resolved | generated',
    ]);
    expect(result.diagnostics).toEqual([
      {
        severity: 'info',
        code: 'assumed-default',
        message: 'FastAPI options passed as **settings.fastapi_kwargs could not be read; the documentation routes not named otherwise are listed at their defaults',
        file: 'svc/main.py',
        line: 4,
        source: 'detectors:fastapi',
      },
    ]);
  });

  it('leaves to other detectors what a helper registers on an app its callers build with another framework', () => {
    const result = detectIn({
      'legacy/app.py': 'from flask import Flask\nfrom legacy.views import init_views\n\nflask_app = Flask(__name__)\ninit_views(flask_app)\n',
      'legacy/views.py': 'def init_views(app):\n    @app.route("/cart")\n    def cart():\n        return "cart"\n',
      'api/main.py': 'from fastapi import FastAPI\napp = FastAPI(openapi_url=None)\n\ndef never_called(app):\n    @app.get("/hooked")\n    def hooked():\n        return 1\n',
    });
    expect(endpointLines(result.endpoints)).toEqual(['GET /hooked | api/main.py:5 | hooked api/main.py:6-7 | - | partial']);
    expect(result.diagnostics).toEqual([
      warning('unmounted-router', 'parameter `app` of `never_called()` is not included in any application found; its routes are listed without the prefixes it may be mounted under', 'api/main.py', 4),
    ]);
  });
});
