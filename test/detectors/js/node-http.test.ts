import { describe, expect, it } from 'vitest';
import { nodeHttpDetector } from '../../../src/detectors/js/node-http/index.js';
import { detectFixture } from '../../helpers/detect-fixture.js';
import { detectWith } from '../../helpers/endpoint-rows.js';

const HAND_WRITTEN = 'The http server routes requests by hand in its request listener; gonogo lists it as one ALL endpoint at /';

describe('plain http.createServer detector', () => {
  it('lists each hand-written listener as ALL /, with an info diagnostic, and leaves servers given an Express app alone', async () => {
    const result = await detectFixture('fixtures/js-http-plain', ['node-http', 'express']);
    expect(result.endpoints).toEqual([
      {
        method: 'ALL',
        path: '/',
        framework: 'node-http',
        language: 'javascript',
        file: 'src/admin.js',
        line: 12,
        handler: { name: 'answerProbe', file: 'src/admin.js', startLine: 13, endLine: 15, fnId: 1 },
        mountChain: [],
        resolution: 'resolved',
      },
      {
        method: 'ALL',
        path: '/',
        framework: 'node-http',
        language: 'javascript',
        file: 'src/secure.js',
        line: 11,
        handler: { name: 'handleRequest', file: 'src/secure.js', startLine: 6, endLine: 9, fnId: 0 },
        mountChain: [],
        resolution: 'resolved',
      },
      {
        method: 'ALL',
        path: '/',
        framework: 'node-http',
        language: 'javascript',
        file: 'src/server.js',
        line: 9,
        handler: { name: '<anonymous>', file: 'src/server.js', startLine: 9, endLine: 27, fnId: 0 },
        mountChain: [],
        resolution: 'resolved',
      },
      {
        method: 'GET',
        path: '/admin/reset',
        framework: 'express',
        language: 'javascript',
        file: 'src/admin.js',
        line: 8,
        handler: { name: '<anonymous>', file: 'src/admin.js', startLine: 8, endLine: 8, fnId: 0 },
        mountChain: [],
        resolution: 'resolved',
        middleware: [],
      },
    ]);
    expect(result.diagnostics).toEqual(
      [['src/admin.js', 12], ['src/secure.js', 11], ['src/server.js', 9]].map(([file, line]) => ({
        severity: 'info',
        code: 'hand-written-routing',
        message: HAND_WRITTEN,
        file,
        line,
        source: 'detectors:node-http',
      })),
    );
  });

  it('leaves servers given a Koa callback, an app from a factory, or a package listener alone', () => {
    const result = detectWith(nodeHttpDetector, {
      'koa.js': "const http = require('http');\nconst Koa = require('koa');\nconst app = new Koa();\nhttp.createServer(app.callback()).listen(3000);\n",
      'factory.mjs': "import { createServer } from 'node:http';\nimport express from 'express';\nfunction buildApp() {\n  const app = express();\n  return app;\n}\ncreateServer(buildApp()).listen(3001);\n",
      'next.mjs': "import http from 'node:http';\nimport next from 'next';\nconst handle = next({ dev: false }).getRequestHandler();\nhttp.createServer(handle).listen(3002);\n",
      'upgrade.js': "const http = require('http');\nconst server = http.createServer();\nserver.on('upgrade', (req, socket) => socket.end());\n",
      'unknown.js': "const http = require('http');\nhttp.createServer(globalThis.listener);\n",
    });
    expect(result.endpoints).toEqual([]);
    expect(result.diagnostics).toEqual([
      {
        severity: 'info',
        code: 'unresolved-route-part',
        message: 'Request listener of the http server could not be resolved statically: globalThis.listener',
        file: 'unknown.js',
        line: 2,
        source: 'detectors:node-http',
      },
    ]);
  });
});
