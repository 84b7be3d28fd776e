import { describe, expect, it } from 'vitest';
import { flaskDetector } from '../../../src/detectors/python/flask/index.js';
import { normalizeFlaskPath } from '../../../src/detectors/python/flask/paths.js';
import type { DetectedEndpoint } from '../../../src/detectors/types.js';
import { detectFixture } from '../../helpers/detect-fixture.js';
import { detectWith, diagnosticLines, endpointRows, pypiRequirements } from '../../helpers/endpoint-rows.js';

/** Flask rewrites its route syntax, so rows add the path as written, and the generated and tag flags. */
function rows(endpoints: readonly DetectedEndpoint[]) {
  return endpointRows(endpoints, { originalPath: true, flags: true });
}

function detectIn(files: Record<string, string>) {
  return detectWith(flaskDetector, files, [pypiRequirements({ flask: '==3.0.3' })]);
}

describe('flask detector', () => {
  it('follows an app factory: blueprint prefixes set far from the routes, nested blueprints, two route decorators, MethodViews and add_url_rule', async () => {
    const result = await detectFixture('fixtures/py-flask-app-factory', ['flask']);
    expect(rows(result.endpoints)).toEqual([
      ['GET', '/', null, 'app/main/routes.py:9', 'index app/main/routes.py:12-13', [], 'resolved', ['track_visit app/decorators.py:6-12'], ''],
      ['GET', '/api/v1/orders/', null, 'app/api/orders.py:11', 'orders app/api/orders.py:12-18', ['/api/v1 app/__init__.py:28', '/orders app/api/orders.py:7'], 'resolved', ['require_token app/api/auth.py:16-18'], ''],
      ['POST', '/api/v1/orders/', null, 'app/api/orders.py:11', 'orders app/api/orders.py:12-18', ['/api/v1 app/__init__.py:28', '/orders app/api/orders.py:7'], 'resolved', ['require_token app/api/auth.py:16-18'], ''],
      ['GET', '/api/v1/orders/{order_id}', '/api/v1/orders/<int:order_id>', 'app/api/orders.py:21', 'get_order app/api/orders.py:22-23', ['/api/v1 app/__init__.py:28', '/orders app/api/orders.py:7'], 'resolved', ['require_token app/api/auth.py:16-18'], ''],
      ['DELETE', '/api/v1/tokens', null, 'app/api/tokens.py:14', 'revoke_token app/api/tokens.py:16-17', ['/api/v1 app/__init__.py:28'], 'resolved', ['token_required app/api/auth.py:6-13'], ''],
      ['POST', '/api/v1/tokens', null, 'app/api/tokens.py:9', 'issue_token app/api/tokens.py:10-11', ['/api/v1 app/__init__.py:28'], 'resolved', [], ''],
      ['GET', '/api/v1/users', null, 'app/api/users.py:37', 'UserList.get app/api/users.py:25-26', ['/api/v1 app/__init__.py:28'], 'resolved', [], ''],
      ['POST', '/api/v1/users', null, 'app/api/users.py:37', 'UserList.post app/api/users.py:28-32', ['/api/v1 app/__init__.py:28'], 'resolved', [], ''],
      ['DELETE', '/api/v1/users/{user_id}', '/api/v1/users/<int:user_id>', 'app/api/users.py:36', 'ModelAPI.delete app/api/base.py:15-19', ['/api/v1 app/__init__.py:28'], 'resolved', ['token_required app/api/auth.py:6-13'], ''],
      ['GET', '/api/v1/users/{user_id}', '/api/v1/users/<int:user_id>', 'app/api/users.py:36', 'ModelAPI.get app/api/base.py:11-13', ['/api/v1 app/__init__.py:28'], 'resolved', ['token_required app/api/auth.py:6-13'], ''],
      ['PATCH', '/api/v1/users/{user_id}', '/api/v1/users/<int:user_id>', 'app/api/users.py:36', 'UserItem.patch app/api/users.py:15-19', ['/api/v1 app/__init__.py:28'], 'resolved', ['token_required app/api/auth.py:6-13'], ''],
      ['GET', '/auth/login', null, 'app/auth/routes.py:8', 'login app/auth/routes.py:9-10', ['/auth app/__init__.py:24'], 'resolved', [], ''],
      ['POST', '/auth/login', null, 'app/auth/routes.py:8', 'login app/auth/routes.py:9-10', ['/auth app/__init__.py:24'], 'resolved', [], ''],
      ['POST', '/auth/logout', null, 'app/auth/routes.py:13', 'logout app/auth/routes.py:14-16', ['/auth app/__init__.py:24'], 'resolved', [], ''],
      ['GET', '/auth/reset/{token}', '/auth/reset/<token>', 'app/auth/routes.py:23', 'reset_password app/auth/routes.py:19-20', ['/auth app/__init__.py:24'], 'resolved', [], ''],
      ['POST', '/auth/reset/{token}', '/auth/reset/<token>', 'app/auth/routes.py:23', 'reset_password app/auth/routes.py:19-20', ['/auth app/__init__.py:24'], 'resolved', [], ''],
      ['GET', '/explore', null, 'app/main/routes.py:23', 'explore app/main/routes.py:24-26', [], 'resolved', [], ''],
      ['POST', '/explore', null, 'app/main/routes.py:23', 'explore app/main/routes.py:24-26', [], 'resolved', [], ''],
      ['GET', '/index', null, 'app/main/routes.py:10', 'index app/main/routes.py:12-13', [], 'resolved', ['track_visit app/decorators.py:6-12'], ''],
      ['GET', '/static/{filename}', '/static/<path:filename>', 'app/__init__.py:10', null, [], 'resolved', [], 'generated'],
      ['GET', '/user/{username}', '/user/<username>', 'app/main/routes.py:16', 'user app/main/routes.py:18-20', [], 'resolved', [], ''],
      ['WS', '/ws/notifications', null, 'app/realtime.py:6', 'notifications app/realtime.py:7-10', [], 'resolved', [], 'realtime'],
      ['GET', '/{unresolved:os.environ.get("ADMIN_PREFIX")}/stats', null, 'app/admin.py:8', 'stats app/admin.py:9-10', ['/{unresolved:os.environ.get("ADMIN_PREFIX")} app/__init__.py:32'], 'partial', [], ''],
    ]);
    for (const endpoint of result.endpoints) expect([endpoint.framework, endpoint.language]).toEqual(['flask', 'python']);
    expect(diagnosticLines(result.diagnostics)).toEqual([
      'app/__init__.py:32 warning unresolved-route-part Blueprint url_prefix could not be resolved statically: os.environ.get("ADMIN_PREFIX")',
    ]);
    expect(result.frameworks).toEqual([{ id: 'flask', title: 'Flask', language: 'python', endpoints: 23 }]);
  });

  it('reads flask-restx namespaces, their paths and add_namespace overrides, Resources and inherited methods, and the generated docs', async () => {
    const result = await detectFixture('fixtures/py-flask-restx-api', ['flask']);
    expect(rows(result.endpoints)).toEqual([
      ['GET', '/api/1/canines/by-name/{name}', '/api/1/canines/by-name/<string:name>', 'apis/dogs.py:15', 'ReadOnlyResource.get core/resources.py:11-12', ['/api/1 apis/__init__.py:8', '/canines apis/__init__.py:18'], 'resolved', [], ''],
      ['PUT', '/api/1/canines/by-name/{name}', '/api/1/canines/by-name/<string:name>', 'apis/dogs.py:15', 'Dog.put apis/dogs.py:11-12', ['/api/1 apis/__init__.py:8', '/canines apis/__init__.py:18'], 'resolved', [], ''],
      ['GET', '/api/1/canines/{id}', '/api/1/canines/<int:id>', 'apis/dogs.py:15', 'ReadOnlyResource.get core/resources.py:11-12', ['/api/1 apis/__init__.py:8', '/canines apis/__init__.py:18'], 'resolved', [], ''],
      ['PUT', '/api/1/canines/{id}', '/api/1/canines/<int:id>', 'apis/dogs.py:15', 'Dog.put apis/dogs.py:11-12', ['/api/1 apis/__init__.py:8', '/canines apis/__init__.py:18'], 'resolved', [], ''],
      ['GET', '/api/1/cats/', null, 'apis/cats.py:10', 'CatList.get apis/cats.py:14-15', ['/api/1 apis/__init__.py:8', '/cats apis/cats.py:5'], 'resolved', [], ''],
      ['POST', '/api/1/cats/', null, 'apis/cats.py:10', 'CatList.post apis/cats.py:18-20', ['/api/1 apis/__init__.py:8', '/cats apis/cats.py:5'], 'resolved', [], ''],
      ['DELETE', '/api/1/cats/{id}', '/api/1/cats/<id>', 'apis/cats.py:23', 'Cat.delete apis/cats.py:31-33', ['/api/1 apis/__init__.py:8', '/cats apis/cats.py:5'], 'resolved', [], ''],
      ['GET', '/api/1/cats/{id}', '/api/1/cats/<id>', 'apis/cats.py:23', 'Cat.get apis/cats.py:28-29', ['/api/1 apis/__init__.py:8', '/cats apis/cats.py:5'], 'resolved', [], ''],
      ['GET', '/api/1/doc/', null, 'apis/__init__.py:9', null, ['/api/1 apis/__init__.py:8'], 'resolved', [], 'generated'],
      ['GET', '/api/1/health', null, 'apis/__init__.py:22', 'Health.get apis/__init__.py:24-25', ['/api/1 apis/__init__.py:8'], 'resolved', [], ''],
      ['GET', '/api/1/swagger.json', null, 'apis/__init__.py:9', null, ['/api/1 apis/__init__.py:8'], 'resolved', [], 'generated'],
      ['GET', '/api/1/todos', null, 'apis/todos.py:14', 'TodoList.get apis/todos.py:16-17', ['/api/1 apis/__init__.py:8', '/todos apis/todos.py:8'], 'resolved', [], ''],
      ['POST', '/api/1/todos', null, 'apis/todos.py:14', 'TodoList.post apis/todos.py:19-22', ['/api/1 apis/__init__.py:8', '/todos apis/todos.py:8'], 'resolved', [], ''],
      ['GET', '/api/1/todos/{id}', '/api/1/todos/<int:id>', 'apis/todos.py:10', 'ReadOnlyResource.get core/resources.py:11-12', ['/api/1 apis/__init__.py:8', '/todos apis/todos.py:8'], 'resolved', [], ''],
      ['GET', '/static/{filename}', '/static/<path:filename>', 'app.py:5', null, [], 'resolved', [], 'generated'],
    ]);
    expect(result.diagnostics).toEqual([]);
  });

  it('reads flask-restful add_resource with several paths, the Api prefix under a blueprint, @api.resource and init_app', async () => {
    const result = await detectFixture('fixtures/py-flask-restful-api', ['flask']);
    expect(rows(result.endpoints)).toEqual([
      ['GET', '/api/v1/tasks', null, 'todo_api/api.py:11', 'TodoList.get todo_api/resources/todos.py:25-26', ['/api todo_api/__init__.py:9', '/v1 todo_api/api.py:9'], 'resolved', [], ''],
      ['POST', '/api/v1/tasks', null, 'todo_api/api.py:11', 'TodoList.post todo_api/resources/todos.py:28-31', ['/api todo_api/__init__.py:9', '/v1 todo_api/api.py:9'], 'resolved', [], ''],
      ['DELETE', '/api/v1/tasks/{todo_id}', '/api/v1/tasks/<todo_id>', 'todo_api/api.py:12', 'Todo.delete todo_api/resources/todos.py:15-17', ['/api todo_api/__init__.py:9', '/v1 todo_api/api.py:9'], 'resolved', [], ''],
      ['GET', '/api/v1/tasks/{todo_id}', '/api/v1/tasks/<todo_id>', 'todo_api/api.py:12', 'Todo.get todo_api/resources/todos.py:10-13', ['/api todo_api/__init__.py:9', '/v1 todo_api/api.py:9'], 'resolved', [], ''],
      ['PUT', '/api/v1/tasks/{todo_id}', '/api/v1/tasks/<todo_id>', 'todo_api/api.py:12', 'Todo.put todo_api/resources/todos.py:19-21', ['/api todo_api/__init__.py:9', '/v1 todo_api/api.py:9'], 'resolved', [], ''],
      ['GET', '/api/v1/todos', null, 'todo_api/api.py:11', 'TodoList.get todo_api/resources/todos.py:25-26', ['/api todo_api/__init__.py:9', '/v1 todo_api/api.py:9'], 'resolved', [], ''],
      ['POST', '/api/v1/todos', null, 'todo_api/api.py:11', 'TodoList.post todo_api/resources/todos.py:28-31', ['/api todo_api/__init__.py:9', '/v1 todo_api/api.py:9'], 'resolved', [], ''],
      ['DELETE', '/api/v1/todos/{todo_id}', '/api/v1/todos/<todo_id>', 'todo_api/api.py:12', 'Todo.delete todo_api/resources/todos.py:15-17', ['/api todo_api/__init__.py:9', '/v1 todo_api/api.py:9'], 'resolved', [], ''],
      ['GET', '/api/v1/todos/{todo_id}', '/api/v1/todos/<todo_id>', 'todo_api/api.py:12', 'Todo.get todo_api/resources/todos.py:10-13', ['/api todo_api/__init__.py:9', '/v1 todo_api/api.py:9'], 'resolved', [], ''],
      ['PUT', '/api/v1/todos/{todo_id}', '/api/v1/todos/<todo_id>', 'todo_api/api.py:12', 'Todo.put todo_api/resources/todos.py:19-21', ['/api todo_api/__init__.py:9', '/v1 todo_api/api.py:9'], 'resolved', [], ''],
      ['GET', '/api/v1/users/{user_id}', '/api/v1/users/<int:user_id>', 'todo_api/api.py:13', 'UserResource.get todo_api/resources/users.py:7-8', ['/api todo_api/__init__.py:9', '/v1 todo_api/api.py:9'], 'resolved', ['authenticate todo_api/auth.py:6-13'], ''],
      ['GET', '/healthz', null, 'todo_api/health.py:6', 'Health.get todo_api/health.py:8-9', [], 'resolved', [], ''],
      ['GET', '/livez', null, 'todo_api/health.py:6', 'Health.get todo_api/health.py:8-9', [], 'resolved', [], ''],
    ]);
    expect(result.diagnostics).toEqual([]);
  });

  it('reads flask-smorest: MethodView classes under @blp.route, Api.register_blueprint replacing the blueprint prefix', () => {
    const { endpoints, diagnostics } = detectIn({
      'app.py': 'from flask import Flask\nfrom flask_smorest import Api\n\nfrom resources.pets import blp as pets_blp\n\napp = Flask(__name__, static_folder=None)\napi = Api(app)\napi.register_blueprint(pets_blp, url_prefix="/v2/pets")\n',
      'resources/pets.py':
        'from flask.views import MethodView\nfrom flask_smorest import Blueprint\n\nblp = Blueprint("pets", __name__, url_prefix="/pets", description="Pets")\n\n\n@blp.route("/")\nclass Pets(MethodView):\n    @blp.response(200)\n    def get(self):\n        return []\n\n    def post(self):\n        return {}\n\n\n@blp.route("/<int:pet_id>")\nclass PetById(MethodView):\n    def get(self, pet_id):\n        return {}\n\n\n@blp.get("/count")\ndef count():\n    return 0\n',
    });
    const chain = ['/v2/pets app.py:8'];
    expect(rows(endpoints)).toEqual([
      ['GET', '/v2/pets/', null, 'resources/pets.py:7', 'Pets.get resources/pets.py:10-11', chain, 'resolved', [], ''],
      ['POST', '/v2/pets/', null, 'resources/pets.py:7', 'Pets.post resources/pets.py:13-14', chain, 'resolved', [], ''],
      ['GET', '/v2/pets/count', null, 'resources/pets.py:23', 'count resources/pets.py:24-25', chain, 'resolved', [], ''],
      ['GET', '/v2/pets/{pet_id}', '/v2/pets/<int:pet_id>', 'resources/pets.py:17', 'PetById.get resources/pets.py:19-20', chain, 'resolved', [], ''],
    ]);
    expect(diagnostics).toEqual([]);
  });

  it('keeps unresolved rules and methods, follows nested blueprints, app parameters, Views, flask-sock blueprints and before_request', () => {
    const { endpoints, diagnostics } = detectIn({
      'app.py': [
        'import os',
        'from flask import Blueprint, Flask',
        'from flask.views import View',
        'from flask_sock import Sock',
        'from vendor_ext import make_admin_blueprint',
        'from routes import VERBS, build_rule, register_routes',
        '',
        'app = Flask(__name__, static_url_path="/assets")',
        'sock = Sock(app)',
        'parent = Blueprint("parent", __name__, url_prefix="/parent")',
        'child = Blueprint("child", __name__, url_prefix="/child")',
        'parent.register_blueprint(child, url_prefix="/kid")',
        'app.register_blueprint(parent)',
        'app.register_blueprint(make_admin_blueprint(), url_prefix="/admin")',
        'register_routes(app)',
        '',
        '@app.before_request',
        'def load_user():',
        '    pass',
        '',
        '@child.route("/toys", methods=VERBS)',
        'def toys():',
        '    return ""',
        '',
        '@app.route(build_rule("report"), methods=os.environ["METHODS"].split(","))',
        'def report():',
        '    return ""',
        '',
        '@sock.route("/echo", bp=child)',
        'def echo(ws):',
        '    ws.send(ws.receive())',
        '',
        'class Health(View):',
        '    methods = ["GET", "HEAD"]',
        '',
        '    def dispatch_request(self):',
        '        return "ok"',
        '',
        'app.add_url_rule("/health", view_func=Health.as_view("health"))',
        'app.add_url_rule("/legacy", "legacy")',
        '',
      ].join('\n'),
      'routes.py': 'VERBS = ("get", "put")\n\n\ndef build_rule(name):\n    return "/reports/" + name\n\n\ndef register_routes(app):\n    @app.route("/ping")\n    def ping():\n        return "pong"\n',
    });
    const hook = ['load_user app.py:18-19'];
    const nested = ['/parent app.py:10', '/kid app.py:12'];
    expect(rows(endpoints)).toEqual([
      ['GET', '/assets/{filename}', '/assets/<path:filename>', 'app.py:8', null, [], 'resolved', hook, 'generated'],
      ['GET', '/health', null, 'app.py:39', 'Health.dispatch_request app.py:36-37', [], 'resolved', hook, ''],
      ['HEAD', '/health', null, 'app.py:39', 'Health.dispatch_request app.py:36-37', [], 'resolved', hook, ''],
      ['GET', '/legacy', null, 'app.py:40', null, [], 'partial', hook, ''],
      ['WS', '/parent/kid/echo', null, 'app.py:29', 'echo app.py:30-31', nested, 'resolved', hook, 'realtime'],
      ['GET', '/parent/kid/toys', null, 'app.py:21', 'toys app.py:22-23', nested, 'resolved', hook, ''],
      ['PUT', '/parent/kid/toys', null, 'app.py:21', 'toys app.py:22-23', nested, 'resolved', hook, ''],
      ['GET', '/ping', null, 'routes.py:9', 'ping routes.py:10-11', [], 'resolved', hook, ''],
      ['ALL', '/{unresolved:build_rule("report")}', null, 'app.py:25', 'report app.py:26-27', [], 'partial', hook, ''],
    ]);
    expect(diagnosticLines(diagnostics)).toEqual([
      'app.py:25 warning unresolved-route-part Route methods could not be resolved statically: os.environ.METHODS.split(",")',
      'app.py:25 warning unresolved-route-part Route rule could not be resolved statically: build_rule("report")',
      'app.py:14 warning external-router A blueprint from package vendor-ext is registered at /admin; its routes are not listed: make_admin_blueprint()',
      'app.py:40 warning unresolved-route-part Route handler could not be resolved statically: add_url_rule without view_func ("/legacy")',
    ]);
  });

  it('reads restx docs switched off, a lazily bound Api, an empty add_namespace path and views with missing or no methods', () => {
    const { endpoints, diagnostics } = detectIn({
      'app.py': [
        'from flask import Flask',
        'from flask.views import MethodView',
        'from flask_restx import Api, Namespace, Resource',
        '',
        'PETS = "pets"',
        'app = Flask(__name__, static_folder=None)',
        'api = Api(doc=False, prefix="/api")',
        'ns = Namespace(PETS)',
        'api.add_namespace(ns, path="")',
        '',
        '@ns.route("/<int:pet_id>", "/by-id/<int:pet_id>")',
        'class Pet(Resource):',
        '    def get(self, pet_id):',
        '        return {}',
        '',
        'class Upload(MethodView):',
        '    methods = ["POST", "PUT"]',
        '',
        '    def post(self):',
        '        return ""',
        '',
        'class Nothing(MethodView):',
        '    pass',
        '',
        'app.add_url_rule("/upload", view_func=Upload.as_view("upload"))',
        'app.add_url_rule("/nothing", view_func=Nothing.as_view("nothing"))',
        'api.init_app(app)',
        '',
      ].join('\n'),
    });
    const chain = ['/api app.py:7', '/pets app.py:8'];
    expect(rows(endpoints)).toEqual([
      ['GET', '/api/pets/by-id/{pet_id}', '/api/pets/by-id/<int:pet_id>', 'app.py:11', 'Pet.get app.py:13-14', chain, 'resolved', [], ''],
      ['GET', '/api/pets/{pet_id}', '/api/pets/<int:pet_id>', 'app.py:11', 'Pet.get app.py:13-14', chain, 'resolved', [], ''],
      ['GET', '/api/swagger.json', null, 'app.py:7', null, ['/api app.py:7'], 'resolved', [], 'generated'],
      ['POST', '/upload', null, 'app.py:25', 'Upload.post app.py:19-20', [], 'resolved', [], ''],
      ['PUT', '/upload', null, 'app.py:25', null, [], 'partial', [], ''],
    ]);
    expect(diagnosticLines(diagnostics)).toEqual([
      'app.py:25 warning missing-view-method View Upload declares PUT but defines no put() or dispatch_request()',
      'app.py:26 warning empty-view View Nothing defines no HTTP method handlers',
    ]);
  });

  it('lists Flask-SocketIO servers per namespace with their events', () => {
    const { endpoints, diagnostics } = detectIn({
      'app.py': [
        'from flask import Flask',
        'from flask_socketio import Namespace, SocketIO, emit',
        '',
        'app = Flask(__name__, static_folder=None)',
        'socketio = SocketIO(app, path="ws")',
        '',
        '',
        '@socketio.on("connect")',
        'def connected():',
        '    emit("hello")',
        '',
        '',
        '@socketio.on("chat message")',
        'def chat(data):',
        '    emit("chat message", data, broadcast=True)',
        '',
        '',
        '@socketio.event(namespace="/admin")',
        'def kick(data):',
        '    pass',
        '',
        '',
        'def typing(data):',
        '    pass',
        '',
        '',
        'socketio.on_event("typing", typing)',
        '',
        '',
        'class Notifications(Namespace):',
        '    def on_subscribe(self, data):',
        '        pass',
        '',
        '    def on_error(self, error):',
        '        pass',
        '',
        '',
        'socketio.on_namespace(Notifications("/notifications"))',
        '',
        '',
        '@app.route("/")',
        'def index():',
        '    return "ok"',
        '',
      ].join('\n'),
    });
    expect(rows(endpoints)).toEqual([
      ['GET', '/', null, 'app.py:41', 'index app.py:42-43', [], 'resolved', [], ''],
      ['WS', '/ws', null, 'app.py:5', 'connected app.py:9-10', [], 'resolved', [], 'realtime'],
      ['WS', '/ws/admin', null, 'app.py:5', 'kick app.py:19-20', [], 'resolved', [], 'realtime'],
      ['WS', '/ws/notifications', null, 'app.py:5', 'Notifications.on_subscribe app.py:31-32', [], 'resolved', [], 'realtime'],
    ]);
    expect(endpoints.map((e) => e.events ?? null)).toEqual([null, ['chat message', 'connect', 'typing'], ['kick'], ['subscribe']]);
    expect(diagnostics).toEqual([]);
  });

  it('registers blueprints from loops over lists and modules, with f-string prefixes from constants', () => {
    const { endpoints, diagnostics } = detectIn({
      'app.py': [
        'from flask import Flask',
        '',
        'from views import admin, shop',
        'from views.blog import blog_bp',
        'from views.wiki import wiki_bp',
        '',
        'VERSION = "v2"',
        'BLUEPRINTS = [blog_bp, wiki_bp]',
        '',
        '',
        'def create_app():',
        '    app = Flask(__name__, static_folder=None)',
        '    for blueprint in BLUEPRINTS:',
        '        app.register_blueprint(blueprint, url_prefix=f"/{VERSION}/{blueprint.name}")',
        '    for module in (admin, shop):',
        '        app.register_blueprint(module.bp)',
        '    return app',
        '',
      ].join('\n'),
      'views/__init__.py': '',
      'views/blog.py': 'from flask import Blueprint\n\nblog_bp = Blueprint("blog", __name__)\n\n\n@blog_bp.get("/posts")\ndef posts():\n    return []\n',
      'views/wiki.py': 'from flask import Blueprint\n\nwiki_bp = Blueprint("wiki", __name__)\n\n\n@wiki_bp.get("/pages")\ndef pages():\n    return []\n',
      'views/admin.py': 'from flask import Blueprint\n\nbp = Blueprint("admin", __name__, url_prefix="/admin")\n\n\n@bp.route("/")\ndef dashboard():\n    return ""\n',
      'views/shop.py': 'from flask import Blueprint\n\nbp = Blueprint("shop", __name__, url_prefix="/shop")\n\n\n@bp.route("/cart", methods=["GET", "DELETE"])\ndef cart():\n    return ""\n',
    });
    expect(rows(endpoints)).toEqual([
      ['GET', '/admin/', null, 'views/admin.py:6', 'dashboard views/admin.py:7-8', ['/admin views/admin.py:3'], 'resolved', [], ''],
      ['DELETE', '/shop/cart', null, 'views/shop.py:6', 'cart views/shop.py:7-8', ['/shop views/shop.py:3'], 'resolved', [], ''],
      ['GET', '/shop/cart', null, 'views/shop.py:6', 'cart views/shop.py:7-8', ['/shop views/shop.py:3'], 'resolved', [], ''],
      ['GET', '/v2/blog/posts', null, 'views/blog.py:6', 'posts views/blog.py:7-8', ['/v2/blog app.py:14'], 'resolved', [], ''],
      ['GET', '/v2/wiki/pages', null, 'views/wiki.py:6', 'pages views/wiki.py:7-8', ['/v2/wiki app.py:14'], 'resolved', [], ''],
    ]);
    expect(diagnosticLines(diagnostics)).toEqual([]);
  });

  it('reads route decorators applied by hand to a view', () => {
    const { endpoints, diagnostics } = detectIn({
      'app.py': [
        'from flask import Blueprint, Flask',
        '',
        'from views import health, status',
        '',
        'app = Flask(__name__, static_folder=None)',
        'ops = Blueprint("ops", __name__, url_prefix="/ops")',
        'app.route("/health", methods=["GET", "HEAD"])(health)',
        'ops.post("/status")(status)',
        'app.register_blueprint(ops)',
        '',
      ].join('\n'),
      'views.py': 'def health():\n    return "ok"\n\n\ndef status():\n    return {}\n',
    });
    expect(rows(endpoints)).toEqual([
      ['GET', '/health', null, 'app.py:7', 'health views.py:1-2', [], 'resolved', [], ''],
      ['HEAD', '/health', null, 'app.py:7', 'health views.py:1-2', [], 'resolved', [], ''],
      ['POST', '/ops/status', null, 'app.py:8', 'status views.py:5-6', ['/ops app.py:6'], 'resolved', [], ''],
    ]);
    expect(diagnostics).toEqual([]);
  });

  it('turns Werkzeug converters into {name} params', () => {
    expect(normalizeFlaskPath('/u/<int:id>/<path:rest>/<slug>/<string(length=2):lang>/<regex("[a-z]+"):word>')).toBe('/u/{id}/{rest}/{slug}/{lang}/{word}');
  });
});
