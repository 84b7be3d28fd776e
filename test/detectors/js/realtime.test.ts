import { describe, expect, it } from 'vitest';
import { socketIoDetector } from '../../../src/detectors/js/socket-io/index.js';
import type { DetectedEndpoint } from '../../../src/detectors/types.js';
import { detectFixture } from '../../helpers/detect-fixture.js';
import { detectWith, diagnosticFrom, endpointRow, npmPackage } from '../../helpers/endpoint-rows.js';

const pick = (endpoints: Awaited<ReturnType<typeof detectFixture>>['endpoints']) =>
  endpoints.map((e) => ({ method: e.method, path: e.path, framework: e.framework, file: e.file, line: e.line, handler: e.handler, events: e.events, resolution: e.resolution, tags: e.tags }));

/** Realtime endpoints as rows with the socket events they handle as a last column. */
function rows(endpoints: readonly DetectedEndpoint[]) {
  return endpoints.map((e) => [...endpointRow(e), e.events ?? []]);
}

const socketIoDiagnostic = diagnosticFrom('socket.io');

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

  it('attaches namespaces and listeners only to the server of their own service, in a repository of several', async () => {
    // Both servers are created on line 10 of their files: the namespaces must follow the objects.
    const { endpoints, diagnostics } = await detectFixture('fixtures/js-socketio-services', ['socket.io']);
    expect(rows(endpoints)).toEqual([
      ['WS', '/alerts-rt', 'services/alerts/src/io.js:10', '<anonymous> services/alerts/src/index.js:6-9', [], 'resolved', [], ['subscribe', 'unsubscribe']],
      ['WS', '/alerts-rt/ops', 'services/alerts/src/io.js:10', 'onOperator services/alerts/src/ops.js:7-9', [], 'resolved', [], ['ack']],
      ['WS', '/socket.io', 'services/chat/src/index.js:10', '<anonymous> services/chat/src/index.js:12-14', [], 'resolved', [], ['message']],
      ['WS', '/socket.io/moderation', 'services/chat/src/index.js:10', 'onModerator services/chat/src/namespaces.js:8-10', [], 'resolved', [], ['ban']],
    ]);
    expect(diagnostics).toEqual([]);
  });

  it('reports a namespace whose server it cannot follow instead of giving it to a server, and gives a shared one to each server it is wired to', () => {
    const { endpoints, diagnostics } = detectWith(
      socketIoDetector,
      {
        'src/server.js': `const express = require('express')
const { Server } = require('socket.io')
const registerNamespaces = require('./namespaces')
const app = express()
const publicIo = new Server(app.listen(3000))
const internalIo = new Server(app.listen(3001), { path: '/internal' })
app.set('io', publicIo)
registerNamespaces(publicIo)
registerNamespaces(internalIo)
require('./admin')(app)
`,
        'src/namespaces.js': `module.exports = function registerNamespaces(io) {
  io.of('/presence').on('connection', (socket) => { socket.on('ping', () => {}) })
}
`,
        'src/admin.js': `module.exports = (app) => {
  app.get('io').of('/admin').on('connection', (socket) => { socket.on('kick', () => {}) })
}
`,
      },
      [npmPackage({ express: '^4.21.0', 'socket.io': '^4.7.5' })],
    );
    expect(rows(endpoints)).toEqual([
      ['WS', '/internal/presence', 'src/server.js:6', '<anonymous> src/namespaces.js:2-2', [], 'resolved', [], ['ping']],
      ['WS', '/socket.io/presence', 'src/server.js:5', '<anonymous> src/namespaces.js:2-2', [], 'resolved', [], ['ping']],
    ]);
    expect(diagnostics).toEqual([
      socketIoDiagnostic('unattributed-namespace', 'socket.io namespace /admin is on app.get("io"), which gonogo could not follow to a server; its endpoint is left out', 'src/admin.js', 2),
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
