import { describe, expect, it } from 'vitest';
import { fastapiDetector } from '../../../src/detectors/python/fastapi/index.js';
import { starletteDetector } from '../../../src/detectors/python/starlette/index.js';
import { detectFixture } from '../../helpers/detect-fixture.js';
import { detectWith, endpointLine, endpointLines } from '../../helpers/endpoint-rows.js';

function detectIn(files: Record<string, string>) {
  return detectWith([fastapiDetector, starletteDetector], files);
}

const warning = (message: string, file: string, line: number) => ({ severity: 'warning', code: 'unresolved-route-part', message, file, line, source: 'detectors:starlette' });

describe('starlette detector', () => {
  it('walks a Mount tree built across modules, with HTTPEndpoint classes, a WebSocketEndpoint and the older add_route and @app.route API', async () => {
    const result = await detectFixture('fixtures/py-starlette-mount-tree', ['starlette']);
    expect(endpointLines(result.endpoints)).toEqual([
      'GET / | gallery/app.py:12 | homepage gallery/views.py:7-8 | - | resolved',
      'GET /about | gallery/app.py:13 | about gallery/views.py:11-12 | - | resolved',
      'GET /api/albums/ | gallery/api/routes.py:7 | AlbumList.get gallery/api/endpoints.py:12-13 | /api gallery/app.py:14 > /albums gallery/api/routes.py:18 | resolved',
      'POST /api/albums/ | gallery/api/routes.py:7 | AlbumList.post gallery/api/endpoints.py:15-16 | /api gallery/app.py:14 > /albums gallery/api/routes.py:18 | resolved',
      'DELETE /api/albums/{album_id} | gallery/api/routes.py:8 | AlbumDetail.delete gallery/api/endpoints.py:26-27 | /api gallery/app.py:14 > /albums gallery/api/routes.py:18 | resolved | original /api/albums/{album_id:int}',
      'GET /api/albums/{album_id} | gallery/api/routes.py:8 | AlbumDetail.get gallery/api/endpoints.py:20-21 | /api gallery/app.py:14 > /albums gallery/api/routes.py:18 | resolved | original /api/albums/{album_id:int}',
      'OPTIONS /api/albums/{album_id} | gallery/api/routes.py:8 | BaseEndpoint.options gallery/api/endpoints.py:7-8 | /api gallery/app.py:14 > /albums gallery/api/routes.py:18 | resolved | original /api/albums/{album_id:int}',
      'PUT /api/albums/{album_id} | gallery/api/routes.py:8 | AlbumDetail.put gallery/api/endpoints.py:23-24 | /api gallery/app.py:14 > /albums gallery/api/routes.py:18 | resolved | original /api/albums/{album_id:int}',
      'GET /api/healthz | gallery/api/routes.py:20 | healthz gallery/api/endpoints.py:39-40 | /api gallery/app.py:14 | resolved',
      'GET /api/photos/ | gallery/api/routes.py:13 | list_photos gallery/api/endpoints.py:30-31 | /api gallery/app.py:14 > /photos gallery/api/routes.py:19 | resolved',
      'POST /api/photos/upload | gallery/api/routes.py:14 | upload_photo gallery/api/endpoints.py:34-36 | /api gallery/app.py:14 > /photos gallery/api/routes.py:19 | resolved',
      'POST /echo | gallery/app.py:23 | echo gallery/app.py:24-25 | - | resolved',
      'WS /live | gallery/app.py:16 | LiveFeed.on_receive gallery/views.py:25-26 | - | resolved | tags realtime',
      'GET /metrics | gallery/app.py:20 | metrics gallery/views.py:15-16 | - | resolved',
    ]);
    expect(result.endpoints.every((e) => e.framework === 'starlette' && e.language === 'python')).toBe(true);
    expect(result.diagnostics).toEqual([]);
  });

  it('reads lists joined with + and *spread, inline routers, hosts, ASGI classes and instances, and a mounted FastAPI app', () => {
    const result = detectIn({
      'site/handlers.py':
        'from starlette.responses import JSONResponse\n\nasync def home(request):\n    return JSONResponse({})\n\nasync def feed(websocket):\n    await websocket.accept()\n\nclass Metrics:\n    async def __call__(self, scope, receive, send):\n        pass\n\nclass Opaque:\n    pass\n',
      'site/extra.py': 'from starlette.routing import Route\nfrom site.handlers import home\n\nEXTRA = [Route("/extra", home)]\nMORE = [Route("/more", home, methods=["PUT"])]\n',
      'site/api.py': 'from fastapi import FastAPI\n\napi = FastAPI(openapi_url=None)\n\n@api.get("/items")\ndef items():\n    return []\n',
      'site/app.py':
        'from starlette.applications import Starlette\nfrom starlette.routing import Host, Mount, Route, Router, WebSocketRoute\nfrom site import extra\nfrom site.api import api\nfrom site.handlers import Metrics, Opaque, feed, home\n\nroutes = [\n    Route("/", home),\n    WebSocketRoute("/feed", feed),\n    Route("/metrics", Metrics()),\n    Route("/metrics-class", Metrics),\n    Route("/opaque", Opaque),\n    Mount("/api", app=api),\n    Mount("/nested", app=Router([Route("/deep", home)])),\n    Host("admin.example.com", app=Router(routes=[Route("/panel", home)])),\n    not_a_route,\n    *extra.EXTRA,\n] + extra.MORE\n\napp = Starlette(False, routes)\n',
      'site/standalone.py': 'from starlette.routing import Route, Router\nfrom site.handlers import home\n\napp = Router([Route("/alone", home)])\n',
    });
    expect(result.endpoints.map((e) => `${endpointLine(e)} | ${e.framework}`)).toEqual([
      'GET / | site/app.py:8 | home site/handlers.py:3-4 | - | resolved | starlette',
      'GET /alone | site/standalone.py:4 | home site/handlers.py:3-4 | - | resolved | starlette',
      'GET /api/items | site/api.py:5 | items site/api.py:6-7 | /api site/app.py:13 | resolved | fastapi',
      'GET /extra | site/extra.py:4 | home site/handlers.py:3-4 | - | resolved | starlette',
      'WS /feed | site/app.py:9 | feed site/handlers.py:6-7 | - | resolved | tags realtime | starlette',
      'ALL /metrics | site/app.py:10 | Metrics.__call__ site/handlers.py:10-11 | - | resolved | starlette',
      'ALL /metrics-class | site/app.py:11 | Metrics.__call__ site/handlers.py:10-11 | - | resolved | starlette',
      'PUT /more | site/extra.py:5 | home site/handlers.py:3-4 | - | resolved | starlette',
      'GET /nested/deep | site/app.py:14 | home site/handlers.py:3-4 | /nested site/app.py:14 | resolved | starlette',
      'ALL /opaque | site/app.py:12 | - | - | partial | starlette',
      'GET /panel | site/app.py:15 | home site/handlers.py:3-4 | - | resolved | starlette',
    ]);
    expect(result.diagnostics).toEqual([
      warning('Route handler could not be resolved statically: Opaque', 'site/app.py', 12),
      warning('Route list item is not a route that could be read statically: not_a_route', 'site/app.py', 7),
    ]);
  });

  it('reads routes nested deeper in one inline Mount tree than expressions are kept in the facts', () => {
    const result = detectIn({
      'deep.py':
        'from starlette.applications import Starlette\nfrom starlette.routing import Mount, Route\n\nasync def users(request):\n    pass\n\napp = Starlette(routes=[Mount("/api", routes=[Mount("/v1", routes=[Mount("/admin", routes=[Route("/users/{id:int}", users, methods=["DELETE"])])])])])\n',
      'wide.py': [
        'from starlette.routing import Mount, Route, Router',
        'async def report(request):',
        '    pass',
        '',
        'router = Router(',
        '    routes=[',
        '        Mount("/api", routes=[',
        '            Mount("/v2", routes=[',
        '                Mount("/reports", routes=[',
        '                    Mount("/{year:int}", routes=[',
        '                        Mount("/{month:int}", routes=[',
        '                            Route("/", report),',
        '                            Route("/raw", report),',
        '                        ]),',
        '                    ]),',
        '                ]),',
        '            ]),',
        '        ]),',
        '    ]',
        ')',
        '',
      ].join('\n'),
    });
    expect(endpointLines(result.endpoints)).toEqual([
      'DELETE /api/v1/admin/users/{id} | deep.py:7 | users deep.py:4-5 | /api deep.py:7 > /v1 deep.py:7 > /admin deep.py:7 | resolved | original /api/v1/admin/users/{id:int}',
      'GET /api/v2/reports/{year}/{month}/ | wide.py:12 | report wide.py:2-3 | /api wide.py:7 > /v2 wide.py:8 > /reports wide.py:9 > /{year:int} wide.py:10 > /{month:int} wide.py:11 | resolved | original /api/v2/reports/{year:int}/{month:int}/',
      'GET /api/v2/reports/{year}/{month}/raw | wide.py:13 | report wide.py:2-3 | /api wide.py:7 > /v2 wide.py:8 > /reports wide.py:9 > /{year:int} wide.py:10 > /{month:int} wide.py:11 | resolved | original /api/v2/reports/{year:int}/{month:int}/raw',
    ]);
    expect(result.diagnostics).toEqual([]);
  });
});
