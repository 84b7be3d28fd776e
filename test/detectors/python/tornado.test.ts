import { describe, expect, it } from 'vitest';
import { normalizeTornadoPattern } from '../../../src/detectors/python/tornado/paths.js';
import { tornadoDetector } from '../../../src/detectors/python/tornado/index.js';
import type { DetectedEndpoint } from '../../../src/detectors/types.js';
import { detectFixture } from '../../helpers/detect-fixture.js';
import { detectWith, diagnosticLines, endpointRows, pypiRequirements } from '../../helpers/endpoint-rows.js';

/** Tornado rewrites its route syntax, so rows add the path as written, and the generated and tag flags. */
function rows(endpoints: readonly DetectedEndpoint[]) {
  return endpointRows(endpoints, { originalPath: true, flags: true });
}

function detectIn(files: Record<string, string>) {
  return detectWith(tornadoDetector, files, [pypiRequirements({ tornado: '==6.4.1' })]);
}

describe('tornado detector', () => {
  it('reads handler lists built across modules, a subclass passing its list to super(), add_handlers, regex routes and a WebSocketHandler', async () => {
    const result = await detectFixture('fixtures/py-tornado-chat', ['tornado']);
    // Tuple entries carry no line of their own in the facts: they are registered at the list's assignment.
    expect(rows(result.endpoints)).toEqual([
      ['GET', '/', null, 'chatapp/app.py:16', 'IndexHandler.get chatapp/handlers/rooms.py:7-9', [], 'resolved', [], ''],
      ['GET', '/admin/users/{arg1}/{arg2}', '/admin/users/(\\d+)/(\\w+)', 'chatapp/app.py:37', 'AdminUserHandler.get chatapp/handlers/admin.py:5-7', [], 'resolved', [], ''],
      ['GET', '/api/v1/messages', null, 'chatapp/urls.py:6', 'MessagesHandler.get chatapp/handlers/api.py:16-17', [], 'resolved', ['JsonHandler.prepare chatapp/handlers/api.py:8-9'], ''],
      ['OPTIONS', '/api/v1/messages', null, 'chatapp/urls.py:6', 'JsonHandler.options chatapp/handlers/api.py:11-12', [], 'resolved', ['JsonHandler.prepare chatapp/handlers/api.py:8-9'], ''],
      ['POST', '/api/v1/messages', null, 'chatapp/urls.py:6', 'MessagesHandler.post chatapp/handlers/api.py:20-22', [], 'resolved', ['JsonHandler.prepare chatapp/handlers/api.py:8-9', 'rate_limited chatapp/ratelimit.py:7-21'], ''],
      ['DELETE', '/api/v1/messages/{arg1}', '/api/v1/messages/(\\d+)', 'chatapp/urls.py:6', 'MessageHandler.delete chatapp/handlers/api.py:29-31', [], 'resolved', ['JsonHandler.prepare chatapp/handlers/api.py:8-9'], ''],
      ['GET', '/api/v1/messages/{arg1}', '/api/v1/messages/(\\d+)', 'chatapp/urls.py:6', 'MessageHandler.get chatapp/handlers/api.py:26-27', [], 'resolved', ['JsonHandler.prepare chatapp/handlers/api.py:8-9'], ''],
      ['OPTIONS', '/api/v1/messages/{arg1}', '/api/v1/messages/(\\d+)', 'chatapp/urls.py:6', 'JsonHandler.options chatapp/handlers/api.py:11-12', [], 'resolved', ['JsonHandler.prepare chatapp/handlers/api.py:8-9'], ''],
      ['GET', '/auth/login', null, 'chatapp/app.py:18', 'LoginHandler.get chatapp/handlers/auth.py:5-6', [], 'resolved', [], ''],
      ['POST', '/auth/login', null, 'chatapp/app.py:18', 'LoginHandler.post chatapp/handlers/auth.py:8-14', [], 'resolved', [], ''],
      ['GET', '/auth/logout', null, 'chatapp/app.py:16', 'LogoutHandler.get chatapp/handlers/auth.py:18-20', [], 'resolved', [], ''],
      ['WS', '/chatsocket', null, 'chatapp/app.py:16', 'ChatSocketHandler.on_message chatapp/websocket.py:16-20', [], 'resolved', [], 'realtime'],
      ['GET', '/debug/health', null, 'chatapp/app.py:25', 'HealthHandler.get chatapp/handlers/base.py:16-17', [], 'resolved', [], ''],
      ['GET', '/metrics', null, 'server.py:18', 'MetricsHandler.get chatapp/handlers/base.py:21-23', [], 'resolved', [], ''],
      ['GET', '/rooms/{room_id}', '/rooms/(?P<room_id>[0-9]+)/?', 'chatapp/app.py:16', 'RoomHandler.get chatapp/handlers/rooms.py:16-18', [], 'resolved', [], ''],
      ['POST', '/rooms/{room_id}', '/rooms/(?P<room_id>[0-9]+)/?', 'chatapp/app.py:16', 'RoomHandler.post chatapp/handlers/rooms.py:21-23', [], 'resolved', [], ''],
      ['GET', '/static/{arg1}', '/static/(.*)', 'chatapp/app.py:16', null, [], 'partial', [], ''],
      ['GET', '/{unresolved:search_route("messages")}', null, 'chatapp/urls.py:6', 'SearchHandler.get chatapp/handlers/api.py:35-37', [], 'partial', ['JsonHandler.prepare chatapp/handlers/api.py:8-9'], ''],
      ['OPTIONS', '/{unresolved:search_route("messages")}', null, 'chatapp/urls.py:6', 'JsonHandler.options chatapp/handlers/api.py:11-12', [], 'partial', ['JsonHandler.prepare chatapp/handlers/api.py:8-9'], ''],
    ]);
    for (const endpoint of result.endpoints) expect([endpoint.framework, endpoint.language]).toEqual(['tornado', 'python']);
    expect(diagnosticLines(result.diagnostics)).toEqual([
      'chatapp/app.py:16 info framework-handler "/static/(.*)" is served by tornado.web.StaticFileHandler',
      'chatapp/urls.py:6 warning unresolved-route-part URL pattern could not be resolved statically: search_route("messages")',
    ]);
    expect(result.frameworks).toEqual([{ id: 'tornado', title: 'Tornado', language: 'python', endpoints: 19 }]);
  });

  it('reads Rule and PathMatches, route registries, list mutations, wildcard_router rules, shipped and foreign handlers and static_path routes', () => {
    const { endpoints, diagnostics } = detectIn({
      'app.py': [
        'import tornado.web',
        'from tornado.routing import AnyMatches, PathMatches, Rule',
        'from tornado_utils.routes import route',
        '',
        'from handlers import Base, Nothing, Ping, Proxy, Sock',
        '',
        '',
        '@route(r"/reg/(?P<slug>[a-z]+)", name="reg")',
        'class Registered(Base):',
        '    def put(self, slug):',
        '        pass',
        '',
        '',
        'routes = [',
        '    (r"/ping", Ping),',
        '    Rule(PathMatches(r"/rule/(\\d+)"), Ping),',
        '    Rule(AnyMatches(), [(r"/any", Ping)]),',
        '    (r"/unknown", some_factory()),',
        '    (r"/fallback", tornado.web.FallbackHandler, dict(fallback=None)),',
        '] + route.get_routes()',
        'routes += [(r"/sock", Sock)]',
        'routes.extend([(r"/nothing", Nothing), (r"/proxy", Proxy)])',
        'app = tornado.web.Application(routes, static_path="static", static_url_prefix="/assets/")',
        'app.wildcard_router.add_rules([(r"/late", Ping)])',
        '',
      ].join('\n'),
      'handlers.py': [
        'import tornado.web',
        'import tornado.websocket',
        'from third_party import JsonHandler',
        '',
        '',
        'class Base(tornado.web.RequestHandler):',
        '    def prepare(self):',
        '        pass',
        '',
        '',
        'class Ping(Base):',
        '    def get(self):',
        '        self.write("pong")',
        '',
        '    def head(self):',
        '        pass',
        '',
        '',
        'class Sock(tornado.websocket.WebSocketHandler):',
        '    def open(self):',
        '        pass',
        '',
        '',
        'class Nothing(tornado.web.RequestHandler):',
        '    def initialize(self):',
        '        pass',
        '',
        '',
        'class Proxy(JsonHandler):',
        '    pass',
        '',
      ].join('\n'),
    });
    const prepare = ['Base.prepare handlers.py:7-8'];
    expect(rows(endpoints)).toEqual([
      ['GET', '/any', null, 'app.py:17', 'Ping.get handlers.py:12-13', [], 'resolved', prepare, ''],
      ['HEAD', '/any', null, 'app.py:17', 'Ping.head handlers.py:15-16', [], 'resolved', prepare, ''],
      ['GET', '/assets/{arg1}', '/assets/(.*)', 'app.py:23', null, [], 'resolved', [], 'generated'],
      ['ALL', '/fallback', null, 'app.py:14', null, [], 'partial', [], ''],
      ['GET', '/favicon.ico', null, 'app.py:23', null, [], 'resolved', [], 'generated'],
      ['GET', '/late', null, 'app.py:24', 'Ping.get handlers.py:12-13', [], 'resolved', prepare, ''],
      ['HEAD', '/late', null, 'app.py:24', 'Ping.head handlers.py:15-16', [], 'resolved', prepare, ''],
      ['GET', '/ping', null, 'app.py:14', 'Ping.get handlers.py:12-13', [], 'resolved', prepare, ''],
      ['HEAD', '/ping', null, 'app.py:14', 'Ping.head handlers.py:15-16', [], 'resolved', prepare, ''],
      ['ALL', '/proxy', null, 'app.py:22', null, [], 'partial', [], ''],
      ['PUT', '/reg/{slug}', '/reg/(?P<slug>[a-z]+)', 'app.py:8', 'Registered.put app.py:10-11', [], 'resolved', prepare, ''],
      ['GET', '/robots.txt', null, 'app.py:23', null, [], 'resolved', [], 'generated'],
      ['GET', '/rule/{arg1}', '/rule/(\\d+)', 'app.py:16', 'Ping.get handlers.py:12-13', [], 'resolved', prepare, ''],
      ['HEAD', '/rule/{arg1}', '/rule/(\\d+)', 'app.py:16', 'Ping.head handlers.py:15-16', [], 'resolved', prepare, ''],
      ['WS', '/sock', null, 'app.py:21', 'Sock.open handlers.py:20-21', [], 'resolved', [], 'realtime'],
      ['ALL', '/unknown', null, 'app.py:14', null, [], 'partial', [], ''],
    ]);
    expect(diagnosticLines(diagnostics)).toEqual([
      'app.py:14 warning unresolved-route-part Request handler could not be resolved statically: some_factory()',
      'app.py:14 info framework-handler "/fallback" is served by tornado.web.FallbackHandler',
      'app.py:22 warning empty-view Handler Nothing defines no HTTP method handlers',
      'app.py:22 warning external-handler Proxy defines no HTTP methods; they may come from its base third_party.JsonHandler, so "/proxy" is listed for any method',
    ]);
  });

  it('reads an Application subclass that receives its handlers and settings through __init__ parameters', () => {
    const { endpoints, diagnostics } = detectIn({
      'server.py': [
        'import os',
        '',
        'import tornado.web',
        '',
        '',
        'class Home(tornado.web.RequestHandler):',
        '    async def get(self):',
        '        self.write("home")',
        '',
        '',
        'class App(tornado.web.Application):',
        '    def __init__(self, handlers, database=None, **kwargs):',
        '        tornado.web.Application.__init__(self, handlers, **kwargs)',
        '        self.database = database',
        '',
        '',
        'def main():',
        '    App([(r"/", Home)], database="db", static_path=os.path.join("web", "static")).listen(8000)',
        '',
      ].join('\n'),
    });
    expect(rows(endpoints)).toEqual([
      ['GET', '/', null, 'server.py:18', 'Home.get server.py:7-8', [], 'resolved', [], ''],
      ['GET', '/favicon.ico', null, 'server.py:13', null, [], 'resolved', [], 'generated'],
      ['GET', '/robots.txt', null, 'server.py:13', null, [], 'resolved', [], 'generated'],
      ['GET', '/static/{arg1}', '/static/(.*)', 'server.py:13', null, [], 'resolved', [], 'generated'],
    ]);
    expect(diagnostics).toEqual([]);
  });

  it('normalises URL patterns: anchors, named and unnamed groups, escapes, an optional trailing slash', () => {
    expect(normalizeTornadoPattern('^/entry/([^/]+)$')).toBe('/entry/{arg1}');
    expect(normalizeTornadoPattern('/u/(?P<user>\\w+)/(\\d+)/(?:a|b)/?')).toBe('/u/{user}/{arg1}/(?:a|b)');
    expect(normalizeTornadoPattern('/(favicon\\.ico)')).toBe('/{arg1}');
    expect(normalizeTornadoPattern('/files/([^)(]+)\\.txt')).toBe('/files/{arg1}.txt');
    expect(normalizeTornadoPattern('/price/\\$')).toBe('/price/$');
  });
});
