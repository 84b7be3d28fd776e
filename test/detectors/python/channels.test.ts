import { describe, expect, it } from 'vitest';
import { DETECTORS } from '../../../src/detectors/registry.js';
import { detectFixture } from '../../helpers/detect-fixture.js';
import { detectWith, handler, pythonEndpoint as ep } from '../../helpers/endpoint-rows.js';

function detect(files: Record<string, string>, ids = ['channels']) {
  return detectWith(ids.map((id) => DETECTORS.get(id)!), files);
}

describe('django channels detector', () => {
  it('follows asgi.py ProtocolTypeRouter through middleware to websocket_urlpatterns in another module and nested URLRouters', async () => {
    const result = await detectFixture('fixtures/py-channels-chat', ['django', 'channels']);
    expect(result.endpoints).toEqual([
      ep('django', 'ALL', '/chat/', 'chat/urls.py', 6, handler('index', 'chat/views.py', 4, 5, 0), [['chat/', 'chatsite/urls.py', 4]]),
      ep('django', 'ALL', '/chat/{room_name}/', 'chat/urls.py', 7, handler('room', 'chat/views.py', 8, 9, 1), [['chat/', 'chatsite/urls.py', 4]], { originalPath: 'chat/<str:room_name>/' }),
      ep('channels', 'WS', '/ws/chat/{room_name}/', 'chat/routing.py', 9, handler('ChatConsumer.receive', 'chat/consumers.py', 18, 20, 2), [], { originalPath: 'ws/chat/(?P<room_name>\\w+)/$', events: ['chat_message', 'connect', 'disconnect', 'receive'], tags: ['realtime'] }),
      ep('channels', 'WS', '/ws/notifications/{user_id}/', 'notifications/routing.py', 6, handler('NotificationConsumer.connect', 'notifications/consumers.py', 5, 8, 0), [['ws/notifications/', 'chat/routing.py', 11]], { originalPath: 'ws/notifications/<int:user_id>/', events: ['connect', 'notify'], tags: ['realtime'] }),
      ep('channels', 'WS', '/ws/presence/', 'chat/routing.py', 10, handler('AuthenticatedJsonConsumer.receive_json', 'chat/base.py', 13, 16, 1), [], { events: ['connect', 'disconnect', 'receive_json'], tags: ['realtime'] }),
    ]);
    expect(result.diagnostics).toEqual([]);
    expect(result.frameworks).toEqual([
      { id: 'django', title: 'Django', language: 'python', endpoints: 2 },
      { id: 'channels', title: 'Django Channels', language: 'python', endpoints: 3 },
    ]);
  });

  it('reads a mapping bound to a name, a middleware class of the project, inline URLRouter lists, Channels 2 consumer classes and HTTP consumers, and keeps unresolved and package consumers', () => {
    const result = detect(
      {
        'game/asgi.py': `from channels.routing import ProtocolTypeRouter, URLRouter
from django.core.asgi import get_asgi_application
from django.urls import path, re_path
from graphql_ws.django import GraphqlWsConsumer

from game.middleware import TokenAuthMiddleware
from game import consumers

protocols = {
    'http': URLRouter([
        path('events/', consumers.EventStreamConsumer.as_asgi()),
        re_path(r'', get_asgi_application()),
    ]),
    'websocket': TokenAuthMiddleware(
        URLRouter([
            path('ws/lobby/', consumers.LobbyConsumer.as_asgi()),
            path('ws/match/<uuid:match_id>/', consumers.MatchConsumer),
            re_path(r'^ws/spectate/$', consumers.make_consumer()),
            path('ws/graphql/', GraphqlWsConsumer.as_asgi()),
        ])
    ),
}

application = ProtocolTypeRouter(protocols)
`,
        'game/middleware.py': `class TokenAuthMiddleware:
    def __init__(self, inner):
        self.inner = inner

    async def __call__(self, scope, receive, send):
        return await self.inner(scope, receive, send)
`,
        'game/consumers.py': `from channels.generic.http import AsyncHttpConsumer
from channels.generic.websocket import JsonWebsocketConsumer, WebsocketConsumer
from graphql_ws.django import GraphqlWsConsumer


class LobbyConsumer(JsonWebsocketConsumer):
    groups = ['lobby']


class MatchConsumer(WebsocketConsumer):
    def websocket_receive(self, message):
        self.send(text_data=message['text'])


class EventStreamConsumer(AsyncHttpConsumer):
    async def handle(self, body):
        await self.send_headers(headers=[(b'Content-Type', b'text/event-stream')])
        await self.send_body(b'data: hello\\n\\n', more_body=True)


def make_consumer():
    return LobbyConsumer.as_asgi()
`,
      },
      ['channels'],
    );
    expect(result.endpoints).toEqual([
        ep('channels', 'ALL', '/events/', 'game/asgi.py', 11, handler('EventStreamConsumer.handle', 'game/consumers.py', 16, 18, 1), []),
        ep('channels', 'WS', '/ws/graphql/', 'game/asgi.py', 19, null, [], { tags: ['realtime'] }),
        ep('channels', 'WS', '/ws/lobby/', 'game/asgi.py', 16, handler('LobbyConsumer', 'game/consumers.py', 6, 7), [], { tags: ['realtime'] }),
        ep('channels', 'WS', '/ws/match/{match_id}/', 'game/asgi.py', 17, handler('MatchConsumer.websocket_receive', 'game/consumers.py', 11, 12, 0), [], { originalPath: 'ws/match/<uuid:match_id>/', events: ['websocket_receive'], tags: ['realtime'] }),
        ep('channels', 'WS', '/ws/spectate/', 'game/asgi.py', 18, null, [], { originalPath: '^ws/spectate/$', resolution: 'partial', tags: ['realtime'] }),
    ]);
    expect(result.diagnostics).toEqual([
        { severity: 'warning', code: 'unresolved-view', message: 'Consumer could not be resolved statically (the result of a call): consumers.make_consumer()', file: 'game/asgi.py', line: 18, source: 'detectors:channels' },
        { severity: 'info', code: 'external-view', message: 'The consumer is GraphqlWsConsumer (package graphql-ws), outside the repository', file: 'game/asgi.py', line: 19, source: 'detectors:channels' },
    ]);
  });

  it('reads websocket_urlpatterns on its own when no ProtocolTypeRouter wires it', () => {
    const result = detect(
      {
        'live/routing.py': `from django.urls import path

from live.consumers import TickerConsumer

websocket_urlpatterns = [
    path('ws/ticker/', TickerConsumer.as_asgi()),
]
`,
        'live/consumers.py': `from channels.generic.websocket import AsyncWebsocketConsumer


class TickerConsumer(AsyncWebsocketConsumer):
    async def connect(self):
        await self.accept()
`,
      },
      ['channels'],
    );
    expect(result.endpoints).toEqual([
        ep('channels', 'WS', '/ws/ticker/', 'live/routing.py', 6, handler('TickerConsumer.connect', 'live/consumers.py', 5, 6, 0), [], { events: ['connect'], tags: ['realtime'] }),
    ]);
    expect(result.diagnostics).toEqual([
        { severity: 'info', code: 'unwired-websocket-patterns', message: 'No ProtocolTypeRouter found; websocket_urlpatterns read on its own', file: 'live/routing.py', source: 'detectors:channels' },
    ]);
  });
});
