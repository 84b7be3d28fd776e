import { describe, expect, it } from 'vitest';
import { detectFixture } from '../../helpers/detect-fixture.js';

const pick = (endpoints: Awaited<ReturnType<typeof detectFixture>>['endpoints']) =>
  endpoints.map((e) => ({ method: e.method, path: e.path, framework: e.framework, file: e.file, line: e.line, handler: e.handler, events: e.events, resolution: e.resolution, tags: e.tags }));

describe('socket.io detector', () => {
  it('lists each server and namespace with its connection listener and events, across files', async () => {
    const { endpoints, diagnostics } = await detectFixture('fixtures/js-socketio-chat', ['socket.io']);
    expect(pick(endpoints)).toEqual([
      {
        method: 'WS',
        path: '/rt',
        framework: 'socket.io',
        file: 'src/io.js',
        line: 9,
        handler: null,
        events: [],
        resolution: 'partial',
        tags: ['realtime'],
      },
      {
        method: 'WS',
        path: '/socket.io',
        framework: 'socket.io',
        file: 'src/index.js',
        line: 12,
        handler: { name: '<anonymous>', file: 'src/index.js', startLine: 14, endLine: 18, fnId: 0 },
        events: ['disconnect', 'join', 'message'],
        resolution: 'resolved',
        tags: ['realtime'],
      },
      {
        method: 'WS',
        path: '/socket.io/moderation',
        framework: 'socket.io',
        file: 'src/index.js',
        line: 12,
        handler: { name: 'onModerator', file: 'src/rooms.js', startLine: 11, endLine: 14, fnId: 1 },
        events: ['ban', 'mute'],
        resolution: 'resolved',
        tags: ['realtime'],
      },
    ]);
    expect(diagnostics).toEqual([
      {
        severity: 'info',
        code: 'no-connection-listener',
        message: 'socket.io server without a connection listener gonogo could find; its events are unknown',
        file: 'src/io.js',
        line: 9,
        source: 'detectors:socket.io',
      },
    ]);
  });
});

describe('ws detector', () => {
  it('lists servers at their path option (evaluated from imports), and not clients', async () => {
    const { endpoints, diagnostics } = await detectFixture('fixtures/js-ws-ticker', ['ws']);
    expect(pick(endpoints)).toEqual([
      {
        method: 'WS',
        path: '/',
        framework: 'ws',
        file: 'src/server.js',
        line: 11,
        handler: { name: '<anonymous>', file: 'src/server.js', startLine: 12, endLine: 12, fnId: 2 },
        events: [],
        resolution: 'resolved',
        tags: ['realtime'],
      },
      {
        method: 'WS',
        path: '/stream/quotes',
        framework: 'ws',
        file: 'src/server.js',
        line: 4,
        handler: { name: 'onQuotes', file: 'src/server.js', startLine: 6, endLine: 8, fnId: 0 },
        events: ['message'],
        resolution: 'resolved',
        tags: ['realtime'],
      },
    ]);
    expect(diagnostics).toEqual([]);
  });
});
