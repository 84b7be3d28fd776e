import { describe, expect, it } from 'vitest';
import { DETECTORS } from '../../../src/detectors/registry.js';
import { detectFixture } from '../../helpers/detect-fixture.js';
import { detectWith, handler, pythonEndpoint as ep } from '../../helpers/endpoint-rows.js';

function detect(files: Record<string, string>, ids = ['django', 'drf']) {
  return detectWith(ids.map((id) => DETECTORS.get(id)!), files);
}

describe('django rest framework detector', () => {
  it('expands DefaultRouter and SimpleRouter registrations to the routes each ViewSet exposes, plus generic API views, APIViews and @api_view functions', async () => {
    const result = await detectFixture('fixtures/py-drf-api', ['django', 'drf']);
    expect(result.endpoints).toEqual([
      ep('django', 'ALL', '/admin/...', 'config/urls.py', 5, null, [], { originalPath: 'admin/', generated: true }),
      ep('drf', 'ALL', '/api-auth/...', 'config/urls.py', 8, null, [], { originalPath: 'api-auth/', generated: true }),
      ep('drf', 'GET', '/api/v1/', 'api/urls.py', 8, null, [['api/v1/', 'config/urls.py', 6], ['', 'api/urls.py', 15]], { originalPath: 'api/v1/^$', generated: true }),
      ep('drf', 'GET', '/api/v1/accounts/me/', 'accounts/urls.py', 10, handler('MeView.get', 'accounts/views.py', 19, 27), [['api/v1/accounts/', 'config/urls.py', 7]]),
      ep('drf', 'PATCH', '/api/v1/accounts/me/', 'accounts/urls.py', 10, handler('MeView.update', 'accounts/views.py', 25, 27, 3), [['api/v1/accounts/', 'config/urls.py', 7]]),
      ep('drf', 'PUT', '/api/v1/accounts/me/', 'accounts/urls.py', 10, handler('MeView.update', 'accounts/views.py', 25, 27, 3), [['api/v1/accounts/', 'config/urls.py', 7]]),
      ep('drf', 'POST', '/api/v1/accounts/sessions', 'accounts/urls.py', 7, handler('SessionViewSet.create', 'accounts/views.py', 9, 12, 0), [['api/v1/accounts/', 'config/urls.py', 7], ['sessions', 'accounts/urls.py', 7]], { originalPath: 'api/v1/accounts/^sessions$' }),
      ep('drf', 'DELETE', '/api/v1/accounts/sessions/{pk}', 'accounts/urls.py', 7, handler('SessionViewSet.destroy', 'accounts/views.py', 14, 16, 1), [['api/v1/accounts/', 'config/urls.py', 7], ['sessions', 'accounts/urls.py', 7]], { originalPath: 'api/v1/accounts/^sessions/(?P<pk>[^/.]+)$' }),
      ep('drf', 'GET', '/api/v1/articles/', 'api/urls.py', 9, handler('ArticleViewSet.list', 'articles/views.py', 12, 38), [['api/v1/', 'config/urls.py', 6], ['', 'api/urls.py', 15], ['articles', 'api/urls.py', 9]], { originalPath: 'api/v1/^articles/$' }),
      ep('drf', 'POST', '/api/v1/articles/', 'api/urls.py', 9, handler('ArticleViewSet.create', 'articles/views.py', 12, 38), [['api/v1/', 'config/urls.py', 6], ['', 'api/urls.py', 15], ['articles', 'api/urls.py', 9]], { originalPath: 'api/v1/^articles/$' }),
      ep('drf', 'GET', '/api/v1/articles/recent/', 'api/urls.py', 9, handler('ArticleViewSet.recent', 'articles/views.py', 25, 28, 1), [['api/v1/', 'config/urls.py', 6], ['', 'api/urls.py', 15], ['articles', 'api/urls.py', 9]], { originalPath: 'api/v1/^articles/recent/$' }),
      ep('drf', 'DELETE', '/api/v1/articles/{slug}/', 'api/urls.py', 9, handler('ArticleViewSet.destroy', 'articles/views.py', 12, 38), [['api/v1/', 'config/urls.py', 6], ['', 'api/urls.py', 15], ['articles', 'api/urls.py', 9]], { originalPath: 'api/v1/^articles/(?P<slug>[^/.]+)/$' }),
      ep('drf', 'GET', '/api/v1/articles/{slug}/', 'api/urls.py', 9, handler('ArticleViewSet.retrieve', 'articles/views.py', 12, 38), [['api/v1/', 'config/urls.py', 6], ['', 'api/urls.py', 15], ['articles', 'api/urls.py', 9]], { originalPath: 'api/v1/^articles/(?P<slug>[^/.]+)/$' }),
      ep('drf', 'PATCH', '/api/v1/articles/{slug}/', 'api/urls.py', 9, handler('ArticleViewSet.partial_update', 'articles/views.py', 12, 38), [['api/v1/', 'config/urls.py', 6], ['', 'api/urls.py', 15], ['articles', 'api/urls.py', 9]], { originalPath: 'api/v1/^articles/(?P<slug>[^/.]+)/$' }),
      ep('drf', 'PUT', '/api/v1/articles/{slug}/', 'api/urls.py', 9, handler('ArticleViewSet.update', 'articles/views.py', 12, 38), [['api/v1/', 'config/urls.py', 6], ['', 'api/urls.py', 15], ['articles', 'api/urls.py', 9]], { originalPath: 'api/v1/^articles/(?P<slug>[^/.]+)/$' }),
      ep('drf', 'DELETE', '/api/v1/articles/{slug}/favorite/', 'api/urls.py', 9, handler('ArticleViewSet.unfavorite', 'articles/views.py', 36, 38, 3), [['api/v1/', 'config/urls.py', 6], ['', 'api/urls.py', 15], ['articles', 'api/urls.py', 9]], { originalPath: 'api/v1/^articles/(?P<slug>[^/.]+)/favorite/$' }),
      ep('drf', 'POST', '/api/v1/articles/{slug}/favorite/', 'api/urls.py', 9, handler('ArticleViewSet.favorite', 'articles/views.py', 31, 33, 2), [['api/v1/', 'config/urls.py', 6], ['', 'api/urls.py', 15], ['articles', 'api/urls.py', 9]], { originalPath: 'api/v1/^articles/(?P<slug>[^/.]+)/favorite/$' }),
      ep('drf', 'POST', '/api/v1/articles/{slug}/publish/', 'api/urls.py', 9, handler('ArticleViewSet.publish', 'articles/views.py', 18, 22, 0), [['api/v1/', 'config/urls.py', 6], ['', 'api/urls.py', 15], ['articles', 'api/urls.py', 9]], { originalPath: 'api/v1/^articles/(?P<slug>[^/.]+)/publish/$' }),
      ep('drf', 'GET', '/api/v1/comments/', 'api/urls.py', 19, handler('CommentListCreate.list', 'articles/views.py', 62, 65, 5), [['api/v1/', 'config/urls.py', 6]]),
      ep('drf', 'POST', '/api/v1/comments/', 'api/urls.py', 19, handler('CommentListCreate.post', 'articles/views.py', 58, 65), [['api/v1/', 'config/urls.py', 6]]),
      ep('drf', 'DELETE', '/api/v1/comments/{pk}/', 'api/urls.py', 20, handler('CommentDetail.delete', 'articles/views.py', 68, 70), [['api/v1/', 'config/urls.py', 6]], { originalPath: 'api/v1/comments/<int:pk>/' }),
      ep('drf', 'GET', '/api/v1/comments/{pk}/', 'api/urls.py', 20, handler('CommentDetail.get', 'articles/views.py', 68, 70), [['api/v1/', 'config/urls.py', 6]], { originalPath: 'api/v1/comments/<int:pk>/' }),
      ep('drf', 'PATCH', '/api/v1/comments/{pk}/', 'api/urls.py', 20, handler('CommentDetail.patch', 'articles/views.py', 68, 70), [['api/v1/', 'config/urls.py', 6]], { originalPath: 'api/v1/comments/<int:pk>/' }),
      ep('drf', 'PUT', '/api/v1/comments/{pk}/', 'api/urls.py', 20, handler('CommentDetail.put', 'articles/views.py', 68, 70), [['api/v1/', 'config/urls.py', 6]], { originalPath: 'api/v1/comments/<int:pk>/' }),
      ep('drf', 'GET', '/api/v1/drafts/', 'api/urls.py', 11, handler('DraftViewSet.list', 'articles/views.py', 46, 50), [['api/v1/', 'config/urls.py', 6], ['', 'api/urls.py', 15], ['drafts', 'api/urls.py', 11]], { originalPath: 'api/v1/^drafts/$' }),
      ep('drf', 'GET', '/api/v1/drafts/{pk}/', 'api/urls.py', 11, handler('DraftViewSet.retrieve', 'articles/views.py', 46, 50), [['api/v1/', 'config/urls.py', 6], ['', 'api/urls.py', 15], ['drafts', 'api/urls.py', 11]], { originalPath: 'api/v1/^drafts/(?P<pk>[^/.]+)/$' }),
      ep('drf', 'PATCH', '/api/v1/drafts/{pk}/', 'api/urls.py', 11, handler('AuditedUpdateMixin.update', 'articles/mixins.py', 11, 13, 0), [['api/v1/', 'config/urls.py', 6], ['', 'api/urls.py', 15], ['drafts', 'api/urls.py', 11]], { originalPath: 'api/v1/^drafts/(?P<pk>[^/.]+)/$' }),
      ep('drf', 'PUT', '/api/v1/drafts/{pk}/', 'api/urls.py', 11, handler('AuditedUpdateMixin.update', 'articles/mixins.py', 11, 13, 0), [['api/v1/', 'config/urls.py', 6], ['', 'api/urls.py', 15], ['drafts', 'api/urls.py', 11]], { originalPath: 'api/v1/^drafts/(?P<pk>[^/.]+)/$' }),
      ep('drf', 'GET', '/api/v1/echo/', 'api/urls.py', 17, handler('echo', 'articles/views.py', 79, 80, 7), [['api/v1/', 'config/urls.py', 6]]),
      ep('drf', 'POST', '/api/v1/echo/', 'api/urls.py', 17, handler('echo', 'articles/views.py', 79, 80, 7), [['api/v1/', 'config/urls.py', 6]]),
      ep('drf', 'GET', '/api/v1/health/', 'api/urls.py', 16, handler('health', 'articles/views.py', 74, 75, 6), [['api/v1/', 'config/urls.py', 6]]),
      ep('drf', 'GET', '/api/v1/profiles/{username}/', 'api/urls.py', 12, handler('ProfileViewSet.retrieve', 'accounts/api.py', 9, 24), [['api/v1/', 'config/urls.py', 6], ['', 'api/urls.py', 15], ['profiles', 'api/urls.py', 12]], { originalPath: 'api/v1/^profiles/(?P<username>[^/]+)/$' }),
      ep('drf', 'PUT', '/api/v1/profiles/{username}/', 'api/urls.py', 12, handler('ProfileViewSet.update', 'accounts/api.py', 16, 20, 0), [['api/v1/', 'config/urls.py', 6], ['', 'api/urls.py', 15], ['profiles', 'api/urls.py', 12]], { originalPath: 'api/v1/^profiles/(?P<username>[^/]+)/$' }),
      ep('drf', 'GET', '/api/v1/profiles/{username}/avatar/', 'api/urls.py', 12, handler('ProfileViewSet.avatar', 'accounts/api.py', 23, 24, 1), [['api/v1/', 'config/urls.py', 6], ['', 'api/urls.py', 15], ['profiles', 'api/urls.py', 12]], { originalPath: 'api/v1/^profiles/(?P<username>[^/]+)/avatar/$' }),
      ep('drf', 'PUT', '/api/v1/profiles/{username}/avatar/', 'api/urls.py', 12, handler('ProfileViewSet.avatar', 'accounts/api.py', 23, 24, 1), [['api/v1/', 'config/urls.py', 6], ['', 'api/urls.py', 15], ['profiles', 'api/urls.py', 12]], { originalPath: 'api/v1/^profiles/(?P<username>[^/]+)/avatar/$' }),
      ep('drf', 'GET', '/api/v1/stats/', 'api/urls.py', 18, handler('StatsView.get', 'articles/views.py', 54, 55, 4), [['api/v1/', 'config/urls.py', 6]]),
      ep('drf', 'GET', '/api/v1/tags/', 'api/urls.py', 10, handler('TagViewSet.list', 'articles/views.py', 41, 43), [['api/v1/', 'config/urls.py', 6], ['', 'api/urls.py', 15], ['tags', 'api/urls.py', 10]], { originalPath: 'api/v1/^tags/$' }),
      ep('drf', 'GET', '/api/v1/tags/{pk}/', 'api/urls.py', 10, handler('TagViewSet.retrieve', 'articles/views.py', 41, 43), [['api/v1/', 'config/urls.py', 6], ['', 'api/urls.py', 15], ['tags', 'api/urls.py', 10]], { originalPath: 'api/v1/^tags/(?P<pk>[^/.]+)/$' }),
    ]);
    expect(result.diagnostics).toEqual([]);
    expect(result.frameworks).toEqual([
      { id: 'django', title: 'Django', language: 'python', endpoints: 1 },
      { id: 'drf', title: 'Django REST Framework', language: 'python', endpoints: 37 },
    ]);
  });

  it('gives the ViewSet that overrides update without the update or destroy mixins PUT only, and the one with a custom update mixin PUT and PATCH but no DELETE', async () => {
    const result = await detectFixture('fixtures/py-drf-api', ['django', 'drf']);
    const methodsOf = (path: string) => result.endpoints.filter((e) => e.path === path).map((e) => `${e.method} ${e.handler?.name}`);
    expect(methodsOf('/api/v1/profiles/{username}/')).toEqual(['GET ProfileViewSet.retrieve', 'PUT ProfileViewSet.update']);
    expect(methodsOf('/api/v1/profiles/')).toEqual([]);
    expect(methodsOf('/api/v1/drafts/{pk}/')).toEqual(['GET DraftViewSet.retrieve', 'PATCH AuditedUpdateMixin.update', 'PUT AuditedUpdateMixin.update']);
  });

  it('finds registrations made in other modules, merges registries, reads custom routers, path-style routers, empty prefixes and manual as_view mappings, and keeps what it cannot resolve', () => {
    const result = detect(
      {
        'backend/settings.py': `ROOT_URLCONF = 'backend.urls'
`,
        'backend/routers.py': `from rest_framework import routers


class OptionalSlashRouter(routers.SimpleRouter):
    trailing_slash = '/?'


router = routers.DefaultRouter()
legacy = OptionalSlashRouter()
paths = routers.SimpleRouter(use_regex_path=False)
`,
        'backend/urls.py': `from django.urls import include, path

from backend.routers import legacy, paths, router
from backend import views
import notes.api  # registers on the shared router

router.registry.extend(legacy.registry)

urlpatterns = [
    path('api/', include(router.urls)),
    path('old/', include(legacy.urls)),
    path('v2/', include(paths.urls)),
    path('manual/', views.NoteViewSet.as_view({'get': 'list', 'post': 'create'})),
    path('manual/<int:pk>/', views.NoteViewSet.as_view()),
]
`,
        'backend/views.py': `from rest_framework import viewsets
from rest_framework.decorators import action


class NoteViewSet(viewsets.ModelViewSet):
    pass


class PinViewSet(viewsets.GenericViewSet):
    @action(methods=['post'], detail=IS_DETAIL)
    def pin(self, request, pk=None):
        return None
`,
        'notes/__init__.py': ``,
        'notes/api.py': `from backend.routers import legacy, paths, router
from backend.views import NoteViewSet, PinViewSet
from plugins import PluginViewSet

router.register(r'notes', NoteViewSet)
router.register('', PinViewSet, basename='pin')
legacy.register('archive', NoteViewSet, basename='archive')
paths.register('plugins', PluginViewSet, basename='plugin')
for name in ['a', 'b']:
    paths.register(name, NoteViewSet, basename=name)
`,
      },
      ['django', 'drf'],
    );
    expect(result.endpoints).toEqual([
        ep('drf', 'GET', '/api/', 'backend/routers.py', 8, null, [['api/', 'backend/urls.py', 10]], { originalPath: 'api/^$', generated: true }),
        ep('drf', 'GET', '/api/archive/', 'notes/api.py', 7, handler('NoteViewSet.list', 'backend/views.py', 5, 6), [['api/', 'backend/urls.py', 10], ['archive', 'notes/api.py', 7]], { originalPath: 'api/^archive/$' }),
        ep('drf', 'POST', '/api/archive/', 'notes/api.py', 7, handler('NoteViewSet.create', 'backend/views.py', 5, 6), [['api/', 'backend/urls.py', 10], ['archive', 'notes/api.py', 7]], { originalPath: 'api/^archive/$' }),
        ep('drf', 'DELETE', '/api/archive/{pk}/', 'notes/api.py', 7, handler('NoteViewSet.destroy', 'backend/views.py', 5, 6), [['api/', 'backend/urls.py', 10], ['archive', 'notes/api.py', 7]], { originalPath: 'api/^archive/(?P<pk>[^/.]+)/$' }),
        ep('drf', 'GET', '/api/archive/{pk}/', 'notes/api.py', 7, handler('NoteViewSet.retrieve', 'backend/views.py', 5, 6), [['api/', 'backend/urls.py', 10], ['archive', 'notes/api.py', 7]], { originalPath: 'api/^archive/(?P<pk>[^/.]+)/$' }),
        ep('drf', 'PATCH', '/api/archive/{pk}/', 'notes/api.py', 7, handler('NoteViewSet.partial_update', 'backend/views.py', 5, 6), [['api/', 'backend/urls.py', 10], ['archive', 'notes/api.py', 7]], { originalPath: 'api/^archive/(?P<pk>[^/.]+)/$' }),
        ep('drf', 'PUT', '/api/archive/{pk}/', 'notes/api.py', 7, handler('NoteViewSet.update', 'backend/views.py', 5, 6), [['api/', 'backend/urls.py', 10], ['archive', 'notes/api.py', 7]], { originalPath: 'api/^archive/(?P<pk>[^/.]+)/$' }),
        ep('drf', 'GET', '/api/notes/', 'notes/api.py', 5, handler('NoteViewSet.list', 'backend/views.py', 5, 6), [['api/', 'backend/urls.py', 10], ['notes', 'notes/api.py', 5]], { originalPath: 'api/^notes/$' }),
        ep('drf', 'POST', '/api/notes/', 'notes/api.py', 5, handler('NoteViewSet.create', 'backend/views.py', 5, 6), [['api/', 'backend/urls.py', 10], ['notes', 'notes/api.py', 5]], { originalPath: 'api/^notes/$' }),
        ep('drf', 'DELETE', '/api/notes/{pk}/', 'notes/api.py', 5, handler('NoteViewSet.destroy', 'backend/views.py', 5, 6), [['api/', 'backend/urls.py', 10], ['notes', 'notes/api.py', 5]], { originalPath: 'api/^notes/(?P<pk>[^/.]+)/$' }),
        ep('drf', 'GET', '/api/notes/{pk}/', 'notes/api.py', 5, handler('NoteViewSet.retrieve', 'backend/views.py', 5, 6), [['api/', 'backend/urls.py', 10], ['notes', 'notes/api.py', 5]], { originalPath: 'api/^notes/(?P<pk>[^/.]+)/$' }),
        ep('drf', 'PATCH', '/api/notes/{pk}/', 'notes/api.py', 5, handler('NoteViewSet.partial_update', 'backend/views.py', 5, 6), [['api/', 'backend/urls.py', 10], ['notes', 'notes/api.py', 5]], { originalPath: 'api/^notes/(?P<pk>[^/.]+)/$' }),
        ep('drf', 'PUT', '/api/notes/{pk}/', 'notes/api.py', 5, handler('NoteViewSet.update', 'backend/views.py', 5, 6), [['api/', 'backend/urls.py', 10], ['notes', 'notes/api.py', 5]], { originalPath: 'api/^notes/(?P<pk>[^/.]+)/$' }),
        ep('drf', 'POST', '/api/{pk}/pin/', 'notes/api.py', 6, handler('PinViewSet.pin', 'backend/views.py', 11, 12, 0), [['api/', 'backend/urls.py', 10], ['', 'notes/api.py', 6]], { originalPath: 'api/^(?P<pk>[^/.]+)/pin/$', resolution: 'partial' }),
        ep('drf', 'GET', '/manual/', 'backend/urls.py', 13, handler('NoteViewSet.list', 'backend/views.py', 5, 6), []),
        ep('drf', 'POST', '/manual/', 'backend/urls.py', 13, handler('NoteViewSet.create', 'backend/views.py', 5, 6), []),
        ep('drf', 'GET', '/old/archive/', 'notes/api.py', 7, handler('NoteViewSet.list', 'backend/views.py', 5, 6), [['old/', 'backend/urls.py', 11], ['archive', 'notes/api.py', 7]], { originalPath: 'old/^archive/?$' }),
        ep('drf', 'POST', '/old/archive/', 'notes/api.py', 7, handler('NoteViewSet.create', 'backend/views.py', 5, 6), [['old/', 'backend/urls.py', 11], ['archive', 'notes/api.py', 7]], { originalPath: 'old/^archive/?$' }),
        ep('drf', 'DELETE', '/old/archive/{pk}/', 'notes/api.py', 7, handler('NoteViewSet.destroy', 'backend/views.py', 5, 6), [['old/', 'backend/urls.py', 11], ['archive', 'notes/api.py', 7]], { originalPath: 'old/^archive/(?P<pk>[^/.]+)/?$' }),
        ep('drf', 'GET', '/old/archive/{pk}/', 'notes/api.py', 7, handler('NoteViewSet.retrieve', 'backend/views.py', 5, 6), [['old/', 'backend/urls.py', 11], ['archive', 'notes/api.py', 7]], { originalPath: 'old/^archive/(?P<pk>[^/.]+)/?$' }),
        ep('drf', 'PATCH', '/old/archive/{pk}/', 'notes/api.py', 7, handler('NoteViewSet.partial_update', 'backend/views.py', 5, 6), [['old/', 'backend/urls.py', 11], ['archive', 'notes/api.py', 7]], { originalPath: 'old/^archive/(?P<pk>[^/.]+)/?$' }),
        ep('drf', 'PUT', '/old/archive/{pk}/', 'notes/api.py', 7, handler('NoteViewSet.update', 'backend/views.py', 5, 6), [['old/', 'backend/urls.py', 11], ['archive', 'notes/api.py', 7]], { originalPath: 'old/^archive/(?P<pk>[^/.]+)/?$' }),
        ep('drf', 'ALL', '/v2/plugins/', 'notes/api.py', 8, null, [['v2/', 'backend/urls.py', 12], ['plugins', 'notes/api.py', 8]], { resolution: 'partial' }),
        ep('drf', 'ALL', '/v2/plugins/{pk}/', 'notes/api.py', 8, null, [['v2/', 'backend/urls.py', 12], ['plugins', 'notes/api.py', 8]], { originalPath: 'v2/plugins/<path:pk>/', resolution: 'partial' }),
        ep('drf', 'GET', '/v2/{unresolved:name}/', 'notes/api.py', 10, handler('NoteViewSet.list', 'backend/views.py', 5, 6), [['v2/', 'backend/urls.py', 12], ['{unresolved:name}', 'notes/api.py', 10]], { resolution: 'partial' }),
        ep('drf', 'POST', '/v2/{unresolved:name}/', 'notes/api.py', 10, handler('NoteViewSet.create', 'backend/views.py', 5, 6), [['v2/', 'backend/urls.py', 12], ['{unresolved:name}', 'notes/api.py', 10]], { resolution: 'partial' }),
        ep('drf', 'DELETE', '/v2/{unresolved:name}/{pk}/', 'notes/api.py', 10, handler('NoteViewSet.destroy', 'backend/views.py', 5, 6), [['v2/', 'backend/urls.py', 12], ['{unresolved:name}', 'notes/api.py', 10]], { originalPath: 'v2/{unresolved:name}/<path:pk>/', resolution: 'partial' }),
        ep('drf', 'GET', '/v2/{unresolved:name}/{pk}/', 'notes/api.py', 10, handler('NoteViewSet.retrieve', 'backend/views.py', 5, 6), [['v2/', 'backend/urls.py', 12], ['{unresolved:name}', 'notes/api.py', 10]], { originalPath: 'v2/{unresolved:name}/<path:pk>/', resolution: 'partial' }),
        ep('drf', 'PATCH', '/v2/{unresolved:name}/{pk}/', 'notes/api.py', 10, handler('NoteViewSet.partial_update', 'backend/views.py', 5, 6), [['v2/', 'backend/urls.py', 12], ['{unresolved:name}', 'notes/api.py', 10]], { originalPath: 'v2/{unresolved:name}/<path:pk>/', resolution: 'partial' }),
        ep('drf', 'PUT', '/v2/{unresolved:name}/{pk}/', 'notes/api.py', 10, handler('NoteViewSet.update', 'backend/views.py', 5, 6), [['v2/', 'backend/urls.py', 12], ['{unresolved:name}', 'notes/api.py', 10]], { originalPath: 'v2/{unresolved:name}/<path:pk>/', resolution: 'partial' }),
    ]);
    expect(result.diagnostics).toEqual([
        { severity: 'warning', code: 'unresolved-action', message: '@action on PinViewSet.pin has no literal detail=; assumed detail=True', file: 'backend/views.py', line: 11, source: 'detectors:drf' },
        { severity: 'warning', code: 'unresolved-viewset', message: 'ViewSet could not be resolved statically, its routes are listed as ALL: PluginViewSet', file: 'notes/api.py', line: 8, source: 'detectors:drf' },
        { severity: 'warning', code: 'unresolved-route-part', message: 'Router prefix could not be resolved statically: name', file: 'notes/api.py', line: 10, source: 'detectors:drf' },
        { severity: 'warning', code: 'viewset-without-actions', message: 'NoteViewSet.as_view() needs an actions mapping such as {\'get\': \'list\'}', file: 'backend/urls.py', line: 14, source: 'detectors:drf' },
    ]);
  });

  it('nests drf-nested-routers under their parent registration and lookup, and adds the methods a router subclass maps onto the list route', () => {
    const result = detect(
      {
        'api/urls.py': `from django.urls import include, path
from rest_framework_nested import routers

from api.routers import BulkRouter
from api.views import DomainViewSet, NameserverViewSet, RecordViewSet

router = BulkRouter()
router.register(r'domains', DomainViewSet)

domains_router = routers.NestedSimpleRouter(router, r'domains', lookup='domain')
domains_router.register(r'nameservers', NameserverViewSet, basename='domain-nameservers')

ns_router = routers.NestedSimpleRouter(domains_router, r'nameservers', lookup='nameserver')
ns_router.register(r'records', RecordViewSet, basename='records')

urlpatterns = [
    path('', include(router.urls)),
    path('', include(domains_router.urls)),
    path('', include(ns_router.urls)),
]
`,
        'api/routers.py': `from rest_framework.routers import SimpleRouter


class BulkRouter(SimpleRouter):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.routes[0].mapping.update({'put': 'bulk_update', 'delete': 'bulk_destroy'})
`,
        'api/views.py': `from rest_framework import viewsets


class DomainViewSet(viewsets.ModelViewSet):
    lookup_field = 'name'
    lookup_value_regex = '[^/]+'

    def bulk_update(self, request):
        return None


class NameserverViewSet(viewsets.ReadOnlyModelViewSet):
    pass


class RecordViewSet(viewsets.ReadOnlyModelViewSet):
    def bulk_destroy(self, request, **kwargs):
        return None
`,
      },
      ['django', 'drf'],
    );
    expect(result.endpoints).toEqual([
        ep('drf', 'GET', '/domains/', 'api/urls.py', 8, handler('DomainViewSet.list', 'api/views.py', 4, 9), [['', 'api/urls.py', 17], ['domains', 'api/urls.py', 8]], { originalPath: '^domains/$' }),
        ep('drf', 'POST', '/domains/', 'api/urls.py', 8, handler('DomainViewSet.create', 'api/views.py', 4, 9), [['', 'api/urls.py', 17], ['domains', 'api/urls.py', 8]], { originalPath: '^domains/$' }),
        ep('drf', 'PUT', '/domains/', 'api/urls.py', 8, handler('DomainViewSet.bulk_update', 'api/views.py', 8, 9, 0), [['', 'api/urls.py', 17], ['domains', 'api/urls.py', 8]], { originalPath: '^domains/$' }),
        ep('drf', 'GET', '/domains/{domain_name}/nameservers/', 'api/urls.py', 11, handler('NameserverViewSet.list', 'api/views.py', 12, 13), [['', 'api/urls.py', 18], ['domains/(?P<domain_name>[^/]+)/', 'api/urls.py', 10], ['nameservers', 'api/urls.py', 11]], { originalPath: '^domains/(?P<domain_name>[^/]+)/nameservers/$' }),
        ep('drf', 'GET', '/domains/{domain_name}/nameservers/{nameserver_pk}/records/', 'api/urls.py', 14, handler('RecordViewSet.list', 'api/views.py', 16, 18), [['', 'api/urls.py', 19], ['domains/(?P<domain_name>[^/]+)/nameservers/(?P<nameserver_pk>[^/.]+)/', 'api/urls.py', 13], ['records', 'api/urls.py', 14]], { originalPath: '^domains/(?P<domain_name>[^/]+)/nameservers/(?P<nameserver_pk>[^/.]+)/records/$' }),
        ep('drf', 'GET', '/domains/{domain_name}/nameservers/{nameserver_pk}/records/{pk}/', 'api/urls.py', 14, handler('RecordViewSet.retrieve', 'api/views.py', 16, 18), [['', 'api/urls.py', 19], ['domains/(?P<domain_name>[^/]+)/nameservers/(?P<nameserver_pk>[^/.]+)/', 'api/urls.py', 13], ['records', 'api/urls.py', 14]], { originalPath: '^domains/(?P<domain_name>[^/]+)/nameservers/(?P<nameserver_pk>[^/.]+)/records/(?P<pk>[^/.]+)/$' }),
        ep('drf', 'GET', '/domains/{domain_name}/nameservers/{pk}/', 'api/urls.py', 11, handler('NameserverViewSet.retrieve', 'api/views.py', 12, 13), [['', 'api/urls.py', 18], ['domains/(?P<domain_name>[^/]+)/', 'api/urls.py', 10], ['nameservers', 'api/urls.py', 11]], { originalPath: '^domains/(?P<domain_name>[^/]+)/nameservers/(?P<pk>[^/.]+)/$' }),
        ep('drf', 'DELETE', '/domains/{name}/', 'api/urls.py', 8, handler('DomainViewSet.destroy', 'api/views.py', 4, 9), [['', 'api/urls.py', 17], ['domains', 'api/urls.py', 8]], { originalPath: '^domains/(?P<name>[^/]+)/$' }),
        ep('drf', 'GET', '/domains/{name}/', 'api/urls.py', 8, handler('DomainViewSet.retrieve', 'api/views.py', 4, 9), [['', 'api/urls.py', 17], ['domains', 'api/urls.py', 8]], { originalPath: '^domains/(?P<name>[^/]+)/$' }),
        ep('drf', 'PATCH', '/domains/{name}/', 'api/urls.py', 8, handler('DomainViewSet.partial_update', 'api/views.py', 4, 9), [['', 'api/urls.py', 17], ['domains', 'api/urls.py', 8]], { originalPath: '^domains/(?P<name>[^/]+)/$' }),
        ep('drf', 'PUT', '/domains/{name}/', 'api/urls.py', 8, handler('DomainViewSet.update', 'api/views.py', 4, 9), [['', 'api/urls.py', 17], ['domains', 'api/urls.py', 8]], { originalPath: '^domains/(?P<name>[^/]+)/$' }),
    ]);
    expect(result.diagnostics).toEqual([
        { severity: 'info', code: 'no-root-urlconf', message: 'No ROOT_URLCONF found in settings; serving the URLconfs no other includes: api/urls.py', source: 'detectors:django' },
    ]);
  });
});
