import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../../src/diagnostics.js';
import { expressWsDetector } from '../../../src/detectors/js/express-ws/index.js';
import type { DetectedEndpoint } from '../../../src/detectors/types.js';
import { detectFixture } from '../../helpers/detect-fixture.js';
import { detectWith, endpointRow, npmPackage } from '../../helpers/endpoint-rows.js';

/** Every route here is a WebSocket route, so its rows add the socket events it handles as a last column. */
function rows(endpoints: readonly DetectedEndpoint[]) {
  return endpoints.map((e) => [...endpointRow(e), e.events ?? []]);
}

function detectIn(files: Record<string, string>) {
  return detectWith(expressWsDetector, files, [npmPackage({ express: '^4.21.0', 'express-ws': '^5.0.2' })]);
}

describe('express-ws detector', () => {
  it('lists app.ws and router.ws routes under the Express mount prefixes, with middleware and socket events', async () => {
    const result = await detectFixture('fixtures/js-express-ws-live', ['express-ws']);
    expect(rows(result.endpoints)).toEqual([
      ['WS', '/echo', 'src/app.js:18', '<anonymous> src/app.js:18-20', [], 'resolved', [], ['message']],
      ['WS', '/rooms/:roomId', 'src/routes/rooms.js:9', '<anonymous> src/routes/rooms.js:9-16', ['/rooms src/app.js:23'], 'resolved', ['authenticate src/middleware/auth.js:3-6', 'rateLimit src/middleware/auth.js:8-10'], ['close', 'message']],
      ['WS', '/stream/news', 'src/routes/stream.js:10', 'news src/routes/stream.js:10-13', ['/stream src/app.js:22'], 'resolved', [], ['close']],
      ['WS', '/stream/prices/:symbol', 'src/routes/stream.js:8', 'onPrices src/sockets/prices.js:5-12', ['/stream src/app.js:22'], 'resolved', [], ['close', 'message']],
    ]);
    expect(result.endpoints.every((endpoint) => endpoint.framework === 'express-ws' && endpoint.tags?.join() === 'realtime')).toBe(true);
    // The unresolved legacy mount carries no WebSocket route: the Express detector reports it, not this one.
    expect(result.diagnostics).toEqual([]);
  });

  it('leaves HTTP routes to the Express detector, so running both lists each route once', async () => {
    const result = await detectFixture('fixtures/js-express-ws-live', ['express', 'express-ws']);
    expect(result.endpoints.map((e) => `${e.framework} ${e.method} ${e.path}`)).toEqual([
      'express-ws WS /echo',
      'express-ws WS /rooms/:roomId',
      'express GET /status',
      'express-ws WS /stream/news',
      'express-ws WS /stream/prices/:symbol',
      'express GET /stream/snapshot',
      'express GET /{unresolved:process.env.LEGACY_BASE}/quotes',
    ]);
  });

  it('keeps a ws route whose app comes back through the express-ws wrapper, flagged', () => {
    const result = detectIn({
      'src/server.mjs': `import express from 'express'
import expressWs from 'express-ws'
const { app, getWss } = expressWs(express())
app.ws('/notifications', (ws) => { ws.on('message', () => getWss().clients.size) })
app.ws(process.env.WS_PATH, onSocket)
cache.ws('key', 'value')
function onSocket(socket) {}
`,
    });
    expect(rows(result.endpoints)).toEqual([
      ['WS', '/notifications', 'src/server.mjs:4', '<anonymous> src/server.mjs:4-4', [], 'partial', [], ['message']],
      ['WS', '/{unresolved:process.env.WS_PATH}', 'src/server.mjs:5', 'onSocket src/server.mjs:7-7', [], 'unresolved', [], []],
    ]);
    const untraced = (line: number): Diagnostic => ({
      severity: 'warning',
      code: 'unmounted-router',
      message: 'WebSocket route on `app`, which gonogo cannot trace to an Express app or router; listed without any prefix it may be mounted under',
      file: 'src/server.mjs',
      line,
      source: 'detectors:express-ws',
    });
    expect(result.diagnostics).toEqual([
      untraced(4),
      {
        severity: 'warning',
        code: 'unresolved-route-part',
        message: 'Route path could not be resolved statically: process.env.WS_PATH',
        file: 'src/server.mjs',
        line: 5,
        source: 'detectors:express-ws',
      },
      untraced(5),
    ]);
  });

  it('follows an app handed to a route-registering function', () => {
    const result = detectIn({
      'src/index.js': `const express = require('express')
const app = express()
require('express-ws')(app)
require('./sockets')(app, '/ws')
`,
      'src/sockets.js': `module.exports = function attach(app, base) {
  app.ws(base + '/chat', function chat(ws) { ws.on('message', () => {}) })
}
`,
    });
    expect(rows(result.endpoints)).toEqual([['WS', '/ws/chat', 'src/sockets.js:2', 'chat src/sockets.js:2-2', [], 'resolved', [], ['message']]]);
    expect(result.diagnostics).toEqual([]);
  });
});
