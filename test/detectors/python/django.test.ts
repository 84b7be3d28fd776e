import { describe, expect, it } from 'vitest';
import { DETECTORS } from '../../../src/detectors/registry.js';
import { detectFixture } from '../../helpers/detect-fixture.js';
import { detectWith, handler, pythonEndpoint as ep } from '../../helpers/endpoint-rows.js';

function detect(files: Record<string, string>, ids = ['django', 'drf']) {
  return detectWith(ids.map((id) => DETECTORS.get(id)!), files);
}

describe('django detector', () => {
  it('walks ROOT_URLCONF through include() chains three levels deep, with function, class-based and generic views', async () => {
    const result = await detectFixture('fixtures/py-django-project', ['django', 'drf']);
    expect(result.endpoints).toEqual([
      ep('django', 'GET', '/', 'mysite/urls.py', 14, null, []),
      ep('django', 'ALL', '/accounts/...', 'mysite/urls.py', 20, null, [], { originalPath: 'accounts/', generated: true }),
      ep('django', 'ALL', '/admin/...', 'mysite/urls.py', 13, null, [], { originalPath: 'admin/', generated: true }),
      ep('django', 'GET', '/blog/', 'blog/urls.py', 8, handler('post_list', 'blog/views.py', 11, 13, 0), [['blog/', 'mysite/urls.py', 15]]),
      ep('django', 'HEAD', '/blog/', 'blog/urls.py', 8, handler('post_list', 'blog/views.py', 11, 13, 0), [['blog/', 'mysite/urls.py', 15]]),
      ep('django', 'GET', '/blog/feed/', 'blog/urls.py', 9, handler('feed', 'blog/views.py', 18, 20, 1), [['blog/', 'mysite/urls.py', 15]]),
      ep('django', 'GET', '/blog/posts/{slug}/', 'blog/posts/urls.py', 7, handler('post_detail', 'blog/views.py', 24, 29, 2), [['blog/', 'mysite/urls.py', 15], ['posts/', 'blog/urls.py', 10]], { originalPath: 'blog/posts/<slug:slug>/' }),
      ep('django', 'POST', '/blog/posts/{slug}/', 'blog/posts/urls.py', 7, handler('post_detail', 'blog/views.py', 24, 29, 2), [['blog/', 'mysite/urls.py', 15], ['posts/', 'blog/urls.py', 10]], { originalPath: 'blog/posts/<slug:slug>/' }),
      ep('django', 'GET', '/blog/posts/{slug}/comments/', 'blog/comments/urls.py', 6, handler('CommentListView.get', 'blog/comments/views.py', 10, 12), [['blog/', 'mysite/urls.py', 15], ['posts/', 'blog/urls.py', 10], ['<slug:slug>/comments/', 'blog/posts/urls.py', 8]], { originalPath: 'blog/posts/<slug:slug>/comments/' }),
      ep('django', 'GET', '/blog/posts/{slug}/comments/new/', 'blog/comments/urls.py', 7, handler('CommentCreateView.get', 'blog/comments/views.py', 15, 21), [['blog/', 'mysite/urls.py', 15], ['posts/', 'blog/urls.py', 10], ['<slug:slug>/comments/', 'blog/posts/urls.py', 8]], { originalPath: 'blog/posts/<slug:slug>/comments/new/' }),
      ep('django', 'POST', '/blog/posts/{slug}/comments/new/', 'blog/comments/urls.py', 7, handler('CommentCreateView.post', 'blog/comments/views.py', 19, 21, 0), [['blog/', 'mysite/urls.py', 15], ['posts/', 'blog/urls.py', 10], ['<slug:slug>/comments/', 'blog/posts/urls.py', 8]], { originalPath: 'blog/posts/<slug:slug>/comments/new/' }),
      ep('django', 'PUT', '/blog/posts/{slug}/comments/new/', 'blog/comments/urls.py', 7, handler('CommentCreateView.post', 'blog/comments/views.py', 19, 21, 0), [['blog/', 'mysite/urls.py', 15], ['posts/', 'blog/urls.py', 10], ['<slug:slug>/comments/', 'blog/posts/urls.py', 8]], { originalPath: 'blog/posts/<slug:slug>/comments/new/' }),
      ep('django', 'POST', '/blog/posts/{slug}/comments/{pk}/delete/', 'blog/comments/urls.py', 8, handler('delete_comment', 'blog/comments/views.py', 25, 28, 1), [['blog/', 'mysite/urls.py', 15], ['posts/', 'blog/urls.py', 10], ['<slug:slug>/comments/', 'blog/posts/urls.py', 8]], { originalPath: 'blog/posts/<slug:slug>/comments/<int:pk>/delete/' }),
      ep('django', 'ALL', '/blog/search/', 'blog/urls.py', 13, handler('search', 'blog/views.py', 33, 35, 3), [['blog/', 'mysite/urls.py', 15]], { middleware: [handler('log_query', 'blog/decorators.py', 7, 13, 0)] }),
      ep('django', 'DELETE', '/shop/cart/', 'shop/urls.py', 7, handler('CartView.delete', 'shop/views.py', 31, 33, 2), [['^shop/', 'mysite/urls.py', 16], ['cart/', 'shop/urls.py', 14]], { originalPath: '^shop/cart/' }),
      ep('django', 'GET', '/shop/cart/', 'shop/urls.py', 7, handler('JSONResponseView.get', 'shop/mixins.py', 8, 9, 0), [['^shop/', 'mysite/urls.py', 16], ['cart/', 'shop/urls.py', 14]], { originalPath: '^shop/cart/' }),
      ep('django', 'POST', '/shop/cart/', 'shop/urls.py', 7, handler('CartView.post', 'shop/views.py', 24, 29, 1), [['^shop/', 'mysite/urls.py', 16], ['cart/', 'shop/urls.py', 14]], { originalPath: '^shop/cart/' }),
      ep('django', 'GET', '/shop/cart/checkout/', 'shop/urls.py', 8, handler('JSONResponseView.get', 'shop/mixins.py', 8, 9, 0), [['^shop/', 'mysite/urls.py', 16], ['cart/', 'shop/urls.py', 14]], { originalPath: '^shop/cart/checkout/' }),
      ep('django', 'POST', '/shop/cart/checkout/', 'shop/urls.py', 8, handler('CheckoutView.post', 'shop/views.py', 39, 41, 3), [['^shop/', 'mysite/urls.py', 16], ['cart/', 'shop/urls.py', 14]], { originalPath: '^shop/cart/checkout/' }),
      ep('django', 'GET', '/shop/products/', 'shop/urls.py', 12, handler('ProductListView.get', 'shop/views.py', 10, 12), [['^shop/', 'mysite/urls.py', 16]], { originalPath: '^shop/^products/$' }),
      ep('django', 'GET', '/shop/products/{slug}/', 'shop/urls.py', 13, handler('ProductDetailView.get', 'shop/views.py', 15, 17), [['^shop/', 'mysite/urls.py', 16]], { originalPath: '^shop/^products/(?P<slug>[-\\w]+)/$' }),
      ep('django', 'ALL', '/shop/webhooks/stripe/', 'shop/urls.py', 15, handler('webhook', 'shop/views.py', 44, 46, 4), [['^shop/', 'mysite/urls.py', 16]], { originalPath: '^shop/webhooks/stripe/' }),
      ep('django', 'ALL', '/{language}/about/', 'mysite/urls.py', 24, handler('about', 'pages/views.py', 4, 5, 0), [['<language>/', 'mysite/urls.py', 23]], { originalPath: '<language>/about/' }),
    ]);
    expect(result.diagnostics).toEqual([
        { severity: 'info', code: 'unreachable-urlconf', message: 'legacy/urls.py builds urlpatterns, but no URLconf reachable from ROOT_URLCONF includes it', file: 'legacy/urls.py', source: 'detectors:django' },
    ]);
    expect(result.frameworks).toEqual([{ id: 'django', title: 'Django', language: 'python', endpoints: 23 }]);
  });

  it('without ROOT_URLCONF serves the URLconfs nothing includes; urlpatterns built with +, +=, extend, insert, lists from other modules, wrappers and dotted views', () => {
    const result = detect(
      {
        'site/urls.py': `from django.urls import include, path
from django.views.decorators.http import require_POST

from site import views
from site.extra import extra_patterns

urlpatterns = [path('a/', views.a)] + extra_patterns
urlpatterns.extend([path('b/', views.b)])
urlpatterns.insert(0, path('first/', require_POST(views.a)))
urlpatterns += [
    path('api/', include('site.api.urls')),
    path('dash/', views.dashboard),
    path('legacy/', 'site.views.a'),
]
`,
        'site/extra.py': `from django.urls import path
from site import views

extra_patterns = [path('x/', views.b)]
extra_patterns += [path('y/', views.b)]
`,
        'site/views.py': `from django.contrib.auth.decorators import login_required
from django.views import View


def a(request):
    return None


def b(request):
    return None


class DashboardView(View):
    def get(self, request):
        return None


dashboard = login_required(DashboardView.as_view())
`,
        'site/api/urls.py': `from django.urls import path
from django.conf.urls import url
from site.api import views

urlpatterns = [
    url(r'^items/(?P<item_id>\\d+)/$', views.item),
]
`,
        'site/api/views.py': `def item(request, item_id):
    return None
`,
      },
      ['django', 'drf'],
    );
    expect(result.endpoints).toEqual([
        ep('django', 'ALL', '/a/', 'site/urls.py', 7, handler('a', 'site/views.py', 5, 6, 0), []),
        ep('django', 'ALL', '/api/items/{item_id}/', 'site/api/urls.py', 6, handler('item', 'site/api/views.py', 1, 2, 0), [['api/', 'site/urls.py', 11]], { originalPath: 'api/^items/(?P<item_id>\\d+)/$' }),
        ep('django', 'ALL', '/b/', 'site/urls.py', 8, handler('b', 'site/views.py', 9, 10, 1), []),
        ep('django', 'GET', '/dash/', 'site/urls.py', 12, handler('DashboardView.get', 'site/views.py', 14, 15, 2), []),
        ep('django', 'POST', '/first/', 'site/urls.py', 9, handler('a', 'site/views.py', 5, 6, 0), []),
        ep('django', 'ALL', '/legacy/', 'site/urls.py', 13, handler('a', 'site/views.py', 5, 6, 0), []),
        ep('django', 'ALL', '/x/', 'site/extra.py', 4, handler('b', 'site/views.py', 9, 10, 1), []),
        ep('django', 'ALL', '/y/', 'site/extra.py', 5, handler('b', 'site/views.py', 9, 10, 1), []),
    ]);
    expect(result.diagnostics).toEqual([
        { severity: 'info', code: 'no-root-urlconf', message: 'No ROOT_URLCONF found in settings; serving the URLconfs no other includes: site/urls.py', source: 'detectors:django' },
    ]);
  });

  it('keeps unresolved routes, views and includes with diagnostics, stops include cycles, follows the C3 MRO, and lists opaque class views as ALL', () => {
    const result = detect(
      {
        'proj/settings.py': `import os
ROOT_URLCONF = os.environ['URLCONF']
`,
        'proj/urls.py': `import os

from django.urls import include, path
from django.views.generic import RedirectView

from proj import views

urlpatterns = [
    path(os.environ['ADMIN_PREFIX'], views.index),
    path('made/', views.make_view()),
    path('go/', RedirectView.as_view(url='/')),
    path('loop/', include('proj.loop_urls')),
    path('diamond/', views.Diamond.as_view()),
    path('empty/', views.Empty.as_view()),
    path('opaque/', views.Opaque.as_view()),
    path('missing/', include('proj.nowhere')),
]
`,
        'proj/loop_urls.py': `from django.urls import include, path

urlpatterns = [path('again/', include('proj.loop_urls'))]
`,
        'proj/views.py': `from django.views import View
from braces.views import JSONResponseMixin


def index(request):
    return None


def make_view():
    return index


class Base(View):
    def get(self, request):
        return 'base'


class Left(Base):
    pass


class Right(Base):
    def get(self, request):
        return 'right'


class Diamond(Left, Right):
    pass


class Empty(View):
    template_name = 'x.html'


class Opaque(JSONResponseMixin, View):
    pass
`,
      },
      ['django', 'drf'],
    );
    expect(result.endpoints).toEqual([
        ep('django', 'GET', '/diamond/', 'proj/urls.py', 13, handler('Right.get', 'proj/views.py', 23, 24, 3), []),
        ep('django', 'DELETE', '/go/', 'proj/urls.py', 11, null, []),
        ep('django', 'GET', '/go/', 'proj/urls.py', 11, null, []),
        ep('django', 'HEAD', '/go/', 'proj/urls.py', 11, null, []),
        ep('django', 'OPTIONS', '/go/', 'proj/urls.py', 11, null, []),
        ep('django', 'PATCH', '/go/', 'proj/urls.py', 11, null, []),
        ep('django', 'POST', '/go/', 'proj/urls.py', 11, null, []),
        ep('django', 'PUT', '/go/', 'proj/urls.py', 11, null, []),
        ep('django', 'ALL', '/made/', 'proj/urls.py', 10, null, [], { resolution: 'partial' }),
        ep('django', 'ALL', '/missing/{unresolved:"proj.nowhere"}', 'proj/urls.py', 16, null, [['missing/', 'proj/urls.py', 16]], { resolution: 'partial' }),
        ep('django', 'ALL', '/opaque/', 'proj/urls.py', 15, handler('Opaque', 'proj/views.py', 35, 36), [], { resolution: 'partial' }),
        ep('django', 'ALL', '/{unresolved:os.environ.ADMIN_PREFIX}', 'proj/urls.py', 9, handler('index', 'proj/views.py', 5, 6, 0), [], { resolution: 'partial' }),
    ]);
    expect(result.diagnostics).toEqual([
        { severity: 'warning', code: 'unresolved-urlconf', message: 'ROOT_URLCONF could not be resolved statically', file: 'proj/settings.py', line: 2, source: 'detectors:django' },
        { severity: 'info', code: 'no-root-urlconf', message: 'No ROOT_URLCONF found in settings; serving the URLconfs no other includes: proj/urls.py', source: 'detectors:django' },
        { severity: 'warning', code: 'unresolved-route-part', message: 'Route path could not be resolved statically: os.environ.ADMIN_PREFIX', file: 'proj/urls.py', line: 9, source: 'detectors:django' },
        { severity: 'warning', code: 'unresolved-view', message: 'View could not be resolved statically (the result of a call): views.make_view()', file: 'proj/urls.py', line: 10, source: 'detectors:django' },
        { severity: 'warning', code: 'include-cycle', message: 'include() cycle: proj/urls.py -> proj/loop_urls.py -> proj/loop_urls.py', file: 'proj/loop_urls.py', line: 3, source: 'detectors:django' },
        { severity: 'info', code: 'view-without-methods', message: 'Empty handles no HTTP method: every request gets 405', file: 'proj/urls.py', line: 14, source: 'detectors:django' },
        { severity: 'info', code: 'unknown-view-methods', message: 'Opaque defines no HTTP method handler itself; it inherits from JSONResponseMixin, which gonogo cannot read, so it is listed as ALL', file: 'proj/urls.py', line: 15, source: 'detectors:django' },
        { severity: 'warning', code: 'unresolved-include', message: 'Included URLconf not found: "proj.nowhere"', file: 'proj/urls.py', line: 16, source: 'detectors:django' },
    ]);
  });

  it('reads settings named by DJANGO_SETTINGS_MODULE for settings.X route parts, evaluates f-strings piecewise, passes urlpatterns through helpers and keeps lists built at run time as placeholders', () => {
    const result = detect(
      {
        'manage.py': `import os
import sys

if __name__ == '__main__':
    os.environ['DJANGO_SETTINGS_MODULE'] = 'config.settings.production'
    from django.core.management import execute_from_command_line
    execute_from_command_line(sys.argv)
`,
        'config/settings/base.py': `ROOT_URLCONF = 'config.urls'
ADMIN_URL = 'admin/'
API_VERSION = 'v2'
`,
        'config/settings/production.py': `import os

from .base import *  # noqa

ADMIN_URL = os.environ['DJANGO_ADMIN_URL']
`,
        'config/settings/local.py': `from .base import *  # noqa
`,
        'config/urls.py': `import os

from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from config.debug import add_debug_urls
from core import views
from core.dynamic import build_patterns

TENANT = os.environ.get('TENANT', 'main')

urlpatterns = [
    path(settings.ADMIN_URL, admin.site.urls),
    path(f'api/{settings.API_VERSION}/', include('core.urls')),
    path(f'tenants/{TENANT}/', views.tenant_home),
    path('generated/', include(build_patterns())),
]

urlpatterns = add_debug_urls(urlpatterns)
`,
        'config/debug.py': `def add_debug_urls(patterns):
    return patterns
`,
        'core/urls.py': `from django.urls import path

from core import views

urlpatterns = [path('ping/', views.ping)]
`,
        'core/views.py': `def ping(request):
    return None


def tenant_home(request):
    return None
`,
        'core/dynamic.py': `def build_patterns():
    return []
`,
      },
      ['django', 'drf'],
    );
    expect(result.endpoints).toEqual([
        ep('django', 'ALL', '/api/v2/ping/', 'core/urls.py', 5, handler('ping', 'core/views.py', 1, 2, 0), [['api/v2/', 'config/urls.py', 15]]),
        ep('django', 'ALL', '/generated/{unresolved:build_patterns()}', 'config/urls.py', 17, null, [['generated/', 'config/urls.py', 17]], { resolution: 'partial' }),
        ep('django', 'ALL', '/tenants/{unresolved:TENANT}/', 'config/urls.py', 16, handler('tenant_home', 'core/views.py', 5, 6, 1), [], { resolution: 'partial' }),
        ep('django', 'ALL', '/{unresolved:settings.ADMIN_URL}...', 'config/urls.py', 14, null, [], { originalPath: '{unresolved:settings.ADMIN_URL}', resolution: 'partial', generated: true }),
    ]);
    expect(result.diagnostics).toEqual([
        { severity: 'info', code: 'urlpatterns-passed-through', message: 'Assumed add_debug_urls(urlpatterns) returns urlpatterns with possible additions that cannot be read statically', file: 'config/urls.py', line: 20, source: 'detectors:django' },
        { severity: 'warning', code: 'unresolved-route-part', message: 'Route path could not be resolved statically: settings.ADMIN_URL', file: 'config/urls.py', line: 14, source: 'detectors:django' },
        { severity: 'warning', code: 'unresolved-route-part', message: 'Route path could not be resolved statically: TENANT', file: 'config/urls.py', line: 16, source: 'detectors:django' },
        { severity: 'warning', code: 'unresolved-urlpatterns', message: 'URL patterns could not be resolved statically: build_patterns()', file: 'config/urls.py', line: 17, source: 'detectors:django' },
    ]);
  });

  it('survives odd code: self-referencing names, calls without arguments, None lists, inheritance loops, lambda views', () => {
    const result = detect(
      {
        'odd/urls.py': `from django.urls import include, path, re_path
from rest_framework.routers import DefaultRouter

a = b
b = a
router = DefaultRouter()
router.register()
router.register('x', None)

class Loop(Loop):
    pass

urlpatterns = None
urlpatterns += a
urlpatterns += [
    path(),
    path('noview/'),
    include(),
    path('inc/', include()),
    path('loop/', Loop.as_view()),
    path('r/', include(router.urls)),
    re_path(42, lambda request: None),
    *urlpatterns,
]
urlpatterns.insert('x', path('y/', None))
`,
      },
      ['django', 'drf'],
    );
    expect(result.endpoints).toEqual([
        ep('django', 'ALL', '/42', 'odd/urls.py', 22, handler('<lambda>', 'odd/urls.py', 22, 22, 0), []),
        ep('django', 'ALL', '/inc/{unresolved:include()}', 'odd/urls.py', 19, null, [['inc/', 'odd/urls.py', 19]], { resolution: 'partial' }),
        ep('drf', 'GET', '/r/', 'odd/urls.py', 6, null, [['r/', 'odd/urls.py', 21]], { originalPath: 'r/^$', generated: true }),
        ep('drf', 'ALL', '/r/x/', 'odd/urls.py', 8, null, [['r/', 'odd/urls.py', 21], ['x', 'odd/urls.py', 8]], { originalPath: 'r/^x/$', resolution: 'partial' }),
        ep('drf', 'ALL', '/r/x/{pk}/', 'odd/urls.py', 8, null, [['r/', 'odd/urls.py', 21], ['x', 'odd/urls.py', 8]], { originalPath: 'r/^x/(?P<pk>[^/.]+)/$', resolution: 'partial' }),
        ep('django', 'ALL', '/y/', 'odd/urls.py', 25, null, [], { resolution: 'partial' }),
        ep('django', 'ALL', '/{unresolved:null}', 'odd/urls.py', 13, null, [], { resolution: 'unresolved' }),
    ]);
    expect(result.diagnostics).toEqual([
        { severity: 'info', code: 'no-root-urlconf', message: 'No ROOT_URLCONF found in settings; serving the URLconfs no other includes: odd/urls.py', source: 'detectors:django' },
        { severity: 'warning', code: 'unresolved-urlpatterns', message: 'URL patterns could not be resolved statically: null', file: 'odd/urls.py', line: 13, source: 'detectors:django' },
        { severity: 'warning', code: 'unresolved-view', message: 'Route without a view: path()', file: 'odd/urls.py', line: 16, source: 'detectors:django' },
        { severity: 'warning', code: 'unresolved-view', message: 'Route without a view: path("noview/")', file: 'odd/urls.py', line: 17, source: 'detectors:django' },
        { severity: 'warning', code: 'unrecognised-url-pattern', message: 'Not a path(), re_path() or url() entry: include()', file: 'odd/urls.py', line: 18, source: 'detectors:django' },
        { severity: 'warning', code: 'unresolved-include', message: 'include() without patterns: include()', file: 'odd/urls.py', line: 19, source: 'detectors:django' },
        { severity: 'info', code: 'view-without-methods', message: 'Loop handles no HTTP method: every request gets 405', file: 'odd/urls.py', line: 20, source: 'detectors:django' },
        { severity: 'warning', code: 'unresolved-view', message: 'View could not be resolved statically (not a view expression): null', file: 'odd/urls.py', line: 25, source: 'detectors:django' },
        { severity: 'warning', code: 'unresolved-viewset', message: 'ViewSet could not be resolved statically, its routes are listed as ALL: null', file: 'odd/urls.py', line: 8, source: 'detectors:drf' },
    ]);
  });
});
